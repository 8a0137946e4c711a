"""Xero sales documents: ACCREC invoices and quotes, to and from Xero's JSON (pure, no I/O).

Pushed invoices are AUTHORISED, pushed estimates SENT Quotes; without a tax code both are sent
without tax so Xero's totals equal the local ones. Read back, VOIDED/DELETED documents are VOID.
InvoiceNumber and Reference are cut at 255 characters, QuoteNumber at 255 and a quote's
Reference at 4000, each cut reported as a warning.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.sync.records import (
    CreditMemoRecord,
    DocType,
    InvoiceRecord,
    RemoteDocStatus,
    RemoteInvoice,
    RemoteInvoiceLine,
)
from integrations.base import clip, to_decimal

from .mapping import (
    DESCRIPTION_MAX,
    REFERENCE_MAX,
    ZERO,
    Outbound,
    iso_day,
    money,
    to_xero_rate,
)
from .wire import JSONObject, as_object, objects, parse_date, parse_datetime, text

INVOICE_NUMBER_MAX = 255
QUOTE_NUMBER_MAX = 255
QUOTE_REFERENCE_MAX = 4000
QUOTE_SENT = "SENT"


# --- invoices ---------------------------------------------------------------------------------


def _lines_to_xero(
    record: InvoiceRecord,
    account_code: str,
    item_codes: Mapping[str, str],
    tax_type: str | None,
    warnings: list[str],
) -> list[JSONObject]:
    """The LineItems of an invoice or a quote: every line books to ``account_code``; a line
    whose item is synced also names its ItemCode (``item_codes`` maps ItemIDs to Codes)."""
    if not record.lines:
        what = "an estimate" if record.doc_type is DocType.ESTIMATE else "an invoice"
        raise ValueError(f"{what} needs at least one line")
    lines: list[JSONObject] = []
    for n, line in enumerate(record.lines, start=1):
        body: JSONObject = {
            "Description": clip(line.description, DESCRIPTION_MAX, f"Line {n}", warnings) or "-",
            "Quantity": line.quantity,
            "UnitAmount": line.unit_price,
            "AccountCode": account_code,
        }
        code = item_codes.get(line.item_remote_id) if line.item_remote_id else None
        if code:
            body["ItemCode"] = code
        if tax_type:
            body["TaxType"] = tax_type
        lines.append(body)
    return lines


def invoice_to_xero(
    record: InvoiceRecord,
    account_code: str,
    item_codes: Mapping[str, str],
    *,
    tax_type: str | None = None,
) -> Outbound:
    """An ACCREC, AUTHORISED Invoice body.

    Raises ValueError for an estimate (it goes as a Quote: :func:`quote_to_xero`) and for an
    invoice without lines.
    """
    if record.doc_type is not DocType.INVOICE:
        raise ValueError("an estimate is sent to Xero as a Quote, not an Invoice")
    warnings: list[str] = []
    lines = _lines_to_xero(record, account_code, item_codes, tax_type, warnings)
    invoice: JSONObject = {
        "Type": "ACCREC",
        "Contact": {"ContactID": record.customer_remote_id},
        "Date": iso_day(record.issue_date),
        "LineAmountTypes": "Exclusive" if tax_type else "NoTax",
        "Status": "AUTHORISED",
        "CurrencyCode": record.currency,
        "LineItems": lines,
    }
    if record.exchange_rate is not None:  # never a default rate of 1: Xero's day rate applies
        invoice["CurrencyRate"] = to_xero_rate(record.exchange_rate)
    if record.due_date is not None:
        invoice["DueDate"] = iso_day(record.due_date)
    if record.number:
        invoice["InvoiceNumber"] = clip(record.number, INVOICE_NUMBER_MAX, "Number", warnings)
    if record.memo:
        invoice["Reference"] = clip(record.memo, REFERENCE_MAX, "Memo", warnings)
    return Outbound(invoice, tuple(warnings))


def quote_to_xero(
    record: InvoiceRecord,
    account_code: str,
    item_codes: Mapping[str, str],
    *,
    tax_type: str | None = None,
) -> Outbound:
    """A SENT Quote body for an estimate, its lines and tax as an invoice's.

    Quotes spell LineAmountTypes ``EXCLUSIVE``/``NOTAX`` (not the invoices' ``Exclusive``/
    ``NoTax``); the due date, if any, becomes the ExpiryDate. Raises ValueError for an invoice
    (it goes as an Invoice: :func:`invoice_to_xero`) and for an estimate without lines.
    """
    if record.doc_type is not DocType.ESTIMATE:
        raise ValueError("an invoice is sent to Xero as an Invoice, not a Quote")
    warnings: list[str] = []
    lines = _lines_to_xero(record, account_code, item_codes, tax_type, warnings)
    quote: JSONObject = {
        "Contact": {"ContactID": record.customer_remote_id},
        "Date": iso_day(record.issue_date),
        "LineAmountTypes": "EXCLUSIVE" if tax_type else "NOTAX",
        "Status": QUOTE_SENT,
        "CurrencyCode": record.currency,
        "LineItems": lines,
    }
    if record.exchange_rate is not None:  # never a default rate of 1: Xero's day rate applies
        quote["CurrencyRate"] = to_xero_rate(record.exchange_rate)
    if record.due_date is not None:
        quote["ExpiryDate"] = iso_day(record.due_date)
    if record.number:
        quote["QuoteNumber"] = clip(record.number, QUOTE_NUMBER_MAX, "Number", warnings)
    if record.memo:
        quote["Reference"] = clip(record.memo, QUOTE_REFERENCE_MAX, "Memo", warnings)
    return Outbound(quote, tuple(warnings))


def document_to_xero(
    record: InvoiceRecord,
    account_code: str,
    item_codes: Mapping[str, str],
    *,
    tax_type: str | None = None,
) -> Outbound:
    """The body of a document: an Invoice for an invoice, a Quote for an estimate."""
    build = quote_to_xero if record.doc_type is DocType.ESTIMATE else invoice_to_xero
    return build(record, account_code, item_codes, tax_type=tax_type)


def invoice_status(row: Mapping[str, object]) -> RemoteDocStatus:
    """A remote invoice's state from its Status and amounts."""
    status = str(row.get("Status") or "")
    if status in ("VOIDED", "DELETED"):
        return RemoteDocStatus.VOID
    if status == "PAID":
        return RemoteDocStatus.PAID
    paid = money(row.get("AmountPaid")) + money(row.get("AmountCredited"))
    if paid > 0:
        return RemoteDocStatus.PAID if money(row.get("AmountDue")) <= 0 else RemoteDocStatus.PARTIAL
    return RemoteDocStatus.OPEN


