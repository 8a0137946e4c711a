"""Accounting API routes under ``/api.xro/2.0``: Contacts, Items, Accounts, Invoices, Quotes,
Payments, BatchPayments, CreditNotes and their Allocations."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .batch_payments import create_batch_payment, render_batch_payment
from .contacts import save_contact, save_item
from .credit_notes import allocate, create_credit_note
from .currency import currencies_body, organisation_body
from .dates import parse_if_modified_since
from .gateway import Call, Handler, api_call, not_found, xero_error
from .invoices import find_invoice_for_post, save_invoice
from .payments import create_payment, delete_payment, render_payment
from .quotes import NOT_FOUND as QUOTE_NOT_FOUND
from .quotes import find_quote_for_post, quote_filter, save_quote
from .rules import (
    JsonObject,
    Outcome,
    Record,
    batch_response,
    modified_since,
    ordered,
    paginate,
    where_filter,
)

BASE = "/api.xro/2.0"
Process = Callable[[Call, JsonObject], Outcome]


def _post_data_invalid(message: str) -> Response:
    return xero_error(400, 14, "PostDataInvalidException", message)


def _int_param(call: Call, name: str) -> int | None:
    value = call.request.query_params.get(name)
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


def _csv(call: Call, name: str) -> set[str] | None:
    value = call.request.query_params.get(name)
    return {part.strip() for part in value.split(",") if part.strip()} if value else None


def _listing(
    call: Call,
    table: dict[str, Record],
    key: str,
    *,
    paged: bool,
    render: Callable[[Record], JsonObject] = lambda record: dict(record.data),
) -> Response:
    """GET list: If-Modified-Since, where, the explicit id/status filters, order and paging."""
    header = call.request.headers.get("if-modified-since")
    since = parse_if_modified_since(header) if header else None
    rows = modified_since(table.values(), since)
    keep = where_filter(call.request.query_params.get("where"))
    rows = [row for row in rows if keep(row.data) and _explicit_filters(call, key, row.data)]
    rows = ordered(rows, call.request.query_params.get("order"))
    settings = call.state.settings
    size = _int_param(call, "pageSize") or settings.page_size
    number = _int_param(call, "page") if paged else None
    page = paginate(rows, number, min(size, settings.max_page_size))
    body: JsonObject = {key: [render(row) for row in page.rows]}
    if page.pagination is not None:
        body = {"pagination": page.pagination, **body}
    return call.ok(body)


def _explicit_filters(call: Call, key: str, data: JsonObject) -> bool:
    id_field = {"Invoices": "InvoiceID", "Contacts": "ContactID"}.get(key)
    checks = [
        ("IDs", data.get(id_field) if id_field else None),
        ("Statuses", data.get("Status")),
        ("InvoiceNumbers", data.get("InvoiceNumber")),
        ("ContactIDs", (data.get("Contact") or {}).get("ContactID")),
    ]
    for param, value in checks:
        wanted = _csv(call, param) if key == "Invoices" or param == "IDs" else None
        if wanted is not None and str(value) not in wanted:
            return False
    if key == "Contacts" and call.request.query_params.get("includeArchived", "").lower() != "true":
        return data.get("ContactStatus") != "ARCHIVED"
    return True


def _one(call: Call, table: dict[str, Record], key: str, entity_id: str) -> Response:
    record = table.get(entity_id)
    return not_found() if record is None else call.ok({key: [dict(record.data)]})


def _summarize(call: Call) -> bool:
    value = call.request.query_params.get("summarizeErrors")
    if value is None:
        return call.state.settings.summarize_errors_default
    return value.lower() != "false"


async def _batch(call: Call, key: str, flag: str | None, process: Process) -> Response:
    """A many-element write with Xero's summarizeErrors semantics; commits announce webhooks."""
    body = await call.json()
    if isinstance(body, dict) and isinstance(body.get(key), list):
        elements = body[key]
    elif isinstance(body, dict):
        elements = [body]
    else:
        return _post_data_invalid("The request body could not be read as JSON")
    outcomes = [process(call, element) for element in elements if isinstance(element, dict)]
    for outcome in outcomes:
        call.state.announce(call.org.tenant_id, outcome, from_api=True)
    status, payload = batch_response(outcomes, key, _summarize(call), flag)
    if status != 200:
        return JSONResponse(payload, status_code=status)
    return call.ok(payload)


def _route(path: str, handler: Handler, methods: list[str]) -> Route:
    async def endpoint(request: Request) -> Response:
        return await api_call(request, handler)

    return Route(BASE + path, endpoint, methods=methods)


def _path_id(call: Call, name: str) -> str:
    return str(call.request.path_params[name])


# Organisation and currencies ------------------------------------------------------------------


async def organisation(call: Call) -> Response:
    """GET the organisation (its base currency)."""
    return call.ok(organisation_body(call.org))


