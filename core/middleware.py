"""ASGI middleware: one log line and one metrics sample per HTTP request.

A plain ASGI middleware (not Starlette's BaseHTTPMiddleware) so streaming responses and
websockets pass through untouched.
"""

from __future__ import annotations

import time

from starlette.requests import ClientDisconnect
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.logging import REDACTOR, get_logger
from core.metrics import Metrics

UNMATCHED_ROUTE = "<unmatched>"
# The status logged and counted for a request whose client left before the answer (no HTTP
# status was sent; 499 is the usual "client closed request" mark).
CLIENT_CLOSED = 499

log = get_logger("ledgersync.http")


def route_template(scope: Scope) -> str:
    """The route's path template (bounded label cardinality), or ``<unmatched>``."""
    app = scope.get("app")
    router = getattr(app, "router", None)
    for route in getattr(router, "routes", ()):
        if isinstance(route, Route):
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return route.path
    return UNMATCHED_ROUTE


def loggable_path(scope: Scope) -> str:
    """The request path with secret query values (code, state, token, …) redacted."""
    path: str = scope.get("path", "")
    query = scope.get("query_string", b"").decode("latin-1")
    return REDACTOR.scrub(f"{path}?{query}") if query else path


class RequestObserver:
    """Logs ``method path status duration_ms`` and feeds the HTTP metrics.

    A client that disconnects while its request body is read (Starlette's ClientDisconnect)
    ends the request here, logged at info with status 499: it is not a server error, so it must
    not reach the server's "Exception in ASGI application" traceback.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time the request and record it once the response has started (or failed)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except ClientDisconnect:
            status = CLIENT_CLOSED
        finally:
            elapsed = time.perf_counter() - started
            method = scope.get("method", "GET")
            self.metrics.observe_request(method, route_template(scope), status, elapsed)
            log.info(
                "request",
                method=method,
                path=loggable_path(scope),
                status=status,
                duration_ms=round(elapsed * 1000, 2),
            )
