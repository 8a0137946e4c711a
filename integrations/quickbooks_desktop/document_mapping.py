"""Pure translation of invoices and estimates to qbXML and back (no I/O, no ORM).

``InvoiceAdd`` / ``EstimateAdd`` are built in the schema's order (CustomerRef, TxnDate,
RefNumber, DueDate, Memo, ExternalGUID, then the lines). RefNumber is at most 11 characters;
a longer number is cut with a warning. QuickBooks does not keep RefNumber unique, so a blindly
resent InvoiceAdd makes a second invoice: the ``ExternalGUID`` is what tells ours apart.
A ``…Mod`` replaces the lines: every line is sent with ``TxnLineID`` -1 (new), and QuickBooks
drops the lines a Mod leaves out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.sync.records import (
    DocType,
    InvoiceLineRecord,
    InvoiceRecord,
    RemoteDocStatus,
    RemoteInvoice,
    RemoteInvoiceLine,
)
from integrations.base import clip

from .mapping import (
    LIMITS,
    NO_MULTICURRENCY,
    ZERO,
    Currencies,
    Outbound,
    currency_code,
    flag,
    money,
    stamp,
)
from .qbxml import (
    Element,
    add,
    add_ref,
    amount_text,
    child_text,
    children,
    date_text,
    element,
    guid_for,
    price_text,
    tag_of,
)

TAGS = {DocType.INVOICE: "Invoice", DocType.ESTIMATE: "Estimate"}
NEW_LINE = "-1"
VOID_MEMO_PREFIX = "VOID:"


def doc_tag(doc_type: DocType) -> str:
    """The qbXML name of a document type: Invoice or Estimate."""
    return TAGS[doc_type]


def ref_number(number: str | None, warnings: list[str]) -> str | None:
    """The RefNumber as it is sent (cut to 11 characters)."""
    return clip(number, LIMITS.ref_number_max, "RefNumber", warnings) if number else None


def _line(
    tag: str, line: InvoiceLineRecord, default_item_id: str | None, warnings: list[str]
) -> Element:
    item = line.item_remote_id or default_item_id
    if item is None:
        raise ValueError(
            "QuickBooks needs an item on every line: sync the line's item or set default_item_id "
            "in the connection settings"
        )
    node = element(tag)
    if tag.endswith("Mod"):
        add(node, "TxnLineID", NEW_LINE)
    add_ref(node, "ItemRef", list_id=item)
    description = clip(line.description, LIMITS.description_max, "Line description", warnings)
    add(node, "Desc", description)
    add(node, "Quantity", price_text(line.quantity))
    add(node, "Rate", price_text(line.unit_price))
    # QuickBooks computes Amount as Quantity x Rate; say it only when ours differs (rounding).
    computed = (line.quantity * line.unit_price).quantize(Decimal("0.01"))
    if computed != line.amount.quantize(Decimal("0.01")):
        add(node, "Amount", amount_text(line.amount))
    return node


def _header(body: Element, record: InvoiceRecord, warnings: list[str]) -> None:
    add_ref(body, "CustomerRef", list_id=record.customer_remote_id)
    add(body, "TxnDate", date_text(record.issue_date))
    add(body, "RefNumber", ref_number(record.number, warnings))
    add(body, "DueDate", date_text(record.due_date) if record.due_date else None)
    memo = clip(record.memo, LIMITS.memo_max, "Memo", warnings) if record.memo else None
    add(body, "Memo", memo)


def document_add(
    record: InvoiceRecord,
    default_item_id: str | None = None,
    currencies: Currencies = NO_MULTICURRENCY,
) -> Outbound:
    """``InvoiceAdd`` or ``EstimateAdd`` for a record, with its key as ``ExternalGUID``; the
    currency is the customer's, the record's own rate goes as ``ExchangeRate``."""
    if not record.lines:
        raise ValueError("QuickBooks needs at least one line on a document")
    warnings: list[str] = []
    tag = doc_tag(record.doc_type)
    body = element(f"{tag}Add")
    _header(body, record, warnings)
    rate = currencies.rate_for(record.currency, record.exchange_rate)
    add(body, "ExchangeRate", price_text(rate) if rate is not None else None)
    add(body, "ExternalGUID", guid_for(record.idempotency_key))
    for line in record.lines:
        body.append(_line(f"{tag}LineAdd", line, default_item_id, warnings))
    return Outbound(body, tuple(warnings))


def document_mod(
    remote_id: str, edit_sequence: str, record: InvoiceRecord, default_item_id: str | None = None
) -> Outbound:
    """``InvoiceMod`` or ``EstimateMod``: the header we own and every line anew."""
    if not record.lines:
        raise ValueError("QuickBooks needs at least one line on a document")
    warnings: list[str] = []
    tag = doc_tag(record.doc_type)
    body = element(f"{tag}Mod")
    add(body, "TxnID", remote_id)
    add(body, "EditSequence", edit_sequence)
    _header(body, record, warnings)
    for line in record.lines:
        body.append(_line(f"{tag}LineMod", line, default_item_id, warnings))
    return Outbound(body, tuple(warnings))


def _lines(ret: Element, tag: str) -> tuple[RemoteInvoiceLine, ...]:
    lines = []
    for node in children(ret, f"{tag}LineRet"):
        description = child_text(node, "Desc") or child_text(node, "ItemRef", "FullName") or ""
        rate = child_text(node, "Rate")
        quantity = child_text(node, "Quantity")
        lines.append(
            RemoteInvoiceLine(
                description=description,
                amount=money(child_text(node, "Amount")),
                quantity=money(quantity) if quantity else None,
                unit_price=money(rate) if rate else None,
            )
        )
    return tuple(lines)


def _invoice_status(ret: Element, total: Decimal, balance: Decimal) -> RemoteDocStatus:
    memo = child_text(ret, "Memo") or ""
    if total == ZERO and memo.upper().startswith(VOID_MEMO_PREFIX):
        return RemoteDocStatus.VOID
    if flag(child_text(ret, "IsPaid")) or (total > ZERO and balance <= ZERO):
        return RemoteDocStatus.PAID
    if ZERO < balance < total:
        return RemoteDocStatus.PARTIAL
    return RemoteDocStatus.OPEN


def document_from_ret(ret: Element, doc_type: DocType = DocType.INVOICE) -> RemoteInvoice:
    """An ``InvoiceRet`` or ``EstimateRet`` as a :class:`RemoteInvoice`."""
    remote_id = child_text(ret, "TxnID")
    if remote_id is None:
        raise ValueError(f"{tag_of(ret)} without TxnID")
    tag = doc_tag(doc_type)
    if doc_type is DocType.ESTIMATE:
        total = money(child_text(ret, "TotalAmount"))
        balance = total
        active = flag(child_text(ret, "IsActive"), default=True)
        status = RemoteDocStatus.OPEN if active else RemoteDocStatus.CLOSED
    else:
        total = money(child_text(ret, "Subtotal")) + money(child_text(ret, "SalesTaxTotal"))
        balance = money(child_text(ret, "BalanceRemaining"))
        status = _invoice_status(ret, total, balance)
    return RemoteInvoice(
        id=remote_id,
        number=child_text(ret, "RefNumber"),
        version=child_text(ret, "EditSequence"),
        doc_type=doc_type,
        total=total,
        balance=balance,
        status=status,
        customer_remote_id=child_text(ret, "CustomerRef", "ListID"),
        issue_date=_day(child_text(ret, "TxnDate")),
        due_date=_day(child_text(ret, "DueDate")),
        updated_at=stamp(child_text(ret, "TimeModified")),
        lines=_lines(ret, tag),
        memo=child_text(ret, "Memo"),
        currency=currency_code(child_text(ret, "CurrencyRef", "FullName")),
    )


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
