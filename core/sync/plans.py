"""Planning a push without writing anything: the engine runs, and everything it did is undone.

:func:`plan_push` runs the very push a sync would run (``push_invoices`` or ``push_customer``)
through a :class:`~core.sync.planning.PlanningSession`, so remote writes are recorded, not sent,
inside one database transaction that is rolled back at the end: the intents, claims, run and
run items, audit entries and locks the engine writes never persist, and its events go to a sink
that drops them. What the run recorded for each record, read just before the rollback, is the
plan. Then the plan is stored, in its own short transaction.

Two things must outlive the rollback: tokens the platform rotated during the plan's reads (the
newest refresh token must always be stored) are written back afterwards, guarded by the
credentials version; and nothing else (the connection's status and last sync stay as they were).

On SQLite the process has one connection, so other requests wait while a plan runs (plans are
bounded by the scope's limits); on PostgreSQL the plan holds one pooled connection and the row
locks it takes (an expired claim it takes over) until it ends.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise.transactions import in_transaction

from core.events import SyncEvent
from core.models import (
    Connection,
    Customer,
    ExternalMapping,
    Invoice,
    Item,
    PlanItem,
    SyncPlan,
    SyncRunItem,
)
from core.models.enums import (
    Entity,
    ItemOutcome,
    MappingState,
    PlanAction,
    SyncKind,
    SyncTrigger,
)
from core.sync.planning import PLANNED_ID_PREFIX, PlanningSession
from core.sync.push import push_invoices
from core.sync.push_customers import push_customer
from core.sync.runs import RunReporter, create_run
from core.sync.session import DailyBudget, ProviderSession

#: The push kinds a plan can be made for, and the entities their scope ids name.
PLANNABLE = {SyncKind.PUSH_INVOICES, SyncKind.PUSH_CUSTOMERS}

_PARTY_NAMES: dict[Entity, type[Customer] | type[Item]] = {
    Entity.CUSTOMER: Customer,
    Entity.ITEM: Item,
}

_SCOPE_ENTITIES = {
    SyncKind.PUSH_INVOICES: (Entity.INVOICE, Entity.ESTIMATE),
    SyncKind.PUSH_CUSTOMERS: (Entity.CUSTOMER,),
}

_CREDENTIAL_FIELDS = (
    "credentials",
    "credentials_version",
    "access_expires_at",
    "refresh_expires_at",
    "refresh_hard_expires_at",
)


class DroppedEvents:
    """An event sink that drops everything: a plan tells no subscriber about its run."""

    async def publish(self, event: SyncEvent) -> None:
        """Drop the event."""


@dataclass(frozen=True, slots=True)
class PlanScope:
    """What to plan: a push kind and the local ids it was asked for."""

    kind: SyncKind
    ids: tuple[UUID, ...]

    def as_json(self) -> dict[str, object]:
        """The scope as stored on the plan."""
        return {"kind": self.kind.value, "ids": [str(i) for i in self.ids]}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> PlanScope:
        """The scope stored on a plan."""
        raw = data.get("ids")
        ids = raw if isinstance(raw, list) else []
        return cls(SyncKind(str(data["kind"])), tuple(UUID(str(i)) for i in ids))


@dataclass(frozen=True, slots=True)
class PlannedRecord:
    """What the engine did with one record during the plan."""

    entity: Entity
    local_id: UUID
    label: str
    action: PlanAction
    reason: str | None
    error_code: str | None


@dataclass(slots=True)
class _Seen:
    """What the push did, read inside its transaction just before the rollback."""

    records: list[PlannedRecord] = field(default_factory=list)
    error: str | None = None
    connection: Connection | None = None


class _Undo(Exception):
    """Raised at the end of a plan to roll its transaction back."""


def plan_action(item: SyncRunItem) -> PlanAction:
    """The plan action of a run item: the same mapping for a plan's run and a real one."""
    if item.outcome is ItemOutcome.FAILED:
        return PlanAction.FAIL
    if item.outcome is ItemOutcome.SKIPPED:
        return PlanAction.SKIP
    return {
        "UPDATED": PlanAction.UPDATE,
        "VOIDED": PlanAction.VOID,
        "MATCHED": PlanAction.ADOPT,
    }.get(item.action, PlanAction.CREATE)


