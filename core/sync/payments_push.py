"""Pushing payments and refunds recorded locally, exactly once (write intents of core.sync.intents).

A LOCAL payment applied to at least one invoice that is SYNCED in the connected company is
created remotely, applied to those invoices (the rest of it stays unapplied credit there). A
refund of a synced payment becomes a refund receipt paid from the refund account of the
settings. Before each create, a PENDING mapping with its idempotency key is committed; an
interrupted group is replayed with the same keys before anything new is sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from tortoise.expressions import Subquery

from core.models import ExternalMapping, Payment, PaymentApplication, Refund
from core.models.enums import Entity, MappingState, PaymentOrigin
from core.sync.intents import group_members, mappings_for, open_group, pending_groups, save_outcomes
from core.sync.payment_methods import match_payment_methods, unmatched_message, warn_unmatched
from core.sync.ports import Capability
from core.sync.pull_context import PullContext
from core.sync.records import PaymentApplicationRef, PaymentRecord, PushOutcome, RefundRecord

GROUP_SIZE = 30

Record = PaymentRecord | RefundRecord
Builder = Callable[[UUID, str], Awaitable[Record | None]]
Sender = Callable[[Sequence[Record]], Awaitable[list[PushOutcome]]]


@dataclass(slots=True)
class _Plan:
    """What one entity's push needs: candidates, how to build a record, how to send a group."""

    entity: Entity
    labels: dict[UUID, str]
    build: Builder
    send: Sender
    refusals: dict[UUID, str] = field(default_factory=dict)


async def push_local_payments(ctx: PullContext) -> None:
    """Create remotely the local payments and refunds of synced invoices not yet pushed."""
    await _push(ctx, await _payment_plan(ctx))
    await _push(ctx, await _refund_plan(ctx))


def _synced(ctx: PullContext, entity: Entity) -> Subquery:
    return Subquery(
        ExternalMapping.filter(
            firm_id=ctx.firm_id,
            provider=ctx.scope.provider,
            remote_company_id=ctx.scope.remote_company_id,
            entity=entity,
            state=MappingState.SYNCED,
        ).values("local_id")
    )


async def _remote_ids(ctx: PullContext, entity: Entity, local_ids: list[UUID]) -> dict[UUID, str]:
    found = await mappings_for(ctx.scope, [entity], local_ids)
    return {
        local_id: str(row.remote_id)
        for local_id, row in found.items()
        if row.state is MappingState.SYNCED and row.remote_id
    }


async def _payment_plan(ctx: PullContext) -> _Plan:
    payments = {
        p.id: p
        for p in await Payment.filter(
            firm_id=ctx.firm_id,
            origin=PaymentOrigin.LOCAL,
            id__in=Subquery(
                PaymentApplication.filter(invoice_id__in=_synced(ctx, Entity.INVOICE)).values(
                    "payment_id"
                )
            ),
        ).exclude(id__in=_synced(ctx, Entity.PAYMENT))
        if ctx.settings.allows_date(p.date)
    }
    applications = await PaymentApplication.filter(payment_id__in=list(payments))
    invoices = await _remote_ids(ctx, Entity.INVOICE, [a.invoice_id for a in applications])  # type: ignore[attr-defined]
    customers = await _remote_ids(
        ctx,
        Entity.CUSTOMER,
        [p.customer_id for p in payments.values() if p.customer_id],  # type: ignore[attr-defined]
    )

    methods = await match_payment_methods(ctx) if payments else None
    refusals: dict[UUID, str] = {}

    async def build(local_id: UUID, key: str) -> PaymentRecord | None:
        payment = payments[local_id]
        if not ctx.settings.allows_payment_method(payment.method):
            return None
        unmatched = methods.unmatched_name(payment.method) if methods else None
        if methods is not None and unmatched is not None:
            # Never sent under another method: reported, and left for the user to resolve.
            await warn_unmatched(ctx, methods, unmatched)
            refusals[local_id] = unmatched_message(unmatched, ctx.platform)
            return None
        refs = tuple(
            PaymentApplicationRef(invoices[a.invoice_id], a.amount)  # type: ignore[attr-defined]
            for a in applications
            if a.payment_id == local_id and a.invoice_id in invoices  # type: ignore[attr-defined]
        )
        customer = customers.get(payment.customer_id)  # type: ignore[attr-defined]
        if customer is None or not refs:
            return None
        return PaymentRecord(
            local_id=str(local_id),
            customer_remote_id=customer,
            date=payment.date,
            amount=payment.amount,
            idempotency_key=key,
            applications=refs,
            currency=payment.currency,
            reference=payment.reference,
            method_remote_id=methods.remote_id(payment.method) if methods else None,
            deposit_account_remote_id=ctx.settings.deposit_account_id,
        )

    labels = {p.id: f"Payment {p.amount} {p.currency} of {p.date}" for p in payments.values()}
    send = ctx.session.create_payments
    return _Plan(Entity.PAYMENT, labels, build, send, refusals)  # type: ignore[arg-type]


