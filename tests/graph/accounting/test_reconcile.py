"""The reconcile mutation: queue a report and its RECONCILE run for any member; typed refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.models import Activity, ReconciliationReport, SyncRun
from core.models.enums import ConnectionStatus, ReportStatus, Role, SyncKind, SyncRunStatus
from tests.graph.accounting import pull_support as pull

RECONCILE = """
mutation($id: ID!, $since: Date) {
  reconcile(connectionId: $id, paymentsSince: $since) {
    __typename
    ... on ReconcileSuccess { report { id runId status paymentsSince totalDiscrepancies } }
    ... on UserError { code message field }
  }
}"""


async def test_reconcile_by_staff_queues_one_report_its_run_and_its_job(
    app, connect, gql_factory
) -> None:
    connection_id, connection = await pull.connected(connect)
    queue = pull.record_jobs(app)
    staff = gql_factory(firm="firm-a", role=Role.STAFF)

    result = (await staff.data(RECONCILE, {"id": connection_id, "since": "2026-01-01"}))[
        "reconcile"
    ]

    assert result["__typename"] == "ReconcileSuccess"
    assert result["report"]["status"] == "RUNNING"
    assert result["report"]["paymentsSince"] == "2026-01-01"
    run = await SyncRun.get(kind=SyncKind.RECONCILE)
    report = await ReconciliationReport.get(run_id=run.id)
    assert report.connection_id == connection.id  # type: ignore[attr-defined]
    assert run.status is SyncRunStatus.QUEUED
    assert queue.jobs == [("run_reconcile", (str(run.id),), str(run.id))]
    assert await Activity.filter(action="reconcile.queued", subject_id=report.id).exists()


async def test_reconcile_without_date_compares_the_last_90_days(app, connect, gql) -> None:
    connection_id, _ = await pull.connected(connect)
    pull.record_jobs(app)

    await gql.data(RECONCILE, {"id": connection_id})

    report = await ReconciliationReport.get()
    assert report.payments_since == datetime.now(UTC).date() - timedelta(days=90)


async def test_reconcile_future_payments_date_is_validation_error(app, connect, gql) -> None:
    connection_id, _ = await pull.connected(connect)
    queue = pull.record_jobs(app)
    tomorrow = (datetime.now(UTC).date() + timedelta(days=2)).isoformat()

    result = (await gql.data(RECONCILE, {"id": connection_id, "since": tomorrow}))["reconcile"]

    assert result["__typename"] == "ValidationError"
    assert result["field"] == "paymentsSince"
    assert queue.jobs == []
    assert await ReconciliationReport.all().count() == 0


async def test_reconcile_expired_connection_is_invalid_state(app, connect, gql) -> None:
    connection_id, connection = await pull.connected(connect)
    connection.status = ConnectionStatus.EXPIRED
    await connection.save()
    pull.record_jobs(app)

    result = (await gql.data(RECONCILE, {"id": connection_id}))["reconcile"]

    assert result["__typename"] == "InvalidStateError"
    assert result["field"] == "connectionId"
    assert await SyncRun.all().count() == 0


@pytest.mark.parametrize(("connection_id", "typename"), pull.BAD_OR_UNKNOWN_IDS)
async def test_reconcile_bad_or_unknown_id_is_refused(app, gql, connection_id, typename) -> None:
    queue = pull.record_jobs(app)

    result = (await gql.data(RECONCILE, {"id": connection_id}))["reconcile"]

    assert result["__typename"] == typename
    assert queue.jobs == []


async def test_reconcile_queue_down_fails_the_run_and_the_report(app, connect, gql) -> None:
    connection_id, _ = await pull.connected(connect)

    class DownQueue:
        async def enqueue(self, *args: object, job_id: str | None = None) -> bool:
            raise ConnectionError("redis is down")

    app.state.runtime.queue = DownQueue()

    body = await gql.execute(RECONCILE, {"id": connection_id})

    assert body["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
    assert (await SyncRun.get()).status is SyncRunStatus.FAILED
    report = await ReconciliationReport.get()
    assert report.status is ReportStatus.FAILED
    assert report.error is not None
    assert "queue" in report.error


async def test_reconcile_other_firms_connection_is_not_found(app, connect, gql_factory) -> None:
    connection_id, _ = await pull.connected(connect)
    pull.record_jobs(app)
    other = gql_factory(firm="firm-b")

    result = (await other.data(RECONCILE, {"id": connection_id}))["reconcile"]

    assert result["__typename"] == "NotFoundError"
