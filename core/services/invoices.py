"""Invoices and estimates of the local books: list, create, update and issue.

Every read and write is scoped to the caller's firm; an id of another firm behaves exactly like
an unknown id. Every write runs in one transaction together with its audit entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.errors import Duplicate, InvalidState, InvoiceLocked, NotFound, ValidationFailed
from core.models import Customer, ExternalMapping, Invoice, InvoiceLine, User
from core.models.enums import DocType, Entity, InvoiceStatus, MappingState, SyncStatus
from core.services.activity import record_activity
from core.services.amounts import EXCHANGE_RATE
from core.services.invoice_lines import LineInput, PricedLine, price_lines, totals_of
from core.services.sync_status import current_company
from core.services.tenancy import Viewer

__all__ = [
    "InvoiceChanges",
    "InvoiceDraft",
    "LineInput",
    "create_invoice",
    "get_invoice",
    "invoices_query",
    "issue_invoice",
    "update_invoice",
]

_CURRENCY = re.compile(r"^[A-Z]{3}$")
NUMBER_MAX_LENGTH = 64
# QuickBooks Online keeps 4,000 characters of a private note; the customer memo sent to the
# platforms is clipped (with a warning on the run item) where they keep less.
MEMO_MAX_LENGTH = 4000
_NUMBER_RETRIES = 3
_STATE_FOR_STATUS = {
    SyncStatus.SYNCED: MappingState.SYNCED,
    SyncStatus.PENDING: MappingState.PENDING,
    SyncStatus.ERROR: MappingState.ERROR,
}


@dataclass(frozen=True, slots=True)
class InvoiceDraft:
    """The input of a new invoice or estimate; omitted fields take their defaults."""

    customer_id: UUID
    lines: Sequence[LineInput]
    doc_type: DocType = DocType.INVOICE
    number: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    currency: str | None = None
    memo: str | None = None
    exchange_rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class InvoiceChanges:
    """Header fields to replace (None leaves a field as it is); ``lines`` replaces the whole set."""

    customer_id: UUID | None = None
    number: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    currency: str | None = None
    memo: str | None = None
    lines: Sequence[LineInput] | None = None
    exchange_rate: Decimal | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def doc_label(invoice: Invoice) -> str:
    """ "Invoice 1042" or "Estimate 7", for messages and the audit trail."""
    return f"{invoice.doc_type.value.capitalize()} {invoice.number}"


async def actor_name(viewer: Viewer) -> str:
    """The caller's display name for the audit trail."""
    user = await User.get_or_none(id=viewer.user_id)
    if user is None:
        return viewer.user_external_id
    return user.name or user.email or user.external_id


def invoices_query(
    firm_id: UUID,
    *,
    statuses: Sequence[InvoiceStatus] | None = None,
    customer_id: UUID | None = None,
    doc_type: DocType | None = None,
    ids: Sequence[UUID] | None = None,
) -> QuerySet[Invoice]:
    """The firm's invoices matching the filters (None means "any")."""
    queryset = Invoice.filter(firm_id=firm_id)
    if statuses:
        queryset = queryset.filter(status__in=list(statuses))
    if customer_id is not None:
        queryset = queryset.filter(customer_id=customer_id)
    if doc_type is not None:
        queryset = queryset.filter(doc_type=doc_type)
    if ids is not None:
        queryset = queryset.filter(id__in=list(ids))
    return queryset


async def filter_by_sync_status(
    queryset: QuerySet[Invoice], firm_id: UUID, sync_statuses: Sequence[SyncStatus]
) -> QuerySet[Invoice]:
    """Keep the invoices whose sync status with the firm's current company is one of those given.

    NOT_SYNCED means "no mapping to the current company"; with no connection, every record is
    NOT_SYNCED. The mappings are joined in SQL, so this adds one query whatever the page size.
    """
    wanted = set(sync_statuses)
    company = await current_company(firm_id)
    if company is None:
        return queryset if SyncStatus.NOT_SYNCED in wanted else queryset.filter(id__in=[])
    provider, remote_company_id = company
    mappings = ExternalMapping.filter(
        firm_id=firm_id,
        provider=provider,
        remote_company_id=remote_company_id,
        entity__in=[Entity.INVOICE, Entity.ESTIMATE],
    )
    condition = Q()
    states = [_STATE_FOR_STATUS[s] for s in wanted if s in _STATE_FOR_STATUS]
    if states:
        mapped = mappings.filter(state__in=states).values("local_id")
        condition = Q(id__in=Subquery(mapped))
    if SyncStatus.NOT_SYNCED in wanted:
        unmapped = ~Q(id__in=Subquery(mappings.values("local_id")))
        condition = unmapped if not states else condition | unmapped
    return queryset.filter(condition)


async def get_invoice(firm_id: UUID, invoice_id: UUID, *, field: str = "id") -> Invoice:
    """The firm's invoice or estimate, or NotFound."""
    invoice = await Invoice.get_or_none(id=invoice_id, firm_id=firm_id)
    if invoice is None:
        raise NotFound("no invoice or estimate with this ID in your firm", field=field)
    return invoice


