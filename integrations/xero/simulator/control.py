"""The ``/_control`` JSON API: drive the simulated Xero from tests, scripts and the demo."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .drift import apply_drift
from .faults import FaultKind
from .gateway import simulator
from .locks import lock_dates
from .org import Organisation
from .rules import JsonObject
from .settings import DEFAULT_SCOPES
from .state import KINDS, SimulatorError, SimulatorState
from .webhooks import Delivery

PREFIX = "/_control"
Endpoint = Callable[[Request, SimulatorState, JsonObject], Awaitable[object]]


def _endpoint(action: Endpoint) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        raw = await request.body()
        try:
            body = await request.json() if raw else {}
        except ValueError:
            return JSONResponse({"errors": ["body is not JSON"]}, status_code=400)
        try:
            result = await action(
                request, simulator(request), body if isinstance(body, dict) else {}
            )
        except SimulatorError as exc:
            return JSONResponse({"errors": exc.messages}, status_code=400)
        except KeyError as exc:
            return JSONResponse({"errors": [f"not found: {exc.args[0]}"]}, status_code=404)
        except (TypeError, ValueError) as exc:
            return JSONResponse({"errors": [str(exc)]}, status_code=400)
        return JSONResponse(result)

    return run


def _tenant(request: Request) -> str:
    return str(request.path_params["tenant_id"])


async def create_organisation(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {name, currency?, tenantId?, account?} → the new tenant (``account``: the sign-in,
    the ``login_hint``, whose consent offers it)."""
    org = state.create_organisation(
        str(body["name"]), str(body.get("currency", "USD")), body.get("tenantId")
    )
    account = body.get("account")
    org.account = str(account) if account else None
    return _organisation(org)


def _organisation(org: Organisation) -> JsonObject:
    return {
        "tenantId": org.tenant_id,
        "name": org.name,
        "currency": org.currency,
        "account": org.account,
    }


