"""Importing open remote invoices as locked local invoices.

Customers are merged first (see :mod:`core.sync.pull_customers`), so an open invoice of an
active remote customer finds its local customer through the customer mapping. Each invoice comes
in with description-only lines carrying the remote amounts, status SENT or PARTIAL from its open
balance, locked (it is owned by the accounting platform), with a SYNCED mapping: a rerun finds
the mapping and imports nothing twice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.models import Customer, ExternalMapping, Invoice, InvoiceLine
from core.models.enums import DocType, Entity, InvoiceStatus, MappingState
from core.sync.pull_context import PullContext, remote_key
from core.sync.pull_customers import import_customers_in
from core.sync.records import RemoteDocStatus, RemoteInvoice, RemoteInvoiceLine

CENTS = Decimal("0.01")


async def import_invoices_in(ctx: PullContext) -> None:
    """Merge customers, then import every open remote invoice not yet linked to a local one."""
    await import_customers_in(ctx)
    async for page in ctx.session.list_open_invoices():
        ctx.reporter.run.total += len(page)
        customers = await ctx.mapped_local_ids(
            Entity.CUSTOMER, [i.customer_remote_id for i in page if i.customer_remote_id]
        )
        known = await ctx.mapped_local_ids(Entity.INVOICE, [i.id for i in page])
        for remote in page:
            await _import_one(ctx, remote, customers, known)
        await ctx.reporter.progress()


def _label(remote: RemoteInvoice) -> str:
    return f"Invoice {remote.number or remote.id}"


def _refusal(
    ctx: PullContext, remote: RemoteInvoice, customers: dict[str, UUID], known: dict[str, UUID]
) -> str | None:
    if remote.id in known:
        return "already imported or pushed; it is linked to a local invoice"
    if remote.status is RemoteDocStatus.VOID or remote.balance <= 0:
        return "it is void or paid; only open invoices are imported"
    if not ctx.settings.allows_date(remote.issue_date):
        return f"dated {remote.issue_date}, before the sync start date"
    if remote.customer_remote_id not in customers:
        return (
            f"its {ctx.platform} customer {remote.customer_remote_id} is inactive or not imported"
        )
    return None


async def _import_one(
    ctx: PullContext, remote: RemoteInvoice, customers: dict[str, UUID], known: dict[str, UUID]
) -> None:
    label = _label(remote)
    refusal = _refusal(ctx, remote, customers, known)
    number = (remote.number or remote.id)[:64]
    if (
        refusal is None
        and await Invoice.filter(
            firm_id=ctx.firm_id, doc_type=DocType.INVOICE, number=number
        ).exists()
    ):
        refusal = (
            f"number {number} is already used by another local invoice; renumber one of them "
            "and import again"
        )
    if refusal is not None:
        await ctx.reporter.record_skipped(
            entity=Entity.INVOICE, local_id=None, remote_id=remote.id, label=label, message=refusal
        )
        return
    customer_id = customers[str(remote.customer_remote_id)]
    try:
        async with in_transaction():
            invoice = await _create(ctx, remote, number, customer_id)
    except IntegrityError:
        await ctx.reporter.record_skipped(
            entity=Entity.INVOICE,
            local_id=None,
            remote_id=remote.id,
            label=label,
            message="already imported by a concurrent sync",
        )
        return
    await ctx.reporter.record_synced(
        entity=Entity.INVOICE,
        local_id=invoice.id,
        remote_id=remote.id,
        label=label,
        action="IMPORTED",
    )


def _lines(remote: RemoteInvoice) -> list[RemoteInvoiceLine]:
    lines = [line for line in remote.lines if line.amount != 0 or line.description]
    return lines or [RemoteInvoiceLine(description="Imported invoice", amount=remote.total)]


async def _create(
    ctx: PullContext, remote: RemoteInvoice, number: str, customer_id: UUID
) -> Invoice:
    lines = _lines(remote)
    subtotal = sum((line.amount for line in lines), Decimal("0")).quantize(CENTS)
    total = remote.total.quantize(CENTS)
    paid = (remote.total - remote.balance).quantize(CENTS)
    customer = await Customer.get(id=customer_id)
    now = datetime.now(UTC)
    issue_date: date = remote.issue_date or now.date()
    invoice = await Invoice.create(
        firm_id=ctx.firm_id,
        customer_id=customer_id,
        doc_type=DocType.INVOICE,
        number=number,
        issue_date=issue_date,
        due_date=remote.due_date,
        currency=remote.currency or customer.currency,
        status=InvoiceStatus.PARTIAL if paid > 0 else InvoiceStatus.SENT,
        subtotal=subtotal,
        tax_total=max(total - subtotal, Decimal("0.00")),
        total=total,
        amount_paid=paid,
        balance=remote.balance.quantize(CENTS),
        memo=remote.memo,
        locked=True,
        issued_at=now,
    )
    await InvoiceLine.bulk_create(
        [
            InvoiceLine(
                invoice_id=invoice.id,
                position=position,
                description=line.description,
                quantity=Decimal("1"),
                unit_price=line.amount,
                amount=line.amount,
            )
            for position, line in enumerate(lines)
        ]
    )
    await ExternalMapping.create(
        firm_id=ctx.firm_id,
        provider=ctx.scope.provider,
        remote_company_id=ctx.scope.remote_company_id,
        entity=Entity.INVOICE,
        local_id=invoice.id,
        remote_id=remote.id,
        remote_number=remote.number,
        remote_version=remote.version,
        state=MappingState.SYNCED,
        idempotency_key=remote_key(ctx, Entity.INVOICE, remote.id),
        last_synced_at=now,
    )
    await ctx.audit(
        action="invoice.imported",
        subject_type="Invoice",
        subject_id=invoice.id,
        description=f"Invoice {number} imported from {ctx.platform} "
        f"({invoice.status.value}, balance {invoice.balance} {invoice.currency})",
    )
    return invoice
