"""What stands in front of every Accounting API call: auth, tenant, limits, faults, idempotency."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .faults import run_with_fault
from .org import Organisation
from .rules import JsonObject, envelope
from .state import SimulatorState, StoredResponse
from .tokens import AccessToken

MAX_IDEMPOTENCY_KEY = 128


@dataclass
class Call:
    """One authenticated Accounting API request, resolved to its organisation."""

    request: Request
    state: SimulatorState
    org: Organisation
    access: AccessToken
    now: float

    def ok(self, body: JsonObject) -> JSONResponse:
        """A 200 with ``body`` inside Xero's envelope."""
        return JSONResponse(envelope(self.state.settings.provider_name, self.now, body))

    async def json(self) -> object:
        """The request body as JSON, or None when it is not JSON."""
        raw = await self.request.body()
        try:
            parsed: object = json.loads(raw)
        except ValueError:
            return None
        return parsed


Handler = Callable[[Call], Awaitable[Response]]


def simulator(request: Request) -> SimulatorState:
    """The state object behind a request's app."""
    state: SimulatorState = request.app.state.simulator
    return state


def problem(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None
) -> Response:
    """Xero's identity-layer error body (401/403), a problem-details object."""
    body = {"title": title, "status": status, "detail": detail, "instance": str(uuid.uuid4())}
    return JSONResponse(body, status_code=status, headers=headers)


def xero_error(status: int, error_number: int, kind: str, message: str) -> Response:
    """An API exception body such as PostDataInvalidException or ObjectNotFoundException."""
    body = {"ErrorNumber": error_number, "Type": kind, "Message": message}
    return JSONResponse(body, status_code=status)


def not_found() -> Response:
    """What Xero answers for an id that does not exist in the organisation."""
    return xero_error(404, 17, "ObjectNotFoundException", "Resource not found")


def bearer_token(request: Request) -> AccessToken | None:
    """The live access token presented in ``Authorization: Bearer``, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return simulator(request).identity.authenticate(token.strip())


def unauthorized() -> Response:
    """401 for a missing, unknown, revoked or expired access token."""
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
    return problem(401, "Unauthorized", "AuthenticationUnsuccessful", headers)


async def identity_call(request: Request, handler: Callable[[], Awaitable[Response]]) -> Response:
    """Run an identity endpoint under any injected fault (tenantless: app limit header only)."""
    state = simulator(request)
    fault = state.faults.take(request.method, request.url.path)
    response = await run_with_fault(fault, state.settings, handler)
    response.headers.update(state.limiter.headers(None))
    return response


async def api_call(request: Request, handler: Handler) -> Response:
    """Authenticate, pick the tenant, count the call, then run ``handler`` under faults."""
    state = simulator(request)
    access = bearer_token(request)
    if access is None:
        return unauthorized()
    tenant_id = request.headers.get("xero-tenant-id", "")
    if tenant_id not in state.organisations or not state.identity.can_access(access, tenant_id):
        return problem(403, "Forbidden", "AuthorizationUnsuccessful")
    refusal = state.limiter.acquire(tenant_id)
    if refusal is not None:
        headers = {"X-Rate-Limit-Problem": refusal.problem, **state.limiter.headers(tenant_id)}
        if refusal.retry_after is not None:
            headers["Retry-After"] = str(refusal.retry_after)
        return Response(status_code=429, headers=headers)
    try:
        fault = state.faults.take(request.method, request.url.path)
        if state.settings.latency_seconds:
            await state.settings.sleep(state.settings.latency_seconds)
        call = Call(request, state, state.organisation(tenant_id), access, state.settings.clock())
        response = await run_with_fault(fault, state.settings, lambda: _idempotent(call, handler))
    finally:
        state.limiter.release(tenant_id)
    response.headers.update(state.limiter.headers(tenant_id))
    return response


async def _idempotent(call: Call, handler: Handler) -> Response:
    key = call.request.headers.get("idempotency-key")
    if key is None or call.request.method not in ("PUT", "POST"):
        return await handler(call)
    if len(key) > MAX_IDEMPOTENCY_KEY:
        message = f"Idempotency-Key must be {MAX_IDEMPOTENCY_KEY} characters or fewer"
        return xero_error(400, 10, "ValidationException", message)
    slot = (call.access.grant.client_id, call.org.tenant_id, key)
    stored = call.state.idempotency.get(slot)
    if stored is None:
        response = await handler(call)
        # Stored before the response leaves, so a response lost in transit can still be replayed.
        stored = StoredResponse(response.status_code, bytes(response.body), response.media_type)
        call.state.idempotency[slot] = stored
    return Response(stored.body, stored.status_code, media_type=stored.media_type)