async def currencies_endpoint(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {rates: {code: rate}} adds currencies at these day rates (foreign units per base
    unit); answers the currency codes of the organisation."""
    rates = body.get("rates")
    if not isinstance(rates, dict):
        raise ValueError("rates must be an object of currency code to rate")
    state.add_currencies(_tenant(request), rates)
    org = state.organisation(_tenant(request))
    return {"base": org.currency, "rates": {code: float(rate) for code, rate in org.rates.items()}}


async def list_organisations(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """GET every tenant."""
    return [_organisation(org) for org in state.organisations.values()]


def _optional_date(body: JsonObject, name: str) -> date | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a YYYY-MM-DD date or null")
    return date.fromisoformat(value)


async def lock_dates_endpoint(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {periodLockDate?, endOfYearLockDate?} (YYYY-MM-DD; absent or null clears it) sets
    both lock dates; GET reads them. Both answer ``{PeriodLockDate?, EndOfYearLockDate?}`` in
    the Organisation endpoint's ``/Date()/`` form, each only if set."""
    if request.method == "GET":
        return lock_dates(state.organisation(_tenant(request)))
    return state.set_lock_dates(
        _tenant(request),
        _optional_date(body, "periodLockDate"),
        _optional_date(body, "endOfYearLockDate"),
    )


async def list_entities(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """GET /organisations/{tenant_id}/{kind}?Field=value: records whose top-level fields match."""
    kind = str(request.path_params["kind"])
    if kind not in KINDS:
        raise KeyError(kind)
    wanted = dict(request.query_params)
    rows = state.entities(_tenant(request), kind)
    return [row for row in rows if all(str(row.get(k)) == v for k, v in wanted.items())]


async def get_entity(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """GET one record by id."""
    params = request.path_params
    return state.entity(_tenant(request), str(params["kind"]), str(params["entity_id"]))


async def pay_invoice(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {amount, accountCode?, date?, reference?}: a payment entered in Xero."""
    return state.record_payment(
        _tenant(request),
        str(request.path_params["entity_id"]),
        float(body["amount"]),
        str(body.get("accountCode", "090")),
        body.get("date"),
        str(body.get("reference", "")),
    )


async def void_invoice(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST: void an AUTHORISED invoice without payments."""
    return state.void_invoice(_tenant(request), str(request.path_params["entity_id"]))


async def drift(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {kind, target, amount?}: change the books behind Ledgersync's back. kind is total,
    balance (an invoice's new amount), delete, void, add_payment (on an invoice, amount
    optional) or remove_payment (target: a payment id)."""
    target = body.get("target")
    if not isinstance(target, str) or not target:
        raise ValueError("target is required")
    return apply_drift(
        state, _tenant(request), str(body.get("kind", "")), target, body.get("amount")
    )


async def update_invoice(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {…fields}: edit an invoice in Xero (Reference, LineItems, Status…)."""
    return state.update_invoice(_tenant(request), str(request.path_params["entity_id"]), body)


async def update_quote(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {…fields}: change a quote in Xero (``{"Status": "ACCEPTED"}``, Reference…)."""
    return state.update_quote(_tenant(request), str(request.path_params["entity_id"]), body)


async def rename_contact(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {name}: rename a contact."""
    entity_id = str(request.path_params["entity_id"])
    return state.rename_contact(_tenant(request), entity_id, str(body["name"]))


async def create_credit_note(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {contactId, total, type?, status?}: a credit note raised in Xero."""
    return state.create_credit_note(
        _tenant(request),
        str(body["contactId"]),
        float(body["total"]),
        str(body.get("type", "ACCRECCREDIT")),
        str(body.get("status", "AUTHORISED")),
    )


async def faults(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {kind, count?, method?, path?, seconds?, retryAfter?, problem?} adds one fault.

    GET lists pending faults; DELETE clears them.
    """
    if request.method == "DELETE":
        state.faults.clear()
    elif request.method == "POST":
        state.inject_fault(
            FaultKind(str(body["kind"])),
            int(body.get("count", 1)),
            body.get("method"),
            body.get("path"),
            body.get("seconds"),
            int(body.get("retryAfter", 1)),
            str(body.get("problem", "minute")),
        )
    return [fault.describe() for fault in state.faults.pending()]


def _delivery(delivery: Delivery) -> JsonObject:
    return {
        "kind": delivery.kind,
        "body": delivery.body.decode(),
        "signature": delivery.signature,
        "signedCorrectly": delivery.signed_correctly,
        "statusCode": delivery.status_code,
        "receiverCorrect": delivery.receiver_correct,
        "error": delivery.error,
    }


async def intent_to_receive(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {count?}: run the ITR handshake; ``passed`` says whether the receiver got all right."""
    count = body.get("count")
    results = await state.send_intent_to_receive(int(count) if count is not None else None)
    rows = [_delivery(delivery) for delivery in results]
    return {"passed": all(row["receiverCorrect"] for row in rows), "deliveries": rows}


async def deliveries(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """GET every webhook delivery so far (waits for those still in flight)."""
    return [_delivery(delivery) for delivery in await state.drain_webhooks()]


async def consent(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """POST {tenantIds, scope?, redirectUri}: consent without the HTML page; returns a code."""
    tenant_ids = [str(tenant) for tenant in body["tenantIds"]]
    for tenant in tenant_ids:
        state.organisation(tenant)
    scope = str(body.get("scope", DEFAULT_SCOPES))
    grant = state.identity.grant(state.settings.client_id, scope, tenant_ids)
    code = state.identity.issue_code(grant, str(body["redirectUri"]))
    return {"code": code, "authEventId": grant.auth_event_id}


async def settings_view(request: Request, state: SimulatorState, body: JsonObject) -> object:
    """GET the plain-data settings (callables left out)."""
    return {
        f.name: getattr(state.settings, f.name)
        for f in dataclasses.fields(state.settings)
        if isinstance(getattr(state.settings, f.name), str | int | float | bool | tuple | dict)
        and f.name not in ("client_secret", "webhook_key")
    }


_ORG = PREFIX + "/organisations/{tenant_id}"
routes = [
    Route(PREFIX + "/organisations", _endpoint(create_organisation), methods=["POST"]),
    Route(PREFIX + "/organisations", _endpoint(list_organisations), methods=["GET"]),
    Route(_ORG + "/lock-dates", _endpoint(lock_dates_endpoint), methods=["GET", "POST"]),
    Route(_ORG + "/currencies", _endpoint(currencies_endpoint), methods=["POST"]),
    Route(_ORG + "/invoices/{entity_id}/payments", _endpoint(pay_invoice), methods=["POST"]),
    Route(_ORG + "/invoices/{entity_id}/void", _endpoint(void_invoice), methods=["POST"]),
    Route(_ORG + "/invoices/{entity_id}", _endpoint(update_invoice), methods=["POST"]),
    Route(_ORG + "/quotes/{entity_id}", _endpoint(update_quote), methods=["POST"]),
    Route(_ORG + "/contacts/{entity_id}/rename", _endpoint(rename_contact), methods=["POST"]),
    Route(_ORG + "/credit_notes", _endpoint(create_credit_note), methods=["POST"]),
    Route(_ORG + "/drift", _endpoint(drift), methods=["POST"]),
    Route(_ORG + "/{kind}", _endpoint(list_entities), methods=["GET"]),
    Route(_ORG + "/{kind}/{entity_id}", _endpoint(get_entity), methods=["GET"]),
    Route(PREFIX + "/faults", _endpoint(faults), methods=["GET", "POST", "DELETE"]),
    Route(PREFIX + "/webhooks/itr", _endpoint(intent_to_receive), methods=["POST"]),
    Route(PREFIX + "/webhooks/deliveries", _endpoint(deliveries), methods=["GET"]),
    Route(PREFIX + "/consent", _endpoint(consent), methods=["POST"]),
    Route(PREFIX + "/settings", _endpoint(settings_view), methods=["GET"]),
]
