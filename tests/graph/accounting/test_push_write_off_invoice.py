"""writeOffInvoice: closed locally as bad debt, written off remotely through a queued push."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.models import Activity, Connection, Invoice
from core.models.enums import InvoiceStatus
from tests.graph.accounting.push_support import RecordingQueue, gid, run_queued, seed_invoice

SYNC_INVOICE = "mutation($id: ID!) { syncInvoice(invoiceId: $id) { __typename } }"
WRITE_OFF = """
mutation($id: ID!, $reason: String!) {
  writeOffInvoice(invoiceId: $id, reason: $reason) {
    __typename
    ... on WriteOffInvoiceSuccess { invoice { status memo } run { kind status } }
    ... on UserError { code message field }
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


async def test_write_off_invoice_with_bad_debt_item_credits_remote_balance(
    app, gql, connect, queue, qbo
) -> None:
    await connect()
    connection = await Connection.get()
    realm = connection.remote_company_id
    assert realm is not None
    (services,) = qbo.entities(realm, "Item", Name="Services")
    connection.settings = {**connection.settings, "bad_debt_item_id": str(services["Id"])}
    await connection.save(update_fields=["settings"])
    invoice = await _synced(app, gql, queue)

    data = await gql.data(WRITE_OFF, {"id": gid("Invoice", invoice.id), "reason": "Bankrupt"})

    result = data["writeOffInvoice"]
    assert result["invoice"] == {"status": "VOID", "memo": "Written off as bad debt: Bankrupt"}
    assert result["run"] == {"kind": "PUSH_INVOICES", "status": "QUEUED"}
    assert (await run_queued(app, queue))[0]["status"] == "SUCCEEDED"
    (memo,) = qbo.entities(realm, "CreditMemo")
    assert Decimal(str(memo["TotalAmt"])) == Decimal("100")
    (remote,) = qbo.entities(realm, "Invoice")
    assert Decimal(str(remote["Balance"])) == 0
    assert await Activity.filter(subject_id=invoice.id, action="invoice.written_off").exists()


async def test_write_off_unsynced_invoice_queues_nothing(app, gql, connect, queue) -> None:
    await connect()
    invoice = await seed_invoice()

    data = await gql.data(WRITE_OFF, {"id": gid("Invoice", invoice.id), "reason": "Gone"})

    assert data["writeOffInvoice"]["invoice"]["status"] == "VOID"
    assert data["writeOffInvoice"]["run"] is None
    assert queue.jobs == []


async def test_write_off_blank_reason_is_a_validation_error(app, gql, connect, queue) -> None:
    await connect()
    invoice = await seed_invoice()

    data = await gql.data(WRITE_OFF, {"id": gid("Invoice", invoice.id), "reason": "  "})

    assert data["writeOffInvoice"]["__typename"] == "ValidationError"
    assert data["writeOffInvoice"]["field"] == "reason"
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.SENT


async def test_write_off_paid_invoice_is_invalid_state(app, gql, connect, queue) -> None:
    await connect()
    invoice = await seed_invoice(status=InvoiceStatus.PAID)

    data = await gql.data(WRITE_OFF, {"id": gid("Invoice", invoice.id), "reason": "Gone"})

    assert data["writeOffInvoice"]["__typename"] == "InvalidStateError"
    assert "read-only" in data["writeOffInvoice"]["message"]
    assert queue.jobs == []


async def test_write_off_bad_id_is_a_validation_error(app, gql, queue) -> None:
    data = await gql.data(WRITE_OFF, {"id": "nonsense", "reason": "Gone"})

    assert data["writeOffInvoice"]["__typename"] == "ValidationError"
    assert data["writeOffInvoice"]["field"] == "invoiceId"
