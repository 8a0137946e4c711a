"""Pure translation between Ledgersync records and qbXML: customers, items, company facts.

No I/O and no ORM. Outbound bodies are built in the schema's element order; values longer than
QuickBooks allows are cut and every cut is reported as a warning (customer Name 41 characters,
service item Name 31, address lines 41…). Names may not contain ``:`` (QuickBooks reads it as
the separator of a job under its customer). Every Add carries our idempotency key as its
``ExternalGUID``, which is how a record we created is recognised after a lost response.
Documents are in :mod:`.document_mapping`, payments in :mod:`.payment_mapping`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from core.sync.records import (
    Address,
    BookedAmounts,
    BooksCurrencies,
    CustomerRecord,
    ItemRecord,
    RemoteCustomer,
    RemoteItem,
    RemoteRef,
)
from integrations.base import clip, to_decimal

from .config import QbdLimits
from .qbxml import Element, add, add_ref, child_text, children, element, guid_for, price_text

LIMITS = QbdLimits()
ZERO = Decimal("0")

CURRENCY_NAMES = {
    "USD": "US Dollar",
    "CAD": "Canadian Dollar",
    "GBP": "British Pound Sterling",
    "EUR": "Euro",
    "AUD": "Australian Dollar",
    "NZD": "New Zealand Dollar",
}
"""QuickBooks Desktop names currencies; these are its names for the ISO codes we use."""
CURRENCY_CODES = {name.lower(): code for code, name in CURRENCY_NAMES.items()}


@dataclass(frozen=True, slots=True)
class Outbound:
    """A request body (e.g. ``CustomerAdd``) ready to wrap, with the warnings from building it."""

    body: Element
    warnings: tuple[str, ...] = ()


HOME_BY_COUNTRY = {"US": "USD", "CA": "CAD", "UK": "GBP", "GB": "GBP", "AU": "AUD"}
"""Without multicurrency QuickBooks names no home currency: it is the edition's country's."""


@dataclass(frozen=True, slots=True)
class Currencies:
    """The company file's multicurrency preference (from the session's first exchange);
    ``reported`` is False until the Web Connector has brought that exchange."""

    enabled: bool = False
    home: str | None = None
    reported: bool = False

    def books(self) -> BooksCurrencies | None:
        """As the engine's books' currencies (None before the first report). QuickBooks keeps a
        currency list too, but it is not read: the check is on the switch and home currency."""
        if not self.reported:
            return None
        return BooksCurrencies(home=self.home, multicurrency=self.enabled)

    def rate_for(self, currency: str, rate: Decimal | None) -> Decimal | None:
        """The ``ExchangeRate`` to send: a record's own rate, only for a foreign currency in a
        multicurrency file (None: QuickBooks uses the rate in its currency list)."""
        if rate is None or not self.enabled or currency == self.home:
            return None
        return rate


NO_MULTICURRENCY = Currencies()
"""The preference of a file without multicurrency (or before it has reported)."""


# --- small readers ----------------------------------------------------------------------------


def money(value: str | None) -> Decimal:
    """An amount as Decimal (zero when absent or unreadable)."""
    return to_decimal(value) or ZERO


def flag(value: str | None, default: bool = False) -> bool:
    """A BOOLTYPE value."""
    if value is None:
        return default
    return value.strip().lower() == "true"


def stamp(value: str | None) -> datetime | None:
    """A DATETIMETYPE value as a datetime (None when absent or unreadable)."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def ref_of(ret: Element) -> RemoteRef:
    """ListID or TxnID, RefNumber and EditSequence of a written record, and for a transaction
    in a multicurrency file how it was booked (see :func:`booked_of`)."""
    remote_id = child_text(ret, "ListID") or child_text(ret, "TxnID")
    if remote_id is None:
        raise ValueError("the QuickBooks answer carries no ListID or TxnID")
    return RemoteRef(
        remote_id, child_text(ret, "RefNumber"), child_text(ret, "EditSequence"), booked_of(ret)
    )


