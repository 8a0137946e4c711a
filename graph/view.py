"""The Starlette endpoint serving GraphQL over HTTP and graphql-transport-ws, plus GraphiQL."""

from __future__ import annotations

from typing import cast

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.http.parse_content_type import parse_content_type
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.types import ExecutionResult

from core.event_hub import EventHub
from core.runtime import Runtime
from graph.context import Context
from graph.extensions import mask_unexpected
from graph.graphiql import graphiql_page
from graph.http_body import (
    BodyTooLarge,
    MalformedJSON,
    decode_json,
    graphql_error_response,
    json_kind,
    limited_receive,
)
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


_SHAPE = (
    'Send one JSON object with the operation as a string, e.g. {"query": "{ viewer { role } }"}'
)


class LedgersyncGraphQL(GraphQL[Context, None]):
    """GraphQL over HTTP (with GraphiQL at GET /graphql) and websockets.

    Websocket callers authenticate in ``connection_params`` (``{"Authorization": "Bearer …"}``),
    because browsers cannot set headers on a websocket. A malformed HTTP request gets its 4xx
    status with a GraphQL-shaped error (graph/http_body.py); bodies are limited to the
    ``max_request_bytes`` setting.
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

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from the package's own assets (no CDN), under a strict CSP."""
        return graphiql_page()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request; refuse a body over the limit before reading it, if declared."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        limit = self.runtime.settings.max_request_bytes
        declared = Headers(scope=scope).get("content-length", "")
        try:
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit)
            response = await self.run(Request(scope, receive=limited_receive(receive, limit)))
        except BodyTooLarge as exc:
            response = graphql_error_response(413, str(exc))
        except HTTPException as exc:
            response = graphql_error_response(exc.status_code, exc.reason)
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        """Strict UTF-8 JSON: bad text or nesting raises a JSONDecodeError, never a 500."""
        return decode_json(data)

    def parse_json(self, data: str | bytes) -> object:
        """Parse JSON from the body or a query parameter; 400 with the reason otherwise."""
        try:
            return self.decode_json(data)
        except MalformedJSON as exc:
            raise HTTPException(400, f"The request is not valid JSON: {exc.reason}.") from None

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """A POST body must be one JSON object (batches are not enabled); GET is Strawberry's."""
        if request.method != "POST":
            return await super().parse_http_body(request)
        content_type, _ = parse_content_type(request.content_type or "")
        if "application/json" not in content_type:
            given = content_type or "missing"
            raise HTTPException(
                415, f"The Content-Type is {given}: send the operation as application/json."
            )
        data = self.parse_json(await request.get_body())
        if not isinstance(data, dict):
            raise HTTPException(400, f"The request body is {json_kind(data)}. {_SHAPE}.")
        return _operation(data)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """The response body, with errors raised before execution masked too."""
        if result.errors:
            result.errors = mask_unexpected(result.errors)
        return process_result(result)

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


def _operation(data: dict[str, object]) -> GraphQLRequestData:
    """The operation in a request body, each member checked for its JSON type."""
    query, variables = data.get("query"), data.get("variables")
    name, extensions = data.get("operationName"), data.get("extensions")
    if not isinstance(query, str | None) or not isinstance(name, str | None):
        raise HTTPException(400, f"`query` and `operationName` must be strings. {_SHAPE}.")
    if not isinstance(variables, dict | None) or not isinstance(extensions, dict | None):
        raise HTTPException(400, "`variables` and `extensions` must be JSON objects or null.")
    return GraphQLRequestData(
        query=query,
        variables=variables,
        operation_name=name,
        extensions=extensions,
        protocol="http",
    )
