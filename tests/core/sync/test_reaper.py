"""Runs a stopped worker left unfinished are ended with a reason; live ones are left alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.events import SyncEvent, SyncFinished
from core.models import Connection, Firm, ReconciliationReport, SyncRun
from core.models.enums import (
    ConnectionStatus,
    Provider,
    ReportStatus,
    SyncKind,
    SyncRunStatus,
    SyncTrigger,
)
from core.sync.reaper import ORPHANED, fail_orphaned_runs
from core.sync.runs import RunReporter, create_run
from core.sync.webhook_runs import webhook_job_id

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


class ListSink:
    def __init__(self) -> None:
        self.events: list[SyncEvent] = []

    async def publish(self, event: SyncEvent) -> None:
        self.events.append(event)


class Jobs:
    """The queue as the reaper sees it: the ids of jobs still queued, deferred or running."""

    def __init__(self, *alive: SyncRun) -> None:
        self.alive = {str(run.id) for run in alive}
        self.asked: list[str] = []

    async def __call__(self, job_id: str) -> bool:
        self.asked.append(job_id)
        return job_id in self.alive


@pytest.fixture
async def firm(app) -> Firm:
    return await Firm.create(external_id="firm-reaper", name="Reaper")


async def _run(
    firm: Firm,
    kind: SyncKind,
    idle: timedelta,
    *,
    started: bool = True,
    synced: int = 0,
    connection: Connection | None = None,
) -> SyncRun:
    run = await create_run(
        firm_id=firm.id,
        kind=kind,
        trigger=SyncTrigger.USER,
        connection_id=connection.id if connection else None,
    )
    if started:
        reporter = RunReporter(run, ListSink())
        await reporter.start(3)
        run.succeeded = synced
        await run.save(update_fields=["succeeded"])
    await SyncRun.filter(id=run.id).update(updated_at=NOW - idle)
    return await SyncRun.get(id=run.id)


async def test_running_run_whose_job_is_gone_is_ended_with_reason_and_event(firm) -> None:
    orphan = await _run(firm, SyncKind.PUSH_INVOICES, timedelta(minutes=3))
    sink = ListSink()

    ended = await fail_orphaned_runs(Jobs(), sink, now=NOW)

    assert ended == [orphan.id]
    stored = await SyncRun.get(id=orphan.id)
    assert (stored.status, stored.error) == (SyncRunStatus.FAILED, ORPHANED)
    assert stored.finished_at is not None
    (event,) = sink.events
    assert isinstance(event, SyncFinished)
    assert (event.run_id, event.status, event.error) == (str(orphan.id), "FAILED", ORPHANED)


async def test_orphaned_reconcile_run_leaves_its_report_failed(firm) -> None:
    connection = await Connection.create(
        firm=firm, provider=Provider.XERO, status=ConnectionStatus.ACTIVE, remote_company_id="t"
    )
    orphan = await _run(firm, SyncKind.RECONCILE, timedelta(hours=2), connection=connection)
    report = await ReconciliationReport.create(
        firm=firm, connection=connection, run_id=orphan.id, payments_since=NOW.date()
    )

    assert await fail_orphaned_runs(Jobs(), ListSink(), now=NOW) == [orphan.id]

    await report.refresh_from_db()
    assert (report.status, report.error) == (ReportStatus.FAILED, ORPHANED)


async def test_queued_run_whose_job_was_lost_is_ended(firm) -> None:
    lost = await _run(firm, SyncKind.PULL_PAYMENTS, timedelta(hours=2), started=False)

    assert await fail_orphaned_runs(Jobs(), ListSink(), now=NOW) == [lost.id]
    assert (await SyncRun.get(id=lost.id)).status is SyncRunStatus.FAILED


async def test_run_with_a_live_or_just_queued_job_is_left_alone(firm) -> None:
    deferred = await _run(firm, SyncKind.PUSH_INVOICES, timedelta(hours=5))  # e.g. a day limit
    fresh = await _run(firm, SyncKind.PUSH_INVOICES, timedelta(seconds=30), started=False)
    jobs = Jobs(deferred)

    assert await fail_orphaned_runs(jobs, ListSink(), now=NOW) == []
    assert jobs.asked == [str(deferred.id)]  # the fresh run is inside the grace period
    statuses = {r.id: r.status for r in await SyncRun.all()}
    assert statuses == {deferred.id: SyncRunStatus.RUNNING, fresh.id: SyncRunStatus.QUEUED}


async def test_webhook_run_ends_only_when_its_company_job_is_gone(firm) -> None:
    connection = await Connection.create(
        firm=firm,
        provider=Provider.XERO,
        status=ConnectionStatus.ACTIVE,
        remote_company_id="tenant-reaper",
    )
    alive = await _run(firm, SyncKind.WEBHOOK, timedelta(minutes=16), connection=connection)
    other = await Connection.create(
        firm=firm,
        provider=Provider.QUICKBOOKS_ONLINE,
        status=ConnectionStatus.ACTIVE,
        remote_company_id="realm-reaper",
    )
    stale = await _run(firm, SyncKind.WEBHOOK, timedelta(minutes=3), synced=2, connection=other)
    company_job = webhook_job_id(Provider.XERO, "tenant-reaper")
    jobs = Jobs()
    jobs.alive.add(company_job)

    assert await fail_orphaned_runs(jobs, ListSink(), now=NOW) == [stale.id]
    assert company_job in jobs.asked
    assert (await SyncRun.get(id=alive.id)).status is SyncRunStatus.RUNNING
    # Records it synced before the worker stopped still count: it ends with its reason.
    assert (await SyncRun.get(id=stale.id)).error == ORPHANED


async def test_finished_runs_are_never_touched(firm) -> None:
    done = await _run(firm, SyncKind.PUSH_INVOICES, timedelta(days=1))
    await RunReporter(done, ListSink()).finish()
    await SyncRun.filter(id=done.id).update(updated_at=NOW - timedelta(days=1))

    assert await fail_orphaned_runs(Jobs(), ListSink(), now=NOW) == []
    assert (await SyncRun.get(id=done.id)).status is SyncRunStatus.SUCCEEDED