def booked_of(ret: Element) -> BookedAmounts | None:
    """Currency, ``ExchangeRate`` (home units per unit) and home total of a transaction; None
    without a rate (no multicurrency). Payments carry ``TotalAmountInHomeCurrency``; for
    documents it is their total at the rate."""
    rate = to_decimal(child_text(ret, "ExchangeRate"))
    if rate is None:
        return None
    home = to_decimal(child_text(ret, "TotalAmountInHomeCurrency"))
    if home is None:
        total = to_decimal(child_text(ret, "TotalAmount"))
        if total is None:
            total = money(child_text(ret, "Subtotal")) + money(child_text(ret, "SalesTaxTotal"))
        home = (total * rate).quantize(Decimal("0.01"))
    currency = currency_code(child_text(ret, "CurrencyRef", "FullName"))
    return BookedAmounts(currency, rate, home)


def external_guid_of(ret: Element) -> str | None:
    """The ``ExternalGUID`` a record carries (ours when we created it)."""
    return child_text(ret, "ExternalGUID")


def currency_code(name: str | None) -> str | None:
    """An ISO code for a QuickBooks currency name (the name itself when it is unknown)."""
    if not name:
        return None
    return CURRENCY_CODES.get(name.strip().lower(), name.strip())


# --- names and addresses ----------------------------------------------------------------------


def clean_name(name: str, limit: int, label: str, warnings: list[str]) -> str:
    """A list name without ``:`` or line breaks, cut to ``limit`` characters."""
    cleaned = " ".join(name.replace(":", "-").split())
    if cleaned != name.strip():
        warnings.append(f"{label} had ':' or line-break characters replaced")
    return clip(cleaned, limit, label, warnings)


def customer_name(record_name: str, warnings: list[str]) -> str:
    """The customer Name as it is sent (the key a look-up by name uses)."""
    return clean_name(record_name, LIMITS.customer_name_max, "Customer Name", warnings)


def item_name(record_name: str, warnings: list[str]) -> str:
    """The service item Name as it is sent."""
    return clean_name(record_name, LIMITS.item_name_max, "Item Name", warnings)


def _clipped(value: str | None, limit: int, label: str, warnings: list[str]) -> str | None:
    return clip(value, limit, label, warnings) if value else None


def bill_address(
    parent: Element, addressee: str, address: Address | None, warnings: list[str]
) -> None:
    """``BillAddress``: the addressee on Addr1, then the street lines (as QuickBooks prints)."""
    if address is None:
        return
    node = element("BillAddress")
    limit = LIMITS.address_line_max
    lines = [addressee, address.line1, address.line2]
    for number, line in enumerate((value for value in lines if value), start=1):
        add(node, f"Addr{number}", clip(line, limit, f"Address line {number}", warnings))
    add(node, "City", _clipped(address.city, LIMITS.city_max, "City", warnings))
    add(node, "State", _clipped(address.region, LIMITS.state_max, "State", warnings))
    add(
        node,
        "PostalCode",
        _clipped(address.postal_code, LIMITS.postal_code_max, "Postal code", warnings),
    )
    add(node, "Country", _clipped(address.country, LIMITS.country_max, "Country", warnings))
    parent.append(node)


def address_from(node: Element | None, addressees: tuple[str | None, ...]) -> Address | None:
    """An :class:`Address` from ``BillAddress`` (an addressee line on Addr1 is skipped)."""
    if node is None:
        return None
    lines = [child_text(node, f"Addr{n}") for n in range(1, 6)]
    street = [line for line in lines if line]
    if street and street[0] in {a for a in addressees if a}:
        street = street[1:]
    return Address(
        line1=street[0] if street else None,
        line2=street[1] if len(street) > 1 else None,
        city=child_text(node, "City"),
        region=child_text(node, "State"),
        postal_code=child_text(node, "PostalCode"),
        country=child_text(node, "Country"),
    )


