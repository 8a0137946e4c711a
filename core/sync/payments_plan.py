"""What a payment or refund push sends: the candidates, and how each record is built.

A plan names every record it can build — the candidates this push would start sending today
and the members of unanswered groups, which are resent whatever today's settings say (see
:mod:`core.sync.payments_push`) — and says why a candidate is not sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from tortoise.expressions import Subquery

from core.models import ExternalMapping, Payment, PaymentApplication, Refund
from core.models.enums import Entity, MappingState, PaymentOrigin
from core.sync.intents import mappings_for
from core.sync.payment_methods import match_payment_methods, unmatched_message, warn_unmatched
from core.sync.ports import Capability, ProviderError
from core.sync.pull_context import PullContext
from core.sync.records import PaymentApplicationRef, PaymentRecord, PushOutcome, RefundRecord

Record = PaymentRecord | RefundRecord
Builder = Callable[[UUID, str, bool], Awaitable[Record | None]]
Sender = Callable[[Sequence[Record]], Awaitable[list[PushOutcome]]]


@dataclass(slots=True)
class Plan:
    """What one entity's push needs: candidates, how to build a record, how to send a group.

    ``labels`` names every record the plan can build (the candidates and the members of
    unanswered groups); ``candidates`` are the ones this push would start sending today.
    ``build(local_id, key, replay)`` ignores today's settings filters when ``replay`` is true.
    """

    entity: Entity
    labels: dict[UUID, str]
    candidates: list[UUID]
    build: Builder
    send: Sender
    refusals: dict[UUID, str] = field(default_factory=dict)
    #: Candidates that must not be sent, with the per-record error to report (e.g. a currency
    #: the books cannot hold).
    failures: dict[UUID, ProviderError] = field(default_factory=dict)


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


async def payment_plan(ctx: PullContext, extra: list[UUID]) -> Plan:
    """LOCAL payments applied to synced invoices and not yet pushed, plus ``extra`` ones."""
    candidates = [
        p
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
    ]
    replayed = await Payment.filter(firm_id=ctx.firm_id, id__in=extra) if extra else []
    payments = {p.id: p for p in [*candidates, *replayed]}
    applications = await PaymentApplication.filter(payment_id__in=list(payments))
    invoices = await _remote_ids(ctx, Entity.INVOICE, [a.invoice_id for a in applications])  # type: ignore[attr-defined]
    customers = await _remote_ids(
        ctx,
        Entity.CUSTOMER,
        [p.customer_id for p in payments.values() if p.customer_id],  # type: ignore[attr-defined]
    )

    methods = await match_payment_methods(ctx) if payments else None
    refusals: dict[UUID, str] = {}
    failures: dict[UUID, ProviderError] = {}

    async def build(local_id: UUID, key: str, replay: bool) -> PaymentRecord | None:
        payment = payments[local_id]
        unmatched = methods.unmatched_name(payment.method) if methods else None
        if not replay:
            if not ctx.settings.allows_payment_method(payment.method):
                return None
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
        if not replay:
            refused = await ctx.currencies.refusal(payment.currency, None, "")
            if refused is not None:
                failures[local_id] = refused
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
            exchange_rate=payment.exchange_rate,
        )

    labels = {p.id: f"Payment {p.amount} {p.currency} of {p.date}" for p in payments.values()}
    send = ctx.session.create_payments
    ids = [p.id for p in candidates]
    return Plan(Entity.PAYMENT, labels, ids, build, send, refusals, failures)  # type: ignore[arg-type]


async def refund_plan(ctx: PullContext, extra: list[UUID]) -> Plan:
    """Refunds of synced payments not yet pushed, plus ``extra`` ones."""
    candidates = [
        r
        for r in await Refund.filter(
            firm_id=ctx.firm_id, payment_id__in=_synced(ctx, Entity.PAYMENT)
        ).exclude(id__in=_synced(ctx, Entity.REFUND))
        if ctx.settings.allows_date(r.date)
    ]
    replayed = await Refund.filter(firm_id=ctx.firm_id, id__in=extra) if extra else []
    refunds = {r.id: r for r in [*candidates, *replayed]}
    payment_ids = [r.payment_id for r in refunds.values()]  # type: ignore[attr-defined]
    paid = await Payment.filter(id__in=payment_ids).values_list("id", "customer_id", "currency")
    owners = {payment_id: customer_id for payment_id, customer_id, _ in paid}
    # A refund returns money in its payment's currency.
    currencies = {payment_id: str(currency) for payment_id, _, currency in paid}
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

    async def build(local_id: UUID, key: str, replay: bool) -> RefundRecord | None:
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
            currency=currencies.get(refund.payment_id, "USD"),  # type: ignore[attr-defined]
            reference=refund.reference,
        )

    labels = {r.id: f"Refund {r.amount} of {r.date}" for r in refunds.values()}
    send = ctx.session.create_refund_receipts
    ids = [r.id for r in candidates]
    return Plan(Entity.REFUND, labels, ids, build, send, refusals)  # type: ignore[arg-type]


def why_not(ctx: PullContext, entity: Entity) -> str:
    """Why a candidate that cannot be built is not sent, and what to do."""
    if entity is Entity.REFUND and ctx.settings.refund_account_id is None:
        return "no refund account is set in the connection settings; set one to push refunds"
    if entity is Entity.PAYMENT and ctx.settings.payment_methods:
        return (
            "its payment method is not one that syncs, or its customer or invoices are not "
            f"synced to {ctx.platform}"
        )
    return f"its customer is not synced to {ctx.platform}; sync the customer first"
