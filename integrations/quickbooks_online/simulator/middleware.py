"""Request pipeline in front of the routes: injected faults, per-realm limits, latency."""

from __future__ import annotations

import re

import httpx
from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import errors
from .faults import FaultRule
from .jsonutil import JSON, JSONBody, fmt_response_time
from .state import SimulatorState

_REALM_PATH = re.compile(r"^/v3/company/([^/]+)/")


def route_path(scope: Scope) -> str:
    """The path below any mount point."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


class SimulatorMiddleware:
    """Applies faults first, then limits and latency to `/v3/company/{realm}/...` requests."""

    def __init__(self, app: ASGIApp, state: SimulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] != "http" or route_path(scope).startswith("/_control"):
            await self.app(scope, receive, send)
            return
        rule = self.state.faults.take(scope["method"], route_path(scope))
        if rule is not None and await self._apply_fault(rule, scope, receive, send):
            return
        await self._serve(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _REALM_PATH.match(route_path(scope))
        if match is None:
            await self.app(scope, receive, send)
            return
        realm_id = match.group(1)
        if not self.state.settings.enforce_limits:
            await self._latency()
            await self.app(scope, receive, send)
            return
        is_batch = route_path(scope).rstrip("/").endswith("/batch")
        if not self.state.throttle.try_acquire(realm_id, is_batch=is_batch):
            await self._throttled(scope)(scope, receive, send)
            return
        try:
            await self._latency()
            await self.app(scope, receive, send)
        finally:
            self.state.throttle.release(realm_id)

    async def _latency(self) -> None:
        setting = self.state.settings.latency_seconds
        if setting is None:
            return
        delay = (
            self.state.random.uniform(*setting) if isinstance(setting, tuple) else float(setting)
        )
        if delay > 0:
            await self.state.settings.sleep(delay)

    def _fault_json(self, fault: errors.QboError) -> Response:
        settings = self.state.settings
        body: JSON = {
            "Fault": fault.fault(),
            "time": fmt_response_time(settings.clock.now(), settings.company_timezone),
        }
        return JSONBody(body, status_code=fault.status)

    def _throttled(self, scope: Scope) -> Response:
        accept = Headers(scope=scope).get("accept", "")
        if "xml" in accept and "json" not in accept:
            settings = self.state.settings
            moment = fmt_response_time(settings.clock.now(), settings.company_timezone)
            return Response(errors.throttle_xml(moment), 429, media_type="application/xml")
        return self._fault_json(errors.throttle_fault())

    async def _apply_fault(
        self, rule: FaultRule, scope: Scope, receive: Receive, send: Send
    ) -> bool:
        """Return True when the fault fully answered the request."""
        response: Response | None = None
        if rule.kind == "throttle":
            response = self._throttled(scope)
        elif rule.kind == "server_error":
            response = self._fault_json(errors.system_failure())
        elif rule.kind == "unavailable":
            response = HTMLResponse("<h1>503 Service Unavailable</h1>", status_code=503)
        elif rule.kind == "timeout":
            await self.state.settings.sleep(rule.seconds)
            response = HTMLResponse("<h1>504 Gateway Time-out</h1>", status_code=504)
        elif rule.kind == "latency":
            await self.state.settings.sleep(rule.seconds)
            return False
        else:
            await self._drop_response(rule, scope, receive, send)
            return True
        await response(scope, receive, send)
        return True

    async def _drop_response(
        self, rule: FaultRule, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Run the request to completion (the write commits) and then lose the answer."""
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)

        await self._serve(scope, receive, capture)
        if rule.drop_mode == "bad_gateway":
            await HTMLResponse("<h1>502 Bad Gateway</h1>", status_code=502)(scope, receive, send)
            return
        start = next((m for m in captured if m["type"] == "http.response.start"), None)
        if start is not None:
            # Starting the response and then failing makes a real server cut the connection
            # mid-response; in-process, httpx's ASGI transport re-raises the error itself.
            await send(start)
        raise httpx.RemoteProtocolError("Server disconnected without sending a complete response")
