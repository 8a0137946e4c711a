"""voidInvoice: void remotely, then locally; invoices with payments are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.models import Connection, Invoice
from core.models.enums import InvoiceStatus
from tests.graph.accounting.push_support import RecordingQueue, gid, run_queued, seed_invoice

SYNC_INVOICE = "mutation($id: ID!) { syncInvoice(invoiceId: $id) { __typename } }"
VOID = """
mutation($id: ID!) {
  voidInvoice(invoiceId: $id) {
    __typename
    ... on VoidInvoiceSuccess { run { kind status } }
    ... on UserError { code message }
  }
}"""


@pytest.fixture
def queue(app) -> RecordingQueue:
    recording = RecordingQueue()
    app.state.runtime.queue = recording
    return recording


async def _synced(app, gql, queue) -> Invoice:
    invoice = await seed_invoice()
    await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)})
    assert (await run_queued(app, queue))[0]["status"] == "SUCCEEDED"
    return invoice


async def test_void_invoice_voids_remote_then_local(app, gql, connect, queue, sim) -> None:
    await connect(provider=sim.provider)
    invoice = await _synced(app, gql, queue)
    data = await gql.data(VOID, {"id": gid("Invoice", invoice.id)})
    assert data["voidInvoice"]["run"]["kind"] == "VOID_INVOICE"
    assert (await run_queued(app, queue))[0]["status"] == "SUCCEEDED"
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.VOID
    company = (await Connection.get()).remote_company_id
    assert sim.voided(app, company) == [True]


async def test_void_invoice_with_payment_is_refused(app, gql, connect, queue) -> None:
    await connect()
    invoice = await _synced(app, gql, queue)
    await Invoice.filter(id=invoice.id).update(
        status=InvoiceStatus.PARTIAL, amount_paid=Decimal("5")
    )
    data = await gql.data(VOID, {"id": gid("Invoice", invoice.id)})
    assert data["voidInvoice"]["__typename"] == "InvalidStateError"
    assert "read-only" in data["voidInvoice"]["message"]
    assert queue.jobs == []
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.PARTIAL
