"""syncInvoices: one run for many documents; drafts are skipped with the reason."""

from __future__ import annotations

import pytest

from core.models import SyncRun, SyncRunItem
from core.models.enums import InvoiceStatus, ItemOutcome
from tests.graph.accounting.push_support import RecordingQueue, gid, run_queued, seed_invoice

SYNC_INVOICES = """
mutation($ids: [ID!]!) {
  syncInvoices(invoiceIds: $ids) {
    __typename
    ... on SyncInvoicesSuccess { run { id status } }
    ... on UserError { code message field }
  }
}"""


@pytest.fixture
def queue(app) -> RecordingQueue:
    recording = RecordingQueue()
    app.state.runtime.queue = recording
    return recording


async def test_sync_invoices_bulk_syncs_issued_and_skips_drafts(app, gql, connect, queue) -> None:
    await connect()
    first = await seed_invoice("1")
    second = await seed_invoice("2", customer=await first.customer)
    draft = await seed_invoice("3", status=InvoiceStatus.DRAFT)
    ids = [gid("Invoice", i.id) for i in (first, second, draft)]

    data = await gql.data(SYNC_INVOICES, {"ids": ids})

    assert data["syncInvoices"]["__typename"] == "SyncInvoicesSuccess"
    (outcome,) = await run_queued(app, queue)
    assert (outcome["status"], outcome["succeeded"], outcome["skipped"]) == ("SUCCEEDED", 2, 1)
    skipped = await SyncRunItem.get(outcome=ItemOutcome.SKIPPED)
    assert skipped.local_id == draft.id
    assert "drafts are never synced" in (skipped.message or "")


async def test_sync_invoices_with_one_unknown_id_queues_nothing(gql, connect, queue) -> None:
    await connect()
    invoice = await seed_invoice()
    missing = gid("Invoice", "00000000-0000-0000-0000-000000000000")
    data = await gql.data(SYNC_INVOICES, {"ids": [gid("Invoice", invoice.id), missing]})
    assert data["syncInvoices"]["__typename"] == "NotFoundError"
    assert queue.jobs == []
    assert await SyncRun.all().count() == 0


async def test_sync_invoices_empty_list_is_validation_error(gql, connect, queue) -> None:
    await connect()
    data = await gql.data(SYNC_INVOICES, {"ids": []})
    assert data["syncInvoices"]["__typename"] == "ValidationError"
