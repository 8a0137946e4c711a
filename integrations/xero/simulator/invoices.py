"""Invoices: building, totals, status transitions (void/delete) and Xero's validation messages."""

from __future__ import annotations

from .currency import currency_errors, rate_for
from .dates import from_epoch
from .documents import (
    Draft,
    build_line,
    commit_contact,
    line_sums,
    read_dates,
    resolve_contact,
)
from .locks import date_errors, edit_errors
from .org import Organisation
from .rules import ZERO_ID, JsonObject, Outcome, Record, cents, money, new_id

NOT_VALID_FOR_MODIFICATION = "Invoice not of valid status for modification"
NOT_VALID_FOR_CREATION = "Invoice not of valid status for creation"
HAS_PAYMENTS = "This document cannot be edited as it has a payment or credit note allocated to it."
NUMBER_NOT_UNIQUE = "Invoice # must be unique."
_CREATABLE = {"DRAFT", "SUBMITTED", "AUTHORISED"}
#: Statuses that post to the ledger: only these are held to the lock dates (drafts and
#: invoices submitted for approval may still be saved in a locked period).
_POSTED = {"AUTHORISED", "PAID", "VOIDED"}
_SIMPLE_FIELDS = ("Type", "InvoiceNumber", "Reference", "LineAmountTypes", "CurrencyCode", "Url")


def _totals(data: JsonObject) -> None:
    subtotal, tax, total = line_sums(data["LineItems"], data.get("LineAmountTypes") == "Inclusive")
    paid = money(data.get("AmountPaid"))
    credited = money(data.get("AmountCredited"))
    data.update(
        {
            "SubTotal": float(subtotal),
            "TotalTax": float(tax),
            "Total": float(total),
            "AmountDue": float(cents(total - paid - credited)),
        }
    )


def _dates(element: JsonObject, draft: Draft, today: str) -> None:
    if "Date" not in element and "Date" not in draft.data:
        element = {**element, "Date": today}  # Xero dates an undated new invoice today.
    read_dates(element, draft, ("Date", "DueDate"))


def _blank_invoice() -> JsonObject:
    return {
        "Type": "ACCREC",
        "InvoiceID": ZERO_ID,
        "Reference": "",
        "Payments": [],
        "CreditNotes": [],
        "Prepayments": [],
        "Overpayments": [],
        "AmountPaid": 0.0,
        "AmountCredited": 0.0,
        "SentToContact": False,
        "CurrencyRate": 1.0,
        "HasErrors": False,
        "IsDiscounted": False,
        "HasAttachments": False,
        "Status": "DRAFT",
        "LineAmountTypes": "Exclusive",
        "LineItems": [],
    }


def _build(org: Organisation, element: JsonObject, existing: Record | None, now: float) -> Draft:
    draft = Draft(dict(existing.data) if existing else _blank_invoice())
    data = draft.data
    data.setdefault("CurrencyCode", org.currency)
    data.update({key: element[key] for key in _SIMPLE_FIELDS if key in element})
    if data["Type"] not in ("ACCREC", "ACCPAY"):
        draft.errors.append(f"Invoice Type {data['Type']} is not supported by the simulator")
    resolve_contact(org, element, draft)
    draft.errors.extend(currency_errors(org, data.get("CurrencyCode")))
    if existing is None or "CurrencyRate" in element or "CurrencyCode" in element:
        data["CurrencyRate"] = rate_for(org, data.get("CurrencyCode"), element.get("CurrencyRate"))
    _dates(element, draft, from_epoch(now).date().isoformat())
    if "LineItems" in element:
        amount_types = str(data.get("LineAmountTypes") or "Exclusive")
        data["LineItems"] = [
            build_line(org, raw, draft, amount_types) for raw in element["LineItems"]
        ]
    _totals(data)
    return draft


def _number_errors(org: Organisation, data: JsonObject, existing: Record | None) -> list[str]:
    if data["Type"] != "ACCREC":
        return []
    if not data.get("InvoiceNumber"):
        data["InvoiceNumber"] = org.next_invoice_number()
        return []
    clash = org.invoice_by_number(str(data["InvoiceNumber"]))
    return [NUMBER_NOT_UNIQUE] if clash is not None and clash is not existing else []


def transition_errors(existing: Record | None, target: str, content_changed: bool) -> list[str]:
    """Whether an invoice may move to ``target``: void only AUTHORISED without payments or credit
    allocated, delete only DRAFT/SUBMITTED, and nothing once paid, voided or deleted."""
    if existing is None:
        return [] if target in _CREATABLE else [NOT_VALID_FOR_CREATION]
    current = existing.data["Status"]
    credited = money(existing.data.get("AmountCredited"))
    has_payments = money(existing.data.get("AmountPaid")) > 0 or credited > 0
    if current in ("VOIDED", "DELETED"):
        return [] if target == current and not content_changed else [NOT_VALID_FOR_MODIFICATION]
    if has_payments:
        return [] if target == current and not content_changed else [HAS_PAYMENTS]
    allowed = {
        "DRAFT": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
        "SUBMITTED": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
        "AUTHORISED": {"AUTHORISED", "VOIDED"},
    }
    return [] if target in allowed.get(current, set()) else [NOT_VALID_FOR_MODIFICATION]


def lock_errors(
    org: Organisation, data: JsonObject, target: str, existing: Record | None
) -> list[str]:
    """Whether the lock dates allow this save: a posted invoice dated on or before the lock date
    cannot be changed (nor voided), and no invoice can be posted with such a date."""
    if existing is not None and existing.data["Status"] in _POSTED:
        refused = edit_errors(org, existing.data.get("DateString"))
        if refused:
            return refused
    return date_errors(org, data.get("DateString")) if target in _POSTED else []


def _content_changed(element: JsonObject) -> bool:
    return any(key not in ("InvoiceID", "Status", "InvoiceNumber") for key in element)


def save_invoice(
    org: Organisation, element: JsonObject, now: float, *, existing: Record | None
) -> Outcome:
    """Create (``existing`` None) or update one invoice, committing only if it is valid."""
    draft = _build(org, element, existing, now)
    target = str(element.get("Status") or draft.data["Status"])
    errors = transition_errors(existing, target, existing is not None and _content_changed(element))
    errors += draft.errors or _number_errors(org, draft.data, existing)
    errors += lock_errors(org, draft.data, target, existing)
    if errors:
        return Outcome(draft.data, errors)
    return _commit(org, draft, target, existing, now)


def _commit(
    org: Organisation, draft: Draft, target: str, existing: Record | None, now: float
) -> Outcome:
    data = draft.data
    data["Status"] = target
    events: list[tuple[str, str, str]] = []
    contact = commit_contact(org, draft, now, events)
    if data["Type"] == "ACCREC" and not contact.data.get("IsCustomer"):
        contact.data["IsCustomer"] = True
        contact.touch(now)
    if existing is None:
        data["InvoiceID"] = new_id()
        record = org.add(org.invoices, data["InvoiceID"], data, now)
        events.append(("INVOICE", "CREATE", record.id))
        return Outcome(record.data, events=events)
    existing.data = data
    existing.touch(now)
    events.append(("INVOICE", "UPDATE", existing.id))
    return Outcome(existing.data, events=events)


def find_invoice_for_post(org: Organisation, element: JsonObject, by_number: bool) -> Record | None:
    """The invoice a POST element updates: by InvoiceID, else (optionally) by InvoiceNumber."""
    if element.get("InvoiceID"):
        return org.invoices.get(str(element["InvoiceID"]))
    if by_number and element.get("InvoiceNumber"):
        return org.invoice_by_number(str(element["InvoiceNumber"]))
    return None