async def _customer(firm_id: UUID, customer_id: UUID) -> Customer:
    customer = await Customer.get_or_none(id=customer_id, firm_id=firm_id)
    if customer is None:
        raise NotFound("no customer with this ID in your firm", field="customerId")
    return customer


def exchange_rate(rate: Decimal | None) -> Decimal | None:
    """A document's own exchange rate, checked (None: the accounting platform's rate)."""
    if rate is None:
        return None
    return EXCHANGE_RATE.check(rate, field="exchangeRate", label="Exchange rate")


def _clean_currency(currency: str) -> str:
    code = currency.strip().upper()
    if not _CURRENCY.match(code):
        raise ValidationFailed("must be a three-letter ISO 4217 code, e.g. USD", field="currency")
    return code


def _clean_number(number: str) -> str:
    cleaned = number.strip()
    if not cleaned or len(cleaned) > NUMBER_MAX_LENGTH:
        raise ValidationFailed(f"must be 1 to {NUMBER_MAX_LENGTH} characters", field="number")
    return cleaned


def _check_dates(issue_date: date, due_date: date | None) -> None:
    if due_date is not None and due_date < issue_date:
        raise ValidationFailed("must be on or after the issue date", field="dueDate")


async def next_number(firm_id: UUID, doc_type: DocType) -> str:
    """The next integer after the highest all-digit number of the firm's documents of this type."""
    numbers = await Invoice.filter(firm_id=firm_id, doc_type=doc_type).values_list(
        "number", flat=True
    )
    highest = max((int(str(n)) for n in numbers if str(n).isdigit()), default=0)
    return str(highest + 1)


async def _number_taken(
    firm_id: UUID, doc_type: DocType, number: str, exclude: UUID | None = None
) -> bool:
    queryset = Invoice.filter(firm_id=firm_id, doc_type=doc_type, number=number)
    if exclude is not None:
        queryset = queryset.exclude(id=exclude)
    return await queryset.exists()


def _line_rows(invoice_id: UUID, lines: Sequence[PricedLine]) -> list[InvoiceLine]:
    return [
        InvoiceLine(
            invoice_id=invoice_id,
            position=position,
            item_id=line.item_id,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            tax_rate=line.tax_rate,
            amount=line.amount,
        )
        for position, line in enumerate(lines)
    ]


async def create_invoice(viewer: Viewer, draft: InvoiceDraft, *, ip: str | None = None) -> Invoice:
    """Create a DRAFT invoice or estimate with its lines and computed totals.

    The number defaults to the next free integer of the firm and document type; a number that is
    already used raises Duplicate.
    """
    customer = await _customer(viewer.firm_id, draft.customer_id)
    issue_date = draft.issue_date or _now().date()
    _check_dates(issue_date, draft.due_date)
    currency = _clean_currency(draft.currency or customer.currency)
    rate = exchange_rate(draft.exchange_rate)
    priced = await price_lines(viewer.firm_id, draft.lines)
    totals = totals_of(priced)
    given = _clean_number(draft.number) if draft.number is not None else None
    if given is not None and await _number_taken(viewer.firm_id, draft.doc_type, given):
        raise Duplicate(
            f"{draft.doc_type.value.lower()} number {given} is already used", field="number"
        )
    name = await actor_name(viewer)
    for _attempt in range(_NUMBER_RETRIES):
        number = given or await next_number(viewer.firm_id, draft.doc_type)
        try:
            async with in_transaction():
                invoice = await Invoice.create(
                    firm_id=viewer.firm_id,
                    customer_id=customer.id,
                    doc_type=draft.doc_type,
                    number=number,
                    issue_date=issue_date,
                    due_date=draft.due_date,
                    currency=currency,
                    exchange_rate=rate,
                    status=InvoiceStatus.DRAFT,
                    subtotal=totals.subtotal,
                    tax_total=totals.tax_total,
                    total=totals.total,
                    amount_paid=Decimal("0.00"),
                    balance=totals.total,
                    memo=(draft.memo or "").strip() or None,
                )
                await InvoiceLine.bulk_create(_line_rows(invoice.id, priced))
                await _audit(
                    viewer, invoice, "created", f"{doc_label(invoice)} created by {name}", ip
                )
            return invoice
        except IntegrityError:
            # Another request took the same number between our read and our insert.
            if given is not None:
                break
    raise Duplicate("that number was taken by another request; please retry", field="number")


async def _audit(viewer: Viewer, invoice: Invoice, verb: str, text: str, ip: str | None) -> None:
    await record_activity(
        firm_id=viewer.firm_id,
        actor_id=viewer.user_id,
        action=f"{invoice.doc_type.value.lower()}.{verb}",
        subject_type=invoice.doc_type.value.capitalize(),
        subject_id=invoice.id,
        description=text,
        ip_address=ip,
    )


