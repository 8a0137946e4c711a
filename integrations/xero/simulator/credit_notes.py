"""Credit notes: creating them (``PUT /CreditNotes``) and allocating their credit to invoices
(``PUT /CreditNotes/{CreditNoteID}/Allocations``).

A credit note is built like an invoice (contact, lines, totals, dates, the lock dates for a posted
one) and starts with its whole Total as RemainingCredit. An allocation moves credit from an
AUTHORISED credit note to an AUTHORISED invoice of the same contact and side (ACCRECCREDIT to
ACCREC, ACCPAYCREDIT to ACCPAY): at most the invoice's AmountDue and the note's RemainingCredit.
The invoice's AmountCredited grows and it is PAID when nothing is due; the note is PAID when its
credit is fully allocated.

The spec gives the schemas but not these rules' texts, nor whether a draft may be allocated,
nor the default of an allocation without a Date: the messages below are modelled on the
payment refusals and marked UNVERIFIED, and the simulator is tolerant where the spec is silent
(an allocation without a Date is dated today; a credit note number is not checked for
uniqueness).
"""

from __future__ import annotations

from decimal import Decimal

from .dates import day_ms_date, from_epoch, parse_input_date
from .documents import Draft, build_line, commit_contact, line_sums, read_dates, resolve_contact
from .locks import date_errors
from .org import Organisation
from .payments import invoice_in_payment
from .rules import ZERO_ID, JsonObject, Outcome, Record, cents, money, new_id

_TYPES = {"ACCRECCREDIT": "ACCREC", "ACCPAYCREDIT": "ACCPAY"}
_CREATABLE = {"DRAFT", "SUBMITTED", "AUTHORISED"}
NOT_VALID_FOR_CREATION = "Credit Note not of valid status for creation"  # UNVERIFIED text
NOT_AUTHORISED = "Credit notes can only be allocated when Authorised"  # UNVERIFIED text
INVOICE_NOT_AUTHORISED = "Credit notes can only be allocated to Authorised invoices"  # UNVERIFIED
OTHER_CONTACT = "The credit note and the invoice must belong to the same contact"  # UNVERIFIED
OTHER_TYPE = "The credit note type does not match the invoice type"  # UNVERIFIED text
EXCEEDS_DUE = "Allocation amount exceeds the amount outstanding on this document"  # UNVERIFIED
EXCEEDS_CREDIT = "Allocation amount exceeds the remaining credit on the credit note"  # UNVERIFIED
NOT_POSITIVE = "Allocation amount must be greater than zero"  # UNVERIFIED text
_SIMPLE_FIELDS = ("Type", "CreditNoteNumber", "Reference", "LineAmountTypes", "CurrencyCode")


def _blank(org: Organisation) -> JsonObject:
    return {
        "Type": "ACCRECCREDIT",
        "CreditNoteID": ZERO_ID,
        "Reference": "",
        "Status": "DRAFT",
        "LineAmountTypes": "Exclusive",
        "LineItems": [],
        "CurrencyCode": org.currency,
        "CurrencyRate": 1.0,
        "Allocations": [],
        "Payments": [],
        "HasAttachments": False,
        "HasErrors": False,
        "SentToContact": False,
    }


def _build(org: Organisation, element: JsonObject, now: float) -> Draft:
    draft = Draft(_blank(org))
    data = draft.data
    data.update({key: element[key] for key in _SIMPLE_FIELDS if key in element})
    if data["Type"] not in _TYPES:
        draft.errors.append(f"Credit note Type {data['Type']} is not valid")
    resolve_contact(org, element, draft)
    if "Date" not in element:
        element = {**element, "Date": from_epoch(now).date().isoformat()}
    read_dates(element, draft, ("Date", "DueDate"))
    amount_types = str(data.get("LineAmountTypes") or "Exclusive")
    lines = element.get("LineItems")
    raw_lines = (
        [line for line in lines if isinstance(line, dict)] if isinstance(lines, list) else []
    )
    data["LineItems"] = [build_line(org, raw, draft, amount_types) for raw in raw_lines]
    subtotal, tax, total = line_sums(data["LineItems"], amount_types == "Inclusive")
    data.update(
        {
            "SubTotal": float(subtotal),
            "TotalTax": float(tax),
            "Total": float(total),
            "RemainingCredit": float(total),
        }
    )
    return draft


def create_credit_note(org: Organisation, element: JsonObject, now: float) -> Outcome:
    """Create one credit note, committing only if it is valid (a posted one honours the locks)."""
    draft = _build(org, element, now)
    target = str(element.get("Status") or "DRAFT")
    errors = list(draft.errors)
    if target not in _CREATABLE:
        errors.append(NOT_VALID_FOR_CREATION)
    if target == "AUTHORISED":
        errors += date_errors(org, draft.data.get("DateString"))
    if errors:
        return Outcome(draft.data, errors)
    data = draft.data
    data["Status"] = target
    events: list[tuple[str, str, str]] = []
    commit_contact(org, draft, now, events)
    if not data.get("CreditNoteNumber"):
        data["CreditNoteNumber"] = f"CN-{len(org.credit_notes) + 1:04d}"
    data["CreditNoteID"] = new_id()
    record = org.add(org.credit_notes, data["CreditNoteID"], data, now)
    events.append(("CREDITNOTE", "CREATE", record.id))
    return Outcome(record.data, events=events)


