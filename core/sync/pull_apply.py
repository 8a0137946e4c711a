"""Applying one remote payment to the local books (used by the payments pull and webhooks).

A remote payment becomes a local Payment (origin PROVIDER) with one PaymentApplication per
mapped invoice, linked by a PAYMENT mapping whose idempotency key is derived from the remote id:
a second pull, a webhook replay or a pull racing a webhook all find (or collide on) that key and
change nothing. A remote payment whose ``group_id`` is mapped is part of a local payment pushed as
one group (e.g. a payment split over several invoices): it is already recorded and is skipped.
A voided or deleted remote payment reverses its local applications. Everything a payment changes
— invoices, payment, mapping, audit entry — commits in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.models import Activity, ExternalMapping, Invoice, Payment, PaymentApplication
from core.models.enums import (
    ActivitySource,
    DocType,
    Entity,
    InvoiceStatus,
    MappingState,
    PaymentOrigin,
)
from core.services.invoices import settle_status
from core.services.payments import PAYABLE, apply_to_invoice
from core.sync.pull_context import PullContext, remote_key
from core.sync.pull_page import PageState
from core.sync.records import RemotePayment

ACTION_APPLIED = "APPLIED"
ACTION_REAPPLIED = "REAPPLIED"
ACTION_REVERSED = "REVERSED"


@dataclass(frozen=True, slots=True)
class _Target:
    invoice: Invoice
    remote_invoice_id: str
    amount: Decimal


def _label(payment: RemotePayment) -> str:
    return f"Payment {payment.id} ({payment.amount})"


async def apply_remote_payment(ctx: PullContext, payment: RemotePayment) -> None:
    """Bring one remote payment into the local books and record the outcome on the run."""
    mapping = await ctx.mapping_of_remote(Entity.PAYMENT, payment.id)
    if mapping is not None:
        await _known_payment(ctx, payment, mapping)
        return
    if payment.group_id is not None:
        group = await ctx.mapping_of_remote(Entity.PAYMENT, payment.group_id)
        if group is not None:
            await _skip(ctx, payment, _grouped(ctx, payment, payment.group_id))
            return
    reason = _refusal(ctx, payment)
    if reason is not None:
        await _skip(ctx, payment, reason)
        return
    try:
        if ctx.page is not None:
            # Only queues rows, written by the page's flush inside the page's transaction.
            await _apply_new(ctx, payment, ACTION_APPLIED)
        else:
            async with in_transaction():
                await _apply_new(ctx, payment, ACTION_APPLIED)
    except _NothingToApply as exc:
        await _skip(ctx, payment, str(exc))
    except IntegrityError:
        # Another worker recorded this very payment between our read and our insert.
        await _skip(ctx, payment, "already recorded by a concurrent sync")


async def reverse_remote_payment(ctx: PullContext, remote_id: str, why: str) -> None:
    """Undo the local applications of a remote payment that was voided or deleted."""
    mapping = await ctx.mapping_of_remote(Entity.PAYMENT, remote_id)
    label = f"Payment {remote_id}"
    if mapping is None:
        await ctx.reporter.record_skipped(
            entity=Entity.PAYMENT,
            local_id=None,
            remote_id=remote_id,
            label=label,
            message=f"{why}; it was never recorded here, so there is nothing to reverse",
        )
        return
    await _flush_page(ctx)
    try:
        async with in_transaction():
            invoices = await _reverse(ctx, mapping, why)
    except IntegrityError:
        _forget_page_invoices(ctx)
        await ctx.reporter.record_failed(
            entity=Entity.PAYMENT,
            local_id=mapping.local_id,
            label=label,
            error_code="PAYMENT_HAS_REFUNDS",
            message=f"{why}, but the local payment has refunds and cannot be reversed",
            hint="Remove the refunds of this payment, then sync payments again.",
        )
        return
    await ctx.reporter.record_synced(
        entity=Entity.PAYMENT,
        local_id=mapping.local_id,
        remote_id=remote_id,
        label=label,
        action=ACTION_REVERSED,
        warning=None if invoices is not None else "the local payment was already removed",
    )


def _grouped(ctx: PullContext, payment: RemotePayment, group_id: str) -> str:
    """Why a payment that is part of a group pushed from here is not applied again."""
    why = (
        f"already recorded: part of {ctx.platform} payment {group_id}, which a local payment "
        "split over several invoices was pushed as"
    )
    if payment.voided:
        why += f"; it was deleted in {ctx.platform}, so check that local payment by hand"
    return why


def _refusal(ctx: PullContext, payment: RemotePayment) -> str | None:
    settings = ctx.settings
    if payment.voided:
        return f"voided in {ctx.platform} before it was pulled"
    if not settings.allows_date(payment.date):
        return f"dated {payment.date}, before the sync start date {settings.sync_start_date}"
    if not settings.allows_payment_method(payment.method_name):
        allowed = ", ".join(settings.payment_methods)
        if payment.method_name is None:
            return (
                f"it has no payment method in {ctx.platform}, and only payments by {allowed} "
                "sync; it was not guessed"
            )
        return f"its payment method {payment.method_name!r} is not one that syncs ({allowed})"
    if not payment.applications:
        return f"not applied to any invoice in {ctx.platform} (unapplied credit)"
    return None


async def _skip(ctx: PullContext, payment: RemotePayment, reason: str) -> None:
    await ctx.reporter.record_skipped(
        entity=Entity.PAYMENT,
        local_id=None,
        remote_id=payment.id,
        label=_label(payment),
        message=reason,
    )


class _NothingToApply(Exception):
    """No application of the payment can go to a local invoice (the reason is the message)."""


async def _known_payment(
    ctx: PullContext, payment: RemotePayment, mapping: ExternalMapping
) -> None:
    if payment.voided:
        await reverse_remote_payment(ctx, payment.id, f"voided in {ctx.platform}")
        return
    if mapping.state is not MappingState.SYNCED or mapping.remote_version == payment.version:
        await _skip(ctx, payment, "already recorded; nothing changed")
        return
    # Edited remotely (amount or invoices): undo the old applications and apply the new ones.
    await _flush_page(ctx)
    try:
        async with in_transaction():
            await _reverse(ctx, mapping, f"changed in {ctx.platform}")
            await _apply_new(ctx, payment, ACTION_REAPPLIED)
    except _NothingToApply as exc:
        _forget_page_invoices(ctx)
        async with in_transaction():
            await _reverse(ctx, mapping, f"changed in {ctx.platform}")
        await _skip(ctx, payment, f"changed remotely and reversed here: {exc}")


async def _targets(ctx: PullContext, payment: RemotePayment) -> tuple[list[_Target], list[str]]:
    """The local invoices the payment applies to (locked), and notes on what was left out."""
    remote_ids = [a.invoice_remote_id for a in payment.applications]
    local = await ctx.mapped_local_ids(Entity.INVOICE, remote_ids)
    invoices = await _invoices_for_update(ctx, list(local.values()))
    targets: list[_Target] = []
    notes: list[str] = []
    for application in payment.applications:
        remote_id = application.invoice_remote_id
        local_id = local.get(remote_id)
        invoice = invoices.get(local_id) if local_id is not None else None
        if invoice is None:
            notes.append(f"{ctx.platform} invoice {remote_id} is not linked to an invoice here")
            continue
        if invoice.status not in PAYABLE:
            notes.append(f"invoice {invoice.number} is {invoice.status.value} here")
            continue
        amount = min(application.amount, invoice.balance)
        if amount < application.amount:
            notes.append(
                f"{application.amount} applied to invoice {invoice.number} in {ctx.platform} "
                f"exceeds its {invoice.balance} balance here; {amount} was applied"
            )
        if amount > 0:
            targets.append(_Target(invoice, remote_id, amount))
    return targets, notes


async def _apply_new(ctx: PullContext, payment: RemotePayment, action: str) -> None:
    """Create the local payment and its applications (inside the caller's transaction)."""
    targets, notes = await _targets(ctx, payment)
    if not targets:
        raise _NothingToApply("; ".join(notes) or "no invoice here to apply it to")
    if ctx.page is not None:
        await _queue_new(ctx, ctx.page, payment, action, targets, notes)
        return
    first = targets[0].invoice
    record = await Payment.create(
        firm_id=ctx.firm_id,
        customer_id=first.customer_id,  # type: ignore[attr-defined]
        date=payment.date or datetime.now(UTC).date(),
        amount=payment.amount,
        currency=first.currency,
        method=payment.method_name,
        reference=payment.reference,
        origin=PaymentOrigin.PROVIDER,
    )
    for target in targets:
        await PaymentApplication.create(
            payment_id=record.id, invoice_id=target.invoice.id, amount=target.amount
        )
        await apply_to_invoice(target.invoice, target.amount)
    await ExternalMapping.create(
        firm_id=ctx.firm_id,
        provider=ctx.scope.provider,
        remote_company_id=ctx.scope.remote_company_id,
        entity=Entity.PAYMENT,
        local_id=record.id,
        remote_id=payment.id,
        remote_version=payment.version,
        state=MappingState.SYNCED,
        idempotency_key=remote_key(ctx, Entity.PAYMENT, payment.id),
        last_synced_at=datetime.now(UTC),
    )
    await ctx.audit(
        action="payment.received",
        subject_type="Payment",
        subject_id=record.id,
        description=_describe(ctx, [t.invoice for t in targets]),
    )
    await ctx.reporter.record_synced(
        entity=Entity.PAYMENT,
        local_id=record.id,
        remote_id=payment.id,
        label=_label(payment),
        action=action,
        warning="; ".join(notes) or None,
    )


def _describe(ctx: PullContext, invoices: list[Invoice]) -> str:
    head = f"Payment received in {ctx.platform}"
    if len(invoices) == 1:
        invoice = invoices[0]
        return f"{head} — invoice {invoice.number} marked {invoice.status.value}"
    parts = ", ".join(f"{i.number} (marked {i.status.value})" for i in invoices)
    return f"{head} — invoices {parts}"


def _unsettle(invoice: Invoice, amount: Decimal) -> None:
    invoice.amount_paid = max(invoice.amount_paid - amount, Decimal("0.00"))
    invoice.balance = invoice.total - invoice.amount_paid
    if invoice.status in (InvoiceStatus.PAID, InvoiceStatus.PARTIAL):
        invoice.status = InvoiceStatus.PARTIAL if invoice.amount_paid > 0 else InvoiceStatus.SENT
        invoice.paid_at = None


async def _reverse(ctx: PullContext, mapping: ExternalMapping, why: str) -> list[Invoice] | None:
    """Remove the local payment and its applications, restoring the invoices' balances.

    Returns the invoices touched, or None when the local payment no longer exists. The mapping
    is deleted too: a replay of the same void then finds nothing to do.
    """
    payment = await Payment.get_or_none(id=mapping.local_id, firm_id=ctx.firm_id)
    await mapping.delete()
    if ctx.page is not None and mapping.remote_id is not None:
        ctx.page.payments[mapping.remote_id] = None
    if payment is None:
        return None
    applications = await PaymentApplication.filter(payment_id=payment.id)
    ids = [a.invoice_id for a in applications]  # type: ignore[attr-defined]
    if ctx.page is not None:
        invoices = await ctx.page.lock_invoices(ctx.firm_id, ids)
    else:
        invoices = {i.id: i for i in await Invoice.filter(id__in=ids).select_for_update()}
    touched: list[Invoice] = []
    for application in applications:
        invoice = invoices[application.invoice_id]  # type: ignore[attr-defined]
        _unsettle(invoice, application.amount)
        await invoice.save(
            update_fields=["amount_paid", "balance", "status", "paid_at", "updated_at"]
        )
        touched.append(invoice)
    await PaymentApplication.filter(payment_id=payment.id).delete()
    await payment.delete()
    parts = ", ".join(f"{i.number} back to {i.status.value}" for i in touched)
    await ctx.audit(
        action="payment.reversed",
        subject_type="Payment",
        subject_id=payment.id,
        description=f"Payment {mapping.remote_id} {why} — "
        + (f"invoice {parts}" if touched else "it was not applied to an invoice"),
    )
    return touched


async def _invoices_for_update(ctx: PullContext, ids: list[UUID]) -> dict[UUID, Invoice]:
    """The firm's invoices (not estimates) with these ids, locked; the page's when in a page."""
    if ctx.page is not None:
        found = await ctx.page.lock_invoices(ctx.firm_id, ids)
        return {i: row for i, row in found.items() if row.doc_type is DocType.INVOICE}
    rows = await Invoice.filter(
        firm_id=ctx.firm_id, id__in=ids, doc_type=DocType.INVOICE
    ).select_for_update()
    return {row.id: row for row in rows}


async def _flush_page(ctx: PullContext) -> None:
    """Write the page's queued rows, so a reversal that follows reads and writes current ones."""
    if ctx.page is not None:
        await ctx.page.flush()


def _forget_page_invoices(ctx: PullContext) -> None:
    """After a rolled-back reversal the page's invoices in memory may be stale: read them again."""
    if ctx.page is not None:
        ctx.page.forget_invoices()


async def _queue_new(
    ctx: PullContext,
    page: PageState,
    payment: RemotePayment,
    action: str,
    targets: list[_Target],
    notes: list[str],
) -> None:
    """:func:`_apply_new` inside a page: the same rows, queued for the page's bulk writes."""
    first = targets[0].invoice
    record = Payment(
        id=uuid4(),
        firm_id=ctx.firm_id,
        customer_id=first.customer_id,  # type: ignore[attr-defined]
        date=payment.date or datetime.now(UTC).date(),
        amount=payment.amount,
        currency=first.currency,
        method=payment.method_name,
        reference=payment.reference,
        origin=PaymentOrigin.PROVIDER,
    )
    page.new_payments.append(record)
    for target in targets:
        invoice = target.invoice
        page.new_applications.append(
            PaymentApplication(
                id=uuid4(), payment_id=record.id, invoice_id=invoice.id, amount=target.amount
            )
        )
        invoice.amount_paid = invoice.amount_paid + target.amount
        invoice.balance = invoice.total - invoice.amount_paid
        settle_status(invoice)
        page.changed[invoice.id] = invoice
    mapping = ExternalMapping(
        id=uuid4(),
        firm_id=ctx.firm_id,
        provider=ctx.scope.provider,
        remote_company_id=ctx.scope.remote_company_id,
        entity=Entity.PAYMENT,
        local_id=record.id,
        remote_id=payment.id,
        remote_version=payment.version,
        state=MappingState.SYNCED,
        idempotency_key=remote_key(ctx, Entity.PAYMENT, payment.id),
        last_synced_at=datetime.now(UTC),
    )
    page.new_mappings.append(mapping)
    page.payments[payment.id] = mapping
    page.activities.append(
        Activity(
            firm_id=ctx.firm_id,
            source=ActivitySource.PROVIDER,
            action="payment.received",
            subject_type="Payment",
            subject_id=record.id,
            description=_describe(ctx, [t.invoice for t in targets]),
        )
    )
    await ctx.reporter.record_synced(
        entity=Entity.PAYMENT,
        local_id=record.id,
        remote_id=payment.id,
        label=_label(payment),
        action=action,
        warning="; ".join(notes) or None,
    )
