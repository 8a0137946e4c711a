"""Planning a payment pull or an import without keeping anything it did.

:func:`plan_pull` runs the very pull a run of the same kind runs (``pull_payments``,
``import_customers`` or ``import_invoices``) through a
:class:`~core.sync.planning.PlanningSession`, inside one database transaction that is rolled
back at the end, as :mod:`core.sync.plans` does for pushes: the payments, customers and invoices
it applies locally, its mappings, checkpoints, run, run items, audit entries and locks never
persist, and its events are dropped. What the run recorded for each remote record, read just
before the rollback, is the plan. Tokens the platform rotated during the plan's reads are
written back afterwards, as for a push plan.

A planned record here is a remote record: its remote id, the local record it would create or
change (``None`` when the pull skips or refuses it), the action and the engine's own words.
These plans are not stored yet.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import UUID

from tortoise.transactions import in_transaction

from core.models import Connection, SyncRunItem
from core.models.enums import Entity, PlanAction, SyncKind, SyncTrigger
from core.sync.planning import PlanningSession
from core.sync.plans import DroppedEvents, keep_rotated_tokens, plan_action
from core.sync.pull import import_customers, import_invoices, pull_payments
from core.sync.runs import RunReporter, create_run
from core.sync.session import ProviderSession

Pull = Callable[..., Awaitable[None]]

#: The pull kinds a plan can be made for, and the engine entry each one runs.
PULLS: dict[SyncKind, Pull] = {
    SyncKind.PULL_PAYMENTS: pull_payments,
    SyncKind.IMPORT_CUSTOMERS: import_customers,
    SyncKind.IMPORT_INVOICES: import_invoices,
}


@dataclass(frozen=True, slots=True)
class PlannedRemoteRecord:
    """What the pull did with one remote record during the plan."""

    entity: Entity
    remote_id: str | None
    local_id: UUID | None
    label: str
    action: PlanAction
    #: The run item's own action word (e.g. ``PAID``, ``PARTIAL``, ``CREATED``, ``MERGED``).
    detail: str
    reason: str | None
    error_code: str | None


def planned_remote(item: SyncRunItem) -> PlannedRemoteRecord:
    """The planned record of a pull's run item: the same reading for a plan's run and a real one."""
    return PlannedRemoteRecord(
        entity=item.entity,
        remote_id=item.remote_id,
        local_id=UUID(str(item.local_id)) if item.local_id is not None else None,
        label=item.label,
        action=plan_action(item),
        detail=item.action,
        reason=item.message,
        error_code=item.error_code,
    )


class _Undo(Exception):
    """Raised at the end of a plan to roll its transaction back."""


async def plan_pull(
    session: ProviderSession,
    connection: Connection,
    kind: SyncKind,
    *,
    platform: str,
    started_by_id: UUID | None = None,
) -> tuple[list[PlannedRemoteRecord], str | None]:
    """Plan a pull of ``kind`` on ``connection``: the records it would apply and its run-level
    error, with nothing kept (see the module docstring). Errors the pull raises propagate,
    leaving nothing behind."""
    if kind not in PULLS:
        raise ValueError(f"no pull plan for {kind.value} runs")
    firm_id: UUID = connection.firm_id  # type: ignore[attr-defined]
    known = await Connection.get(id=connection.id)
    planning = PlanningSession(session)
    records: list[PlannedRemoteRecord] = []
    error: str | None = None
    during: Connection | None = None
    try:
        async with in_transaction():
            run = await create_run(
                firm_id=firm_id,
                kind=kind,
                trigger=SyncTrigger.USER,
                started_by_id=started_by_id,
                connection_id=connection.id,
            )
            reporter = RunReporter(run, DroppedEvents())
            await PULLS[kind](reporter, planning, connection, platform=platform)
            items = await SyncRunItem.filter(run_id=run.id).order_by("id")
            records = [planned_remote(item) for item in items]
            error = reporter.run.error
            during = await Connection.get(id=connection.id)
            raise _Undo
    except _Undo:
        pass
    finally:
        # The pull moved the checkpoint on the connection object it was given: put it back.
        connection.sync_state = known.sync_state
    assert during is not None  # the transaction ends only by _Undo or by raising
    await keep_rotated_tokens(known, during)
    return records, error
