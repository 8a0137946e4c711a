"""The importInvoices mutation: queue a IMPORT_INVOICES run for any member; typed refusals."""

from __future__ import annotations

import pytest

from core.models import Activity, SyncRun
from core.models.enums import ConnectionStatus, Role, SyncKind, SyncRunStatus
from graph.accounting.types import CONNECTION_TYPE
from graph.ids import encode_id
from tests.graph.accounting.pull_support import connected, record_jobs

MUTATION = """
mutation($id: ID!) {
  importInvoices(connectionId: $id) {
    __typename
    ... on ImportInvoicesSuccess { run { id kind status } }
    ... on UserError { code message field }
  }
}"""


async def test_import_invoices_by_staff_queues_one_run_and_its_job(
    app, connect, gql_factory
) -> None:
    connection_id, connection = await connected(connect)
    queue = record_jobs(app)
    staff = gql_factory(firm="firm-a", role=Role.STAFF)

    result = (await staff.data(MUTATION, {"id": connection_id}))["importInvoices"]

    assert result["__typename"] == "ImportInvoicesSuccess"
    assert result["run"]["kind"] == "IMPORT_INVOICES"
    assert result["run"]["status"] == "QUEUED"
    run = await SyncRun.get(kind=SyncKind.IMPORT_INVOICES)
    assert run.connection_id == connection.id
    assert queue.jobs == [("run_pull_sync", (str(run.id),), str(run.id))]
    assert await Activity.filter(action="sync.queued", subject_id=run.id).exists()


async def test_import_invoices_turned_off_in_settings_is_invalid_state(app, connect, gql) -> None:
    connection_id, _ = await connected(connect, **{"sync_invoices": False})
    queue = record_jobs(app)

    result = (await gql.data(MUTATION, {"id": connection_id}))["importInvoices"]

    assert result["__typename"] == "InvalidStateError"
    assert "invoice sync" in result["message"]
    assert queue.jobs == []
    assert await SyncRun.all().count() == 0


async def test_import_invoices_expired_connection_is_invalid_state(app, connect, gql) -> None:
    connection_id, connection = await connected(connect)
    connection.status = ConnectionStatus.EXPIRED
    await connection.save()
    record_jobs(app)

    result = (await gql.data(MUTATION, {"id": connection_id}))["importInvoices"]

    assert result["__typename"] == "InvalidStateError"
    assert result["field"] == "connectionId"


@pytest.mark.parametrize(
    ("connection_id", "typename"),
    [
        ("not-an-id", "ValidationError"),
        (encode_id(CONNECTION_TYPE, "00000000-0000-0000-0000-000000000000"), "NotFoundError"),
    ],
)
async def test_import_invoices_bad_or_unknown_id_is_refused(
    app, gql, connection_id, typename
) -> None:
    queue = record_jobs(app)

    result = (await gql.data(MUTATION, {"id": connection_id}))["importInvoices"]

    assert result["__typename"] == typename
    assert queue.jobs == []


async def test_import_invoices_queue_down_fails_the_run_and_says_unavailable(
    app, connect, gql
) -> None:
    connection_id, _ = await connected(connect)

    class DownQueue:
        async def enqueue(self, *args: object, job_id: str | None = None) -> bool:
            raise ConnectionError("redis is down")

    app.state.runtime.queue = DownQueue()

    body = await gql.execute(MUTATION, {"id": connection_id})

    assert body["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
    run = await SyncRun.get()
    assert run.status is SyncRunStatus.FAILED
