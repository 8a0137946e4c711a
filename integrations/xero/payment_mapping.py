"""Xero payments, to and from Xero's JSON (pure, no I/O): a Payment pays exactly one invoice
into a bank account given by Code or AccountID; a payment split over several invoices goes as one
BatchPayment (one deposit, one Payment per invoice, each carrying the batch's BatchPaymentID)."""

from __future__ import annotations

from collections.abc import Mapping

from core.sync.records import PaymentApplicationRef, PaymentRecord, RemotePayment
from integrations.base import clip

from .mapping import REFERENCE_MAX, Outbound, is_guid, iso_day, money, to_xero_rate
from .wire import JSONObject, as_object, parse_date, parse_datetime, text

RECEIVABLE_PAYMENT = "ACCRECPAYMENT"
_NO_ID = "00000000-0000-0000-0000-000000000000"


# --- payments ---------------------------------------------------------------------------------


def is_receivable_payment(row: Mapping[str, object]) -> bool:
    """True for a customer's payment of a sales invoice (not credit notes, bills, refunds)."""
    return row.get("PaymentType", RECEIVABLE_PAYMENT) == RECEIVABLE_PAYMENT


def payment_from_xero(row: Mapping[str, object]) -> RemotePayment:
    """A Payment: one amount applied to the one invoice nested in it; DELETED means reversed.
    A payment made as part of a batch carries the batch's id as ``group_id``."""
    invoice = as_object(row.get("Invoice")) or {}
    contact = as_object(invoice.get("Contact")) or {}
    amount = money(row.get("Amount"))
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
        group_id=_batch_id(row),
    )


def _batch_id(row: Mapping[str, object]) -> str | None:
    batch = as_object(row.get("BatchPayment")) or {}
    found = text(row.get("BatchPaymentID")) or text(batch.get("BatchPaymentID"))
    return found if found and found != _NO_ID else None


def account_ref(account: str) -> JSONObject:
    """An Account reference from a configured value: an AccountID (a GUID) or an account Code."""
    if is_guid(account):
        return {"AccountID": account.strip().lower()}
    return {"Code": account.strip()}


def is_split(record: PaymentRecord) -> bool:
    """True for a payment applied to several invoices: it goes to Xero as a BatchPayment."""
    return len(record.applications) > 1


def payment_to_xero(record: PaymentRecord, account_code: str) -> Outbound:
    """A Payment body. A Xero payment pays exactly one invoice, so a record applied to several
    (see :func:`batch_payment_to_xero`) or none raises ValueError."""
    if len(record.applications) != 1:
        raise ValueError(
            "a Xero payment is applied to exactly one invoice; this payment is applied to "
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
    if record.exchange_rate is not None:  # else Xero's day rate, never a default of 1
        body["CurrencyRate"] = to_xero_rate(record.exchange_rate)
    if record.reference:
        body["Reference"] = clip(record.reference, REFERENCE_MAX, "Reference", warnings)
    return Outbound(body, tuple(warnings))


def batch_payment_to_xero(record: PaymentRecord, account_code: str) -> Outbound:
    """A BatchPayment body: one deposit into the account, one line per invoice the record pays.
    A record applied to fewer than two invoices raises ValueError (it is a plain Payment)."""
    if not is_split(record):
        raise ValueError("a Xero batch payment is for a payment applied to several invoices")
    warnings: list[str] = []
    body: JSONObject = {
        "Account": account_ref(account_code),
        "Date": iso_day(record.date),
        "Payments": [
            {"Invoice": {"InvoiceID": application.invoice_remote_id}, "Amount": application.amount}
            for application in record.applications
        ],
    }
    if record.reference:
        body["Reference"] = clip(record.reference, REFERENCE_MAX, "Reference", warnings)
    return Outbound(body, tuple(warnings))