async def currencies(call: Call) -> Response:
    """GET the currencies added to the organisation (the base one first)."""
    return call.ok(currencies_body(call.org))


# Contacts -------------------------------------------------------------------------------------


async def contacts(call: Call) -> Response:
    """GET lists, PUT creates, POST creates or updates."""
    if call.request.method == "GET":
        return _listing(call, call.org.contacts, "Contacts", paged=True)
    upsert = call.request.method == "POST"
    return await _batch(
        call,
        "Contacts",
        "HasValidationErrors",
        lambda c, e: save_contact(c.org, e, c.now, upsert=upsert),
    )


async def contact(call: Call) -> Response:
    """GET one contact, or POST an update to it."""
    contact_id = _path_id(call, "ContactID")
    if call.request.method == "GET":
        return _one(call, call.org.contacts, "Contacts", contact_id)
    if contact_id not in call.org.contacts:
        return not_found()
    return await _batch(
        call,
        "Contacts",
        "HasValidationErrors",
        lambda c, e: save_contact(c.org, {**e, "ContactID": contact_id}, c.now, upsert=True),
    )


# Items and Accounts ---------------------------------------------------------------------------


async def items(call: Call) -> Response:
    """GET lists, PUT creates, POST creates or updates (matched by ItemID or Code)."""
    if call.request.method == "GET":
        return _listing(call, call.org.items, "Items", paged=False)
    upsert = call.request.method == "POST"
    return await _batch(call, "Items", None, lambda c, e: save_item(c.org, e, c.now, upsert=upsert))


async def item(call: Call) -> Response:
    """GET one item."""
    return _one(call, call.org.items, "Items", _path_id(call, "ItemID"))


async def accounts(call: Call) -> Response:
    """GET the chart of accounts."""
    return _listing(call, call.org.accounts, "Accounts", paged=False)


async def account(call: Call) -> Response:
    """GET one account."""
    return _one(call, call.org.accounts, "Accounts", _path_id(call, "AccountID"))


# Invoices -------------------------------------------------------------------------------------


def _invoice_upsert(call: Call, element: JsonObject) -> Outcome:
    by_number = call.state.settings.match_invoice_number_on_post
    existing = find_invoice_for_post(call.org, element, by_number)
    if element.get("InvoiceID") and existing is None:
        return Outcome(dict(element), ["Invoice could not be found"])
    return save_invoice(call.org, element, call.now, existing=existing)


def _invoice_create(call: Call, element: JsonObject) -> Outcome:
    # PUT only creates: an InvoiceID in the body does not turn it into an update.
    fields = {key: value for key, value in element.items() if key != "InvoiceID"}
    return save_invoice(call.org, fields, call.now, existing=None)


async def invoices(call: Call) -> Response:
    """GET lists; PUT creates many; POST creates or updates many."""
    if call.request.method == "GET":
        return _listing(call, call.org.invoices, "Invoices", paged=True)
    if call.request.method == "PUT":
        return await _batch(call, "Invoices", "HasErrors", _invoice_create)
    return await _batch(call, "Invoices", "HasErrors", _invoice_upsert)


async def invoice(call: Call) -> Response:
    """GET one invoice, or POST an update (such as ``{"Status": "VOIDED"}``) to it."""
    invoice_id = _path_id(call, "InvoiceID")
    if call.request.method == "GET":
        return _one(call, call.org.invoices, "Invoices", invoice_id)
    if invoice_id not in call.org.invoices:
        return not_found()
    return await _batch(
        call,
        "Invoices",
        "HasErrors",
        lambda c, e: _invoice_upsert(c, {**e, "InvoiceID": invoice_id}),
    )


# Quotes ---------------------------------------------------------------------------------------


def _quote_listing(call: Call) -> Response:
    """GET /Quotes: If-Modified-Since, the spec's filters, order, and pages of a fixed size.

    "Up to 100 Quotes will be returned in a single API call" and the spec documents neither
    pageSize nor a pagination block for quotes, so neither is offered (UNVERIFIED whether Xero
    honours pageSize here).
    """
    header = call.request.headers.get("if-modified-since")
    since = parse_if_modified_since(header) if header else None
    params = call.request.query_params
    rows = [
        r for r in modified_since(call.org.quotes.values(), since) if quote_filter(params, r.data)
    ]
    rows = ordered(rows, params.get("order"))
    page = paginate(rows, _int_param(call, "page"), call.state.settings.page_size)
    return call.ok({"Quotes": [dict(row.data) for row in page.rows]})


def _quote_upsert(call: Call, element: JsonObject) -> Outcome:
    existing = find_quote_for_post(call.org, element)
    if element.get("QuoteID") and existing is None:
        return Outcome(dict(element), [QUOTE_NOT_FOUND])
    return save_quote(call.org, element, call.now, existing=existing)


def _quote_create(call: Call, element: JsonObject) -> Outcome:
    # PUT only creates: a QuoteID in the body does not turn it into an update.
    fields = {key: value for key, value in element.items() if key != "QuoteID"}
    return save_quote(call.org, fields, call.now, existing=None)


