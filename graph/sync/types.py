"""GraphQL types of sync runs, their items, the audit trail, and live progress events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader

from core.errors import ValidationFailed
from core.models import Activity, SyncRun, SyncRunItem, User
from core.models.enums import (
    ActivitySource,
    Entity,
    ItemOutcome,
    SyncKind,
    SyncRunStatus,
    SyncTrigger,
)
from graph.context import Info
from graph.errors import PublicError
from graph.ids import Node, encode_id, entity_id
from graph.pagination import Connection, after_argument, paginate
from graph.viewer import UserNode

SYNC_RUN_TYPE = "SyncRun"

strawberry.enum(SyncKind, description="What a sync run does.")
strawberry.enum(SyncTrigger, description="What started a sync run.")
strawberry.enum(
    SyncRunStatus,
    description="A sync run's state: QUEUED, then RUNNING, then SUCCEEDED, PARTIAL (some "
    "records failed) or FAILED.",
)
strawberry.enum(ItemOutcome, description="The outcome for one record in a sync run.")
strawberry.enum(ActivitySource, description="Who performed an audited action.")
strawberry.enum(Entity, description="A kind of record that is synced.")


def _users_loader(info: Info) -> DataLoader[UUID, UserNode | None]:
    async def load(keys: Sequence[UUID]) -> list[UserNode | None]:
        users = {user.id: user for user in await User.filter(id__in=list(keys))}
        return [UserNode.from_model(users[k]) if k in users else None for k in keys]

    return info.context.loaders.get(lambda: DataLoader(load_fn=load), key="sync.users")


async def load_user(info: Info, user_id: UUID | None) -> UserNode | None:
    """The user with this id, batched per request; None for no id or a deleted user."""
    if user_id is None:
        return None
    return await _users_loader(info).load(user_id)


@strawberry.type(description="The outcome for one record in a sync run.")
class SyncRunItemNode:
    """One record's outcome."""

    id: strawberry.ID
    entity: Entity = strawberry.field(description="The kind of record.")
    local_id: strawberry.ID | None = strawberry.field(
        description="The record's Ledgersync ID (an Invoice ID for an estimate or a bad-debt "
        "credit memo), accepted by `node(id:)`; null when it has none."
    )
    remote_id: str | None = strawberry.field(
        description="The record's id in the accounting platform, when it has one."
    )
    label: str = strawberry.field(description="A human label, e.g. `Invoice 1042`.")
    outcome: ItemOutcome
    action: str = strawberry.field(
        description="What was done, e.g. `MARKED_OVERDUE`, `CREATED`, `UPDATED`."
    )
    error_code: str | None = strawberry.field(description="A stable code when the record failed.")
    message: str | None = strawberry.field(description="Why it failed, or the warning.")
    hint: str | None = strawberry.field(description="What to do about the failure.")
    created_at: datetime = strawberry.field(description="When the outcome was recorded (UTC).")

    @classmethod
    def from_model(cls, item: SyncRunItem) -> SyncRunItemNode:
        """Build from the model."""
        return cls(
            id=encode_id("SyncRunItem", str(item.id)),
            entity=item.entity,
            local_id=entity_id(item.entity, item.local_id) if item.local_id else None,
            remote_id=item.remote_id,
            label=item.label,
            outcome=item.outcome,
            action=item.action,
            error_code=item.error_code,
            message=item.message,
            hint=item.hint,
            created_at=item.created_at,
        )


@strawberry.type(description="An audit entry: who did what to which record, and when.")
class ActivityNode:
    """One audited action."""

    id: strawberry.ID
    source: ActivitySource = strawberry.field(
        description="USER for a person, SYSTEM for Ledgersync itself (e.g. the overdue sweep), "
        "PROVIDER for a change that came from the accounting platform."
    )
    action: str = strawberry.field(description="A stable action name, e.g. `invoice.overdue`.")
    subject_type: str = strawberry.field(
        description="What kind of record the entry is about: Invoice, Estimate, Customer, Item, "
        "Payment, Refund, Connection or SyncRun."
    )
    subject_id: strawberry.ID | None = strawberry.field(
        description="The subject's ID, accepted by `node(id:)` and by the query of its type: "
        "`invoice` (an Invoice or an Estimate), `customer`, `item`, `connection` or `syncRun`."
    )
    description: str = strawberry.field(description="A sentence for people.")
    ip_address: str | None = strawberry.field(description="The actor's IP address, for users.")
    created_at: datetime = strawberry.field(description="When it happened (UTC).")
    actor_user_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The user who acted; null for system and provider actions.")
    async def actor(self, info: Info) -> UserNode | None:
        """Loaded in batches per request."""
        return await load_user(info, self.actor_user_id)

    @classmethod
    def from_model(cls, activity: Activity) -> ActivityNode:
        """Build from the model."""
        subject = activity.subject_id
        return cls(
            id=encode_id("Activity", str(activity.id)),
            source=activity.source,
            action=activity.action,
            subject_type=activity.subject_type,
            subject_id=encode_id(activity.subject_type, subject) if subject else None,
            description=activity.description,
            ip_address=activity.ip_address,
            created_at=activity.created_at,
            actor_user_id=activity.actor_id,  # type: ignore[attr-defined]
        )


