"""The Starlette application factory (a composition root: it wires core, graph and workers)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from tortoise.contrib.starlette import RegisterTortoise

from core.db import tortoise_config
from core.settings import Settings, load_settings
from graph.view import LedgersyncGraphQL
from workers.runtime import open_runtime


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


async def index(request: Request) -> Response:
    """Send browsers to GraphiQL."""
    return RedirectResponse("/graphql")


class _GraphQLEndpoint:
    """Forwards to the GraphQL view built in the lifespan (it needs the runtime)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await scope["app"].state.graphql(scope, receive, send)


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the ASGI app: GraphQL at /graphql (GraphiQL in a browser), health and metrics."""
    settings = settings or load_settings()

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

    middleware = []
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
            Route("/graphql", _GraphQLEndpoint(), methods=["GET", "POST"]),
            WebSocketRoute("/graphql", _GraphQLEndpoint()),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app
