"""syncInvoice: queue one document's push; the job creates it once and the status shows it."""

from __future__ import annotations

from datetime import date

import pytest

from core.models import Connection, SyncRun, SyncRunItem
from core.models.enums import InvoiceStatus, Role, SyncKind, SyncRunStatus
from tests.graph.accounting.conftest import simulator_of
from tests.graph.accounting.push_support import (
    SYNC_STATUS,
    RecordingQueue,
    gid,
    run_queued,
    seed_invoice,
)

SYNC_INVOICE = """
mutation($id: ID!) {
  syncInvoice(invoiceId: $id) {
    __typename
    ... on SyncInvoiceSuccess { run { id kind status } }
    ... on UserError { code message field }
  }
}"""


@pytest.fixture
def queue(app) -> RecordingQueue:
    recording = RecordingQueue()
    app.state.runtime.queue = recording
    return recording


async def test_sync_invoice_as_staff_queues_run_then_job_syncs_and_locks(
    app, gql_factory, connect, queue, sim
) -> None:
    await connect(provider=sim.provider)
    invoice = await seed_invoice()
    staff = gql_factory(role=Role.STAFF)

    data = await staff.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)})

    result = data["syncInvoice"]
    assert result["__typename"] == "SyncInvoiceSuccess"
    assert result["run"]["kind"] == "PUSH_INVOICES"
    assert result["run"]["status"] == "QUEUED"
    run = await SyncRun.get()
    assert queue.jobs == [("push_invoices", (str(run.id), [str(invoice.id)]), str(run.id))]
    outcome = (await run_queued(app, queue))[0]  # then Xero's webhooks for our own writes
    assert outcome["status"] == "SUCCEEDED"
    status = (await staff.data(SYNC_STATUS, {"id": gid("Invoice", invoice.id)}))["invoice"]
    assert status["locked"] is True
    assert status["syncStatus"]["status"] == "SYNCED"
    assert status["syncStatus"]["remoteNumber"] == "1042"
    company = (await Connection.get()).remote_company_id
    assert sim.count_invoices(app, company) == 1


async def test_sync_invoice_draft_is_invalid_state_and_queues_nothing(gql, connect, queue) -> None:
    await connect()
    invoice = await seed_invoice(status=InvoiceStatus.DRAFT)
    data = await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)})
    assert data["syncInvoice"]["__typename"] == "InvalidStateError"
    assert "draft" in data["syncInvoice"]["message"]
    assert queue.jobs == []
    assert await SyncRun.filter(kind=SyncKind.PUSH_INVOICES).count() == 0


async def test_sync_invoice_without_connection_is_invalid_state(gql, queue) -> None:
    await gql.data("{ viewer { firm { id } } }")
    invoice = await seed_invoice()
    data = await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)})
    assert data["syncInvoice"]["__typename"] == "InvalidStateError"
    assert "no accounting connection" in data["syncInvoice"]["message"]
    assert queue.jobs == []


async def test_sync_invoice_malformed_id_is_validation_error(gql, queue) -> None:
    data = await gql.data(SYNC_INVOICE, {"id": "nope"})
    assert data["syncInvoice"]["__typename"] == "ValidationError"
    assert data["syncInvoice"]["field"] == "invoiceId"


async def test_sync_invoice_closed_books_run_fails_with_hint(app, gql, connect, queue) -> None:
    await connect()
    invoice = await seed_invoice()
    qbo = simulator_of(app)
    for realm in qbo.realms:
        qbo.close_books(realm, date(2026, 12, 31))
    await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)})
    (outcome,) = await run_queued(app, queue)
    assert outcome["status"] == SyncRunStatus.FAILED.value
    item = await SyncRunItem.get()
    assert item.error_code == "QBO-6210"
    assert item.hint
    status = (await gql.data(SYNC_STATUS, {"id": gid("Invoice", invoice.id)}))["invoice"]
    assert status["syncStatus"]["status"] == "ERROR"


ERROR_DETAIL = """
query($id: ID!) { invoice(id: $id) {
  syncStatus { status lastErrorCode lastErrorHint } } }
"""


async def test_sync_invoice_failed_push_shows_hint_on_sync_status(app, gql, connect, queue) -> None:
    await connect()
    invoice = await seed_invoice()
    qbo = simulator_of(app)
    for realm in qbo.realms:
        qbo.close_books(realm, date(2026, 12, 31))
    before = await gql.data(ERROR_DETAIL, {"id": gid("Invoice", invoice.id)})
    await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)})
    await run_queued(app, queue)
    after = await gql.data(ERROR_DETAIL, {"id": gid("Invoice", invoice.id)})
    item = await SyncRunItem.get()
    assert before["invoice"]["syncStatus"]["lastErrorHint"] is None
    assert after["invoice"]["syncStatus"] == {
        "status": "ERROR",
        "lastErrorCode": "QBO-6210",
        "lastErrorHint": item.hint,
    }
