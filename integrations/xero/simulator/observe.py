"""An optional observer of every exchange the simulator answers.

Tests set :attr:`SimulatorSettings.exchange_observer` to check each request and response against
Xero's OpenAPI documents. Because the check runs inside the simulator, it covers every client:
the test process, the app's embedded worker, and a separate ``ledgersync worker`` process that
reaches the simulator over HTTP. Without an observer, requests pass straight through.
"""

from __future__ import annotations

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .settings import SimulatorSettings


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root) :] or "/"
    return path


def _request(scope: Scope, body: bytes) -> httpx.Request:
    host, port = scope.get("server") or ("simulator", None)
    netloc = f"{host}:{port}" if port else str(host)
    query = scope.get("query_string", b"").decode("latin-1")
    url = f"{scope.get('scheme', 'http')}://{netloc}{_route_path(scope)}"
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
    if query:
        url += f"?{query}"
    return httpx.Request(scope["method"], url, headers=headers, content=body)


class ObservedApp:
    """ASGI wrapper: buffers each HTTP exchange, shows it to the observer, then answers."""

    def __init__(self, app: ASGIApp, settings: SimulatorSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass through, or observe the whole exchange before the response leaves."""
        observer = self.settings.exchange_observer
        if scope["type"] != "http" or observer is None:
            await self.app(scope, receive, send)
            return
        body = bytearray()
        first: Message | None = None
        while True:
            message = await receive()
            if message["type"] != "http.request":
                first = message  # the client went away; let the app see it
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                if first is not None:
                    return first
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        start: Message | None = None
        content = bytearray()

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                content.extend(message.get("body", b""))

        await self.app(scope, replay, hold)
        if start is None:
            return
        response = httpx.Response(
            start["status"],
            headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]],
            content=bytes(content),
        )
        observer(_request(scope, bytes(body)), response)
        await send(start)
        await send({"type": "http.response.body", "body": bytes(content), "more_body": False})