Push = Callable[..., Awaitable[object]]
_PUSHES: dict[SyncKind, Push] = {
    SyncKind.PUSH_INVOICES: lambda r, s, c, ids, platform: push_invoices(
        r, s, c, ids, platform=platform
    ),
    SyncKind.PUSH_CUSTOMERS: lambda r, s, c, ids, platform: push_customer(
        r, s, c, ids[0], platform=platform
    ),
}


async def fingerprints(connection: Connection, scope: PlanScope) -> dict[UUID, str]:
    """Each scope record's change stamp: its ``updated_at`` and its mapping's state and remote
    version on this connection. A different stamp later means the record changed, or another
    run synced it, since the plan."""
    firm_id: UUID = connection.firm_id  # type: ignore[attr-defined]
    model = Invoice if scope.kind is SyncKind.PUSH_INVOICES else Customer
    ids = list(scope.ids)
    rows = await model.filter(firm_id=firm_id, id__in=ids).values_list("id", "updated_at")
    mapped = await ExternalMapping.filter(
        firm_id=firm_id,
        provider=connection.provider,
        remote_company_id=connection.remote_company_id,
        local_id__in=ids,
        entity__in=list(_SCOPE_ENTITIES[scope.kind]),
    ).values_list("local_id", "state", "remote_version")
    mappings = {UUID(str(i)): f"{state}:{version or ''}" for i, state, version in mapped}
    return {
        UUID(str(i)): f"{stamp.isoformat()}|{mappings.get(UUID(str(i)), '')}" for i, stamp in rows
    }


async def plan_push(
    session: ProviderSession,
    connection: Connection,
    scope: PlanScope,
    *,
    platform: str,
    ttl: timedelta,
    started_by_id: UUID | None = None,
) -> SyncPlan:
    """Plan ``scope`` on ``connection`` through ``session`` and store the plan (see the module
    docstring). Errors the push raises (a throttle) propagate, leaving nothing behind."""
    if scope.kind not in PLANNABLE:
        raise ValueError(f"no plan for {scope.kind.value} runs")
    firm_id: UUID = connection.firm_id  # type: ignore[attr-defined]
    stamps = await fingerprints(connection, scope)
    known = await Connection.get(id=connection.id)
    planning = PlanningSession(session)
    budget = await _daily_calls_left(session)
    records, error, rotated = await _undone(planning, connection, scope, platform, started_by_id)
    await keep_rotated_tokens(known, rotated)
    return await _store(
        connection, scope, records, stamps, planning, budget, error, ttl=ttl, firm_id=firm_id
    )


async def _daily_calls_left(session: ProviderSession) -> int | None:
    if isinstance(session, DailyBudget):
        return await session.calls_remaining_today()
    return None


async def _undone(
    planning: PlanningSession,
    connection: Connection,
    scope: PlanScope,
    platform: str,
    started_by_id: UUID | None,
) -> tuple[list[PlannedRecord], str | None, Connection]:
    """Run the push in a transaction that is rolled back; what it recorded, its run-level error
    and the connection row as the push left it (for tokens rotated meanwhile)."""
    firm_id: UUID = connection.firm_id  # type: ignore[attr-defined]
    seen = _Seen()
    try:
        async with in_transaction():
            run = await create_run(
                firm_id=firm_id,
                kind=scope.kind,
                trigger=SyncTrigger.USER,
                started_by_id=started_by_id,
                connection_id=connection.id,
            )
            reporter = RunReporter(run, DroppedEvents())
            started = datetime.now(UTC)
            await _PUSHES[scope.kind](reporter, planning, connection, list(scope.ids), platform)
            items = await SyncRunItem.filter(run_id=run.id).order_by("id")
            records = [_planned(item) for item in items if item.local_id is not None]
            reported = {(r.entity, r.local_id) for r in records}
            seen.records = await _parties(firm_id, started, reported) + records
            seen.error = reporter.run.error
            seen.connection = await Connection.get(id=connection.id)
            raise _Undo
    except _Undo:
        pass
    assert seen.connection is not None  # the transaction ends only by _Undo or by raising
    return seen.records, seen.error, seen.connection


