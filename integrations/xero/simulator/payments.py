"""Payments: applying money to invoices, marking them PAID, and reversing by deletion."""

from __future__ import annotations

from decimal import Decimal

from .currency import rate_for
from .dates import day_ms_date, from_epoch, parse_input_date
from .locks import date_errors, edit_errors
from .org import Organisation
from .rules import ZERO_ID, JsonObject, Outcome, Record, cents, money, new_id

EXCEEDS = "Payment amount exceeds the amount outstanding on this document"
NOT_AUTHORISED = "Payments can only be made against Authorised documents"
BAD_ACCOUNT = "Account type is invalid for making a payment to/from"
_TYPES = {"ACCREC": "ACCRECPAYMENT", "ACCPAY": "ACCPAYPAYMENT"}


def _ref(element: JsonObject, name: str) -> JsonObject:
    value = element.get(name)
    return value if isinstance(value, dict) else {}


def find_invoice(org: Organisation, element: JsonObject) -> Record | None:
    """The invoice a payment element names by InvoiceID or InvoiceNumber."""
    ref = _ref(element, "Invoice")
    invoice_id = ref.get("InvoiceID")
    if invoice_id:
        return org.invoices.get(str(invoice_id))
    number = ref.get("InvoiceNumber") or element.get("InvoiceNumber")
    return org.invoice_by_number(str(number)) if number else None


def find_account(org: Organisation, element: JsonObject) -> Record | None:
    """The account a payment element names by AccountID or Code."""
    ref = _ref(element, "Account")
    if ref.get("AccountID"):
        return org.accounts.get(str(ref["AccountID"]))
    return org.account_by_code(ref.get("Code") or element.get("Code"))


def payment_errors(invoice: Record | None, account: Record | None, amount: Decimal) -> list[str]:
    """Why a payment of ``amount`` to ``invoice`` into ``account`` is refused (empty: it is not)."""
    if invoice is None:
        return ["Invoice could not be found"]
    errors: list[str] = []
    if account is None:
        errors.append("Account could not be found")
    elif account.data["Type"] != "BANK" and not account.data.get("EnablePaymentsToAccount"):
        errors.append(BAD_ACCOUNT)
    if invoice.data["Status"] != "AUTHORISED":
        errors.append(NOT_AUTHORISED)
    elif amount <= 0:
        errors.append("Payment amount must be greater than zero")
    elif amount > money(invoice.data.get("AmountDue")):
        errors.append(EXCEEDS)
    return errors


def invoice_in_payment(invoice: Record) -> JsonObject:
    """The invoice as a payment response carries it: current state without nested payments."""
    return {k: v for k, v in invoice.data.items() if k not in ("Payments", "CreditNotes")}


def create_payment(org: Organisation, element: JsonObject, now: float) -> Outcome:
    """Apply one payment to an AUTHORISED invoice; a full payment marks the invoice PAID."""
    invoice, account = find_invoice(org, element), find_account(org, element)
    amount = cents(money(element.get("Amount")))
    day = parse_input_date(element.get("Date", from_epoch(now).date().isoformat()))
    errors = payment_errors(invoice, account, amount)
    if day is None:
        errors.append("Date is not a valid date")
    else:
        errors += date_errors(org, day)
    data: JsonObject = {
        "PaymentID": ZERO_ID,
        "Date": day_ms_date(day) if day else element.get("Date"),
        "BankAmount": float(amount),
        "Amount": float(amount),
        "Reference": str(element.get("Reference", "")),
        "CurrencyRate": rate_for(
            org,
            invoice.data.get("CurrencyCode") if invoice else None,
            element.get("CurrencyRate"),
        ),
        "PaymentType": _TYPES.get(str(invoice.data["Type"]) if invoice else "", "ACCRECPAYMENT"),
        "Status": "AUTHORISED",
        "HasAccount": account is not None,
        "IsReconciled": bool(element.get("IsReconciled", False)),
        "HasValidationErrors": False,
    }
    if account is not None:
        data["Account"] = {k: account.data[k] for k in ("AccountID", "Code", "Name")}
    if errors or invoice is None:
        if invoice is not None:
            data["Invoice"] = invoice_in_payment(invoice)
        return Outcome(data, errors)
    data["PaymentID"] = new_id()
    record = org.add(org.payments, data["PaymentID"], data, now)
    record.data["Invoice"] = {"InvoiceID": invoice.id}
    _apply(invoice, record, amount, now)
    return Outcome(render_payment(org, record), events=[("INVOICE", "UPDATE", invoice.id)])


def _apply(invoice: Record, payment: Record, amount: Decimal, now: float) -> None:
    data = invoice.data
    paid = cents(money(data.get("AmountPaid")) + amount)
    due = cents(money(data["Total"]) - paid - money(data.get("AmountCredited")))
    data["AmountPaid"], data["AmountDue"] = float(paid), float(due)
    stubs = [p for p in data.get("Payments", []) if p["PaymentID"] != payment.id]
    if amount > 0:
        stubs.append(
            {
                "PaymentID": payment.id,
                "Date": payment.data["Date"],
                "Amount": payment.data["Amount"],
                "Reference": payment.data["Reference"],
                "CurrencyRate": 1.0,
                "HasAccount": True,
                "HasValidationErrors": False,
            }
        )
    data["Payments"] = stubs
    if due == 0 and data["Status"] == "AUTHORISED":
        data["Status"] = "PAID"
        data["FullyPaidOnDate"] = payment.data["Date"]
    elif due > 0 and data["Status"] == "PAID":
        data["Status"] = "AUTHORISED"
        data.pop("FullyPaidOnDate", None)
    invoice.touch(now)


def delete_payment(org: Organisation, payment: Record, now: float) -> Outcome:
    """``Status: DELETED`` reverses the payment; a PAID invoice goes back to AUTHORISED."""
    if payment.data["Status"] == "DELETED":
        return Outcome(render_payment(org, payment), ["Payment has already been deleted"])
    locked = edit_errors(org, payment.data["Date"])
    if locked:
        return Outcome(render_payment(org, payment), locked)
    payment.data["Status"] = "DELETED"
    payment.touch(now)
    invoice = org.invoices[payment.data["Invoice"]["InvoiceID"]]
    _apply(invoice, payment, -money(payment.data["Amount"]), now)
    return Outcome(render_payment(org, payment), events=[("INVOICE", "UPDATE", invoice.id)])


def render_payment(org: Organisation, payment: Record) -> JsonObject:
    """A payment as the API returns it, with the invoice's current state nested."""
    data = dict(payment.data)
    data["Invoice"] = invoice_in_payment(org.invoices[payment.data["Invoice"]["InvoiceID"]])
    return data
