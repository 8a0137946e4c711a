"""The Starlette application factory (a composition root: it wires core, graph and workers)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Protocol, runtime_checkable
from uuid import UUID

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from tortoise import Tortoise
from tortoise.contrib.starlette import RegisterTortoise

from core.crypto import SecretBox
from core.db import tortoise_config
from core.logging import get_logger
from core.metrics import METRICS, Metrics
from core.middleware import RequestObserver
from core.runtime import Runtime
from core.settings import Settings, load_settings
from core.sync.ports import Capability
from core.sync.session import ProviderEnv
from core.sync.tokens import CredentialStore
from core.sync.waiting import ResumeHooks
from core.web_app import APP_PATH, app_routes
from graph.graphiql import asset_routes as graphiql_assets
from graph.http_routes import ROUTES as HTTP_ROUTES
from graph.view import LedgersyncGraphQL
from integrations.registry import REGISTRY
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
    """Send browsers to the settings app (GraphiQL when the app was not built)."""
    target = f"{APP_PATH}/" if request.app.state.serves_app else "/graphql"
    return RedirectResponse(target)


class _GraphQLEndpoint:
    """Forwards to the GraphQL view built in the lifespan (it needs the runtime)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await scope["app"].state.graphql(scope, receive, send)


def _self_transport(app: Starlette) -> httpx.ASGITransport:
    """HTTP to this very app without a socket (its lifespan is already running)."""
    return httpx.ASGITransport(app=app)


class _SelfFirstTransport(httpx.AsyncBaseTransport):
    """Requests to this app's own origin (the mounted simulators) go in-process; any other
    origin (a provider not simulated) goes to the network."""

    def __init__(self, app: Starlette, public_url: str) -> None:
        self._host = httpx.URL(public_url).host
        self._self = _self_transport(app)
        self._network = httpx.AsyncHTTPTransport(retries=1)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Route by host."""
        inner = self._self if request.url.host == self._host else self._network
        return await inner.handle_async_request(request)

    async def aclose(self) -> None:
        """Close both routes."""
        await self._self.aclose()
        await self._network.aclose()


@runtime_checkable
class SimulatedKit(Protocol):
    """A provider kit that can serve its simulator from the app (in the simulator environment)."""

    def simulator_mount(
        self, env: ProviderEnv, webhook_client: Callable[[], httpx.AsyncClient]
    ) -> tuple[str, ASGIApp] | None:
        """(path, app) to mount, or None outside the simulator environment."""
        ...


@runtime_checkable
class AgentRoutesKit(Protocol):
    """A kit whose platform's agent polls Ledgersync: it serves the agent's own routes."""

    def routes(self, env: ProviderEnv, hooks: _RuntimeHooks | None = None) -> list[BaseRoute]:
        """The routes to mount (e.g. a SOAP endpoint), reporting answers through ``hooks``."""
        ...


class _RuntimeHooks:
    """The engine's hooks for agents' endpoints, on the queue of the app's running runtime."""

    def __init__(self, app_ref: list[Starlette]) -> None:
        self._app_ref = app_ref

    def _hooks(self) -> ResumeHooks:
        # The app has started (its runtime is open) by the time an agent calls.
        runtime: Runtime = self._app_ref[0].state.runtime
        return ResumeHooks(runtime.queue)

    async def expects_more(self, connection_id: UUID) -> bool:
        """See :meth:`ResumeHooks.expects_more`."""
        return await self._hooks().expects_more(connection_id)

    async def answered(self, connection_id: UUID, run_ids: set[UUID]) -> None:
        """See :meth:`ResumeHooks.answered`."""
        await self._hooks().answered(connection_id, run_ids)


def _agent_routes(env: ProviderEnv, app_ref: list[Starlette]) -> list[BaseRoute]:
    """The routes of every registered platform whose agent polls Ledgersync for work."""
    hooks = _RuntimeHooks(app_ref)
    routes: list[BaseRoute] = []
    for kit in REGISTRY.values():
        if Capability.REQUEST_QUEUE in kit.capabilities and isinstance(kit, AgentRoutesKit):
            routes.extend(kit.routes(env, hooks))
    return routes


def _simulators(settings: Settings, app_ref: list[Starlette], env: ProviderEnv) -> list[BaseRoute]:
    """Every registered provider's simulator its kit wants mounted, wired to this app.

    Each simulator is registered for this app's callback and webhook URLs and delivers its
    webhooks to the app in-process, like the rest of its traffic.
    """
    public = settings.public_url.rstrip("/")

    def webhook_client() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=_self_transport(app_ref[0]), base_url=public)

    mounts: list[BaseRoute] = []
    for kit in REGISTRY.values():
        if isinstance(kit, SimulatedKit):
            mount = kit.simulator_mount(env, webhook_client)
            if mount is not None:
                mounts.append(Mount(mount[0], app=mount[1]))
    return mounts


def create_app(settings: Settings | None = None, metrics: Metrics | None = None) -> Starlette:
    """Build the ASGI app: GraphQL at /graphql (GraphiQL in a browser), the settings app at
    /app, health and metrics.

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
                runtime.providers.transport = _SelfFirstTransport(app, settings.public_url)
            graphql = LedgersyncGraphQL(runtime)
            app.state.graphql = graphql
            try:
                yield
            finally:
                await graphql.aclose()

    # Only a provider in the simulator environment mounts one: production never reaches it.
    app_ref: list[Starlette] = []
    env = ProviderEnv(
        settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys))
    )
    simulators = _simulators(settings, app_ref, env)
    simulated = bool(simulators)
    spa = app_routes(settings.allowed_origins)
    agents = _agent_routes(env, app_ref)
    extra_routes: list[BaseRoute] = [
        *HTTP_ROUTES,
        *agents,
        *graphiql_assets(),
        *simulators,
        *spa,
    ]

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
            # Every method reaches the view, so a PUT gets a GraphQL-shaped 405 too.
            Route("/graphql", _GraphQLEndpoint()),
            WebSocketRoute("/graphql", _GraphQLEndpoint()),
            *extra_routes,
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.serves_app = bool(spa)
    app_ref.append(app)
    return app


def create_app_from_environment() -> Starlette:
    """The app from environment settings, with logging configured (``serve --reload`` uses it)."""
    from core.logging import configure_logging

    settings = load_settings()
    configure_logging(settings)
    return create_app(settings)
