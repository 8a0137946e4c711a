"""Xero payments, to and from Xero's JSON (pure, no I/O): a payment pays exactly one invoice
into a bank account given by Code or AccountID."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from core.sync.records import PaymentApplicationRef, PaymentRecord, RemotePayment
from integrations.base import clip

from .mapping import REFERENCE_MAX, Outbound, iso_day, money
from .wire import JSONObject, as_object, parse_date, parse_datetime, text

RECEIVABLE_PAYMENT = "ACCRECPAYMENT"


# --- payments ---------------------------------------------------------------------------------


def is_receivable_payment(row: Mapping[str, object]) -> bool:
    """True for a customer's payment of a sales invoice (not credit notes, bills, refunds)."""
    return row.get("PaymentType", RECEIVABLE_PAYMENT) == RECEIVABLE_PAYMENT


def payment_from_xero(row: Mapping[str, object]) -> RemotePayment:
    """A Payment: one amount applied to the one invoice nested in it; DELETED means reversed."""
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
