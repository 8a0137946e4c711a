"""Accounting API v3 routes under `/v3/company/{realmId}/...`."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import currency, errors
from .batch import run_batch
from .cdc import run_cdc
from .errors import QboError
from .jsonutil import JSON, JSONBody, dumps, fmt_response_time, loads, obj
from .query import run_query
from .state import SimulatorState
from .store import ENTITY_PATHS, CachedResponse, Realm
from .tokens import AccessDenied


def simulator(request: Request) -> SimulatorState:
    """The state of the app serving this request."""
    state = request.app.state.simulator
    if not isinstance(state, SimulatorState):
        raise RuntimeError("app.state.simulator is not a SimulatorState")
    return state


def now_text(state: SimulatorState) -> str:
    """The top-level `time` field."""
    return fmt_response_time(state.settings.clock.now(), state.settings.company_timezone)


def fault_response(state: SimulatorState, fault: QboError) -> Response:
    """Render a fault as `{"Fault": ..., "time": ...}`."""
    return JSONBody({"Fault": fault.fault(), "time": now_text(state)}, status_code=fault.status)


def authorize(request: Request) -> tuple[SimulatorState, Realm]:
    """Check the bearer token against the realm in the path."""
    state = simulator(request)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AccessDenied("Token invalid: no bearer token supplied")
    access = state.tokens.authenticate(token.strip())
    realm_id = request.path_params["realm_id"]
    realm = state.realms.get(realm_id)
    if access.realm_id != realm_id or realm is None:
        raise errors.not_authorized_for_realm()
    return state, realm


def entity_for(segment: str) -> str:
    """Map a URL segment such as `invoice` to `Invoice`."""
    entity = ENTITY_PATHS.get(segment.lower())
    if entity is None:
        raise errors.unsupported_property(f"Unsupported entity {segment}")
    return entity


def parse_payload(raw: bytes) -> JSON:
    """The request body as a JSON object, or a 2010 fault."""
    try:
        payload = obj(loads(raw or b"null"))
    except ValueError:
        payload = None
    if payload is None:
        raise errors.unsupported_property("Request body is not a JSON object")
    return payload


async def idempotent(
    request: Request, state: SimulatorState, realm: Realm, action: Callable[[bytes], JSON]
) -> Response:
    """Run a write once per `requestid`; a repeat gets the original status and body back."""
    request_id = request.query_params.get("requestid")
    if request_id:
        cached = realm.idempotency.get(request_id)
        if cached is not None:
            return Response(cached.body, cached.status, media_type="application/json")
    raw = await request.body()
    try:
        status, body = 200, action(raw)
    except QboError as fault:
        status, body = fault.status, {"Fault": fault.fault()}
    content = dumps({**body, "time": now_text(state)})
    if request_id and status < 500:
        realm.idempotency[request_id] = CachedResponse(status, content)
    return Response(content, status, media_type="application/json")


async def read_entity(request: Request) -> Response:
    """`GET /{entity}/{id}`."""
    state, realm = authorize(request)
    entity = entity_for(request.path_params["entity"])
    entity_id = request.path_params["entity_id"]
    if entity == "CompanyInfo" and entity_id == realm.realm_id:
        entity_id = "1"
    record = state.accounting.read(realm, entity, entity_id)
    return JSONBody({entity: record.data, "time": now_text(state)})


async def write_entity(request: Request) -> Response:
    """`POST /{entity}` with optional `operation`, `include` and `requestid`."""
    state, realm = authorize(request)
    entity = entity_for(request.path_params["entity"])
    operation = request.query_params.get("operation")
    include = request.query_params.get("include")

    def action(raw: bytes) -> JSON:
        payload = parse_payload(raw)
        body = state.accounting.write(
            realm, entity, payload, operation=operation, include=include, origin="api"
        )
        return {entity: body}

    return await idempotent(request, state, realm, action)


async def query(request: Request) -> Response:
    """`GET /query?query=...` or `POST /query` with the text as body."""
    state, realm = authorize(request)
    if request.method == "POST":
        text = (await request.body()).decode("utf-8", errors="replace")
    else:
        text = request.query_params.get("query", "")
    if not text.strip():
        raise errors.required_missing("query")
    result = run_query(realm, text, state.settings.company_timezone)
    return JSONBody({"QueryResponse": result, "time": now_text(state)})


async def cdc(request: Request) -> Response:
    """`GET /cdc?entities=...&changedSince=...`."""
    state, realm = authorize(request)
    params = request.query_params
    body = run_cdc(realm, params.get("entities"), params.get("changedSince"), state.settings)
    return JSONBody({**body, "time": now_text(state)})


async def batch(request: Request) -> Response:
    """`POST /batch`."""
    state, realm = authorize(request)
    return await idempotent(
        request, state, realm, lambda raw: run_batch(state, realm, parse_payload(raw))
    )


PREFIX = "/v3/company/{realm_id}"


async def read_preferences(request: Request) -> Response:
    """`GET /preferences`: only `CurrencyPrefs` is kept."""
    state, realm = authorize(request)
    return JSONBody({"Preferences": currency.preferences(realm), "time": now_text(state)})


routes = [
    Route(f"{PREFIX}/preferences", read_preferences, methods=["GET"]),
    Route(f"{PREFIX}/query", query, methods=["GET", "POST"]),
    Route(f"{PREFIX}/cdc", cdc, methods=["GET"]),
    Route(f"{PREFIX}/batch", batch, methods=["POST"]),
    Route(f"{PREFIX}/{{entity}}/{{entity_id}}", read_entity, methods=["GET"]),
    Route(f"{PREFIX}/{{entity}}", write_entity, methods=["POST"]),
]
