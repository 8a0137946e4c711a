"""Runs a stopped worker left unfinished: found and closed with a reason the user can act on.

A worker process can die in the middle of a run (deployment, out-of-memory kill, crash), and
the job queue can lose a job (the embedded queue lives in the API process). Such a run would
stay QUEUED or RUNNING for ever. A run is orphaned when nothing can still work on it:

- a run with a job (its job id is the run id): the queue no longer holds that job queued,
  deferred or in progress, and the run has not changed for ``JOB_GRACE`` (the gap between
  saving a run and queueing its job);
- a webhook run (made inside the webhook job, so it has no job of its own): it has not changed
  for ``WEBHOOK_ORPHAN_AFTER``, longer than any job may run before the worker cancels it.

Orphaned runs end like any other failed run (FAILED, with the reason below; the records they
synced stay synced), with the terminal event published, so subscribers and the history both see
how they ended.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from core.events import EventSink
from core.models import SyncRun
from core.models.enums import SyncKind, SyncRunStatus
from core.sync.runs import RunReporter

#: Whether the queue still holds a job with this id queued, deferred or in progress.
JobAlive = Callable[[str], Awaitable[bool]]

JOB_GRACE = timedelta(minutes=2)
#: The worker's job timeout is 10 minutes; a webhook run untouched for longer has no job left.
WEBHOOK_ORPHAN_AFTER = timedelta(minutes=15)

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
        if run.kind is SyncKind.WEBHOOK:
            if run.updated_at > now - WEBHOOK_ORPHAN_AFTER:
                continue
        elif await job_alive(str(run.id)):
            continue
        await RunReporter(run, sink).finish(ORPHANED)
        ended.append(run.id)
    return ended