# --- customers --------------------------------------------------------------------------------


def _customer_fields(body: Element, record: CustomerRecord, name: str, warnings: list[str]) -> None:
    if not record.active:
        add(body, "IsActive", "false")
    company = _clipped(record.company_name, LIMITS.company_name_max, "CompanyName", warnings)
    add(body, "CompanyName", company)
    bill_address(body, company or name, record.address, warnings)
    add(body, "Phone", _clipped(record.phone, LIMITS.phone_max, "Phone", warnings))
    add(body, "Email", _clipped(record.email, LIMITS.email_max, "Email", warnings))


def customer_add(record: CustomerRecord, currencies: Currencies = Currencies()) -> Outbound:
    """``CustomerAdd`` in schema order, carrying the key as ``ExternalGUID``.

    The currency is set only in a multicurrency company file, for a customer billed in another
    currency than the home one (QuickBooks takes an invoice's currency from its customer).
    """
    warnings: list[str] = []
    body = element("CustomerAdd")
    name = customer_name(record.display_name, warnings)
    add(body, "Name", name)
    _customer_fields(body, record, name, warnings)
    add(body, "ExternalGUID", guid_for(record.idempotency_key))
    if currencies.enabled and record.currency and record.currency != currencies.home:
        add_ref(body, "CurrencyRef", full_name=CURRENCY_NAMES.get(record.currency, record.currency))
    return Outbound(body, tuple(warnings))


def customer_mod(remote_id: str, edit_sequence: str, record: CustomerRecord) -> Outbound:
    """``CustomerMod``: ListID and EditSequence first, then the fields we own."""
    warnings: list[str] = []
    body = element("CustomerMod")
    add(body, "ListID", remote_id)
    add(body, "EditSequence", edit_sequence)
    name = customer_name(record.display_name, warnings)
    add(body, "Name", name)
    add(body, "IsActive", "true" if record.active else "false")
    company = _clipped(record.company_name, LIMITS.company_name_max, "CompanyName", warnings)
    add(body, "CompanyName", company)
    bill_address(body, company or name, record.address, warnings)
    add(body, "Phone", _clipped(record.phone, LIMITS.phone_max, "Phone", warnings))
    add(body, "Email", _clipped(record.email, LIMITS.email_max, "Email", warnings))
    return Outbound(body, tuple(warnings))


def customer_from_ret(ret: Element) -> RemoteCustomer:
    """A ``CustomerRet`` as a :class:`RemoteCustomer`."""
    remote_id = child_text(ret, "ListID")
    if remote_id is None:
        raise ValueError("CustomerRet without ListID")
    name = child_text(ret, "Name") or child_text(ret, "FullName") or ""
    company = child_text(ret, "CompanyName")
    return RemoteCustomer(
        id=remote_id,
        version=child_text(ret, "EditSequence"),
        display_name=name,
        email=child_text(ret, "Email"),
        phone=child_text(ret, "Phone"),
        company_name=company,
        address=address_from(ret.find("BillAddress"), (company, name)),
        active=flag(child_text(ret, "IsActive"), default=True),
        balance=money(child_text(ret, "TotalBalance") or child_text(ret, "Balance")),
        updated_at=stamp(child_text(ret, "TimeModified")),
    )


# --- service items ----------------------------------------------------------------------------


def item_add(record: ItemRecord, income_account_id: str | None) -> Outbound:
    """``ItemServiceAdd`` with ``SalesOrPurchase`` (description, price, income account)."""
    if not (record.income_account_remote_id or income_account_id):
        raise ValueError(
            "QuickBooks needs an income account for a new service item: set income_account_id "
            "in the connection settings"
        )
    warnings: list[str] = []
    body = element("ItemServiceAdd")
    add(body, "Name", item_name(record.name, warnings))
    if not record.active:
        add(body, "IsActive", "false")
    sales = element("SalesOrPurchase")
    description = _clipped(record.description, LIMITS.description_max, "Description", warnings)
    add(sales, "Desc", description)
    add(sales, "Price", price_text(record.unit_price))
    add_ref(sales, "AccountRef", list_id=record.income_account_remote_id or income_account_id)
    body.append(sales)
    add(body, "ExternalGUID", guid_for(record.idempotency_key))
    return Outbound(body, tuple(warnings))