def _lines_from_xero(row: Mapping[str, object]) -> tuple[RemoteInvoiceLine, ...]:
    return tuple(
        RemoteInvoiceLine(
            description=str(line.get("Description") or ""),
            amount=money(line.get("LineAmount")),
            quantity=to_decimal(line.get("Quantity")),
            unit_price=to_decimal(line.get("UnitAmount")),
        )
        for line in objects(row.get("LineItems"))
    )


def invoice_from_xero(row: Mapping[str, object]) -> RemoteInvoice:
    """An Invoice as a remote invoice (balance = AmountDue; nothing is owed on a void one)."""
    contact = as_object(row.get("Contact")) or {}
    status = invoice_status(row)
    return RemoteInvoice(
        id=str(row["InvoiceID"]),
        number=text(row.get("InvoiceNumber")),
        version=text(row.get("UpdatedDateUTC")),
        doc_type=DocType.INVOICE,
        total=money(row.get("Total")),
        balance=ZERO if status is RemoteDocStatus.VOID else money(row.get("AmountDue")),
        status=status,
        customer_remote_id=text(contact.get("ContactID")),
        issue_date=parse_date(row.get("Date"), row.get("DateString")),
        due_date=parse_date(row.get("DueDate"), row.get("DueDateString")),
        updated_at=parse_datetime(row.get("UpdatedDateUTC")),
        lines=_lines_from_xero(row),
        memo=text(row.get("Reference")),
        currency=text(row.get("CurrencyCode")),
    )


# --- quotes -----------------------------------------------------------------------------------

_QUOTE_STATUS = {
    "ACCEPTED": RemoteDocStatus.ACCEPTED,
    "DECLINED": RemoteDocStatus.REJECTED,
    "INVOICED": RemoteDocStatus.CLOSED,
    "DELETED": RemoteDocStatus.VOID,
}


def quote_status(row: Mapping[str, object]) -> RemoteDocStatus:
    """A quote's state: ACCEPTED, DECLINED (REJECTED), INVOICED (CLOSED, as a QuickBooks
    estimate turned into an invoice), DELETED (VOID); DRAFT and SENT are OPEN."""
    return _QUOTE_STATUS.get(str(row.get("Status") or ""), RemoteDocStatus.OPEN)


def quote_from_xero(row: Mapping[str, object]) -> RemoteInvoice:
    """A Quote as a remote estimate: nothing is owed on it (balance 0), the ExpiryDate is its
    due date."""
    contact = as_object(row.get("Contact")) or {}
    return RemoteInvoice(
        id=str(row["QuoteID"]),
        number=text(row.get("QuoteNumber")),
        version=text(row.get("UpdatedDateUTC")),
        doc_type=DocType.ESTIMATE,
        total=money(row.get("Total")),
        balance=ZERO,
        status=quote_status(row),
        customer_remote_id=text(contact.get("ContactID")),
        issue_date=parse_date(row.get("Date"), row.get("DateString")),
        due_date=parse_date(row.get("ExpiryDate"), row.get("ExpiryDateString")),
        updated_at=parse_datetime(row.get("UpdatedDateUTC")),
        lines=_lines_from_xero(row),
        memo=text(row.get("Reference")),
        currency=text(row.get("CurrencyCode")),
    )


# --- bad-debt credit notes --------------------------------------------------------------------


def credit_note_to_xero(
    record: CreditMemoRecord, *, item_code: str | None = None, account_code: str | None = None
) -> Outbound:
    """An AUTHORISED ACCRECCREDIT credit note for the amount written off: one line on the
    bad-debt item (its ItemCode, booking to the item's sales account) or on the bad-debt account
    (its AccountCode), without tax so its Total is exactly the open balance."""
    if not item_code and not account_code:
        raise ValueError("a bad-debt credit note needs an item code or an account code")
    warnings: list[str] = []
    line: JSONObject = {"Description": "Bad debt", "Quantity": 1, "UnitAmount": record.amount}
    if item_code:
        line["ItemCode"] = item_code
    else:
        line["AccountCode"] = account_code
    body: JSONObject = {
        "Type": "ACCRECCREDIT",
        "Status": "AUTHORISED",
        "Contact": {"ContactID": record.customer_remote_id},
        "Date": iso_day(record.date),
        "LineAmountTypes": "NoTax",
        "LineItems": [line],
        "CurrencyCode": record.currency,
    }
    if record.memo:
        body["Reference"] = clip(record.memo, REFERENCE_MAX, "Reference", warnings)
    return Outbound(body, tuple(warnings))


def allocation_to_xero(invoice_remote_id: str, amount: object, day: str) -> JSONObject:
    """One Allocation of a credit note's credit to the invoice, dated ``day`` (YYYY-MM-DD)."""
    return {"Invoice": {"InvoiceID": invoice_remote_id}, "Amount": amount, "Date": day}
