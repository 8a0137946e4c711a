"""Pure translation between Ledgersync records and Xero Accounting JSON (no I/O, no ORM).

Outbound: values longer than Xero allows are cut, and every cut is reported as a warning
(contact Name 255, ContactNumber 50, item Code 30 and Name 50, descriptions 4000, InvoiceNumber
and Reference 255, QuoteNumber 255 and a quote's Reference 4000). Pushed invoices are ACCREC and
AUTHORISED, pushed estimates SENT Quotes; without a tax code both are sent without tax so Xero's
totals equal the local ones. Inbound: ``/Date()/`` values become dates and timestamps, money
becomes Decimal, and VOIDED/DELETED documents are reported as VOID.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.sync.records import (
    Address,
    CustomerRecord,
    DocType,
    InvoiceRecord,
    ItemQuery,
    ItemRecord,
    PaymentApplicationRef,
    PaymentRecord,
    RemoteCustomer,
    RemoteDocStatus,
    RemoteInvoice,
    RemoteInvoiceLine,
    RemoteItem,
    RemotePayment,
    RemoteRef,
)
from integrations.base import clip, to_decimal

from .wire import JSONObject, as_object, objects, parse_date, parse_datetime, text

CONTACT_NAME_MAX = 255
CONTACT_NUMBER_MAX = 50
EMAIL_MAX = 255
PHONE_MAX = 50
ITEM_CODE_MAX = 30
ITEM_NAME_MAX = 50
DESCRIPTION_MAX = 4000
INVOICE_NUMBER_MAX = 255
REFERENCE_MAX = 255
QUOTE_NUMBER_MAX = 255
QUOTE_REFERENCE_MAX = 4000
QUOTE_SENT = "SENT"
ZERO = Decimal("0")
BILLING_ADDRESS = "POBOX"
"""Xero's postal address is the one printed on invoices (STREET is the physical one)."""
RECEIVABLE_PAYMENT = "ACCRECPAYMENT"


@dataclass(frozen=True, slots=True)
class Outbound:
    """A body ready to send, with the warnings produced while building it."""

    body: JSONObject
    warnings: tuple[str, ...] = ()


def _money(value: object) -> Decimal:
    return to_decimal(value) or ZERO


def iso_day(day: date) -> str:
    """A calendar date as Xero accepts it on input."""
    return day.isoformat()