def item_from_ret(ret: Element) -> RemoteItem:
    """An ``ItemServiceRet`` as a :class:`RemoteItem`."""
    remote_id = child_text(ret, "ListID")
    if remote_id is None:
        raise ValueError("ItemServiceRet without ListID")
    sales = ret.find("SalesOrPurchase")
    if sales is None:
        sales = ret.find("SalesAndPurchase")
    price = child_text(sales, "Price") or child_text(sales, "SalesPrice")
    return RemoteItem(
        id=remote_id,
        version=child_text(ret, "EditSequence"),
        name=child_text(ret, "Name") or child_text(ret, "FullName") or "",
        description=child_text(sales, "Desc") or child_text(sales, "SalesDesc"),
        unit_price=money(price),
        active=flag(child_text(ret, "IsActive"), default=True),
        updated_at=stamp(child_text(ret, "TimeModified")),
    )


# --- the company file (the session's first exchange) -----------------------------------------


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    """What the HostQuery, CompanyQuery and PreferencesQuery answers say about the file."""

    company_name: str | None = None
    legal_name: str | None = None
    product_name: str | None = None
    major_version: str | None = None
    minor_version: str | None = None
    country: str | None = None
    supported_versions: tuple[str, ...] = ()
    automatic_login: bool = False
    file_mode: str | None = None
    file_id: str | None = None
    currencies: Currencies = field(default_factory=Currencies)

    def to_document(self) -> dict[str, object]:
        """A JSON-friendly view, stored with the connection's login."""
        return {
            "company_name": self.company_name,
            "legal_name": self.legal_name,
            "product_name": self.product_name,
            "version": ".".join(v for v in (self.major_version, self.minor_version) if v),
            "country": self.country,
            "qbxml_versions": list(self.supported_versions),
            "automatic_login": self.automatic_login,
            "file_mode": self.file_mode,
            "file_id": self.file_id,
            "multicurrency": self.currencies.enabled,
            "home_currency": self.currencies.home,
        }


def _file_id(company: Element | None, owner_id: str) -> str | None:
    if company is None:
        return None
    for ext in children(company, "DataExtRet"):
        owner = child_text(ext, "OwnerID") or ""
        if child_text(ext, "DataExtName") == "FileID" and owner.upper() == owner_id.upper():
            return child_text(ext, "DataExtValue")
    return None


def company_facts(root: Element, owner_id: str) -> CompanyFacts:
    """Read the first exchange's answers (``root`` is the parsed ``strHCPResponse``)."""
    host = root.find(".//HostRet")
    company = root.find(".//CompanyRet")
    prefs = root.find(".//MultiCurrencyPreferences")
    home = child_text(prefs, "HomeCurrencyRef", "FullName") if prefs is not None else None
    versions = tuple(
        v.text.strip()
        for v in (host.findall("SupportedQBXMLVersion") if host is not None else [])
        if v.text
    )
    return CompanyFacts(
        company_name=child_text(company, "CompanyName"),
        legal_name=child_text(company, "LegalCompanyName"),
        product_name=child_text(host, "ProductName"),
        major_version=child_text(host, "MajorVersion"),
        minor_version=child_text(host, "MinorVersion"),
        country=child_text(host, "Country"),
        supported_versions=versions,
        automatic_login=flag(child_text(host, "IsAutomaticLogin")),
        file_mode=child_text(host, "QBFileMode"),
        file_id=_file_id(company, owner_id),
        currencies=Currencies(
            enabled=flag(child_text(prefs, "IsMultiCurrencyOn")), home=currency_code(home)
        ),
    )
