"""The Starlette endpoint serving GraphQL over HTTP and graphql-transport-ws, plus GraphiQL."""

from __future__ import annotations

from typing import cast

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)

from core.event_hub import EventHub
from core.runtime import Runtime
from graph.context import Context
from graph.schema import schema
from graph.sync.live import LIVE_OPERATION, LiveOperation, ProgressFeeds


class LiveTransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws, with a direct line to the socket for the progress feed.

    Each operation's task carries a :class:`LiveOperation` (its id, document and a way to send
    text), so the ``syncProgress`` resolver can stream frames that were encoded once for every
    subscriber instead of having each event executed again for each of them.
    """

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        """Run the operation with its LiveOperation set for the resolvers of its task."""
        socket = cast(ASGIWebSocketAdapter, self.websocket).ws
        LIVE_OPERATION.set(
            LiveOperation(
                id=operation.id,
                query=operation.query,
                variables=operation.variables,
                operation_name=operation.operation_name,
                send_text=socket.send_text,
                close=self.websocket.close,
            )
        )
        await super().run_operation(operation)


class LedgersyncGraphQL(GraphQL[Context, None]):
    """GraphQL over HTTP (with GraphiQL at GET /graphql) and websockets.

    Websocket callers authenticate in ``connection_params`` (``{"Authorization": "Bearer …"}``),
    because browsers cannot set headers on a websocket.
    """

    graphql_transport_ws_handler_class = LiveTransportWSHandler

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(
            schema,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allowed_origins=tuple(runtime.settings.allowed_origins),
            keep_alive=True,
            keep_alive_interval=15,
        )
        self.runtime = runtime
        self.feeds = ProgressFeeds(hub=EventHub(runtime.redis), schema=schema._schema)

    async def aclose(self) -> None:
        """Close the process's event subscription (at shutdown)."""
        await self.feeds.hub.aclose()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        """Build the context; HTTP callers are authenticated here from their header."""
        context = Context(request=request, runtime=self.runtime, feeds=self.feeds)
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