def quote_where(value: str) -> str:
    """A string literal for Xero's ``where`` expressions (C#-style escapes)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def name_key(value: str | None) -> str:
    """A name, code or email as Xero compares them: trimmed, ignoring case."""
    return (value or "").strip().casefold()


def same_name(left: str | None, right: str | None) -> bool:
    """Xero compares contact names trimmed and ignoring case."""
    return name_key(left) == name_key(right)


def ref_of(row: Mapping[str, object], id_field: str, number_field: str | None = None) -> RemoteRef:
    """Where a saved record lives: its GUID, number and ``UpdatedDateUTC`` as the version."""
    return RemoteRef(
        id=str(row[id_field]),
        number=text(row.get(number_field)) if number_field else None,
        version=text(row.get("UpdatedDateUTC")),
    )


# --- contacts ---------------------------------------------------------------------------------


def contact_name(display_name: str, warnings: list[str]) -> str:
    """The contact Name as it will be sent (trimmed, at most 255 characters)."""
    return clip(display_name.strip(), CONTACT_NAME_MAX, "Contact name", warnings)


def _address_to_xero(address: Address) -> JSONObject:
    body: JSONObject = {"AddressType": BILLING_ADDRESS}
    parts = {
        "AddressLine1": address.line1,
        "AddressLine2": address.line2,
        "City": address.city,
        "Region": address.region,
        "PostalCode": address.postal_code,
        "Country": address.country,
    }
    body.update({key: value for key, value in parts.items() if value})
    return body


def customer_to_xero(record: CustomerRecord) -> Outbound:
    """A Contact body; ``ContactNumber`` carries the local id so a contact can be traced back."""
    warnings: list[str] = []
    body: JSONObject = {
        "Name": contact_name(record.display_name, warnings),
        "ContactNumber": clip(record.local_id, CONTACT_NUMBER_MAX, "ContactNumber", warnings),
        "ContactStatus": "ACTIVE" if record.active else "ARCHIVED",
    }
    if record.email:
        body["EmailAddress"] = clip(record.email, EMAIL_MAX, "Email", warnings)
    if record.phone:
        number = clip(record.phone, PHONE_MAX, "Phone", warnings)
        body["Phones"] = [{"PhoneType": "DEFAULT", "PhoneNumber": number}]
    if record.address is not None:
        body["Addresses"] = [_address_to_xero(record.address)]
    return Outbound(body, tuple(warnings))


def _address_from_xero(row: Mapping[str, object]) -> Address | None:
    found = objects(row.get("Addresses"))
    ordered = sorted(found, key=lambda a: a.get("AddressType") != BILLING_ADDRESS)
    for raw in ordered:
        address = Address(
            line1=text(raw.get("AddressLine1")),
            line2=text(raw.get("AddressLine2")),
            city=text(raw.get("City")),
            region=text(raw.get("Region")),
            postal_code=text(raw.get("PostalCode")),
            country=text(raw.get("Country")),
        )
        if any((address.line1, address.line2, address.city, address.postal_code)):
            return address
    return None


def _phone_from_xero(row: Mapping[str, object]) -> str | None:
    phones = objects(row.get("Phones"))
    for kind in ("DEFAULT", "MOBILE", "DDI"):
        for phone in phones:
            number = text(phone.get("PhoneNumber"))
            if phone.get("PhoneType") == kind and number:
                area = text(phone.get("PhoneAreaCode"))
                return f"{area} {number}" if area else number
    return None


def customer_from_xero(row: Mapping[str, object]) -> RemoteCustomer:
    """A Contact as a remote customer (balance = accounts receivable outstanding)."""
    balances = as_object(row.get("Balances")) or {}
    receivable = as_object(balances.get("AccountsReceivable")) or {}
    return RemoteCustomer(
        id=str(row["ContactID"]),
        version=text(row.get("UpdatedDateUTC")),
        display_name=str(row.get("Name") or ""),
        email=text(row.get("EmailAddress")),
        phone=_phone_from_xero(row),
        address=_address_from_xero(row),
        active=row.get("ContactStatus", "ACTIVE") == "ACTIVE",
        balance=_money(receivable.get("Outstanding")),
        updated_at=parse_datetime(row.get("UpdatedDateUTC")),
    )


# --- items ------------------------------------------------------------------------------------


def item_code(record: ItemRecord | ItemQuery, warnings: list[str]) -> str:
    """The item Code (unique, at most 30): the SKU, else the name, shortened with a hash so two
    long names sharing a prefix still get different codes."""
    source = (record.sku or record.name).strip()
    if len(source) <= ITEM_CODE_MAX:
        return source
    digest = hashlib.sha256(source.encode()).hexdigest()[:8]
    code = f"{source[: ITEM_CODE_MAX - 9]}-{digest}"
    warnings.append(f"Item code was shortened from {len(source)} to {ITEM_CODE_MAX} characters")
    return code


def item_to_xero(record: ItemRecord, account_code: str | None) -> Outbound:
    """An Item body (sold, not purchased, not tracked)."""
    warnings: list[str] = []
    sales: JSONObject = {"UnitPrice": record.unit_price}
    account = record.income_account_remote_id or account_code
    if account:
        sales["AccountCode"] = account
    body: JSONObject = {
        "Code": item_code(record, warnings),
        "Name": clip(record.name.strip(), ITEM_NAME_MAX, "Item name", warnings),
        "IsSold": True,
        "IsPurchased": False,
        "SalesDetails": sales,
    }
    if record.description:
        body["Description"] = clip(record.description, DESCRIPTION_MAX, "Description", warnings)
    return Outbound(body, tuple(warnings))


def item_from_xero(row: Mapping[str, object]) -> RemoteItem:
    """An Item as a remote item."""
    sales = as_object(row.get("SalesDetails")) or {}
    return RemoteItem(
        id=str(row["ItemID"]),
        version=text(row.get("UpdatedDateUTC")),
        name=str(row.get("Name") or row.get("Code") or ""),
        description=text(row.get("Description")),
        unit_price=_money(sales.get("UnitPrice")),
        sku=text(row.get("Code")),
        updated_at=parse_datetime(row.get("UpdatedDateUTC")),
    )


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
    paid = _money(row.get("AmountPaid")) + _money(row.get("AmountCredited"))
    if paid > 0:
        return (
            RemoteDocStatus.PAID if _money(row.get("AmountDue")) <= 0 else RemoteDocStatus.PARTIAL
        )
    return RemoteDocStatus.OPEN


def _lines_from_xero(row: Mapping[str, object]) -> tuple[RemoteInvoiceLine, ...]:
    return tuple(
        RemoteInvoiceLine(
            description=str(line.get("Description") or ""),
            amount=_money(line.get("LineAmount")),
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
        total=_money(row.get("Total")),
        balance=ZERO if status is RemoteDocStatus.VOID else _money(row.get("AmountDue")),
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
        total=_money(row.get("Total")),
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


# --- payments ---------------------------------------------------------------------------------


def is_receivable_payment(row: Mapping[str, object]) -> bool:
    """True for a customer's payment of a sales invoice (not credit notes, bills, refunds)."""
    return row.get("PaymentType", RECEIVABLE_PAYMENT) == RECEIVABLE_PAYMENT


