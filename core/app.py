"""The Starlette application factory (a composition root: it wires core, graph and workers)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from tortoise import Tortoise
from tortoise.contrib.starlette import RegisterTortoise

from core.db import tortoise_config
from core.logging import get_logger
from core.metrics import METRICS, Metrics
from core.middleware import RequestObserver
from core.runtime import Runtime
from core.settings import Settings, load_settings
from graph.view import LedgersyncGraphQL
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
            graphql = LedgersyncGraphQL(runtime)
            app.state.graphql = graphql
            yield

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
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    return app


def create_app_from_environment() -> Starlette:
    """The app from environment settings, with logging configured (``serve --reload`` uses it)."""
    from core.logging import configure_logging

    settings = load_settings()
    configure_logging(settings)
    return create_app(settings)
