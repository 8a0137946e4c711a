"""Runs that wait for a platform that answers later: resuming them, and saying when it is late.

A provider that cannot be called (an agent on the customer's machine polls for work, e.g. the
QuickBooks Web Connector) records its requests in the request ledger and raises
:class:`~core.sync.ports.AwaitingProvider`; the executor parks the run as WAITING. The job that
executed it is remembered with the run, as it parks, so it can be queued again
(:class:`Resume`). When the agent brings the
answers, :class:`ResumeHooks` queues the same run again: it resumes from its checkpoints and
write intents, through the same executor and the same operation (no second code path).

A run never waits on a disconnected connection: disconnecting ends the runs that wait
(:func:`core.sync.disconnected.end_waiting_runs`), and a run that parks after the disconnect
ends at once.

The reaper never fails a WAITING run; :func:`flag_long_waits` instead says on the connection
that the agent has not polled for a long time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from core.models import AgentLogin, Connection, SyncRun
from core.models.enums import SyncRunStatus
from core.queue import JobQueue

logger = logging.getLogger("ledgersync.sync")

#: The runs of a connection that will still queue requests (they are executing, or queued).
ACTIVE = (SyncRunStatus.QUEUED, SyncRunStatus.RUNNING)


def resume_job_id(run: SyncRun) -> str:
    """The id of the job that currently works on the run (the run's id until it is resumed)."""
    resume = run.resume or {}
    job_id = resume.get("job_id")
    return job_id if isinstance(job_id, str) else str(run.id)


@dataclass(frozen=True, slots=True)
class Resume:
    """How to queue a run again: the job that executes it, with its arguments (JSON values)."""

    job: str
    args: tuple[object, ...]

    def recorded(self, previous: dict[str, object] | None) -> dict[str, object]:
        """The run's ``resume`` column for this job, keeping the count of resumptions so far."""
        previous = previous or {}
        count = previous.get("resumes", 0)
        return {
            "job": self.job,
            "args": [str(arg) if isinstance(arg, UUID) else arg for arg in self.args],
            "job_id": previous.get("job_id"),
            "resumes": count if isinstance(count, int) else 0,
        }


async def resume_runs(queue: JobQueue, connection_id: UUID, run_ids: set[UUID]) -> list[UUID]:
    """Queue the WAITING runs ``run_ids`` of the connection again; return those queued.

    The status moves WAITING → QUEUED with a compare-and-swap, so two processes told about the
    same answers queue a run once. Each resumption is a new job (a finished job's id is kept by
    the queue), and the run remembers it, so the reaper watches the right job.
    """
    resumed: list[UUID] = []
    runs = await SyncRun.filter(
        id__in=list(run_ids), connection_id=connection_id, status=SyncRunStatus.WAITING
    )
    for run in runs:
        resume = dict(run.resume or {})
        job, args = resume.get("job"), resume.get("args")
        if not isinstance(job, str) or not isinstance(args, list):
            logger.warning("sync run %s waits but does not say how to resume", run.id)
            continue
        done = resume.get("resumes", 0)
        count = (done if isinstance(done, int) else 0) + 1
        resume.update(resumes=count, job_id=f"{run.id}:resume:{count}")
        swapped = await SyncRun.filter(id=run.id, status=SyncRunStatus.WAITING).update(
            status=SyncRunStatus.QUEUED, resume=resume
        )
        if not swapped:
            continue
        await queue.enqueue(job, *args, job_id=str(resume["job_id"]))
        resumed.append(run.id)
    return resumed


class ResumeHooks:
    """What a polling agent's endpoint tells the engine (the request-queue role's hooks)."""

    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue

    async def expects_more(self, connection_id: UUID) -> bool:
        """Whether runs of the connection are queued or executing (they may queue requests)."""
        return await SyncRun.filter(connection_id=connection_id, status__in=ACTIVE).exists()

    async def answered(self, connection_id: UUID, run_ids: set[UUID]) -> None:
        """Requests of these runs were answered: queue them again so they resume."""
        resumed = await resume_runs(self.queue, connection_id, run_ids)
        if resumed:
            logger.info("resumed %d waiting sync runs", len(resumed))


def late_message(last_polled_at: datetime | None, waiting_since: datetime) -> str:
    """What the connection says when its runs have waited too long."""
    if last_polled_at is None:
        return (
            f"Syncs have waited since {waiting_since:%Y-%m-%d %H:%M} UTC and the connector has "
            "never polled: check that it is installed, scheduled (Auto-Run) and can reach "
            "Ledgersync."
        )
    return (
        f"The connector has not polled since {last_polled_at:%Y-%m-%d %H:%M} UTC; syncs wait "
        "for it. Check that its computer is on and that it is scheduled (Auto-Run)."
    )


async def flag_long_waits(max_wait: timedelta, *, now: datetime | None = None) -> list[UUID]:
    """Say on each connection whose runs waited longer than ``max_wait`` that they are late.

    Returns the connections flagged. The runs keep waiting: they are never failed for it.
    """
    now = now or datetime.now(UTC)
    late = await SyncRun.filter(
        status=SyncRunStatus.WAITING, waiting_since__lt=now - max_wait
    ).order_by("waiting_since")
    flagged: list[UUID] = []
    for run in late:
        if run.connection_id is None or run.connection_id in flagged:
            continue
        login = await AgentLogin.get_or_none(connection_id=run.connection_id)
        polled = login.last_polled_at if login is not None else None
        if polled is not None and polled > now - max_wait:
            continue
        assert run.waiting_since is not None
        await Connection.filter(id=run.connection_id).update(
            last_error=late_message(polled, run.waiting_since)
        )
        flagged.append(run.connection_id)
    return flagged
