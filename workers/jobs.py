"""Thin jobs: ids in, one core call, a small dict out."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import cast
from uuid import UUID

from arq.connections import ArqRedis
from arq.jobs import Job, JobStatus

from core.errors import InvalidState, NotFound
from core.events import EventSink
from core.models.enums import SyncTrigger
from core.queue import JobQueue
from core.services.overdue import (
    firms_with_past_due_invoices,
    queue_overdue_sweep,
    run_overdue_sweep,
)
from core.settings import Settings
from core.sync.reaper import fail_orphaned_runs
from core.sync.waiting import flag_long_waits

logger = logging.getLogger("ledgersync.worker")

MARK_OVERDUE_INVOICES = "mark_overdue_invoices"
#: A job that is still going to run, or running: its run is not orphaned.
LIVE_JOB = frozenset({JobStatus.queued, JobStatus.deferred, JobStatus.in_progress})


def _events(ctx: dict[str, object]) -> EventSink:
    return cast(EventSink, ctx["events"])


def _queue(ctx: dict[str, object]) -> JobQueue:
    return cast(JobQueue, ctx["queue"])


async def mark_overdue_invoices(ctx: dict[str, object], run_id: str) -> dict[str, object]:
    """Execute the queued overdue sweep ``run_id`` (a SyncRun id)."""
    try:
        result = await run_overdue_sweep(UUID(run_id), _events(ctx))
    except (NotFound, InvalidState) as exc:
        # A run deleted or already finished: retrying cannot help.
        logger.warning("overdue sweep %s not run: %s", run_id, exc.message)
        return {"run_id": run_id, "status": "NOT_RUN", "reason": exc.message}
    return {
        "run_id": run_id,
        "status": result.status.value,
        "marked": result.marked,
        "failed": result.failed,
    }


async def schedule_overdue_sweeps(ctx: dict[str, object]) -> dict[str, object]:
    """The hourly cron: queue one overdue sweep per firm that has past-due invoices."""
    queued = 0
    for firm_id in await firms_with_past_due_invoices():
        run = await queue_overdue_sweep(firm_id, trigger=SyncTrigger.SCHEDULE)
        if await _queue(ctx).enqueue(MARK_OVERDUE_INVOICES, str(run.id), job_id=str(run.id)):
            queued += 1
    return {"queued": queued}


async def end_orphaned_runs(ctx: dict[str, object]) -> dict[str, object]:
    """The cron: end the runs a stopped worker left unfinished; flag connections waiting long."""
    redis = cast(ArqRedis, ctx["redis"])

    async def job_alive(job_id: str) -> bool:
        return await Job(job_id, redis).status() in LIVE_JOB

    ended = await fail_orphaned_runs(job_alive, _events(ctx))
    if ended:
        logger.warning("ended %d sync runs left unfinished by a stopped worker", len(ended))
    settings = ctx.get("settings")
    minutes = settings.waiting_alert_minutes if isinstance(settings, Settings) else 180.0
    late = await flag_long_waits(timedelta(minutes=minutes))
    result: dict[str, object] = {"ended": [str(run_id) for run_id in ended]}
    if late:
        result["late"] = [str(connection_id) for connection_id in late]
    return result