def payment_from_xero(row: Mapping[str, object]) -> RemotePayment:
    """A Payment: one amount applied to the one invoice nested in it; DELETED means reversed."""
    invoice = as_object(row.get("Invoice")) or {}
    contact = as_object(invoice.get("Contact")) or {}
    amount = _money(row.get("Amount"))
    applications: tuple[PaymentApplicationRef, ...] = ()
    if invoice.get("InvoiceID"):
        applications = (PaymentApplicationRef(str(invoice["InvoiceID"]), amount),)
    return RemotePayment(
        id=str(row["PaymentID"]),
        version=text(row.get("UpdatedDateUTC")),
        date=parse_date(row.get("Date")),
        amount=amount,
        customer_remote_id=text(contact.get("ContactID")),
        applications=applications,
        reference=text(row.get("Reference")),
        voided=row.get("Status") == "DELETED",
        updated_at=parse_datetime(row.get("UpdatedDateUTC")),
    )


def account_ref(account: str) -> JSONObject:
    """An Account reference from a configured value: an AccountID (a GUID) or an account Code."""
    try:
        return {"AccountID": str(uuid.UUID(account.strip()))}
    except ValueError:
        return {"Code": account.strip()}


def payment_to_xero(record: PaymentRecord, account_code: str) -> Outbound:
    """A Payment body. Xero applies a payment to exactly one invoice, so a record applied to
    several (or none) raises ValueError."""
    if len(record.applications) != 1:
        raise ValueError(
            "Xero applies each payment to exactly one invoice; this payment is applied to "
            f"{len(record.applications)}"
        )
    (application,) = record.applications
    warnings: list[str] = []
    body: JSONObject = {
        "Invoice": {"InvoiceID": application.invoice_remote_id},
        "Account": account_ref(account_code),
        "Date": iso_day(record.date),
        "Amount": application.amount,
    }
    if record.reference:
        body["Reference"] = clip(record.reference, REFERENCE_MAX, "Reference", warnings)
    return Outbound(body, tuple(warnings))
