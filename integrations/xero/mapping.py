"""Pure translation between Ledgersync records and Xero Accounting JSON (no I/O, no ORM): the
shared helpers, contacts and items. Documents are in :mod:`.document_mapping`, payments in
:mod:`.payment_mapping`.

Outbound: values longer than Xero allows are cut, and every cut is reported as a warning
(contact Name 255, ContactNumber 50, item Code 30 and Name 50, descriptions 4000, Reference 255).
Inbound: ``/Date()/`` values become dates and timestamps, money becomes Decimal.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.sync.records import (
    Address,
    BookedAmounts,
    CustomerRecord,
    ItemQuery,
    ItemRecord,
    RemoteCustomer,
    RemoteItem,
    RemoteRef,
)
from integrations.base import clip, to_decimal

from .wire import JSONObject, as_object, objects, parse_datetime, text

CONTACT_NAME_MAX = 255
CONTACT_NUMBER_MAX = 50
EMAIL_MAX = 255
PHONE_MAX = 50
ITEM_CODE_MAX = 30
ITEM_NAME_MAX = 50
DESCRIPTION_MAX = 4000
REFERENCE_MAX = 255
ZERO = Decimal("0")
CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.000001")
BILLING_ADDRESS = "POBOX"
"""Xero's postal address is the one printed on invoices (STREET is the physical one)."""


@dataclass(frozen=True, slots=True)
class Outbound:
    """A body ready to send, with the warnings produced while building it."""

    body: JSONObject
    warnings: tuple[str, ...] = ()


def money(value: object) -> Decimal:
    """An amount as Decimal (zero when absent)."""
    return to_decimal(value) or ZERO


def iso_day(day: date) -> str:
    """A calendar date as Xero accepts it on input."""
    return day.isoformat()


def quote_where(value: str) -> str:
    """A string literal for Xero's ``where`` expressions (C#-style escapes)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def is_guid(value: str) -> bool:
    """Whether a configured value is a Xero id (an ItemID, an AccountID) rather than a Code."""
    return bool(_GUID.match(value.strip()))


def name_key(value: str | None) -> str:
    """A name, code or email as Xero compares them: trimmed, ignoring case."""
    return (value or "").strip().casefold()


def same_name(left: str | None, right: str | None) -> bool:
    """Xero compares contact names trimmed and ignoring case."""
    return name_key(left) == name_key(right)


def ref_of(row: Mapping[str, object], id_field: str, number_field: str | None = None) -> RemoteRef:
    """Where a saved record lives: its GUID, number and ``UpdatedDateUTC`` as the version, and
    for a document or payment how Xero booked it (see :func:`booked_of`)."""
    return RemoteRef(
        id=str(row[id_field]),
        number=text(row.get(number_field)) if number_field else None,
        version=text(row.get("UpdatedDateUTC")),
        booked=booked_of(row) if "CurrencyRate" in row else None,
    )


def to_xero_rate(rate: Decimal) -> Decimal:
    """Our rate (home units per unit of the document's currency) as Xero's ``CurrencyRate``
    (units of the document's currency per base unit), to the 6 places Xero keeps."""
    return (Decimal(1) / rate).quantize(RATE_PLACES)


def booked_of(row: Mapping[str, object]) -> BookedAmounts:
    """The currency, rate (home units per unit, from Xero's inverse ``CurrencyRate``) and home
    total of a saved invoice (``Total``) or payment (``Amount``)."""
    xero_rate = to_decimal(row.get("CurrencyRate"))
    amount = to_decimal(row.get("Total", row.get("Amount")))
    if not xero_rate or xero_rate <= 0:
        return BookedAmounts(text(row.get("CurrencyCode")), None, None)
    home = (amount / xero_rate).quantize(CENT) if amount is not None else None
    rate = (Decimal(1) / xero_rate).quantize(Decimal("0.0000000001"))
    return BookedAmounts(text(row.get("CurrencyCode")), rate, home)


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
    if record.currency:
        body["DefaultCurrency"] = record.currency
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
        balance=money(receivable.get("Outstanding")),
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
        unit_price=money(sales.get("UnitPrice")),
        sku=text(row.get("Code")),
        updated_at=parse_datetime(row.get("UpdatedDateUTC")),
    )
