"""Currencies through GraphQL for QuickBooks Online and Xero (the simulators mounted in the app,
Xero's exchanges checked against its spec): a foreign invoice with its own rate pushed by
syncInvoice shows the books' currencies on the connection and what the platform booked on the
mapping; unknown before a sync; a foreign invoice with multicurrency off is refused per record."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from core.models import Connection, Customer, Firm, SyncRunItem
from core.models.enums import ItemOutcome
from tests.graph.accounting.push_support import RecordingQueue, gid, run_queued, seed_invoice

CURRENCIES = "{ connections { homeCurrency multicurrency currencies } }"
SYNC_INVOICE = """
mutation($id: ID!) { syncInvoice(invoiceId: $id) {
  __typename ... on SyncInvoiceSuccess { run { id } } ... on UserError { code message }
} }"""
MAPPINGS = """
query($id: ID!) { mappings(connectionId: $id, entity: INVOICE) {
  edges { node { currency exchangeRate homeTotal } } } }"""


@pytest.fixture
def queue(app) -> RecordingQueue:  # type: ignore[no-untyped-def]
    recording = RecordingQueue()
    app.state.runtime.queue = recording
    return recording


def _add_euro(app: Any, sim: Any, company: str) -> None:
    """Multicurrency on with EUR at 1.1 USD (Xero states it as 0.909091 EUR per USD)."""
    state = sim.state(app)
    if sim.provider == "XERO":
        state.add_currencies(company, {"EUR": 0.909091})
    else:
        state.set_currencies(company, multicurrency=True, rates={"EUR": Decimal("1.1")})


async def _euro_invoice(number: str, rate: str | None) -> Any:
    firm = await Firm.get(external_id="firm-a")
    customer = await Customer.create(firm=firm, name=f"Dupont {number}", currency="EUR")
    invoice = await seed_invoice(number, customer=customer)
    invoice.currency = "EUR"
    invoice.exchange_rate = Decimal(rate) if rate else None
    await invoice.save()
    return invoice


async def test_foreign_invoice_shows_books_currencies_and_booked_amounts(
    app, gql, connect, queue, sim
) -> None:
    outcome = await connect(provider=sim.provider)
    (before,) = (await gql.data(CURRENCIES))["connections"]
    assert before == {"homeCurrency": None, "multicurrency": None, "currencies": []}
    company = str((await Connection.get()).remote_company_id)
    _add_euro(app, sim, company)
    invoice = await _euro_invoice("3001", "1.25")

    result = (await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)}))["syncInvoice"]
    assert result["__typename"] == "SyncInvoiceSuccess", result
    (done, *_) = await run_queued(app, queue)

    assert done["status"] == "SUCCEEDED", done
    (after,) = (await gql.data(CURRENCIES))["connections"]
    assert after == {"homeCurrency": "USD", "multicurrency": True, "currencies": ["USD", "EUR"]}
    (edge,) = (await gql.data(MAPPINGS, {"id": outcome["connection"]}))["mappings"]["edges"]
    node = edge["node"]
    assert (node["currency"], node["homeTotal"]) == ("EUR", "125.00")
    assert abs(Decimal(node["exchangeRate"]) - Decimal("1.25")) < Decimal("0.0001")


async def test_foreign_invoice_with_multicurrency_off_is_refused_per_record(
    app, gql, connect, queue, sim
) -> None:
    await connect(provider=sim.provider)
    invoice = await _euro_invoice("3002", None)

    result = (await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)}))["syncInvoice"]
    assert result["__typename"] == "SyncInvoiceSuccess", result
    await run_queued(app, queue)

    (item,) = await SyncRunItem.filter(local_id=invoice.id)
    assert (item.outcome, item.error_code) == (ItemOutcome.FAILED, "CURRENCY_NOT_ENABLED")
    assert sim.count_invoices(app, str((await Connection.get()).remote_company_id)) == 0
    (shown,) = (await gql.data(CURRENCIES))["connections"]
    assert shown == {"homeCurrency": "USD", "multicurrency": False, "currencies": ["USD"]}
