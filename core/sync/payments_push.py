"""Pushing payments and refunds recorded locally, exactly once (write intents of core.sync.intents).

A LOCAL payment applied to at least one invoice that is SYNCED in the connected company is
created remotely, applied to those invoices (the rest of it stays unapplied credit there). A
refund of a synced payment becomes a refund receipt paid from the refund account of the
settings. Before each create, a PENDING mapping with its idempotency key is committed.

Unanswered groups go first, each exactly as it was first sent: every PENDING member, whether or
not it would be sent today (a payment method no longer synced, a date now before the sync start
date), because the platform's idempotency key covers the whole write and another set of records
would be written a second time. :func:`replay_unanswered` does only that, and runs before
payments are pulled, so the pull recognises the payments those groups created instead of
importing them as new ones. Each record is claimed first (core.sync.push_claims): one another run
is pushing is skipped, saying so, and every answer is stored only over the intent it belongs to.
"""

from __future__ import annotations

from uuid import UUID

from core.models import ExternalMapping
from core.models.enums import Entity, MappingState
from core.sync.intents import (
    group_members,
    mappings_for,
    open_group,
    pending_groups,
    reread,
    save_outcomes,
)
from core.sync.payments_plan import Plan, Record, payment_plan, refund_plan, why_not
from core.sync.pull_context import PullContext
from core.sync.push_claims import BUSY_MESSAGE, Claims
from core.sync.records import PushOutcome

GROUP_SIZE = 30
REPLAY_BLOCKED = "REPLAY_BLOCKED"


async def push_local_payments(ctx: PullContext) -> None:
    """Create remotely the local payments and refunds of synced invoices not yet pushed."""
    await _each_entity(ctx, fresh=True)


async def replay_unanswered(ctx: PullContext) -> None:
    """Resend the unanswered payment and refund groups, as they were (nothing new is sent)."""
    await _each_entity(ctx, fresh=False)


async def _each_entity(ctx: PullContext, *, fresh: bool) -> None:
    claims = Claims(ctx.firm_id, str(ctx.reporter.run.id))
    try:
        for entity in (Entity.PAYMENT, Entity.REFUND):
            pending = await _pending(ctx, entity)
            if not pending and not fresh:
                continue
            extra = [m.local_id for m in pending]
            plan = await (payment_plan if entity is Entity.PAYMENT else refund_plan)(ctx, extra)
            await _push(ctx, claims, plan, pending, fresh=fresh)
    finally:
        await claims.close()


async def _pending(ctx: PullContext, entity: Entity) -> list[ExternalMapping]:
    return await ExternalMapping.filter(
        firm_id=ctx.firm_id,
        provider=ctx.scope.provider,
        remote_company_id=ctx.scope.remote_company_id,
        entity=entity,
        state=MappingState.PENDING,
    )


async def _push(
    ctx: PullContext,
    claims: Claims,
    plan: Plan,
    pending: list[ExternalMapping],
    *,
    fresh: bool,
) -> None:
    if not plan.labels:
        return
    ctx.reporter.run.total += len(plan.labels) if fresh else len(pending)
    # Interrupted groups first, with their original members and keys.
    replayed: set[UUID] = {m.local_id for m in pending}
    for group in pending_groups(pending):
        members = await group_members(ctx.scope, group)
        await _claimed(ctx, claims, plan, members, replay=True)
    if not fresh:
        return
    existing = await mappings_for(ctx.scope, [plan.entity], plan.candidates)
    ready: list[tuple[Entity, UUID]] = []
    for local_id in plan.candidates:
        if local_id in replayed:
            continue
        if await plan.build(local_id, "probe", False) is None:
            await _not_sent(ctx, plan, local_id)
            continue
        ready.append((plan.entity, local_id))
    for start in range(0, len(ready), GROUP_SIZE):
        chunk = ready[start : start + GROUP_SIZE]
        held = await claims.take(local_id for _, local_id in chunk)
        for _, local_id in chunk:
            if local_id not in held:
                await _busy(ctx, plan, local_id)
        try:
            # Read again under the claims: another run may have pushed some of them meanwhile.
            current = await mappings_for(ctx.scope, [plan.entity], held)
            mine: list[tuple[Entity, UUID]] = []
            for entity, local_id in chunk:
                if local_id not in held:
                    continue
                if _unsent(current.get(local_id)):
                    mine.append((entity, local_id))
                else:
                    await _report_superseded_id(ctx, plan, local_id)
            existing.update(current)
            members = await open_group(ctx.scope, mine, existing)
            await _send(ctx, plan, members, replay=False)
        finally:
            await claims.release(held)


async def _not_sent(ctx: PullContext, plan: Plan, local_id: UUID) -> None:
    """A candidate that is not sent: a per-record error when it must not be (nothing written
    remotely), else skipped with the reason."""
    error = plan.failures.get(local_id)
    if error is not None:
        await ctx.reporter.record_failed(
            entity=plan.entity,
            local_id=local_id,
            label=plan.labels[local_id],
            error_code=error.code,
            message=error.message,
            hint=error.hint,
        )
        return
    await ctx.reporter.record_skipped(
        entity=plan.entity,
        local_id=local_id,
        label=plan.labels[local_id],
        message=plan.refusals.get(local_id) or why_not(ctx, plan.entity),
    )


