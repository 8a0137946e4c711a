"""The Starlette application factory (a composition root: it wires core, graph and workers)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from tortoise import Tortoise
from tortoise.contrib.starlette import RegisterTortoise

from core.db import tortoise_config
from core.logging import get_logger
from core.metrics import METRICS, Metrics
from core.middleware import RequestObserver
from core.runtime import Runtime
from core.settings import ProviderEnvironment, Settings, load_settings
from graph.http_routes import ROUTES as HTTP_ROUTES
from graph.view import LedgersyncGraphQL
from integrations.quickbooks_online import kit as qbo_kit
from integrations.quickbooks_online.simulator import SimulatorSettings
from integrations.quickbooks_online.simulator import create_app as create_qbo_simulator
from integrations.quickbooks_online.simulator.settings import RegisteredClient
from workers.runtime import open_runtime


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


READY_TIMEOUT_SECONDS = 2.0

log = get_logger("ledgersync.app")


async def _check(name: str, probe: Callable[[], Awaitable[object]]) -> str:
    """Run one readiness probe; report only the error's type (messages may hold URLs)."""
    try:
        await asyncio.wait_for(probe(), timeout=READY_TIMEOUT_SECONDS)
    except Exception as exc:  # any failure means "not ready", whatever raised it
        log.warning("readiness check failed", check=name, error=type(exc).__name__)
        return f"error: {type(exc).__name__}"
    return "ok"


async def readyz(request: Request) -> Response:
    """Readiness: the database answers ``SELECT 1`` and Redis answers ``PING``."""
    runtime: Runtime = request.app.state.runtime

    async def database() -> object:
        return await Tortoise.get_connection("default").execute_query("SELECT 1")

    async def redis() -> object:
        return await runtime.redis.ping()

    checks = {"database": await _check("database", database), "redis": await _check("redis", redis)}
    ready = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    return JSONResponse(body, status_code=200 if ready else 503)


async def metrics_endpoint(request: Request) -> Response:
    """Prometheus metrics in text format."""
    metrics: Metrics = request.app.state.metrics
    return Response(metrics.render(), media_type=metrics.content_type)


async def index(request: Request) -> Response:
    """Send browsers to GraphiQL."""
    return RedirectResponse("/graphql")


class _GraphQLEndpoint:
    """Forwards to the GraphQL view built in the lifespan (it needs the runtime)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await scope["app"].state.graphql(scope, receive, send)


def _self_transport(app: Starlette) -> httpx.ASGITransport:
    """HTTP to this very app without a socket (its lifespan is already running)."""
    return httpx.ASGITransport(app=app)


def _qbo_simulator(settings: Settings, app_ref: list[Starlette]) -> BaseRoute:
    """The QuickBooks Online simulator, registered for this app's callback and webhook URLs."""
    public = settings.public_url.rstrip("/")
    verifier = settings.qbo_webhook_verifier_token
    client = RegisteredClient(
        settings.qbo_client_id or qbo_kit.SIMULATOR_CLIENT_ID,
        (
            settings.qbo_client_secret.get_secret_value()
            if settings.qbo_client_id and settings.qbo_client_secret
            else qbo_kit.SIMULATOR_CLIENT_SECRET
        ),
        (f"{public}/oauth/{qbo_kit.SLUG}/callback",),
    )

    def webhook_client() -> httpx.AsyncClient:
        # Deliveries reach the app in-process, like the simulator's other traffic.
        return httpx.AsyncClient(transport=_self_transport(app_ref[0]), base_url=public)

    simulator = create_qbo_simulator(
        SimulatorSettings(
            clients=(client,),
            auto_approve=settings.simulator_auto_approve,
            webhook_url=f"{public}/webhooks/{qbo_kit.SLUG}",
            webhook_verifier_token=(
                verifier.get_secret_value() if verifier else qbo_kit.SIMULATOR_VERIFIER_TOKEN
            ),
            webhook_client_factory=webhook_client,
        )
    )
    return Mount(qbo_kit.SIMULATOR_PATH, app=simulator)


def create_app(settings: Settings | None = None, metrics: Metrics | None = None) -> Starlette:
    """Build the ASGI app: GraphQL at /graphql (GraphiQL in a browser), health and metrics.

    ``metrics`` defaults to the process-wide :data:`core.metrics.METRICS`; tests pass their own
    so their counts do not mix. The app never creates tables: run ``ledgersync migrate``.
    """
    settings = settings or load_settings()
    metrics = metrics or METRICS

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with (
            RegisterTortoise(app, config=tortoise_config(settings)),
            open_runtime(settings) as runtime,
        ):
            app.state.runtime = runtime
            if simulated:
                # Provider calls reach the mounted simulator in-process instead of a socket.
                runtime.providers.transport = _self_transport(app)
            graphql = LedgersyncGraphQL(runtime)
            app.state.graphql = graphql
            yield

    # Only the simulator environment mounts it: production and sandbox can never reach it.
    simulated = settings.qbo_environment is ProviderEnvironment.SIMULATOR
    app_ref: list[Starlette] = []
    extra_routes: list[BaseRoute] = list(HTTP_ROUTES)
    if simulated:
        extra_routes.append(_qbo_simulator(settings, app_ref))

    middleware = [Middleware(RequestObserver, metrics=metrics)]
    if settings.allowed_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.allowed_origins,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["authorization", "content-type"],
            )
        )
    app = Starlette(
        routes=[
            Route("/", index),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            Route("/graphql", _GraphQLEndpoint(), methods=["GET", "POST"]),
            WebSocketRoute("/graphql", _GraphQLEndpoint()),
            *extra_routes,
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app_ref.append(app)
    return app


def create_app_from_environment() -> Starlette:
    """The app from environment settings, with logging configured (``serve --reload`` uses it)."""
    from core.logging import configure_logging

    settings = load_settings()
    configure_logging(settings)
    return create_app(settings)