async def _refund_plan(ctx: PullContext) -> _Plan:
    refunds = {
        r.id: r
        for r in await Refund.filter(
            firm_id=ctx.firm_id, payment_id__in=_synced(ctx, Entity.PAYMENT)
        ).exclude(id__in=_synced(ctx, Entity.REFUND))
        if ctx.settings.allows_date(r.date)
    }
    payment_ids = [r.payment_id for r in refunds.values()]  # type: ignore[attr-defined]
    owners = dict(await Payment.filter(id__in=payment_ids).values_list("id", "customer_id"))
    customers = await _remote_ids(ctx, Entity.CUSTOMER, [c for c in owners.values() if c])
    account = ctx.settings.refund_account_id
    pushed = Capability.REFUNDS in ctx.session.capabilities
    refusals = (
        {}
        if pushed
        else {
            local_id: f"refunds are not synced to {ctx.platform}; "
            f"record this refund in {ctx.platform} by hand"
            for local_id in refunds
        }
    )

    async def build(local_id: UUID, key: str) -> RefundRecord | None:
        refund = refunds[local_id]
        customer = customers.get(owners.get(refund.payment_id))  # type: ignore[attr-defined,arg-type]
        if customer is None or account is None or not pushed:
            return None
        return RefundRecord(
            local_id=str(local_id),
            customer_remote_id=customer,
            date=refund.date,
            amount=refund.amount,
            account_remote_id=account,
            idempotency_key=key,
            description=refund.reason,
            reference=refund.reference,
        )

    labels = {r.id: f"Refund {r.amount} of {r.date}" for r in refunds.values()}
    send = ctx.session.create_refund_receipts
    return _Plan(Entity.REFUND, labels, build, send, refusals)  # type: ignore[arg-type]


def _why_not(ctx: PullContext, entity: Entity) -> str:
    if entity is Entity.REFUND and ctx.settings.refund_account_id is None:
        return "no refund account is set in the connection settings; set one to push refunds"
    if entity is Entity.PAYMENT and ctx.settings.payment_methods:
        return (
            "its payment method is not one that syncs, or its customer or invoices are not "
            f"synced to {ctx.platform}"
        )
    return f"its customer is not synced to {ctx.platform}; sync the customer first"


async def _push(ctx: PullContext, plan: _Plan) -> None:
    if not plan.labels:
        return
    ctx.reporter.run.total += len(plan.labels)
    existing = await mappings_for(ctx.scope, [plan.entity], list(plan.labels))
    # Interrupted groups first, with their original keys, so the platform replays its answers.
    replayed: set[UUID] = set()
    for group in pending_groups(existing.values()):
        members = await group_members(ctx.scope, group)
        replayed.update(m.local_id for m in members)
        await _send(ctx, plan, members)
    fresh: list[tuple[Entity, UUID]] = []
    for local_id in plan.labels:
        if local_id in replayed:
            continue
        if await plan.build(local_id, "probe") is None:
            await ctx.reporter.record_skipped(
                entity=plan.entity,
                local_id=local_id,
                label=plan.labels[local_id],
                message=plan.refusals.get(local_id) or _why_not(ctx, plan.entity),
            )
            continue
        fresh.append((plan.entity, local_id))
    for start in range(0, len(fresh), GROUP_SIZE):
        members = await open_group(ctx.scope, fresh[start : start + GROUP_SIZE], existing)
        await _send(ctx, plan, members)


async def _send(ctx: PullContext, plan: _Plan, members: list[ExternalMapping]) -> None:
    records: list[Record] = []
    sendable: list[ExternalMapping] = []
    for mapping in members:
        if mapping.local_id not in plan.labels:
            continue
        record = await plan.build(mapping.local_id, mapping.idempotency_key)
        if record is not None:
            records.append(record)
            sendable.append(mapping)
    if not records:
        return
    outcomes = await plan.send(records)
    await save_outcomes(list(zip(sendable, outcomes, strict=True)))
    for mapping, outcome in zip(sendable, outcomes, strict=True):
        await _report(ctx, plan, mapping, outcome)


async def _report(
    ctx: PullContext, plan: _Plan, mapping: ExternalMapping, outcome: PushOutcome
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