def _unsent(mapping: ExternalMapping | None) -> bool:
    return mapping is None or mapping.state is MappingState.ERROR


async def _claimed(
    ctx: PullContext,
    claims: Claims,
    plan: Plan,
    members: list[ExternalMapping],
    *,
    replay: bool,
) -> None:
    """Send one group if this run can claim every member; else leave it to the run that holds
    the others (it sends the whole group)."""
    ids = [m.local_id for m in members]
    held = await claims.take(ids)
    try:
        if len(held) < len(ids):
            for local_id in ids:
                await _busy(ctx, plan, local_id)
            return
        await _send(ctx, plan, members, replay=replay)
    finally:
        await claims.release(held)


async def _busy(ctx: PullContext, plan: Plan, local_id: UUID) -> None:
    if local_id in plan.labels:
        await ctx.reporter.record_skipped(
            entity=plan.entity, local_id=local_id, label=plan.labels[local_id], message=BUSY_MESSAGE
        )


async def _send(
    ctx: PullContext, plan: Plan, members: list[ExternalMapping], *, replay: bool
) -> None:
    records: list[Record] = []
    for mapping in members:
        built = None
        if mapping.local_id in plan.labels:
            built = await plan.build(mapping.local_id, mapping.idempotency_key, replay)
        if built is None and replay:
            # Sending the others alone would be another write: they would be created again.
            await _blocked(ctx, plan, members, mapping)
            return
        if built is not None:
            records.append(built)
    sendable = [m for m in members if m.local_id in {UUID(r.local_id) for r in records}]
    if not records:
        return
    outcomes = await plan.send(records)
    stored = await save_outcomes(list(zip(sendable, outcomes, strict=True)))
    for mapping, outcome, ok in zip(sendable, outcomes, stored, strict=True):
        if ok:
            await _report(ctx, plan, mapping, outcome)
        else:
            await _report_superseded(ctx, plan, mapping)


async def _blocked(
    ctx: PullContext, plan: Plan, members: list[ExternalMapping], missing: ExternalMapping
) -> None:
    """A member of an unanswered group can no longer be built: the group is not resent."""
    what = plan.labels.get(missing.local_id, "a record of the same batch")
    for mapping in members:
        if mapping.local_id not in plan.labels:
            continue
        await ctx.reporter.record_failed(
            entity=plan.entity,
            local_id=mapping.local_id,
            label=plan.labels[mapping.local_id],
            error_code=REPLAY_BLOCKED,
            message=f"it was sent to {ctx.platform} in one batch with others and the answer was "
            f"lost; {what} can no longer be sent as it was, so the batch is not sent again",
            hint=f"Check in {ctx.platform} which of these payments arrived, then restore the "
            "missing customer, invoice or refund account and sync again.",
        )


async def _report_superseded(ctx: PullContext, plan: Plan, mapping: ExternalMapping) -> None:
    """Another run stored this record's outcome first: report what it stored."""
    current = await reread(mapping)
    synced = current is not None and current.state is MappingState.SYNCED
    await _skip_taken(ctx, plan, mapping.local_id, synced=synced)


async def _report_superseded_id(ctx: PullContext, plan: Plan, local_id: UUID) -> None:
    current = (await mappings_for(ctx.scope, [plan.entity], [local_id])).get(local_id)
    synced = current is not None and current.state is MappingState.SYNCED
    await _skip_taken(ctx, plan, local_id, synced=synced)


async def _skip_taken(ctx: PullContext, plan: Plan, local_id: UUID, *, synced: bool) -> None:
    await ctx.reporter.record_skipped(
        entity=plan.entity,
        local_id=local_id,
        label=plan.labels[local_id],
        message="pushed by another sync run meanwhile" if synced else BUSY_MESSAGE,
    )


async def _report(
    ctx: PullContext, plan: Plan, mapping: ExternalMapping, outcome: PushOutcome
) -> None:
    label = plan.labels[mapping.local_id]
    if outcome.ref is not None:
        await ctx.reporter.record_synced(
            entity=plan.entity,
            local_id=mapping.local_id,
            remote_id=outcome.ref.id,
            label=label,
            action="CREATED",
            warning="; ".join(outcome.warnings) or None,
        )
        noun = "Payment" if plan.entity is Entity.PAYMENT else "Refund"
        await ctx.audit(
            action=f"{noun.lower()}.pushed",
            subject_type=noun,
            subject_id=mapping.local_id,
            description=f"{label} created in {ctx.platform}",
        )
        return
    error = outcome.error
    assert error is not None  # a PushOutcome holds a ref or an error
    await ctx.reporter.record_failed(
        entity=plan.entity,
        local_id=mapping.local_id,
        label=label,
        error_code=error.code,
        message=error.message,
        hint=error.hint,
    )
