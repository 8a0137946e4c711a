"""Runs a stopped worker left unfinished: found and closed with a reason the user can act on.

A worker process can die in the middle of a run (deployment, out-of-memory kill, crash). The
queue keeps its job and another worker takes it up once the dead worker's job lease lapses
(``LEDGERSYNC_JOB_LEASE_SECONDS``); the run resumes from its checkpoints and write intents. But
the job queue can also lose a job (the embedded queue lives in the API process, a Redis without
persistence restarts empty), and such a run would stay QUEUED or RUNNING for ever. A run is
orphaned when the queue no longer holds its job queued, deferred or in progress, and the run has
not changed for ``JOB_GRACE`` (the gap between saving a run and queueing its job). A run's job is
the job with the run's id; a webhook run's is its company's webhook job.

Orphaned runs end like any other failed run (FAILED, with the reason below; the records they
synced stay synced), with the terminal event published, so subscribers and the history both see
how they ended. A WAITING run is never orphaned: it has no job while it waits for a polling
agent (:mod:`core.sync.waiting`); once resumed, its job is the resumption's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from core.events import EventSink
from core.models import Connection, ReconciliationReport, SyncRun
from core.models.enums import ReportStatus, SyncKind, SyncRunStatus
from core.sync.runs import RunReporter
from core.sync.waiting import resume_job_id
from core.sync.webhook_runs import webhook_job_id

#: Whether the queue still holds a job with this id queued, deferred or in progress.
JobAlive = Callable[[str], Awaitable[bool]]

JOB_GRACE = timedelta(minutes=2)

ORPHANED = (
    "The worker running this sync stopped before it finished (it was restarted or it crashed). "
    "Records listed as synced were synced; run the sync again for the rest: nothing already "
    "synced is sent twice."
)


async def fail_orphaned_runs(
    job_alive: JobAlive, sink: EventSink, *, now: datetime | None = None
) -> list[UUID]:
    """End every orphaned run; return their ids."""
    now = now or datetime.now(UTC)
    unfinished = await SyncRun.filter(
        status__in=[SyncRunStatus.QUEUED, SyncRunStatus.RUNNING],
        updated_at__lt=now - JOB_GRACE,
    ).order_by("created_at")
    ended: list[UUID] = []
    for run in unfinished:
        job_id = await _job_of(run)
        if job_id is not None and await job_alive(job_id):
            continue
        await RunReporter(run, sink).finish(ORPHANED)
        # A reconciliation's report would otherwise say RUNNING for ever.
        await ReconciliationReport.filter(run_id=run.id, status=ReportStatus.RUNNING).update(
            status=ReportStatus.FAILED, error=ORPHANED, finished_at=now
        )
        ended.append(run.id)
    return ended


async def _job_of(run: SyncRun) -> str | None:
    """The id of the job that works on the run (None: a webhook run without its connection)."""
    if run.kind is not SyncKind.WEBHOOK:
        return resume_job_id(run)
    connection = await Connection.get_or_none(id=run.connection_id) if run.connection_id else None
    if connection is None or connection.remote_company_id is None:
        return None
    return webhook_job_id(connection.provider, connection.remote_company_id)
