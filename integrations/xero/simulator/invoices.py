"""Invoices: building, totals, status transitions (void/delete) and Xero's validation messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .contacts import contact_summary, find_active_by_name, find_contact, new_contact_data
from .dates import date_string, day_ms_date, from_epoch, parse_input_date
from .org import TAX_RATES, Organisation
from .rules import ZERO_ID, JsonObject, Outcome, Record, cents, money, new_id

NOT_VALID_FOR_MODIFICATION = "Invoice not of valid status for modification"
NOT_VALID_FOR_CREATION = "Invoice not of valid status for creation"
HAS_PAYMENTS = "This document cannot be edited as it has a payment or credit note allocated to it."
NUMBER_NOT_UNIQUE = "Invoice # must be unique."
NO_CONTACT = (
    "The Contact must contain at least 1 of the following elements to identify the contact: "
    "Name, ContactID, ContactNumber"
)
_CREATABLE = {"DRAFT", "SUBMITTED", "AUTHORISED"}
_SIMPLE_FIELDS = ("Type", "InvoiceNumber", "Reference", "LineAmountTypes", "CurrencyCode", "Url")


@dataclass
class _Draft:
    data: JsonObject
    errors: list[str] = field(default_factory=list)
    new_contact: Record | None = None


def _resolve_contact(org: Organisation, element: JsonObject, draft: _Draft) -> None:
    given = element.get("Contact")
    if given is None:
        if "Contact" not in draft.data:
            draft.errors.append(NO_CONTACT)
        return
    if not isinstance(given, dict) or not any(
        given.get(k) for k in ("ContactID", "ContactNumber", "Name")
    ):
        draft.errors.append(NO_CONTACT)
        return
    record = find_contact(org, given)
    if record is None and given.get("ContactID"):
        draft.errors.append(f"Contact with ID {given['ContactID']} could not be found")
        return
    if record is None and given.get("Name"):
        record = find_active_by_name(org, given["Name"], exclude=None)
    if record is None:
        if not given.get("Name"):
            draft.errors.append(NO_CONTACT)
            return
        # Xero creates a contact on the fly when an invoice names an unknown one.
        contact_id = new_id()
        data = new_contact_data(contact_id, given)
        record = Record(contact_id, data, 0.0)
        draft.new_contact = record
    draft.data["Contact"] = contact_summary(record)


def _line(org: Organisation, raw: JsonObject, draft: _Draft, amount_types: str) -> JsonObject:
    line: JsonObject = {"Tracking": [], "ValidationErrors": []}
    item = org.item_by_code(raw.get("ItemCode")) if raw.get("ItemCode") else None
    if raw.get("ItemCode") and item is None:
        draft.errors.append(f"Item code '{raw['ItemCode']}' is not valid")
    sales = item.data.get("SalesDetails", {}) if item else {}
    quantity = money(raw.get("Quantity"), "1")
    if "UnitAmount" in raw or "LineAmount" not in raw:
        unit = money(raw.get("UnitAmount", sales.get("UnitPrice")))
    else:
        unit = money(raw["LineAmount"]) / quantity if quantity else Decimal(0)
    code = raw.get("AccountCode", sales.get("AccountCode"))
    account = org.account_by_code(code) if code is not None else None
    if code is not None and account is None:
        draft.errors.append(f"Account code '{code}' is not a valid code for this document.")
    tax_type = str(raw.get("TaxType") or (account.data["TaxType"] if account else "NONE"))
    if amount_types == "NoTax":
        tax_type = "NONE"
    if tax_type not in TAX_RATES:
        draft.errors.append(
            f"The TaxType code '{tax_type}' does not exist or cannot be used for this type of "
            "transaction."
        )
    rate = TAX_RATES.get(tax_type, Decimal(0))
    amount = cents(quantity * unit)
    tax = amount * rate if amount_types != "Inclusive" else amount - amount / (1 + rate)
    description = raw.get("Description", item.data.get("Description") if item else None)
    line.update(
        {
            "LineItemID": str(raw.get("LineItemID") or new_id()),
            "Description": description or "",
            "Quantity": float(quantity),
            "UnitAmount": float(unit),
            "TaxType": tax_type,
            "TaxAmount": float(cents(tax)),
            "LineAmount": float(amount),
        }
    )
    if code is not None:
        line["AccountCode"] = code
    if item is not None:
        line["ItemCode"] = item.data["Code"]
    return line


def _totals(data: JsonObject) -> None:
    lines = data["LineItems"]
    gross = sum((money(line["LineAmount"]) for line in lines), Decimal(0))
    tax = sum((money(line["TaxAmount"]) for line in lines), Decimal(0))
    inclusive = data.get("LineAmountTypes") == "Inclusive"
    subtotal = gross - tax if inclusive else gross
    total = subtotal + tax
    paid = money(data.get("AmountPaid"))
    credited = money(data.get("AmountCredited"))
    data.update(
        {
            "SubTotal": float(cents(subtotal)),
            "TotalTax": float(cents(tax)),
            "Total": float(cents(total)),
            "AmountDue": float(cents(total - paid - credited)),
        }
    )


def _dates(element: JsonObject, draft: _Draft, today: str) -> None:
    if "Date" not in element and "Date" not in draft.data:
        element = {**element, "Date": today}  # Xero dates an undated new invoice today.
    for name in ("Date", "DueDate"):
        if name not in element:
            continue
        day = parse_input_date(element[name])
        if day is None:
            draft.errors.append(f"{name} is not a valid date")
            continue
        draft.data[name] = day_ms_date(day)
        draft.data[f"{name}String"] = date_string(day)


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


def _build(org: Organisation, element: JsonObject, existing: Record | None, now: float) -> _Draft:
    draft = _Draft(dict(existing.data) if existing else _blank_invoice())
    data = draft.data
    data.setdefault("CurrencyCode", org.currency)
    data.update({key: element[key] for key in _SIMPLE_FIELDS if key in element})
    if data["Type"] not in ("ACCREC", "ACCPAY"):
        draft.errors.append(f"Invoice Type {data['Type']} is not supported by the simulator")
    _resolve_contact(org, element, draft)
    _dates(element, draft, from_epoch(now).date().isoformat())
    if "LineItems" in element:
        amount_types = str(data.get("LineAmountTypes") or "Exclusive")
        data["LineItems"] = [_line(org, raw, draft, amount_types) for raw in element["LineItems"]]
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
    """Whether an invoice may move to ``target``: void only AUTHORISED without payments, delete
    only DRAFT/SUBMITTED, and nothing once paid, voided or deleted."""
    if existing is None:
        return [] if target in _CREATABLE else [NOT_VALID_FOR_CREATION]
    current = existing.data["Status"]
    has_payments = money(existing.data.get("AmountPaid")) > 0
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
    if errors:
        return Outcome(draft.data, errors)
    return _commit(org, draft, target, existing, now)


def _commit(
    org: Organisation, draft: _Draft, target: str, existing: Record | None, now: float
) -> Outcome:
    data = draft.data
    data["Status"] = target
    events: list[tuple[str, str, str]] = []
    if draft.new_contact is not None:
        contact = draft.new_contact
        org.add(org.contacts, contact.id, contact.data, now)
        events.append(("CONTACT", "CREATE", contact.id))
    contact = org.contacts[data["Contact"]["ContactID"]]
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
