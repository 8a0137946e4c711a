"""Local invoices as provider-blind records, and the rules that keep some of them local."""

from __future__ import annotations

from uuid import UUID

from core.models import ExternalMapping, Invoice
from core.models.enums import DocType, InvoiceStatus, MappingState
from core.sync.ports import ProviderError
from core.sync.push_context import PushContext
from core.sync.push_parties import Resolved
from core.sync.records import InvoiceLineRecord, InvoiceRecord


async def load_invoices(firm_id: UUID, invoice_ids: list[UUID]) -> list[Invoice]:
    """The firm's invoices with these ids (others are ignored), with lines, items and customer."""
    return (
        await Invoice.filter(firm_id=firm_id, id__in=invoice_ids)
        .order_by("issue_date", "number")
        .prefetch_related("lines__item", "customer")
    )


def skip_reason(
    ctx: PushContext,
    invoice: Invoice,
    mapping: ExternalMapping | None,
    *,
    update: bool = False,
) -> str | None:
    """Why a document is left alone by a push, or None when it should be sent.

    A synced document is left alone unless ``update`` asks for its local changes to be sent.
    """
    settings = ctx.settings
    if not settings.sync_enabled:
        return "sync is turned off for this connection"
    if not settings.sync_invoices:
        return "invoice sync is turned off for this connection"
    if invoice.status is InvoiceStatus.DRAFT:
        return "drafts are never synced; issue the document first"
    if not settings.allows_date(invoice.issue_date):
        start = settings.sync_start_date.isoformat() if settings.sync_start_date else ""
        return (
            f"dated {invoice.issue_date.isoformat()}, before the sync start date {start}; "
            "records before it are never synced"
        )
    synced = mapping is not None and mapping.state is MappingState.SYNCED
    if invoice.status is InvoiceStatus.VOID and not synced:
        return "void and never synced: there is nothing to send"
    if synced and invoice.status is not InvoiceStatus.VOID and not update:
        number = mapping.remote_number if mapping else None
        return f"already synced (remote number {number}); push changes with an update instead"
    return None


def invoice_record(
    ctx: PushContext,
    invoice: Invoice,
    key: str,
    customer_remote_id: str,
    items: Resolved,
) -> InvoiceRecord | ProviderError:
    """The record to push, or the error of an item it depends on."""
    lines: list[InvoiceLineRecord] = []
    for line in invoice.lines:
        item = line.item
        remote_item = ctx.settings.default_item_id
        if item is not None:
            if item.id in items.errors:
                return items.errors[item.id]
            remote_item = items.remote_ids.get(item.id)
        lines.append(
            InvoiceLineRecord(
                description=line.description or (item.name if item else ""),
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                item_remote_id=remote_item,
                sku=item.sku if item is not None else None,
            )
        )
    return InvoiceRecord(
        local_id=str(invoice.id),
        doc_type=invoice.doc_type,
        number=invoice.number,
        customer_remote_id=customer_remote_id,
        issue_date=invoice.issue_date,
        idempotency_key=key,
        lines=tuple(lines),
        due_date=invoice.due_date if invoice.doc_type is DocType.INVOICE else None,
        currency=invoice.currency,
        memo=invoice.memo,
        email=invoice.customer.email,
    )
