"""Local invoices as provider-blind records, the rules that keep some of them local, and the
adoption of a document an earlier attempt created when the platform says its number is taken."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol, runtime_checkable
from uuid import UUID

from core.models import ExternalMapping, Invoice
from core.models.enums import DocType, Entity, InvoiceStatus, MappingState
from core.sync.ports import DuplicateNumber, ProviderError
from core.sync.push_context import PushContext
from core.sync.push_parties import Resolved
from core.sync.records import (
    InvoiceLineRecord,
    InvoiceRecord,
    PushOutcome,
    RemoteInvoice,
    RemoteRef,
)


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
        exchange_rate=invoice.exchange_rate,
    )


@runtime_checkable
class DocumentFinder(Protocol):
    """An optional session member: documents can be looked up by their number."""

    async def find_documents(
        self, numbers: Sequence[str], doc_type: DocType
    ) -> list[RemoteInvoice]:
        """The remote documents of this type with these numbers (unknown numbers left out)."""
        ...


def _same_document(remote: RemoteInvoice, record: InvoiceRecord) -> bool:
    """Whether a remote document is the one this record describes (number, customer, date)."""
    return (
        remote.number == record.number
        and remote.customer_remote_id == record.customer_remote_id
        and (remote.issue_date is None or remote.issue_date == record.issue_date)
    )


async def _linked_elsewhere(ctx: PushContext, remote: RemoteInvoice, local_id: str) -> bool:
    entity = Entity.ESTIMATE if remote.doc_type is DocType.ESTIMATE else Entity.INVOICE
    return (
        await ExternalMapping.filter(
            firm_id=ctx.firm_id,
            provider=ctx.scope.provider,
            remote_company_id=ctx.scope.remote_company_id,
            entity=entity,
            remote_id=remote.id,
        )
        .exclude(local_id=UUID(local_id))
        .exists()
    )


async def adopt_duplicates(
    ctx: PushContext,
    records: Sequence[InvoiceRecord],
    outcomes: Sequence[PushOutcome],
    prior: Collection[UUID],
) -> list[PushOutcome]:
    """Turn "number already used" answers into the document an earlier attempt created.

    Only for documents tried before (``prior``: an earlier intent may have been created while its
    answer was lost) and only when the platform can look documents up by number: the remote
    document with the number, the same customer and date, linked to no other local record, is
    adopted instead of reported as a duplicate.
    """
    result = list(outcomes)
    todo = [
        n
        for n, (record, outcome) in enumerate(zip(records, outcomes, strict=True))
        if isinstance(outcome.error, DuplicateNumber)
        and UUID(record.local_id) in prior
        and record.number
    ]
    finder = ctx.session
    if not todo or not isinstance(finder, DocumentFinder):
        return result
    for doc_type in dict.fromkeys(records[n].doc_type for n in todo):
        places = [n for n in todo if records[n].doc_type is doc_type]
        found = await finder.find_documents([str(records[n].number) for n in places], doc_type)
        for n in places:
            record = records[n]
            match = next((r for r in found if _same_document(r, record)), None)
            if match is None or await _linked_elsewhere(ctx, match, record.local_id):
                continue
            warning = (
                f"linked to the {ctx.platform} document with this number and customer, which an "
                "earlier attempt created before its answer was lost"
            )
            ref = RemoteRef(match.id, match.number, match.version)
            result[n] = PushOutcome.success(ref, (*outcomes[n].warnings, warning))
    return result