def _invoice_ref(element: JsonObject) -> str:
    ref = element.get("Invoice")
    return str(ref.get("InvoiceID") or "") if isinstance(ref, dict) else ""


def allocation_errors(note: Record, invoice: Record | None, amount: Decimal) -> list[str]:
    """Why allocating ``amount`` of ``note`` to ``invoice`` is refused (empty: it is not)."""
    if invoice is None:
        return ["Invoice could not be found"]
    errors: list[str] = []
    if note.data["Status"] != "AUTHORISED":
        errors.append(NOT_AUTHORISED)
    if _TYPES.get(str(note.data["Type"])) != invoice.data["Type"]:
        errors.append(OTHER_TYPE)
    if note.data["Contact"]["ContactID"] != invoice.data["Contact"]["ContactID"]:
        errors.append(OTHER_CONTACT)
    if invoice.data["Status"] != "AUTHORISED":
        errors.append(INVOICE_NOT_AUTHORISED)
    elif amount <= 0:
        errors.append(NOT_POSITIVE)
    elif amount > money(invoice.data.get("AmountDue")):
        errors.append(EXCEEDS_DUE)
    elif amount > money(note.data.get("RemainingCredit")):
        errors.append(EXCEEDS_CREDIT)
    return errors


def _note_summary(note: Record) -> JsonObject:
    keep = ("CreditNoteID", "CreditNoteNumber", "Type", "Status", "Total", "RemainingCredit")
    return {key: note.data[key] for key in keep if key in note.data}


def allocate(org: Organisation, note: Record, element: JsonObject, now: float) -> Outcome:
    """Allocate part of a credit note's credit to one invoice."""
    invoice = org.invoices.get(_invoice_ref(element))
    amount = cents(money(element.get("Amount")))
    day = parse_input_date(element.get("Date", from_epoch(now).date().isoformat()))
    errors = allocation_errors(note, invoice, amount)
    if day is None:
        errors.append("Date is not a valid date")
    else:
        errors += date_errors(org, day)
    data: JsonObject = {
        "Amount": float(amount),
        "Date": day_ms_date(day) if day else element.get("Date"),
        "Invoice": invoice_in_payment(invoice) if invoice else {"InvoiceID": _invoice_ref(element)},
        "CreditNote": _note_summary(note),
    }
    if errors or invoice is None:
        return Outcome(data, errors)
    allocation_id = new_id()
    _credit_invoice(invoice, note, amount, data["Date"], now)
    _use_credit(note, invoice, allocation_id, amount, data["Date"], now)
    data.update(
        {
            "AllocationID": allocation_id,
            "Invoice": invoice_in_payment(invoice),
            "CreditNote": _note_summary(note),
        }
    )
    events = [("INVOICE", "UPDATE", invoice.id), ("CREDITNOTE", "UPDATE", note.id)]
    return Outcome(data, events=events)


def _credit_invoice(
    invoice: Record, note: Record, amount: Decimal, day: object, now: float
) -> None:
    data = invoice.data
    credited = cents(money(data.get("AmountCredited")) + amount)
    due = cents(money(data["Total"]) - money(data.get("AmountPaid")) - credited)
    data["AmountCredited"], data["AmountDue"] = float(credited), float(due)
    stub = {
        "CreditNoteID": note.id,
        "CreditNoteNumber": note.data.get("CreditNoteNumber"),
        "AppliedAmount": float(amount),
        "Total": note.data["Total"],
        "Date": day,
    }
    data["CreditNotes"] = [*data.get("CreditNotes", []), stub]
    if due == 0:
        data["Status"] = "PAID"
        data["FullyPaidOnDate"] = day
    invoice.touch(now)


def _use_credit(
    note: Record, invoice: Record, allocation_id: str, amount: Decimal, day: object, now: float
) -> None:
    data = note.data
    remaining = cents(money(data.get("RemainingCredit")) - amount)
    data["RemainingCredit"] = float(remaining)
    allocation = {
        "AllocationID": allocation_id,
        "Amount": float(amount),
        "Date": day,
        "Invoice": {"InvoiceID": invoice.id, "InvoiceNumber": invoice.data.get("InvoiceNumber")},
    }
    data["Allocations"] = [*data.get("Allocations", []), allocation]
    if remaining == 0:
        data["Status"] = "PAID"
        data["FullyPaidOnDate"] = day
    note.touch(now)
