"""runSyncPlan: the plan's push is queued and runs as planned; a changed record, an expired plan
or a second execution are refused with their codes, queueing nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.models import Connection, Firm, Invoice, SyncPlan, SyncRunItem
from tests.graph.accounting.push_support import RecordingQueue, gid, run_queued, seed_invoice

PLAN_SYNC = """
mutation($connection: ID!, $scope: PlanScopeInput!) {
  planSync(connectionId: $connection, scope: $scope) {
    ... on PlanSyncSuccess { plan { id } }
  }
}"""
RUN_SYNC_PLAN = """
mutation($id: ID!) {
  runSyncPlan(planId: $id) {
    __typename
    ... on RunSyncPlanSuccess { run { kind status } }
    ... on UserError { code message field }
  }
}"""


@pytest.fixture
def queue(app) -> RecordingQueue:
    recording = RecordingQueue()
    app.state.runtime.queue = recording
    return recording


async def _plan(gql, *invoices: Invoice) -> str:
    firm = await Firm.get(external_id="firm-a")
    connection = gid("AccountingConnection", (await Connection.get(firm=firm)).id)
    scope = {"kind": "SYNC_INVOICES", "invoiceIds": [gid("Invoice", i.id) for i in invoices]}
    data = await gql.data(PLAN_SYNC, {"connection": connection, "scope": scope})
    plan_id: str = data["planSync"]["plan"]["id"]
    return plan_id


async def test_run_sync_plan_queues_run_that_does_what_was_planned(
    app, gql, connect, queue
) -> None:
    await connect()
    invoice = await seed_invoice("1")
    plan_id = await _plan(gql, invoice)

    data = await gql.data(RUN_SYNC_PLAN, {"id": plan_id})

    assert data["runSyncPlan"]["run"] == {"kind": "PUSH_INVOICES", "status": "QUEUED"}
    (outcome,) = await run_queued(app, queue)
    assert outcome["status"] == "SUCCEEDED"
    item = await SyncRunItem.get(local_id=invoice.id)
    assert item.action == "CREATED"
    again = await gql.data(RUN_SYNC_PLAN, {"id": plan_id})
    assert again["runSyncPlan"]["code"] == "INVALID_STATE"
    assert queue.jobs == []


async def test_run_sync_plan_record_edited_since_is_plan_changed(gql, connect, queue) -> None:
    await connect()
    invoice = await seed_invoice("1")
    plan_id = await _plan(gql, invoice)
    invoice.notes = "edited after the plan"
    await invoice.save()

    data = await gql.data(RUN_SYNC_PLAN, {"id": plan_id})

    assert (data["runSyncPlan"]["code"], data["runSyncPlan"]["field"]) == (
        "PLAN_CHANGED",
        "planId",
    )
    assert "Invoice 1" in data["runSyncPlan"]["message"]
    assert queue.jobs == []


async def test_run_sync_plan_expired_is_plan_expired(gql, connect, queue) -> None:
    await connect()
    plan_id = await _plan(gql, await seed_invoice("1"))
    await SyncPlan.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))

    data = await gql.data(RUN_SYNC_PLAN, {"id": plan_id})

    assert data["runSyncPlan"]["code"] == "PLAN_EXPIRED"
    assert queue.jobs == []


async def test_run_sync_plan_unknown_id_is_not_found(gql, connect, queue) -> None:
    await connect()
    missing = gid("SyncPlan", "00000000-0000-0000-0000-000000000000")

    data = await gql.data(RUN_SYNC_PLAN, {"id": missing})

    assert data["runSyncPlan"]["code"] == "NOT_FOUND"
    assert queue.jobs == []


async def test_run_sync_plan_of_another_firm_is_not_found(gql, gql_factory, connect, queue) -> None:
    await connect()
    plan_id = await _plan(gql, await seed_invoice("1"))
    other = gql_factory(firm="firm-b")

    data = await other.data(RUN_SYNC_PLAN, {"id": plan_id})

    assert data["runSyncPlan"]["code"] == "NOT_FOUND"
    assert queue.jobs == []
    assert (await SyncPlan.get()).status.value == "READY"
