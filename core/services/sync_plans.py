"""Dry-run plans of a push (``planSync``) and executing one (``runSyncPlan``).

A plan is computed now, in the request, by the push engine itself through a planning session
(:mod:`core.sync.plans`); nothing is written to the books. Executing a plan queues the push of
exactly the records the scope asked for, after checking that the plan has not expired and that
none of them changed (or was synced by another run) since: a changed record is reported, never
silently planned again.

Platforms that answer later (QuickBooks Desktop through the Web Connector) cannot be planned:
their reads are queued for the connector's next poll, so a plan would have to wait like a run.
Such a request is refused with PLAN_UNAVAILABLE; sync instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from core.errors import InvalidState, NotFound, PlanChanged, PlanExpired, PlanUnavailable
from core.models import Connection, PlanItem, SyncPlan, SyncRun
from core.models.enums import PlanStatus, SyncKind
from core.queue import JobQueue
from core.services.accounting_sync import (
    queue_customer_sync,
    queue_invoice_sync,
    sync_connection,
    validate_invoice_ids,
)
from core.services.connections import KitLookup, open_session
from core.services.customers import get_customer
from core.services.tenancy import Viewer
from core.settings import Settings
from core.sync.plans import PlanScope, fingerprints, plan_push
from core.sync.ports import Capability, ProviderError
from core.sync.session import ProviderEnv

WAITS_FOR_AGENT = (
    "{platform} answers through its connector on the customer's computer, so its books cannot "
    "be read now to plan; sync instead (the run waits for the connector's next poll)"
)


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """What to plan: a push kind and its records (invoice ids, or one customer id)."""

    kind: SyncKind
    ids: Sequence[UUID]


async def plan_sync(
    viewer: Viewer,
    kits: KitLookup,
    env: ProviderEnv,
    connection_id: UUID,
    request: PlanRequest,
) -> SyncPlan:
    """Plan a push on the firm's connection (see the module docstring) and store the plan."""
    connection = await _connection(viewer, connection_id)
    scope = await _scope(viewer, request)
    kit = kits(connection.provider)
    if Capability.REQUEST_QUEUE in kit.capabilities:
        raise PlanUnavailable(WAITS_FOR_AGENT.format(platform=kit.display_name))
    ttl = timedelta(minutes=env.settings.plan_ttl_minutes)
    try:
        async with open_session(kit, env, connection) as session:
            return await plan_push(
                session,
                connection,
                scope,
                platform=kit.display_name,
                ttl=ttl,
                started_by_id=viewer.user_id,
            )
    except ProviderError as exc:
        message = f"{kit.display_name} refused the plan's reads: {exc.message}"
        raise PlanUnavailable(message) from exc


async def _connection(viewer: Viewer, connection_id: UUID) -> Connection:
    connection = await sync_connection(viewer.firm_id)
    if connection.id != connection_id:
        raise NotFound("no accounting connection with this id", field="connectionId")
    return connection


async def _scope(viewer: Viewer, request: PlanRequest) -> PlanScope:
    ids = list(dict.fromkeys(request.ids))
    if request.kind is SyncKind.PUSH_INVOICES:
        await validate_invoice_ids(viewer.firm_id, ids)
    elif request.kind is SyncKind.PUSH_CUSTOMERS and len(ids) == 1:
        if await get_customer(viewer.firm_id, ids[0]) is None:
            raise NotFound("no customer with this id", field="customerId")
    else:
        raise InvalidState(f"no plan for this scope ({request.kind.value})", field="scope")
    return PlanScope(request.kind, tuple(ids))


async def get_plan(viewer: Viewer, plan_id: UUID) -> SyncPlan:
    """The firm's plan with this id; NotFound otherwise."""
    plan = await SyncPlan.get_or_none(id=plan_id, firm_id=viewer.firm_id)
    if plan is None:
        raise NotFound("no sync plan with this id", field="planId")
    return plan


async def changed_records(plan: SyncPlan, connection: Connection) -> list[PlanItem]:
    """The plan's requested records whose fingerprint is no longer what it was."""
    items = await PlanItem.filter(plan_id=plan.id, requested=True)
    now = await fingerprints(connection, PlanScope.from_json(plan.scope))
    return [item for item in items if now.get(item.local_id) != item.fingerprint]


async def run_sync_plan(
    viewer: Viewer,
    queue: JobQueue,
    settings: Settings,
    plan_id: UUID,
    *,
    now: datetime | None = None,
    ip: str | None = None,
) -> SyncRun:
    """Queue the push of exactly the plan's records (see the module docstring)."""
    plan = await get_plan(viewer, plan_id)
    if plan.status is PlanStatus.EXECUTED:
        raise InvalidState(f"the plan was executed already (run {plan.run_id})", field="planId")
    if (now or datetime.now(UTC)) >= plan.expires_at:
        raise PlanExpired(
            f"the plan expired at {plan.expires_at.isoformat()} (plans last "
            f"{settings.plan_ttl_minutes:g} minutes); plan again",
            field="planId",
        )
    connection = await sync_connection(viewer.firm_id)
    if connection.id != plan.connection_id:
        raise InvalidState("the plan was made for another connection; plan again", field="planId")
    changed = await changed_records(plan, connection)
    if changed:
        labels = ", ".join(item.label for item in changed)
        raise PlanChanged(f"changed since the plan: {labels}; plan again", field="planId")
    taken = await SyncPlan.filter(id=plan.id, status=PlanStatus.READY).update(
        status=PlanStatus.EXECUTED
    )
    if not taken:
        raise InvalidState("the plan was executed already", field="planId")
    try:
        run = await _queue(viewer, queue, PlanScope.from_json(plan.scope), ip=ip)
    except BaseException:
        await SyncPlan.filter(id=plan.id).update(status=PlanStatus.READY)
        raise
    await SyncPlan.filter(id=plan.id).update(run_id=run.id)
    return run


async def _queue(viewer: Viewer, queue: JobQueue, scope: PlanScope, *, ip: str | None) -> SyncRun:
    if scope.kind is SyncKind.PUSH_CUSTOMERS:
        return await queue_customer_sync(viewer, queue, scope.ids[0], ip=ip)
    return await queue_invoice_sync(viewer, queue, scope.ids, ip=ip)
