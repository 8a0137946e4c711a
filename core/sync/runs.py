"""Sync runs: creating them, and reporting their progress while they execute.

A :class:`RunReporter` is the one writer of a running SyncRun. For every event it first stores
the counters, the new ``last_event_seq`` and the latest snapshot on the SyncRun row, and only then
publishes the event. A subscriber that subscribes before reading the snapshot therefore sees every
event exactly once: those at or below the snapshot's seq are in the snapshot, the rest arrive live.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from uuid import UUID

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.errors import InvalidState, NotFound
from core.events import (
    EventSink,
    Progress,
    RecordFailed,
    RecordSynced,
    SyncEvent,
    SyncFinished,
    SyncStarted,
    SyncWaiting,
)
from core.models import SyncRun, SyncRunItem
from core.models.enums import Entity, ItemOutcome, SyncKind, SyncRunStatus, SyncTrigger
from core.sync.retry import DIRECT, Attempt
from core.sync.waiting import Resume

SNAPSHOT_TYPE = "Snapshot"
_COUNTER_FIELDS = (
    "total",
    "processed",
    "succeeded",
    "failed",
    "skipped",
    "last_event_seq",
    "snapshot",
    "updated_at",
)

logger = logging.getLogger("ledgersync.sync")


async def create_run(
    *,
    firm_id: UUID,
    kind: SyncKind,
    trigger: SyncTrigger,
    started_by_id: UUID | None = None,
    connection_id: UUID | None = None,
) -> SyncRun:
    """Record a new run in state QUEUED, with an initial snapshot (seq 0)."""
    run = await SyncRun.create(
        firm_id=firm_id,
        kind=kind,
        trigger=trigger,
        started_by_id=started_by_id,
        connection_id=connection_id,
        status=SyncRunStatus.QUEUED,
    )
    run.snapshot = run_snapshot(run)
    await run.save(update_fields=["snapshot"])
    return run


async def fail_queued_run(run: SyncRun, error: str) -> None:
    """Mark a run that never reached a worker as FAILED (for example, the queue was down)."""
    run.status = SyncRunStatus.FAILED
    run.error = error
    run.finished_at = datetime.now(UTC)
    run.snapshot = run_snapshot(run)
    await run.save(update_fields=["status", "error", "finished_at", "snapshot", "updated_at"])


def run_snapshot(run: SyncRun) -> dict[str, object]:
    """The run's state as a JSON-ready dict: what a late subscriber is shown first."""
    return {
        "type": SNAPSHOT_TYPE,
        "run_id": str(run.id),
        "firm_id": str(run.firm_id),  # type: ignore[attr-defined]
        "seq": run.last_event_seq,
        "kind": run.kind.value,
        "status": run.status.value,
        "total": run.total,
        "processed": run.processed,
        "succeeded": run.succeeded,
        "failed": run.failed,
        "skipped": run.skipped,
        "error": run.error,
        "at": datetime.now(UTC).isoformat(),
    }


def final_status(*, succeeded: int, failed: int, error: str | None) -> SyncRunStatus:
    """FAILED on a run-level error or when nothing succeeded but something failed; PARTIAL when
    some records failed; SUCCEEDED otherwise (an empty run succeeds)."""
    if error is not None or (failed and not succeeded):
        return SyncRunStatus.FAILED
    if failed:
        return SyncRunStatus.PARTIAL
    return SyncRunStatus.SUCCEEDED