async def _parties(
    firm_id: UUID, started: datetime, reported: set[tuple[Entity, UUID]]
) -> list[PlannedRecord]:
    """The customers and items the push resolved first, read from the mappings it wrote: one
    pointing at a planned id would be created, one pointing at an existing record adopted.
    (A bulk push reports no run item for them, so the mappings are where the engine says so.)"""
    mappings = await ExternalMapping.filter(
        firm_id=firm_id, entity__in=list(_PARTY_NAMES), updated_at__gte=started
    ).order_by("created_at")
    records: list[PlannedRecord] = []
    for mapping in mappings:
        local_id = UUID(str(mapping.local_id))
        if (mapping.entity, local_id) in reported:
            continue
        if mapping.state is MappingState.SYNCED:
            planned = (mapping.remote_id or "").startswith(PLANNED_ID_PREFIX)
            action = PlanAction.CREATE if planned else PlanAction.ADOPT
        elif mapping.state is MappingState.ERROR:
            action = PlanAction.FAIL
        else:
            continue
        model = _PARTY_NAMES[mapping.entity]
        name = await model.filter(id=local_id).first().values_list("name", flat=True)
        records.append(
            PlannedRecord(
                entity=mapping.entity,
                local_id=local_id,
                label=f"{mapping.entity.value.capitalize()} {name}",
                action=action,
                reason=mapping.last_error,
                error_code=mapping.last_error_code,
            )
        )
    return records


def _planned(item: SyncRunItem) -> PlannedRecord:
    assert item.local_id is not None
    return PlannedRecord(
        entity=item.entity,
        local_id=UUID(str(item.local_id)),
        label=item.label,
        action=plan_action(item),
        reason=item.message,
        error_code=item.error_code,
    )


async def keep_rotated_tokens(before: Connection, during: Connection) -> None:
    """Store tokens a refresh rotated during the plan (its transaction rolled them back)."""
    if during.credentials_version == before.credentials_version:
        return
    await Connection.filter(id=before.id, credentials_version=before.credentials_version).update(
        **{name: getattr(during, name) for name in _CREDENTIAL_FIELDS}
    )


def _summary(
    records: Sequence[PlannedRecord], requested: set[UUID], error: str | None
) -> dict[str, object]:
    counts: dict[str, int] = {}
    for record in records:
        counts[record.action.value] = counts.get(record.action.value, 0) + 1
    first = [
        {"entity": r.entity.value, "label": r.label}
        for r in records
        if r.local_id not in requested and r.action in (PlanAction.CREATE, PlanAction.ADOPT)
    ]
    refused = [
        {"label": r.label, "code": r.error_code, "reason": r.reason}
        for r in records
        if r.action is PlanAction.FAIL
    ]
    return {
        "actions": counts,
        "created_first": first,
        "refused_in_advance": refused,
        "run_error": error,
        "note": "Refusals are known in advance only where Ledgersync checks them itself "
        "(period, currency, mappings, daily cap); the platform may still refuse a write.",
    }


async def _store(
    connection: Connection,
    scope: PlanScope,
    records: Sequence[PlannedRecord],
    stamps: dict[UUID, str],
    planning: PlanningSession,
    budget: int | None,
    error: str | None,
    *,
    ttl: timedelta,
    firm_id: UUID,
) -> SyncPlan:
    requested = set(scope.ids)
    calls = {
        "writes": planning.planned.total,
        "by_kind": planning.planned.by_kind(),
        "daily_remaining": budget,
    }
    now = datetime.now(UTC)
    async with in_transaction():
        plan = await SyncPlan.create(
            firm_id=firm_id,
            connection_id=connection.id,
            scope=scope.as_json(),
            summary=_summary(records, requested, error),
            calls=calls,
            expires_at=now + ttl,
        )
        await PlanItem.bulk_create(
            [
                PlanItem(
                    plan=plan,
                    position=position,
                    entity=record.entity,
                    local_id=record.local_id,
                    label=record.label[:255],
                    action=record.action,
                    reason=record.reason,
                    error_code=record.error_code,
                    requested=record.local_id in requested,
                    fingerprint=stamps.get(record.local_id, ""),
                )
                for position, record in enumerate(records)
            ]
        )
    return plan
