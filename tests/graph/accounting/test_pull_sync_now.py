"""The syncNow mutation: queue a FULL_SYNC run for any member; typed refusals."""

from __future__ import annotations

import pytest

from core.models import Activity, SyncRun
from core.models.enums import ConnectionStatus, Role, SyncKind, SyncRunStatus
from graph.accounting.types import CONNECTION_TYPE
from graph.ids import encode_id
from tests.graph.accounting.pull_support import connected, record_jobs

MUTATION = """
mutation($id: ID!) {
  syncNow(connectionId: $id) {
    __typename
    ... on SyncNowSuccess { run { id kind status } }
    ... on UserError { code message field }
  }
}"""


async def test_sync_now_by_staff_queues_one_run_and_its_job(app, connect, gql_factory) -> None:
    connection_id, connection = await connected(connect)
    queue = record_jobs(app)
    staff = gql_factory(firm="firm-a", role=Role.STAFF)

    result = (await staff.data(MUTATION, {"id": connection_id}))["syncNow"]

    assert result["__typename"] == "SyncNowSuccess"
    assert result["run"]["kind"] == "FULL_SYNC"
    assert result["run"]["status"] == "QUEUED"
    run = await SyncRun.get(kind=SyncKind.FULL_SYNC)
    assert run.connection_id == connection.id
    assert queue.jobs == [("run_pull_sync", (str(run.id),), str(run.id))]
    assert await Activity.filter(action="sync.queued", subject_id=run.id).exists()


async def test_sync_now_turned_off_in_settings_is_invalid_state(app, connect, gql) -> None:
    connection_id, _ = await connected(connect, **{"sync_enabled": False})
    queue = record_jobs(app)

    result = (await gql.data(MUTATION, {"id": connection_id}))["syncNow"]

    assert result["__typename"] == "InvalidStateError"
    assert "sync is turned off" in result["message"]
    assert queue.jobs == []
    assert await SyncRun.all().count() == 0


async def test_sync_now_expired_connection_is_invalid_state(app, connect, gql) -> None:
    connection_id, connection = await connected(connect)
    connection.status = ConnectionStatus.EXPIRED
    await connection.save()
    record_jobs(app)

    result = (await gql.data(MUTATION, {"id": connection_id}))["syncNow"]

    assert result["__typename"] == "InvalidStateError"
    assert result["field"] == "connectionId"


@pytest.mark.parametrize(
    ("connection_id", "typename"),
    [
        ("not-an-id", "ValidationError"),
        (encode_id(CONNECTION_TYPE, "00000000-0000-0000-0000-000000000000"), "NotFoundError"),
    ],
)
async def test_sync_now_bad_or_unknown_id_is_refused(app, gql, connection_id, typename) -> None:
    queue = record_jobs(app)

    result = (await gql.data(MUTATION, {"id": connection_id}))["syncNow"]

    assert result["__typename"] == typename
    assert queue.jobs == []


async def test_sync_now_queue_down_fails_the_run_and_says_unavailable(app, connect, gql) -> None:
    connection_id, _ = await connected(connect)

    class DownQueue:
        async def enqueue(self, *args: object, job_id: str | None = None) -> bool:
            raise ConnectionError("redis is down")

    app.state.runtime.queue = DownQueue()

    body = await gql.execute(MUTATION, {"id": connection_id})

    assert body["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
    run = await SyncRun.get()
    assert run.status is SyncRunStatus.FAILED


CREATE_CUSTOMER = """
mutation { createCustomer(input: {name: "Auto Co"}) {
  ... on CreateCustomerSuccess { customer { id } } } }"""
CREATE_INVOICE = """
mutation($c: ID!) { createInvoice(input: {customerId: $c,
  lines: [{description: "Work", unitPrice: "10"}]}) {
  ... on CreateInvoiceSuccess { invoice { id } } } }"""
ISSUE = "mutation($id: ID!) { issueInvoice(id: $id) { __typename } }"


async def test_issue_invoice_with_on_change_auto_sync_queues_sync_now(app, connect, gql) -> None:
    await connected(connect, auto_sync="ON_CHANGE")
    queue = record_jobs(app)
    customer = (await gql.data(CREATE_CUSTOMER))["createCustomer"]["customer"]["id"]
    invoice = (await gql.data(CREATE_INVOICE, {"c": customer}))["createInvoice"]["invoice"]["id"]

    await gql.data(ISSUE, {"id": invoice})

    run = await SyncRun.get(kind=SyncKind.FULL_SYNC)
    assert run.trigger.value == "AUTO"
    assert queue.jobs == [("run_pull_sync", (str(run.id),), str(run.id))]