async def activity_nodes(rows: Sequence[Activity]) -> list[ActivityNode]:
    """Convert a page of activities (actors are loaded lazily, in one batch)."""
    return [ActivityNode.from_model(row) for row in rows]


async def item_nodes(rows: Sequence[SyncRunItem]) -> list[SyncRunItemNode]:
    """Convert a page of run items."""
    return [SyncRunItemNode.from_model(row) for row in rows]


@strawberry.type(description="One run of a sync job: what it did, who started it, and how it went.")
class SyncRunNode(Node):
    """A sync run with its counters; its per-record outcomes are under `items`."""

    id: strawberry.ID
    kind: SyncKind
    trigger: SyncTrigger = strawberry.field(
        description="USER (a mutation), SCHEDULE (the hourly job), WEBHOOK or AUTO."
    )
    status: SyncRunStatus
    total: int = strawberry.field(description="How many records the run will process.")
    processed: int = strawberry.field(description="How many records it has processed so far.")
    succeeded: int
    failed: int
    skipped: int
    error: str | None = strawberry.field(description="Why the whole run failed, when it did.")
    waiting_reason: str | None = strawberry.field(
        description="What a WAITING run waits for (e.g. the Web Connector's next poll); null "
        "otherwise.",
    )
    created_at: datetime = strawberry.field(description="When the run was queued (UTC).")
    started_at: datetime | None = strawberry.field(description="When a worker started it (UTC).")
    finished_at: datetime | None = strawberry.field(description="When it ended (UTC).")
    run_pk: strawberry.Private[UUID]
    started_by_user_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The user who started the run; null for scheduled runs.")
    async def started_by(self, info: Info) -> UserNode | None:
        """Loaded in batches per request."""
        return await load_user(info, self.started_by_user_id)

    @strawberry.field(
        description="The run's per-record outcomes, newest first. Ask for them on `syncRun(id)`: "
        "inside the `syncRuns` list each run's items cost one more database round trip."
    )
    async def items(
        self,
        first: Annotated[
            int | None,
            strawberry.argument(description="How many items: 1 to 200, 50 when omitted."),
        ] = None,
        after: Annotated[
            str | None, after_argument("The `endCursor` of the previous page.")
        ] = None,
    ) -> Connection[SyncRunItemNode]:
        """One page of the run's items."""
        queryset = SyncRunItem.filter(run_id=self.run_pk)
        try:
            return await paginate(queryset, first=first, after=after, to_node=item_nodes)
        except ValidationFailed as exc:
            raise PublicError(exc.message) from None

    @classmethod
    def from_model(cls, run: SyncRun) -> SyncRunNode:
        """Build from the model."""
        return cls(
            id=encode_id(SYNC_RUN_TYPE, run.id),
            kind=run.kind,
            trigger=run.trigger,
            status=run.status,
            total=run.total,
            processed=run.processed,
            succeeded=run.succeeded,
            failed=run.failed,
            skipped=run.skipped,
            error=run.error,
            waiting_reason=run.waiting_reason if run.status is SyncRunStatus.WAITING else None,
            created_at=run.created_at,
            started_at=run.started_at,
            finished_at=run.finished_at,
            run_pk=run.id,
            started_by_user_id=run.started_by_id,  # type: ignore[attr-defined]
        )


async def run_nodes(rows: Sequence[SyncRun]) -> list[SyncRunNode]:
    """Convert a page of runs (their starters are loaded lazily, in one batch)."""
    return [SyncRunNode.from_model(row) for row in rows]