class RunReporter:
    """Moves one SyncRun through RUNNING to a terminal state, recording and publishing progress.

    Use :meth:`open` to load the run; then :meth:`start`, one ``record_*`` call per record, and
    :meth:`finish`. Every call stores the run row before it publishes, so the stored snapshot is
    never behind a published event.
    """

    def __init__(self, run: SyncRun, sink: EventSink) -> None:
        self.run = run
        self._sink = sink
        #: The try being executed and its retry policy (set by the run executor).
        self.attempt: Attempt = DIRECT
        #: How to queue the run again should it park (set by the run executor).
        self.resume: Resume | None = None
        self._run_id = str(run.id)
        self._firm_id = str(run.firm_id)  # type: ignore[attr-defined]
        # While a page is deferred (see :meth:`deferred`): its items and events, held back.
        self._items: list[SyncRunItem] | None = None
        self._events: list[SyncEvent] = []

    @classmethod
    async def open(cls, run_id: UUID, sink: EventSink) -> RunReporter:
        """Load a run that has not finished yet; NotFound or InvalidState otherwise."""
        run = await SyncRun.get_or_none(id=run_id)
        if run is None:
            raise NotFound(f"sync run {run_id} does not exist")
        if run.status.is_terminal:
            raise InvalidState(f"sync run {run_id} has already finished ({run.status.value})")
        return cls(run, sink)

    @property
    def seq(self) -> int:
        """The sequence number of the latest event."""
        return self.run.last_event_seq

    def _next_seq(self) -> int:
        self.run.last_event_seq += 1
        return self.run.last_event_seq

    @asynccontextmanager
    async def deferred(self) -> AsyncIterator[None]:
        """Hold back the items and events of one page until :meth:`store_deferred` and the end.

        Inside the block every ``record_*`` call only counts and queues; the caller stores the
        queued items and the run row with one :meth:`store_deferred` inside its transaction, and
        the events are published when the block ends without an error (after that transaction
        committed, so the stored snapshot is never behind a published event). When the block
        raises, the counters go back to what they were and nothing is stored or published.
        """
        if self._items is not None:
            raise RuntimeError("a deferred page is already open")
        run = self.run
        saved = (run.total, run.processed, run.succeeded, run.failed, run.skipped)
        saved_seq = run.last_event_seq
        self._items, self._events = [], []
        try:
            yield
        except BaseException:
            run.total, run.processed, run.succeeded, run.failed, run.skipped = saved
            run.last_event_seq = saved_seq
            raise
        finally:
            events, self._items, self._events = self._events, None, []
        for event in events:
            await self._publish(event)

    async def store_deferred(self) -> None:
        """Store the queued items and the run row of a deferred page: two statements."""
        if self._items is None:
            raise RuntimeError("no deferred page is open")
        if self._items:
            await SyncRunItem.bulk_create(self._items)
            self._items = []
        self.run.snapshot = run_snapshot(self.run)
        await self.run.save(update_fields=_COUNTER_FIELDS)

    async def _store(self, *extra_fields: str) -> None:
        if self._items is not None and not extra_fields:
            return  # stored by store_deferred
        self.run.snapshot = run_snapshot(self.run)
        await self.run.save(update_fields=[*_COUNTER_FIELDS, *extra_fields])

    async def _store_and_publish(self, event: SyncEvent, *extra_fields: str) -> None:
        if self._items is not None and not extra_fields:
            self._events.append(event)
            return
        await self._store(*extra_fields)
        await self._publish(event)

    async def _publish(self, event: SyncEvent) -> None:
        try:
            await self._sink.publish(event)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            # The stored snapshot is the truth a subscriber reads first; a lost Redis costs
            # live subscribers an event, never the run its work.
            logger.warning(
                "sync run %s: event %d not published (%s)",
                self._run_id,
                event.seq,
                type(exc).__name__,
            )

    async def start(self, total: int) -> None:
        """Mark the run RUNNING and announce how many records it will process."""
        self.run.status = SyncRunStatus.RUNNING
        self.run.started_at = datetime.now(UTC)
        self.run.total = total
        event = SyncStarted(
            run_id=self._run_id,
            firm_id=self._firm_id,
            seq=self._next_seq(),
            kind=self.run.kind.value,
            total=total,
        )
        await self._store_and_publish(event, "status", "started_at")

    async def _write_item(
        self,
        *,
        entity: Entity,
        local_id: UUID | None,
        outcome: ItemOutcome,
        label: str,
        action: str = "",
        remote_id: str | None = None,
        error_code: str | None = None,
        message: str | None = None,
        hint: str | None = None,
    ) -> None:
        item = SyncRunItem(
            run_id=self.run.id,
            entity=entity,
            local_id=local_id,
            remote_id=remote_id,
            label=label[:255],
            outcome=outcome,
            action=action,
            error_code=error_code,
            message=message,
            hint=hint,
        )
        if self._items is not None:
            self._items.append(item)
        else:
            await item.save()
        self.run.processed += 1

    async def record_synced(
        self,
        *,
        entity: Entity,
        local_id: UUID | None,
        label: str,
        action: str,
        remote_id: str | None = None,
        warning: str | None = None,
    ) -> None:
        """Record one record processed successfully (WARNING outcome when ``warning`` is set)."""
        outcome = ItemOutcome.WARNING if warning else ItemOutcome.SUCCEEDED
        await self._write_item(
            entity=entity,
            local_id=local_id,
            outcome=outcome,
            label=label,
            action=action,
            remote_id=remote_id,
            message=warning,
        )
        self.run.succeeded += 1
        event = RecordSynced(
            run_id=self._run_id,
            firm_id=self._firm_id,
            seq=self._next_seq(),
            entity=entity.value,
            local_id=str(local_id) if local_id else None,
            remote_id=remote_id,
            label=label,
            action=action,
            warning=warning,
        )
        await self._store_and_publish(event)

    async def record_failed(
        self,
        *,
        entity: Entity,
        local_id: UUID | None,
        label: str,
        error_code: str,
        message: str,
        hint: str | None = None,
    ) -> None:
        """Record one record that failed, with an actionable code, message and hint."""
        await self._write_item(
            entity=entity,
            local_id=local_id,
            outcome=ItemOutcome.FAILED,
            label=label,
            error_code=error_code,
            message=message,
            hint=hint,
        )
        self.run.failed += 1
        event = RecordFailed(
            run_id=self._run_id,
            firm_id=self._firm_id,
            seq=self._next_seq(),
            entity=entity.value,
            local_id=str(local_id) if local_id else None,
            label=label,
            error_code=error_code,
            message=message,
            hint=hint,
        )
        await self._store_and_publish(event)

    async def record_skipped(
        self,
        *,
        entity: Entity,
        local_id: UUID | None,
        label: str,
        message: str,
        remote_id: str | None = None,
    ) -> None:
        """Record one record left alone on purpose.

        It has no event of its own: the counters reach subscribers with the next Progress.
        """
        await self._write_item(
            entity=entity,
            local_id=local_id,
            outcome=ItemOutcome.SKIPPED,
            label=label,
            message=message,
            remote_id=remote_id,
        )
        self.run.skipped += 1
        await self._store()

    async def progress(self) -> None:
        """Publish the counters so far."""
        run = self.run
        event = Progress(
            run_id=self._run_id,
            firm_id=self._firm_id,
            seq=self._next_seq(),
            total=run.total,
            processed=run.processed,
            succeeded=run.succeeded,
            failed=run.failed,
            skipped=run.skipped,
        )
        await self._store_and_publish(event)

    async def park(self, reason: str, *, resume: Resume | None = None) -> None:
        """Mark the run WAITING for ``reason`` (the platform answers later) and announce it.

        The run is not finished: executing it again resumes it from its checkpoints and intents;
        ``resume`` (the job that executes it) is stored with it, in the same write, so the
        answers can queue it again however soon they come.
        """
        run = self.run
        fields = ["status", "waiting_reason", "waiting_since"]
        resume = resume or self.resume
        if resume is not None:
            run.resume = resume.recorded(run.resume)
            fields.append("resume")
        run.status = SyncRunStatus.WAITING
        run.waiting_reason = reason
        if run.waiting_since is None:
            run.waiting_since = datetime.now(UTC)
        event = SyncWaiting(
            run_id=self._run_id, firm_id=self._firm_id, seq=self._next_seq(), reason=reason
        )
        await self._store_and_publish(event, *fields)

    async def finish(self, error: str | None = None) -> SyncRunStatus:
        """End the run (FAILED when ``error`` is given) and publish the terminal event."""
        run = self.run
        run.waiting_reason = None  # type: ignore[assignment]
        run.status = final_status(succeeded=run.succeeded, failed=run.failed, error=error)
        run.error = error  # type: ignore[assignment]
        run.finished_at = datetime.now(UTC)
        event = SyncFinished(
            run_id=self._run_id,
            firm_id=self._firm_id,
            seq=self._next_seq(),
            status=run.status.value,
            total=run.total,
            processed=run.processed,
            succeeded=run.succeeded,
            failed=run.failed,
            skipped=run.skipped,
            error=error,
        )
        await self._store_and_publish(event, "status", "error", "finished_at", "waiting_reason")
        return run.status
