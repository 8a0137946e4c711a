"""Control API under ``/_control/`` for tests and demos: company files, what a user does in
QuickBooks, and running a Web Connector session on demand (with faults)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import wraps

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..qbxml import amount_text
from .connector import ConnectorError, Faults
from .drift import apply_drift
from .state import SimulatorState

Handler = Callable[[Request], Awaitable[Response]]


def _state(request: Request) -> SimulatorState:
    state: SimulatorState = request.app.state.simulator
    return state


def _json_errors(handler: Handler) -> Handler:
    @wraps(handler)
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except KeyError as exc:
            return JSONResponse({"error": str(exc.args[0] if exc.args else exc)}, status_code=404)
        except (ValueError, TypeError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except ConnectorError as exc:
            return JSONResponse({"error": str(exc)}, status_code=502)

    return wrapped


async def _body(request: Request) -> dict[str, object]:
    raw = await request.body()
    payload = json.loads(raw) if raw.strip() else {}
    if not isinstance(payload, dict):
        raise ValueError("the body must be a JSON object")
    return payload


@_json_errors
async def companies(request: Request) -> Response:
    """GET lists company files; POST ``{name, file_id?, multicurrency?, rates?}`` creates one
    (``rates``: QuickBooks currency name to its rate, home units per unit)."""
    state = _state(request)
    if request.method == "GET":
        listed = [
            {**c.summary(), "user_name": state.connectors.get(c.file_id, (None, ""))[0]}
            for c in state.companies.values()
        ]
        return JSONResponse({"companies": listed})
    payload = await _body(request)
    company = state.create_company(
        str(payload.get("name") or "Simulated Company"),
        file_id=str(payload["file_id"]) if payload.get("file_id") else None,
        multicurrency=bool(payload.get("multicurrency")),
    )
    rates = payload.get("rates")
    if isinstance(rates, dict):
        company.rates.update({str(name): Decimal(str(rate)) for name, rate in rates.items()})
    return JSONResponse(company.summary(), status_code=201)


@_json_errors
async def company(request: Request) -> Response:
    """One company file's summary."""
    return JSONResponse(_state(request).company(request.path_params["file_id"]).summary())


@_json_errors
async def records(request: Request) -> Response:
    """The customers, items, invoices, estimates or payments of a company file."""
    found = _state(request).company(request.path_params["file_id"])
    kind = request.path_params["kind"]
    rows: list[dict[str, object]]
    if kind == "customers":
        rows = [
            {"id": c.stamp.id, "name": c.name, "external_guid": c.external_guid}
            for c in found.customers.values()
        ]
    elif kind == "items":
        rows = [{"id": i.stamp.id, "name": i.name} for i in found.items.values()]
    elif kind in ("invoices", "estimates"):
        wanted = "Invoice" if kind == "invoices" else "Estimate"
        rows = [
            {
                "id": d.stamp.id,
                "ref_number": d.ref_number,
                "total": amount_text(d.subtotal),
                "balance": amount_text(d.balance),
                "external_guid": d.external_guid,
                "voided": d.voided,
                "customer": found.customers[d.customer_id].name
                if d.customer_id in found.customers
                else None,
            }
            for d in found.documents.values()
            if d.kind == wanted
        ]
    elif kind == "payments":
        rows = [
            {"id": p.stamp.id, "total": amount_text(p.total), "external_guid": p.external_guid}
            for p in found.payments.values()
        ]
    else:
        raise KeyError(f"unknown record kind {kind}")
    return JSONResponse({"kind": kind, "count": len(rows), "items": rows})


@_json_errors
async def receive_payment(request: Request) -> Response:
    """Record a payment of an invoice in QuickBooks: ``{amount?, date?}`` (YYYY-MM-DD)."""
    found = _state(request).company(request.path_params["file_id"])
    payload = await _body(request)
    amount = Decimal(str(payload["amount"])) if payload.get("amount") is not None else None
    on = None
    if payload.get("date"):
        on = datetime.combine(date.fromisoformat(str(payload["date"])), time(12), tzinfo=UTC)
    payment = found.receive_payment(request.path_params["txn_id"], amount, on)
    return JSONResponse({"id": payment.stamp.id, "total": amount_text(payment.total)}, 201)


