"""GraphQL types of a sync run's live progress events (the syncProgress subscription)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from core import events as ev
from core.models import SyncRun
from core.models.enums import Entity, SyncKind, SyncRunStatus
from graph.ids import encode_id, entity_id
from graph.sync.types import SYNC_RUN_TYPE


def _event_fields(event: ev.SyncEvent) -> dict[str, object]:
    return {
        "run_id": encode_id(SYNC_RUN_TYPE, event.run_id),
        "seq": event.seq,
        "at": datetime.fromisoformat(event.at),
    }


@strawberry.interface(description="Fields every live progress event of a sync run has.")
class SyncRunEvent:
    """The common part of progress events."""

    run_id: strawberry.ID = strawberry.field(description="The SyncRun the event belongs to.")
    seq: int = strawberry.field(
        description="Live events are numbered 1, 2, 3… in the order they happened in their run. "
        "A SyncSnapshot carries the number of the last event it includes (0 when the run has had "
        "none yet), so a subscriber skips any event whose `seq` is not larger."
    )
    at: datetime = strawberry.field(description="When the event happened (UTC).")


@strawberry.type(
    name="SyncSnapshot",
    description="The run's state when you subscribed: always the first event. Live events "
    "follow with larger `seq`; none follows if `status` is already terminal.",
)
class SyncSnapshotEvent(SyncRunEvent):
    """The stored snapshot of a run."""

    seq: int = strawberry.field(
        description="The `seq` of the last event this snapshot includes; 0 when the run has had "
        "no event yet (a QUEUED run). Every live event that follows has a larger `seq`."
    )
    kind: SyncKind
    status: SyncRunStatus
    total: int = strawberry.field(description="How many records the run will process.")
    processed: int
    succeeded: int
    failed: int
    skipped: int
    error: str | None = strawberry.field(description="Why the run failed, when it did.")
    waiting_reason: str | None = strawberry.field(
        default=None,
        description="While `status` is WAITING: what the run waits for (e.g. the QuickBooks Web "
        "Connector's next poll), as the SyncWaiting event said; null otherwise.",
    )

    @classmethod
    def from_run(cls, run: SyncRun) -> SyncSnapshotEvent:
        """Build from the run row (its counters and last event number)."""
        return cls(
            run_id=encode_id(SYNC_RUN_TYPE, run.id),
            seq=run.last_event_seq,
            at=run.updated_at,
            kind=run.kind,
            status=run.status,
            total=run.total,
            processed=run.processed,
            succeeded=run.succeeded,
            failed=run.failed,
            skipped=run.skipped,
            error=run.error,
            waiting_reason=run.waiting_reason if run.status is SyncRunStatus.WAITING else None,
        )


@strawberry.type(name="SyncStarted", description="The run started.")
class SyncStartedEvent(SyncRunEvent):
    """The first live event of a run."""

    kind: SyncKind
    total: int = strawberry.field(description="How many records the run will process.")


@strawberry.type(name="RecordSynced", description="One record was processed successfully.")
class RecordSyncedEvent(SyncRunEvent):
    """A record's success."""

    entity: Entity
    local_id: strawberry.ID | None = strawberry.field(description="The record's Ledgersync ID.")
    remote_id: str | None = strawberry.field(description="Its id in the accounting platform.")
    label: str = strawberry.field(description="A human label, e.g. `Invoice 1042`.")
    action: str = strawberry.field(description="What was done, e.g. `MARKED_OVERDUE`.")
    warning: str | None = strawberry.field(description="A warning worth showing, if any.")


@strawberry.type(name="RecordFailed", description="One record failed; the run continues.")
class RecordFailedEvent(SyncRunEvent):
    """A record's failure, with what to do about it."""

    entity: Entity
    local_id: strawberry.ID | None = strawberry.field(description="The record's Ledgersync ID.")
    label: str = strawberry.field(description="A human label, e.g. `Invoice 1042`.")
    error_code: str = strawberry.field(description="A stable code to branch on.")
    message: str = strawberry.field(description="What went wrong.")
    hint: str | None = strawberry.field(description="What to do about it.")


@strawberry.type(name="SyncProgress", description="The run's counters so far.")
class ProgressEvent(SyncRunEvent):
    """Counters."""

    total: int
    processed: int
    succeeded: int
    failed: int
    skipped: int


@strawberry.type(
    name="SyncWaiting",
    description="The run is WAITING for the platform to answer later (e.g. the Web Connector's "
    "next poll); events follow when it resumes.",
)
class SyncWaitingEvent(SyncRunEvent):
    """The run is parked."""

    reason: str = strawberry.field(description="What the run waits for.")


@strawberry.type(name="SyncFinished", description="The run is over; the subscription ends.")
class SyncFinishedEvent(SyncRunEvent):
    """The terminal event."""

    status: SyncRunStatus
    total: int
    processed: int
    succeeded: int
    failed: int
    skipped: int
    error: str | None = strawberry.field(description="Why the run failed, when it did.")


SyncProgressEvent = Annotated[
    SyncSnapshotEvent
    | SyncStartedEvent
    | RecordSyncedEvent
    | RecordFailedEvent
    | ProgressEvent
    | SyncWaitingEvent
    | SyncFinishedEvent,
    strawberry.union(
        "SyncProgressEvent",
        description="A live event of a sync run. Select `__typename` and use fragments.",
    ),
]


def _local_id(entity: str, local_id: str | None) -> strawberry.ID | None:
    return entity_id(Entity(entity), local_id) if local_id else None


def to_graphql_event(event: ev.SyncEvent) -> SyncProgressEvent:
    """The GraphQL value of a core event."""
    common = _event_fields(event)
    match event:
        case ev.SyncStarted():
            return SyncStartedEvent(**common, kind=SyncKind(event.kind), total=event.total)  # type: ignore[arg-type]
        case ev.RecordSynced():
            return RecordSyncedEvent(
                **common,  # type: ignore[arg-type]
                entity=Entity(event.entity),
                local_id=_local_id(event.entity, event.local_id),
                remote_id=event.remote_id,
                label=event.label,
                action=event.action,
                warning=event.warning,
            )
        case ev.RecordFailed():
            return RecordFailedEvent(
                **common,  # type: ignore[arg-type]
                entity=Entity(event.entity),
                local_id=_local_id(event.entity, event.local_id),
                label=event.label,
                error_code=event.error_code,
                message=event.message,
                hint=event.hint,
            )
        case ev.Progress():
            return ProgressEvent(
                **common,  # type: ignore[arg-type]
                total=event.total,
                processed=event.processed,
                succeeded=event.succeeded,
                failed=event.failed,
                skipped=event.skipped,
            )
        case ev.SyncWaiting():
            return SyncWaitingEvent(**common, reason=event.reason)  # type: ignore[arg-type]
    assert isinstance(event, ev.SyncFinished)
    return SyncFinishedEvent(
        **common,  # type: ignore[arg-type]
        status=SyncRunStatus(event.status),
        total=event.total,
        processed=event.processed,
        succeeded=event.succeeded,
        failed=event.failed,
        skipped=event.skipped,
        error=event.error,
    )
