"""What sales invoices and quotes share: the contact a document names, its lines, its dates and
the new contact Xero creates on the fly for an unknown contact name."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .contacts import contact_summary, find_active_by_name, find_contact, new_contact_data
from .dates import date_string, day_ms_date, parse_input_date
from .org import TAX_RATES, Organisation
from .rules import JsonObject, Record, cents, money, new_id

NO_CONTACT = (
    "The Contact must contain at least 1 of the following elements to identify the contact: "
    "Name, ContactID, ContactNumber"
)


@dataclass
class Draft:
    """A document being built from one element: its data, what is wrong with it, and the
    contact to create if it is saved."""

    data: JsonObject
    errors: list[str] = field(default_factory=list)
    new_contact: Record | None = None


def resolve_contact(org: Organisation, element: JsonObject, draft: Draft) -> None:
    """Point the draft at the contact the element names (ContactID, ContactNumber or Name); an
    unknown Name becomes a new contact, created only if the document is saved."""
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
        # Xero creates a contact on the fly when a document names an unknown one.
        contact_id = new_id()
        data = new_contact_data(contact_id, given)
        record = Record(contact_id, data, 0.0)
        draft.new_contact = record
    draft.data["Contact"] = contact_summary(record)


def build_line(org: Organisation, raw: JsonObject, draft: Draft, amount_types: str) -> JsonObject:
    """One line with its amounts and tax; ``amount_types`` is Exclusive, Inclusive or NoTax."""
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


def line_sums(lines: list[JsonObject], inclusive: bool) -> tuple[Decimal, Decimal, Decimal]:
    """SubTotal, TotalTax and Total of a document's lines, rounded to cents."""
    gross = sum((money(line["LineAmount"]) for line in lines), Decimal(0))
    tax = sum((money(line["TaxAmount"]) for line in lines), Decimal(0))
    subtotal = gross - tax if inclusive else gross
    return cents(subtotal), cents(tax), cents(subtotal + tax)


def read_dates(element: JsonObject, draft: Draft, names: tuple[str, ...]) -> None:
    """Store each named date given in the element as ``/Date()/`` plus its ``…String`` twin."""
    for name in names:
        if name not in element:
            continue
        day = parse_input_date(element[name])
        if day is None:
            draft.errors.append(f"{name} is not a valid date")
            continue
        draft.data[name] = day_ms_date(day)
        draft.data[f"{name}String"] = date_string(day)


def commit_contact(
    org: Organisation, draft: Draft, now: float, events: list[tuple[str, str, str]]
) -> Record:
    """Create the draft's new contact, if any; the contact the saved document points at."""
    if draft.new_contact is not None:
        contact = draft.new_contact
        org.add(org.contacts, contact.id, contact.data, now)
        events.append(("CONTACT", "CREATE", contact.id))
    return org.contacts[draft.data["Contact"]["ContactID"]]
