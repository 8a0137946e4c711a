"""Control API under `/_control/` for tests and demos: companies, business events, faults."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from functools import wraps

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import currency, errors
from .api import now_text, simulator
from .clock import ManualClock
from .drift import apply_drift
from .faults import FAULT_KINDS, DropMode, FaultKind
from .jsonutil import JSON, JSONBody, loads, obj, text
from .state import SimulatorState
from .store import ENTITY_NAMES

Handler = Callable[[Request], Awaitable[Response]]


def _errors_as_json(handler: Handler) -> Handler:
    @wraps(handler)
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except KeyError as exc:
            return JSONBody({"error": str(exc.args[0] if exc.args else exc)}, status_code=404)
        except errors.QboError as fault:
            body: JSON = {"Fault": fault.fault(), "time": now_text(simulator(request))}
            return JSONBody(body, status_code=fault.status)
        except ValueError as exc:
            return JSONBody({"error": str(exc)}, status_code=400)

    return wrapped


async def _body(request: Request) -> JSON:
    raw = await request.body()
    payload = obj(loads(raw)) if raw.strip() else {}
    if payload is None:
        raise ValueError("body must be a JSON object")
    return payload


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _entity(name: str) -> str:
    entity = ENTITY_NAMES.get(name.lower())
    if entity is None:
        raise KeyError(f"unknown entity {name}")
    return entity


def _realm(request: Request) -> tuple[SimulatorState, str]:
    state = simulator(request)
    realm_id = request.path_params["realm_id"]
    state.realm(realm_id)
    return state, realm_id


@_errors_as_json
async def companies(request: Request) -> Response:
    """GET lists companies; POST `{name, realm_id?, closing_date?, account?}` creates one
    (``account``: the sign-in, the ``login_hint``, whose consent offers it)."""
    state = simulator(request)
    if request.method == "GET":
        return JSONBody({"companies": [r.summary() for r in state.realms.values()]})
    payload = await _body(request)
    realm = state.create_company(
        text(payload.get("name")) or "Simulated Company",
        realm_id=text(payload.get("realm_id")),
        closing_date=_date(payload.get("closing_date")),
    )
    realm.account = text(payload.get("account"))
    return JSONBody(realm.summary(), status_code=201)


@_errors_as_json
async def company(request: Request) -> Response:
    """One company's summary."""
    state, realm_id = _realm(request)
    return JSONBody(state.realm(realm_id).summary())


@_errors_as_json
async def entities(request: Request) -> Response:
    """Records of one type; query parameters filter on equal top-level fields."""
    state, realm_id = _realm(request)
    entity = _entity(request.path_params["entity"])
    filters = {k: v for k, v in request.query_params.items() if k != "include_deleted"}
    realm = state.realm(realm_id)
    records = realm.everything(entity) if "include_deleted" in request.query_params else None
    if records is None:
        rows = state.entities(realm_id, entity, **filters)
    else:
        rows = [
            state.describe_entity(r)
            for r in records
            if all(str(r.data.get(k)) == v for k, v in filters.items())
        ]
    return JSONBody({"entity": entity, "count": len(rows), "items": rows})


@_errors_as_json
async def entity(request: Request) -> Response:
    """One record, including deleted/voided flags."""
    state, realm_id = _realm(request)
    name = _entity(request.path_params["entity"])
    record = state.realm(realm_id).table(name).get(request.path_params["entity_id"])
    if record is None:
        raise KeyError(f"no {name} {request.path_params['entity_id']}")
    return JSONBody(state.describe_entity(record))


@_errors_as_json
async def record_payment(request: Request) -> Response:
    """Receive a payment for an invoice: `{amount?, txn_date?}`."""
    state, realm_id = _realm(request)
    payload = await _body(request)
    amount = payload.get("amount")
    payment = state.record_payment(
        realm_id,
        request.path_params["invoice_id"],
        text(amount),
        txn_date=_date(payload.get("txn_date")),
    )
    return JSONBody({"Payment": payment}, status_code=201)


@_errors_as_json
async def void_invoice(request: Request) -> Response:
    """Void an invoice."""
    state, realm_id = _realm(request)
    return JSONBody({"Invoice": state.void_invoice(realm_id, request.path_params["invoice_id"])})


@_errors_as_json
async def rename_customer(request: Request) -> Response:
    """Rename a customer: `{display_name}`."""
    state, realm_id = _realm(request)
    name = text((await _body(request)).get("display_name"))
    if not name:
        raise ValueError("display_name is required")
    customer = state.rename_customer(realm_id, request.path_params["customer_id"], name)
    return JSONBody({"Customer": customer})


