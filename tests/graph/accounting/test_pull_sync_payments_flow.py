"""syncPayments end to end for every provider: an invoice pushed with syncInvoice, paid in the
platform, is PAID here after syncPayments' job polls the payments changed since the checkpoint
(Xero sends no payment webhooks; QuickBooks' are not needed for the poll)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.models import Connection, ExternalMapping, Invoice, Payment
from core.models.enums import Entity, InvoiceStatus
from tests.graph.accounting.push_support import RecordingQueue, gid, run_queued, seed_invoice

SYNC_INVOICE = "mutation($id: ID!) { syncInvoice(invoiceId: $id) { __typename } }"
SYNC_PAYMENTS = """
mutation($id: ID!) { syncPayments(connectionId: $id) { __typename } }"""
CONNECTION = "query($id: ID!) { connection(id: $id) { callsRemainingToday } }"


@pytest.fixture
def queue(app) -> RecordingQueue:
    recording = RecordingQueue()
    app.state.runtime.queue = recording
    return recording


async def test_sync_payments_after_remote_payment_marks_invoice_paid(
    app, gql, connect, queue, sim
) -> None:
    outcome = await connect(provider=sim.provider)
    invoice = await seed_invoice()
    await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)})
    assert (await run_queued(app, queue))[0]["status"] == "SUCCEEDED"
    assert queue.jobs == []
    mapping = await ExternalMapping.get(entity=Entity.INVOICE, local_id=invoice.id)
    company = (await Connection.get()).remote_company_id
    assert mapping.remote_id is not None
    assert company is not None
    sim.mute_webhooks(app)  # the poll alone must find the payment
    sim.record_payment(app, company, mapping.remote_id, 100.0)

    data = await gql.data(SYNC_PAYMENTS, {"id": outcome["connection"]})

    assert data["syncPayments"]["__typename"] == "SyncPaymentsSuccess"
    assert (await run_queued(app, queue))[0]["status"] == "SUCCEEDED"
    paid = await Invoice.get(id=invoice.id)
    assert paid.status is InvoiceStatus.PAID
    assert paid.amount_paid == Decimal("100")
    assert await Payment.filter(firm_id=paid.firm_id).count() == 1  # type: ignore[attr-defined]
    left = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]
    # Only a platform with a daily cap (Xero) shows a count, and it counts the calls made.
    assert (left["callsRemainingToday"] is None) == (sim.provider == "QUICKBOOKS_ONLINE")
    assert left["callsRemainingToday"] is None or left["callsRemainingToday"] < 5000