def _check_editable(invoice: Invoice) -> None:
    if invoice.locked:
        raise InvoiceLocked(
            f"{doc_label(invoice)} is locked because it was synced to the accounting platform"
        )
    if invoice.status in (InvoiceStatus.VOID, InvoiceStatus.PAID):
        raise InvalidState(
            f"{doc_label(invoice)} is {invoice.status.value} and can no longer be changed"
        )


def settle_status(invoice: Invoice) -> None:
    """Move an issued invoice to PARTIAL or PAID from its amount paid (sets paidAt once)."""
    if invoice.status not in (InvoiceStatus.SENT, InvoiceStatus.PARTIAL, InvoiceStatus.OVERDUE):
        return
    if invoice.amount_paid <= 0:
        return
    if invoice.balance <= 0:
        invoice.status = InvoiceStatus.PAID
        invoice.paid_at = invoice.paid_at or _now()
    else:
        invoice.status = InvoiceStatus.PARTIAL


async def _apply_header(viewer: Viewer, invoice: Invoice, changes: InvoiceChanges) -> None:
    current_customer: UUID = invoice.customer_id  # type: ignore[attr-defined]
    if changes.customer_id is not None and changes.customer_id != current_customer:
        if invoice.amount_paid > 0:
            raise InvalidState(
                "the customer of an invoice with payments cannot change", field="customerId"
            )
        await _customer(viewer.firm_id, changes.customer_id)
        invoice.customer_id = changes.customer_id
    if changes.currency is not None:
        currency = _clean_currency(changes.currency)
        if currency != invoice.currency and invoice.amount_paid > 0:
            raise InvalidState(
                "the currency of an invoice with payments cannot change", field="currency"
            )
        invoice.currency = currency
    if changes.exchange_rate is not None:
        invoice.exchange_rate = exchange_rate(changes.exchange_rate)
    if changes.number is not None:
        number = _clean_number(changes.number)
        if await _number_taken(viewer.firm_id, invoice.doc_type, number, exclude=invoice.id):
            raise Duplicate(f"number {number} is already used", field="number")
        invoice.number = number
    invoice.issue_date = changes.issue_date or invoice.issue_date
    invoice.due_date = changes.due_date or invoice.due_date
    _check_dates(invoice.issue_date, invoice.due_date)
    if changes.memo is not None:
        invoice.memo = changes.memo.strip() or None  # type: ignore[assignment]


async def update_invoice(
    viewer: Viewer, invoice_id: UUID, changes: InvoiceChanges, *, ip: str | None = None
) -> Invoice:
    """Replace the given header fields and, when given, the whole line set; recompute totals.

    Refused while the invoice is locked (InvoiceLocked), when it is VOID or PAID (InvalidState),
    and when the amount already paid would exceed the new total (ValidationFailed).
    """
    name = await actor_name(viewer)
    async with in_transaction():
        invoice = await get_invoice(viewer.firm_id, invoice_id)
        invoice = await Invoice.filter(id=invoice.id).select_for_update().get()
        _check_editable(invoice)
        await _apply_header(viewer, invoice, changes)
        if changes.lines is not None:
            priced = await price_lines(viewer.firm_id, changes.lines)
            totals = totals_of(priced)
            if invoice.amount_paid > totals.total:
                raise ValidationFailed(
                    f"the new total {totals.total} is less than the {invoice.amount_paid} "
                    "already paid",
                    field="lines",
                )
            await InvoiceLine.filter(invoice_id=invoice.id).delete()
            await InvoiceLine.bulk_create(_line_rows(invoice.id, priced))
            invoice.subtotal = totals.subtotal
            invoice.tax_total = totals.tax_total
            invoice.total = totals.total
            invoice.balance = totals.total - invoice.amount_paid
            settle_status(invoice)
        try:
            await invoice.save()
        except IntegrityError:
            raise Duplicate("that number is already used", field="number") from None
        await _audit(viewer, invoice, "updated", f"{doc_label(invoice)} updated by {name}", ip)
    return invoice


async def issue_invoice(viewer: Viewer, invoice_id: UUID, *, ip: str | None = None) -> Invoice:
    """Move a DRAFT invoice or estimate to SENT and stamp issuedAt.

    A document that is not a draft, has no lines, or totals zero raises InvalidState.
    """
    name = await actor_name(viewer)
    async with in_transaction():
        invoice = await get_invoice(viewer.firm_id, invoice_id)
        invoice = await Invoice.filter(id=invoice.id).select_for_update().get()
        if invoice.status != InvoiceStatus.DRAFT:
            raise InvalidState(
                f"{doc_label(invoice)} is {invoice.status.value}; only a DRAFT can be issued"
            )
        if not await InvoiceLine.filter(invoice_id=invoice.id).exists():
            raise InvalidState(f"{doc_label(invoice)} has no lines and cannot be issued")
        if invoice.total <= 0:
            raise InvalidState(f"{doc_label(invoice)} totals zero and cannot be issued")
        invoice.status = InvoiceStatus.SENT
        invoice.issued_at = _now()
        await invoice.save(update_fields=["status", "issued_at", "updated_at"])
        await _audit(viewer, invoice, "issued", f"{doc_label(invoice)} issued by {name}", ip)
    return invoice
