"""Control API under ``/_control/`` for tests and demos: company files, what a user does in
QuickBooks, and running a Web Connector session on demand (with faults)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from decimal import Decimal
from functools import wraps

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..qbxml import amount_text
from .connector import ConnectorError, Faults
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
    """GET lists company files; POST ``{name, file_id?, multicurrency?}`` creates one."""
    state = _state(request)
    if request.method == "GET":
        return JSONResponse({"companies": [c.summary() for c in state.companies.values()]})
    payload = await _body(request)
    company = state.create_company(
        str(payload.get("name") or "Simulated Company"),
        file_id=str(payload["file_id"]) if payload.get("file_id") else None,
        multicurrency=bool(payload.get("multicurrency")),
    )
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
    """Record a payment of an invoice in QuickBooks: ``{amount?}``."""
    found = _state(request).company(request.path_params["file_id"])
    payload = await _body(request)
    amount = Decimal(str(payload["amount"])) if payload.get("amount") is not None else None
    payment = found.receive_payment(request.path_params["txn_id"], amount)
    return JSONResponse({"id": payment.stamp.id, "total": amount_text(payment.total)}, 201)


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
async def session(request: Request) -> Response:
    """Run one Web Connector session now: ``{faults: {lose_responses, lose_response_to, hresult,
    quickbooks_not_running, abandon_after, wrong_password}}``; answers its report."""
    state = _state(request)
    payload = await _body(request)
    faults = payload.get("faults") or {}
    if not isinstance(faults, dict):
        raise ValueError("faults must be an object")
    async with state.settings.client_factory() as http:
        web_connector = state.connector(request.path_params["file_id"], http)
        web_connector.faults = Faults(**faults)
        report = await web_connector.run_session()
    return JSONResponse(report.to_document())


C = "/_control"
F = f"{C}/companies/{{file_id}}"
routes = [
    Route(f"{C}/companies", companies, methods=["GET", "POST"]),
    Route(F, company, methods=["GET"]),
    Route(f"{F}/records/{{kind}}", records, methods=["GET"]),
    Route(f"{F}/invoices/{{txn_id}}/payments", receive_payment, methods=["POST"]),
    Route(f"{F}/running", running, methods=["POST"]),
    Route(f"{F}/connector", connector, methods=["POST"]),
    Route(f"{F}/sessions", session, methods=["POST"]),
]