@_json_errors
async def drift(request: Request) -> Response:
    """Change the company file behind Ledgersync's back: ``{kind, target, amount?}`` where kind
    is total, balance (an invoice's new amount), delete, void, add_payment (on an invoice,
    amount optional) or remove_payment (target: a payment's TxnID)."""
    found = _state(request).company(request.path_params["file_id"])
    payload = await _body(request)
    target = payload.get("target")
    if not isinstance(target, str) or not target:
        raise ValueError("target is required")
    touched = apply_drift(found, str(payload.get("kind", "")), target, payload.get("amount"))
    return JSONResponse({"changed": touched})


@_json_errors
async def running(request: Request) -> Response:
    """Start or stop QuickBooks for a company file: ``{running: bool}``."""
    found = _state(request).company(request.path_params["file_id"])
    found.running = bool((await _body(request)).get("running", True))
    return JSONResponse(found.summary())


@_json_errors
async def connector(request: Request) -> Response:
    """Set up the company file's Web Connector: ``{user_name, password}``."""
    payload = await _body(request)
    _state(request).configure(
        request.path_params["file_id"], str(payload["user_name"]), str(payload["password"])
    )
    return JSONResponse({"configured": True})


@_json_errors
async def add_customers(request: Request) -> Response:
    """Enter customers by hand in QuickBooks: ``{names: [...]}``; answers their ids."""
    found = _state(request).company(request.path_params["file_id"])
    names = (await _body(request)).get("names")
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise ValueError("names must be a list of non-empty strings")
    added = [found.add_customer(name.strip()) for name in names]
    return JSONResponse({"items": [{"id": c.stamp.id, "name": c.name} for c in added]}, 201)


@_json_errors
async def login_session(request: Request) -> Response:
    """Run one Web Connector session for a login: ``{user_name, password, file_id?,
    company_name?, faults?}``. The company file set up for that user name is used, or a new
    one is set up (with the .qwc's ``file_id`` when given); answers the report and the file."""
    state = _state(request)
    payload = await _body(request)
    found = state.set_up_login(
        str(payload["user_name"]),
        str(payload["password"]),
        file_id=str(payload["file_id"]) if payload.get("file_id") else None,
        company_name=str(payload["company_name"]) if payload.get("company_name") else None,
    )
    report = await _run_session(state, found.file_id, payload.get("faults"))
    return JSONResponse({**report, "company": found.summary()})


async def _run_session(state: SimulatorState, file_id: str, faults: object) -> dict[str, object]:
    faults = faults or {}
    if not isinstance(faults, dict):
        raise ValueError("faults must be an object")
    async with state.settings.client_factory() as http:
        web_connector = state.connector(file_id, http)
        web_connector.faults = Faults(**faults)
        report = await web_connector.run_session()
    return report.to_document()


@_json_errors
async def session(request: Request) -> Response:
    """Run one Web Connector session now: ``{faults: {lose_responses, lose_response_to, hresult,
    quickbooks_not_running, abandon_after, wrong_password}}``; answers its report."""
    payload = await _body(request)
    report = await _run_session(
        _state(request), request.path_params["file_id"], payload.get("faults")
    )
    return JSONResponse(report)


C = "/_control"
F = f"{C}/companies/{{file_id}}"
routes = [
    Route(f"{C}/companies", companies, methods=["GET", "POST"]),
    Route(F, company, methods=["GET"]),
    Route(f"{C}/web-connector/sessions", login_session, methods=["POST"]),
    Route(f"{F}/records/{{kind}}", records, methods=["GET"]),
    Route(f"{F}/customers", add_customers, methods=["POST"]),
    Route(f"{F}/invoices/{{txn_id}}/payments", receive_payment, methods=["POST"]),
    Route(f"{F}/drift", drift, methods=["POST"]),
    Route(f"{F}/running", running, methods=["POST"]),
    Route(f"{F}/connector", connector, methods=["POST"]),
    Route(f"{F}/sessions", session, methods=["POST"]),
]
