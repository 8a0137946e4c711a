"""The Starlette endpoint serving GraphQL over HTTP and graphql-transport-ws, plus GraphiQL."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from core.runtime import Runtime
from graph.context import Context
from graph.graphiql import graphiql_page
from graph.schema import schema


class LedgersyncGraphQL(GraphQL[Context, None]):
    """GraphQL over HTTP (with GraphiQL at GET /graphql) and websockets.

    Websocket callers authenticate in ``connection_params`` (``{"Authorization": "Bearer …"}``),
    because browsers cannot set headers on a websocket.
    """

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(
            schema,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allowed_origins=tuple(runtime.settings.allowed_origins),
            keep_alive=True,
            keep_alive_interval=15,
        )
        self.runtime = runtime

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from the package's own assets (no CDN), under a strict CSP."""
        return graphiql_page()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        """Build the context; HTTP callers are authenticated here from their header."""
        context = Context(request=request, runtime=self.runtime)
        if isinstance(request, Request):
            await context.authenticate(request.headers.get("authorization"))
        return context

    async def on_ws_connect(self, context: Context) -> None:
        """Authenticate a websocket from its connection_params, or close it with 4403."""
        params = context.connection_params or {}
        raw = params.get("Authorization") or params.get("authorization") or params.get("token")
        header = raw if isinstance(raw, str) else None
        if header is not None and " " not in header.strip():
            header = f"Bearer {header}"
        await context.authenticate(header)
        if context.viewer is None:
            raise ConnectionRejectionError({"message": context.auth_error or "unauthenticated"})
