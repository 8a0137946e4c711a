"""Contacts and Items: create, create-or-update, and Xero's uniqueness rules."""

from __future__ import annotations

from .org import Organisation
from .rules import ZERO_ID, JsonObject, Outcome, Record, new_id

_CONTACT_FIELDS = (
    "ContactNumber",
    "AccountNumber",
    "ContactStatus",
    "Name",
    "FirstName",
    "LastName",
    "CompanyNumber",
    "EmailAddress",
    "TaxNumber",
    "Addresses",
    "Phones",
    "IsSupplier",
    "DefaultCurrency",
)


def duplicate_name_message(name: str) -> str:
    """Xero's text for a contact name already used by another active contact."""
    return (
        f"The contact name {name} is already assigned to another contact. "
        "The contact name must be unique across all active contacts."
    )


def _norm(name: object) -> str:
    return str(name or "").strip().casefold()


def find_active_by_name(org: Organisation, name: object, exclude: str | None) -> Record | None:
    """An ACTIVE contact whose name matches (trimmed, case-insensitive), other than ``exclude``."""
    wanted = _norm(name)
    for record in org.contacts.values():
        data = record.data
        active = data.get("ContactStatus") == "ACTIVE"
        if active and record.id != exclude and _norm(data.get("Name")) == wanted:
            return record
    return None


def find_contact(org: Organisation, element: JsonObject) -> Record | None:
    """The contact an element refers to, by ContactID then ContactNumber."""
    contact_id = element.get("ContactID")
    if contact_id:
        return org.contacts.get(str(contact_id))
    number = element.get("ContactNumber")
    if number:
        for record in org.contacts.values():
            if record.data.get("ContactNumber") == number:
                return record
    return None


def contact_summary(record: Record) -> JsonObject:
    """The contact as embedded in an invoice."""
    return {
        "ContactID": record.id,
        "Name": record.data.get("Name", ""),
        "Addresses": [],
        "Phones": [],
        "ContactGroups": [],
        "ContactPersons": [],
        "HasValidationErrors": False,
    }


def new_contact_data(contact_id: str, element: JsonObject) -> JsonObject:
    """Defaults of a freshly created contact, overlaid with the element's writable fields."""
    data: JsonObject = {
        "ContactID": contact_id,
        "ContactStatus": "ACTIVE",
        "Name": "",
        "Addresses": [],
        "Phones": [],
        "ContactGroups": [],
        "IsSupplier": False,
        "IsCustomer": False,
        "ContactPersons": [],
        "HasAttachments": False,
        "HasValidationErrors": False,
    }
    data.update({key: element[key] for key in _CONTACT_FIELDS if key in element})
    return data


def save_contact(org: Organisation, element: JsonObject, now: float, *, upsert: bool) -> Outcome:
    """PUT (``upsert=False``) always creates; POST updates the contact it finds, else creates."""
    existing = find_contact(org, element) if upsert else None
    if upsert and element.get("ContactID") and existing is None:
        echo = {**element, "ContactID": element["ContactID"]}
        return Outcome(echo, ["The contact could not be found"])
    contact_id = existing.id if existing else new_id()
    data = dict(existing.data) if existing else new_contact_data(contact_id, {})
    data.update({key: element[key] for key in _CONTACT_FIELDS if key in element})
    errors = contact_errors(org, data, exclude=existing.id if existing else None)
    if errors:
        return Outcome({**data, "ContactID": contact_id if existing else ZERO_ID}, errors)
    if existing is None:
        record = org.add(org.contacts, contact_id, data, now)
        return Outcome(record.data, events=[("CONTACT", "CREATE", contact_id)])
    existing.data = data
    existing.touch(now)
    return Outcome(existing.data, events=[("CONTACT", "UPDATE", contact_id)])


def contact_errors(org: Organisation, data: JsonObject, exclude: str | None) -> list[str]:
    """Validation errors for a contact about to be saved."""
    name = str(data.get("Name") or "").strip()
    if not name:
        return ["The contact name must be specified"]
    active = data.get("ContactStatus", "ACTIVE") == "ACTIVE"
    if active and find_active_by_name(org, name, exclude) is not None:
        return [duplicate_name_message(name)]
    return []


_ITEM_FIELDS = (
    "Code",
    "Name",
    "Description",
    "PurchaseDescription",
    "IsSold",
    "IsPurchased",
    "SalesDetails",
    "PurchaseDetails",
)


def save_item(org: Organisation, element: JsonObject, now: float, *, upsert: bool) -> Outcome:
    """Items are matched by ItemID or Code on POST; Code is required and unique."""
    existing = None
    if upsert:
        by_id = org.items.get(str(element.get("ItemID")))
        existing = by_id or org.item_by_code(element.get("Code"))
    item_id = existing.id if existing else new_id()
    base: JsonObject = {"ItemID": item_id, "IsSold": True, "IsPurchased": True}
    data = dict(existing.data) if existing else base
    data.update({key: element[key] for key in _ITEM_FIELDS if key in element})
    data.setdefault("IsTrackedAsInventory", False)
    errors: list[str] = []
    code = str(data.get("Code") or "")
    clash = org.item_by_code(code)
    if not code:
        errors.append("Item code must be specified")
    elif clash is not None and clash is not existing:
        errors.append(f"Item code '{code}' already exists")
    if errors:
        return Outcome({**data, "ItemID": item_id if existing else ZERO_ID}, errors)
    if existing is None:
        return Outcome(org.add(org.items, item_id, data, now).data)
    existing.data = data
    existing.touch(now)
    return Outcome(existing.data)
