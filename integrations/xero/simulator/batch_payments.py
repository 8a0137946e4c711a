"""Batch payments: one deposit paying several sales invoices, stored as one BatchPayment and one
Payment per line (each carrying the batch's ``BatchPaymentID``).

Each line follows the rules of a single payment (an AUTHORISED ACCREC invoice, an amount no more
than its AmountDue, a bank account, the lock dates). A batch is all-or-nothing: when any line is
refused nothing of the batch is saved (UNVERIFIED: Xero's documentation does not say whether a
batch with one bad line saves the others; one bank transaction for part of a deposit would be
odd, so the simulator refuses the whole batch). Only receivable batches (RECBATCH) are modelled.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .dates import day_ms_date, from_epoch, parse_input_date
from .locks import date_errors
from .org import Organisation
from .payments import create_payment, find_account, find_invoice, invoice_in_payment, payment_errors
from .rules import JsonObject, Outcome, Record, cents, money, new_id

NO_LINES = "A batch payment must contain at least one payment"  # UNVERIFIED text
NOT_SALES = "Batch payments can only be made against sales invoices"  # UNVERIFIED text
_SUMMARY = ("Account", "BatchPaymentID", "Date", "Type", "Status", "TotalAmount", "IsReconciled")


def _lines(element: JsonObject) -> list[JsonObject]:
    lines = element.get("Payments")
    return [line for line in lines if isinstance(line, dict)] if isinstance(lines, list) else []


def _line_errors(
    org: Organisation, element: JsonObject, lines: list[JsonObject]
) -> list[list[str]]:
    """Each line's refusals; amounts of several lines on one invoice count together."""
    account = find_account(org, element)
    claimed: dict[str, Decimal] = defaultdict(Decimal)
    found: list[list[str]] = []
    for line in lines:
        invoice = find_invoice(org, line)
        amount = cents(money(line.get("Amount")))
        errors = payment_errors(invoice, account, amount)
        if invoice is not None:
            if invoice.data.get("Type") != "ACCREC":
                errors.append(NOT_SALES)
            claimed[invoice.id] += amount
            if not errors and claimed[invoice.id] > money(invoice.data.get("AmountDue")):
                errors.append("Payment amount exceeds the amount outstanding on this document")
        found.append(errors)
    return found


def create_batch_payment(org: Organisation, element: JsonObject, now: float) -> Outcome:
    """Validate every line, then save the batch and one applied Payment per line."""
    lines = _lines(element)
    day = parse_input_date(element.get("Date", from_epoch(now).date().isoformat()))
    per_line = _line_errors(org, element, lines)
    errors = [message for line in per_line for message in line]
    if not lines:
        errors.append(NO_LINES)
    if day is None:
        errors.append("Date is not a valid date")
    else:
        errors += date_errors(org, day)
    if errors or day is None:
        echoed = dict(element)
        echoed["Payments"] = [
            {**line, "ValidationErrors": [{"Message": m} for m in found]} if found else line
            for line, found in zip(lines, per_line, strict=True)
        ]
        return Outcome(echoed, list(dict.fromkeys(errors)))
    batch_id = new_id()
    account = find_account(org, element)
    assert account is not None  # payment_errors refuses a batch without an account
    reference = str(element.get("Reference", ""))
    total = cents(sum((cents(money(line.get("Amount"))) for line in lines), Decimal("0")))
    data: JsonObject = {
        "BatchPaymentID": batch_id,
        "Account": {k: account.data[k] for k in ("AccountID", "Code", "Name")},
        "Date": day_ms_date(day),
        "DateString": f"{day.isoformat()}T00:00:00",
        "Reference": reference,
        "Type": "RECBATCH",
        "Status": "AUTHORISED",
        "TotalAmount": float(total),
        "IsReconciled": False,
        "Payments": [],
    }
    batch = org.add(org.batch_payments, batch_id, data, now)
    summary = {k: batch.data[k] for k in _SUMMARY}
    summary["Account"] = {"AccountID": account.id}
    events: list[tuple[str, str, str]] = []
    for line in lines:
        single = {
            "Invoice": line.get("Invoice") or {},
            "Account": {"AccountID": account.id},
            "Date": day.isoformat(),
            "Amount": line.get("Amount"),
            "Reference": str(line.get("Reference") or reference),
        }
        outcome = create_payment(org, single, now)
        payment = org.payments[outcome.element["PaymentID"]]
        payment.data["BatchPaymentID"] = batch_id
        payment.data["BatchPayment"] = {**summary, "UpdatedDateUTC": batch.data["UpdatedDateUTC"]}
        batch.data["Payments"].append({"PaymentID": payment.id})
        events += outcome.events
    return Outcome(render_batch_payment(org, batch), events=events)


def render_batch_payment(org: Organisation, batch: Record) -> JsonObject:
    """A batch as the API returns it: each line with its invoice's current state and amount."""
    data = dict(batch.data)
    lines = []
    for stub in batch.data["Payments"]:
        payment = org.payments[stub["PaymentID"]].data
        lines.append(
            {
                "Invoice": invoice_in_payment(org.invoices[payment["Invoice"]["InvoiceID"]]),
                "PaymentID": payment["PaymentID"],
                "Amount": payment["Amount"],
                "BankAmount": payment["BankAmount"],
                "Reference": payment["Reference"],
            }
        )
    data["Payments"] = lines
    return data
