"""Customers of the local books: listing, lookup, and validated creates and partial updates."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TypedDict
from uuid import UUID

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.errors import Duplicate, InvalidState, NotFound, ValidationFailed
from core.models import Customer, Invoice, Payment
from core.services.activity import record_activity
from core.services.book_writes import (
    actor_label,
    lock_firm,
    optional_email,
    optional_text,
    required_text,
)
from core.services.tenancy import Viewer

NAME_MAX_LENGTH = 500
CURRENCY_LENGTH = 3

# Active ISO 4217 codes. The accounting platforms refuse anything else, so a typo such as
# "USS" is caught here rather than on the first sync.
_ISO_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
    BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
    KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
    MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
    SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD
    TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
"""
ISO_CURRENCIES = frozenset(_ISO_CODES.split())

# Optional text fields: (label used in messages, maximum length of the column).
OPTIONAL_TEXT: dict[str, tuple[str, int]] = {
    "phone": ("Phone", 64),
    "address_line1": ("Address line 1", 255),
    "address_line2": ("Address line 2", 255),
    "city": ("City", 128),
    "region": ("Region", 128),
    "postal_code": ("Postal code", 32),
    "country": ("Country", 64),
}


@dataclass(frozen=True, slots=True)
class NewCustomer:
    """The fields of a customer to create; ``currency`` None means the firm's default."""

    name: str
    email: str | None = None
    phone: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    currency: str | None = None


class CustomerChanges(TypedDict, total=False):
    """A partial update: a key that is absent stays as it is; None clears an optional field."""

    name: str | None
    email: str | None
    phone: str | None
    address_line1: str | None
    address_line2: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None
    currency: str | None
    active: bool | None


def currency_code(value: str | None, *, field: str = "currency") -> str:
    """Upper-case a currency code and check it is an active ISO 4217 code."""
    code = (value or "").strip().upper()
    if not code:
        raise ValidationFailed("Currency cannot be empty: give a 3-letter ISO code", field=field)
    if code not in ISO_CURRENCIES:
        raise ValidationFailed(
            f"`{value}` is not an ISO 4217 currency code (for example USD, EUR, GBP)", field=field
        )
    return code


def _clean_field(key: str, value: object) -> str | bool | None:
    if key == "active":
        if not isinstance(value, bool):
            raise ValidationFailed("`active` must be true or false, not null", field="active")
        return value
    text = value if isinstance(value, str) else None
    if value is not None and text is None:
        raise ValidationFailed(f"`{key}` must be text", field=key)
    if key == "name":
        return required_text(text, field="name", label="Name", max_length=NAME_MAX_LENGTH)
    if key == "email":
        return optional_email(text)
    if key == "currency":
        return currency_code(text)
    if key in OPTIONAL_TEXT:
        label, max_length = OPTIONAL_TEXT[key]
        return optional_text(text, field=key, label=label, max_length=max_length)
    raise ValidationFailed(f"`{key}` is not a customer field", field=key)


def clean_customer_changes(changes: CustomerChanges) -> dict[str, str | bool | None]:
    """Validate and normalize every given field (trimmed text, upper-case currency)."""
    return {key: _clean_field(key, value) for key, value in changes.items()}


def customers_query(
    firm_id: UUID, *, search: str | None, active: bool | None
) -> QuerySet[Customer]:
    """The firm's customers, optionally matching ``search`` in name or email (any case)."""
    queryset = Customer.filter(firm_id=firm_id)
    term = (search or "").strip()
    if term:
        queryset = queryset.filter(Q(name__icontains=term) | Q(email__icontains=term))
    if active is not None:
        queryset = queryset.filter(active=active)
    return queryset


async def get_customer(firm_id: UUID, customer_id: UUID) -> Customer | None:
    """The firm's customer with that id; None when unknown or another firm's."""
    return await Customer.get_or_none(id=customer_id, firm_id=firm_id)


async def _check_name_free(firm_id: UUID, name: str, *, exclude_id: UUID | None = None) -> None:
    clash = Customer.filter(firm_id=firm_id, active=True, name__iexact=name)
    if exclude_id is not None:
        clash = clash.exclude(id=exclude_id)
    existing = await clash.first()
    if existing is not None:
        raise Duplicate(
            f'An active customer named "{existing.name}" already exists; accounting platforms '
            "need customer names to be unique. Choose another name or deactivate that customer.",
            field="name",
        )


async def create_customer(
    viewer: Viewer, data: NewCustomer, *, ip_address: str | None = None
) -> Customer:
    """Create a customer in the caller's firm and record it in the audit trail.

    Raises ValidationFailed for bad input and Duplicate when an active customer already has the
    name (compared without regard to case). Nothing is written unless everything succeeds.
    """
    raw = asdict(data)
    if raw["currency"] is None:
        del raw["currency"]  # the firm's default, read under the lock below
    cleaned = {key: _clean_field(key, value) for key, value in raw.items()}
    async with in_transaction():
        firm = await lock_firm(viewer.firm_id)
        cleaned.setdefault("currency", firm.default_currency)
        name = str(cleaned["name"])
        await _check_name_free(viewer.firm_id, name)
        customer = Customer(firm_id=viewer.firm_id, **cleaned)
        await customer.save()
        await record_activity(
            firm_id=viewer.firm_id,
            actor_id=viewer.user_id,
            action="customer.created",
            subject_type="Customer",
            subject_id=customer.id,
            description=f"Customer {name} created by {await actor_label(viewer)}",
            ip_address=ip_address,
        )
    return customer


async def _check_currency_change(customer: Customer) -> None:
    has_invoices = await Invoice.filter(customer_id=customer.id).exists()
    if has_invoices or await Payment.filter(customer_id=customer.id).exists():
        raise InvalidState(
            f"The currency of {customer.name} cannot change because the customer already has "
            "invoices or payments in "
            f"{customer.currency}; create a new customer for the other currency.",
            field="currency",
        )


async def update_customer(
    viewer: Viewer,
    customer_id: UUID,
    changes: CustomerChanges,
    *,
    ip_address: str | None = None,
) -> Customer:
    """Apply a partial update to one of the caller's customers.

    Only the given fields change; None clears an optional field. Raises NotFound for an
    unknown id or another firm's customer, ValidationFailed for bad input, Duplicate for a name
    clash with another active customer and InvalidState for a currency change once the customer
    has invoices or payments. A call that changes nothing writes nothing.
    """
    cleaned = clean_customer_changes(changes)
    async with in_transaction():
        await lock_firm(viewer.firm_id)
        customer = await Customer.get_or_none(id=customer_id, firm_id=viewer.firm_id)
        if customer is None:
            raise NotFound("No customer with this ID exists in your firm", field="id")
        changed = {k: v for k, v in cleaned.items() if getattr(customer, k) != v}
        if not changed:
            return customer
        if "currency" in changed:
            await _check_currency_change(customer)
        name = str(changed.get("name", customer.name))
        if changed.get("active", customer.active) and ("name" in changed or "active" in changed):
            await _check_name_free(viewer.firm_id, name, exclude_id=customer.id)
        for key, value in changed.items():
            setattr(customer, key, value)
        await customer.save(update_fields=[*changed, "updated_at"])
        await record_activity(
            firm_id=viewer.firm_id,
            actor_id=viewer.user_id,
            action="customer.updated",
            subject_type="Customer",
            subject_id=customer.id,
            description=f"Customer {name} updated by {await actor_label(viewer)} "
            f"({', '.join(sorted(changed))})",
            ip_address=ip_address,
        )
    return customer