@_errors_as_json
async def set_currencies(request: Request) -> Response:
    """POST {home?, multicurrency?, rates?: {code: rate}} → the company's CurrencyPrefs."""
    state, realm_id = _realm(request)
    body = await _body(request)
    rates = body.get("rates")
    home, switch = body.get("home"), body.get("multicurrency")
    state.set_currencies(
        realm_id,
        home=str(home) if isinstance(home, str) else None,
        multicurrency=switch if isinstance(switch, bool) else None,
        rates=dict(rates) if isinstance(rates, dict) else None,
    )
    return JSONBody(currency.preferences(state.realm(realm_id)))


@_errors_as_json
async def drift(request: Request) -> Response:
    """Change the books behind Ledgersync's back: `{kind, target, amount?}` where kind is
    total, balance (an invoice's new amount), delete, void, add_payment (on an invoice, amount
    optional) or remove_payment (target: a payment id)."""
    state, realm_id = _realm(request)
    payload = await _body(request)
    target = text(payload.get("target"))
    if not target:
        raise ValueError("target is required")
    changed = apply_drift(
        state, realm_id, text(payload.get("kind")) or "", target, payload.get("amount")
    )
    return JSONBody({"changed": changed})


@_errors_as_json
async def close_books(request: Request) -> Response:
    """Set the closing date: `{closing_date: "YYYY-MM-DD" | null}`."""
    state, realm_id = _realm(request)
    state.close_books(realm_id, _date((await _body(request)).get("closing_date")))
    return JSONBody(state.realm(realm_id).summary())


def _fault_kind(value: object) -> FaultKind:
    for kind in FAULT_KINDS:
        if kind == value:
            return kind
    raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}")


@_errors_as_json
async def faults(request: Request) -> Response:
    """GET lists armed faults, POST arms one, DELETE disarms all."""
    state = simulator(request)
    if request.method == "POST":
        payload = await _body(request)
        count, seconds = payload.get("count", 1), payload.get("seconds", 0)
        drop_mode: DropMode = (
            "bad_gateway" if payload.get("drop_mode") == "bad_gateway" else "disconnect"
        )
        rule = state.inject_fault(
            _fault_kind(payload.get("kind")),
            count=int(count) if isinstance(count, int) else 1,
            method=text(payload.get("method")),
            path=text(payload.get("path")),
            seconds=float(str(seconds)),
            drop_mode=drop_mode,
        )
        return JSONBody(rule.describe(), status_code=201)
    if request.method == "DELETE":
        state.clear_faults()
    return JSONBody({"faults": [r.describe() for r in state.faults.rules]})


@_errors_as_json
async def expire_tokens(request: Request) -> Response:
    """Expire access tokens now: `{realm_id?}`."""
    state = simulator(request)
    count = state.expire_access_tokens(text((await _body(request)).get("realm_id")))
    return JSONBody({"expired": count})


@_errors_as_json
async def advance_clock(request: Request) -> Response:
    """Move a `ManualClock` forward: `{seconds}`."""
    state = simulator(request)
    clock = state.settings.clock
    if not isinstance(clock, ManualClock):
        raise ValueError("the simulator runs on the system clock")
    clock.advance(float(str((await _body(request)).get("seconds", 0))))
    return JSONBody({"now": clock.now().isoformat()})


@_errors_as_json
async def webhooks(request: Request) -> Response:
    """GET lists deliveries; POST waits for pending ones first."""
    state = simulator(request)
    if request.method == "POST":
        await state.drain_webhooks()
    rows: list[object] = [
        {
            "url": d.url,
            "body": d.body.decode(),
            "signature": d.signature,
            "status_code": d.status_code,
            "error": d.error,
        }
        for d in state.webhooks.deliveries
    ]
    return JSONBody({"deliveries": rows})


C = "/_control"
R = f"{C}/companies/{{realm_id}}"
routes = [
    Route(f"{C}/companies", companies, methods=["GET", "POST"]),
    Route(R, company, methods=["GET"]),
    Route(f"{R}/entities/{{entity}}", entities, methods=["GET"]),
    Route(f"{R}/entities/{{entity}}/{{entity_id}}", entity, methods=["GET"]),
    Route(f"{R}/invoices/{{invoice_id}}/payments", record_payment, methods=["POST"]),
    Route(f"{R}/invoices/{{invoice_id}}/void", void_invoice, methods=["POST"]),
    Route(f"{R}/customers/{{customer_id}}/rename", rename_customer, methods=["POST"]),
    Route(f"{R}/close-books", close_books, methods=["POST"]),
    Route(f"{R}/currencies", set_currencies, methods=["POST"]),
    Route(f"{R}/drift", drift, methods=["POST"]),
    Route(f"{C}/faults", faults, methods=["GET", "POST", "DELETE"]),
    Route(f"{C}/tokens/expire", expire_tokens, methods=["POST"]),
    Route(f"{C}/clock/advance", advance_clock, methods=["POST"]),
    Route(f"{C}/webhooks", webhooks, methods=["GET", "POST"]),
]