async def quotes(call: Call) -> Response:
    """GET lists; PUT creates many; POST creates or updates many (by QuoteID)."""
    if call.request.method == "GET":
        return _quote_listing(call)
    if call.request.method == "PUT":
        return await _batch(call, "Quotes", None, _quote_create)
    return await _batch(call, "Quotes", None, _quote_upsert)


async def quote(call: Call) -> Response:
    """GET one quote, or POST an update (content or status, e.g. ``DECLINED``) to it."""
    quote_id = _path_id(call, "QuoteID")
    if call.request.method == "GET":
        return _one(call, call.org.quotes, "Quotes", quote_id)
    if quote_id not in call.org.quotes:
        return not_found()
    return await _batch(
        call, "Quotes", None, lambda c, e: _quote_upsert(c, {**e, "QuoteID": quote_id})
    )


# Payments -------------------------------------------------------------------------------------


async def payments(call: Call) -> Response:
    """GET lists; PUT creates many; POST creates one (the body is a single Payment)."""
    if call.request.method == "GET":
        return _listing(
            call,
            call.org.payments,
            "Payments",
            paged=True,
            render=lambda record: render_payment(call.org, record),
        )
    return await _batch(
        call, "Payments", "HasValidationErrors", lambda c, e: create_payment(c.org, e, c.now)
    )


async def payment(call: Call) -> Response:
    """GET one payment, or POST ``{"Status": "DELETED"}`` to reverse it."""
    record = call.org.payments.get(_path_id(call, "PaymentID"))
    if record is None:
        return not_found()
    if call.request.method == "GET":
        return call.ok({"Payments": [render_payment(call.org, record)]})
    body = await call.json()
    if not isinstance(body, dict) or body.get("Status") != "DELETED":
        return _post_data_invalid("Only Status DELETED can be posted to a payment")
    outcome = delete_payment(call.org, record, call.now)
    call.state.announce(call.org.tenant_id, outcome, from_api=True)
    status, payload = batch_response([outcome], "Payments", True, "HasValidationErrors")
    return call.ok(payload) if status == 200 else JSONResponse(payload, status_code=status)


async def batch_payments(call: Call) -> Response:
    """GET lists (not paged); PUT creates one or many batches, each all-or-nothing."""
    if call.request.method == "GET":
        return _listing(
            call,
            call.org.batch_payments,
            "BatchPayments",
            paged=False,
            render=lambda record: render_batch_payment(call.org, record),
        )
    return await _batch(
        call, "BatchPayments", None, lambda c, e: create_batch_payment(c.org, e, c.now)
    )


async def credit_notes(call: Call) -> Response:
    """GET lists; PUT creates many."""
    if call.request.method == "GET":
        return _listing(call, call.org.credit_notes, "CreditNotes", paged=True)
    return await _batch(
        call, "CreditNotes", "HasErrors", lambda c, e: create_credit_note(c.org, e, c.now)
    )


async def credit_note(call: Call) -> Response:
    """GET one credit note."""
    return _one(call, call.org.credit_notes, "CreditNotes", _path_id(call, "CreditNoteID"))


async def credit_note_allocations(call: Call) -> Response:
    """PUT allocates a credit note's credit to invoices (one Allocation per element)."""
    note = call.org.credit_notes.get(_path_id(call, "CreditNoteID"))
    if note is None:
        return not_found()
    return await _batch(call, "Allocations", None, lambda c, e: allocate(c.org, note, e, c.now))


routes = [
    _route("/Organisation", organisation, ["GET"]),
    _route("/Currencies", currencies, ["GET"]),
    _route("/Contacts", contacts, ["GET", "PUT", "POST"]),
    _route("/Contacts/{ContactID}", contact, ["GET", "POST"]),
    _route("/Items", items, ["GET", "PUT", "POST"]),
    _route("/Items/{ItemID}", item, ["GET"]),
    _route("/Accounts", accounts, ["GET"]),
    _route("/Accounts/{AccountID}", account, ["GET"]),
    _route("/Invoices", invoices, ["GET", "PUT", "POST"]),
    _route("/Invoices/{InvoiceID}", invoice, ["GET", "POST"]),
    _route("/Quotes", quotes, ["GET", "PUT", "POST"]),
    _route("/Quotes/{QuoteID}", quote, ["GET", "POST"]),
    _route("/Payments", payments, ["GET", "PUT", "POST"]),
    _route("/Payments/{PaymentID}", payment, ["GET", "POST"]),
    _route("/BatchPayments", batch_payments, ["GET", "PUT"]),
    _route("/CreditNotes", credit_notes, ["GET", "PUT"]),
    _route("/CreditNotes/{CreditNoteID}", credit_note, ["GET"]),
    _route("/CreditNotes/{CreditNoteID}/Allocations", credit_note_allocations, ["PUT"]),
]
