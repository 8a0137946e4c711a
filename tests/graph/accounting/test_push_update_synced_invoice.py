"""updateSyncedInvoice: sparse update of a synced document; paid ones are read-only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.models import Invoice, InvoiceLine, SyncRunItem
from core.models.enums import InvoiceStatus
from tests.graph.accounting.conftest import simulator_of
from tests.graph.accounting.push_support import RecordingQueue, gid, run_queued, seed_invoice

SYNC_INVOICE = "mutation($id: ID!) { syncInvoice(invoiceId: $id) { __typename } }"
UPDATE = """
mutation($id: ID!) {
  updateSyncedInvoice(invoiceId: $id) {
    __typename
    ... on UpdateSyncedInvoiceSuccess { run { kind status } }
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
    return await Invoice.get(id=invoice.id)


async def test_update_synced_invoice_sends_local_edit(app, gql, connect, queue) -> None:
    await connect()
    invoice = await _synced(app, gql, queue)
    await InvoiceLine.filter(invoice_id=invoice.id).update(amount=Decimal("250"))
    data = await gql.data(UPDATE, {"id": gid("Invoice", invoice.id)})
    assert data["updateSyncedInvoice"]["run"]["kind"] == "UPDATE_INVOICE"
    assert (await run_queued(app, queue))[0]["status"] == "SUCCEEDED"
    assert (await SyncRunItem.filter(action="UPDATED").count()) == 1
    qbo = simulator_of(app)
    (remote,) = [i for realm in qbo.realms for i in qbo.entities(realm, "Invoice")]
    assert Decimal(str(remote["TotalAmt"])) == Decimal("250")


async def test_update_synced_invoice_paid_is_read_only(app, gql, connect, queue) -> None:
    await connect()
    invoice = await _synced(app, gql, queue)
    await Invoice.filter(id=invoice.id).update(status=InvoiceStatus.PAID)
    data = await gql.data(UPDATE, {"id": gid("Invoice", invoice.id)})
    assert data["updateSyncedInvoice"] == {
        "__typename": "InvalidStateError",
        "code": "INVALID_STATE",
        "message": "Paid invoices are read-only",
    }
    assert queue.jobs == []


async def test_update_synced_invoice_not_synced_is_invalid_state(gql, connect, queue) -> None:
    await connect()
    invoice = await seed_invoice()
    data = await gql.data(UPDATE, {"id": gid("Invoice", invoice.id)})
    assert data["updateSyncedInvoice"]["__typename"] == "InvalidStateError"
    assert "not synced" in data["updateSyncedInvoice"]["message"]
