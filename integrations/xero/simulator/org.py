"""One Xero organisation (tenant) and its ledgers, seeded with a small chart of accounts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .rules import JsonObject, Record, new_id

#: Rates for the tax types the seeded chart uses; other codes are refused as Xero refuses them.
TAX_RATES: dict[str, Decimal] = {
    "NONE": Decimal("0"),
    "EXEMPTOUTPUT": Decimal("0"),
    "ZERORATEDOUTPUT": Decimal("0"),
    "OUTPUT": Decimal("0.15"),
    "OUTPUT2": Decimal("0.15"),
    "INPUT": Decimal("0.15"),
    "INPUT2": Decimal("0.15"),
}

_CHART: list[tuple[str, str, str, str, str]] = [
    # Code, Name, Type, Class, TaxType
    ("090", "Business Bank Account", "BANK", "ASSET", "NONE"),
    ("200", "Sales", "REVENUE", "REVENUE", "OUTPUT"),
    ("260", "Other Revenue", "REVENUE", "REVENUE", "OUTPUT"),
    ("310", "Cost of Goods Sold", "DIRECTCOSTS", "EXPENSE", "INPUT"),
    ("400", "Advertising", "OVERHEADS", "EXPENSE", "INPUT"),
    ("610", "Accounts Receivable", "CURRENT", "ASSET", "NONE"),
    ("800", "Accounts Payable", "CURRLIAB", "LIABILITY", "NONE"),
]
_SYSTEM = {"610": "DEBTORS", "800": "CREDITORS"}


@dataclass
class Organisation:
    """A tenant: its name, currency, lock dates and the records the simulated API exposes."""

    tenant_id: str
    name: str
    currency: str = "USD"
    #: Currencies added besides the base one, with their day rates (foreign units per base
    #: unit, Xero's ``CurrencyRate``); see currency.py.
    rates: dict[str, Decimal] = field(default_factory=dict)
    #: The simulated Xero sign-in (``login_hint``) the organisation belongs to; None: nobody's.
    account: str | None = None
    contacts: dict[str, Record] = field(default_factory=dict)
    items: dict[str, Record] = field(default_factory=dict)
    accounts: dict[str, Record] = field(default_factory=dict)
    invoices: dict[str, Record] = field(default_factory=dict)
    payments: dict[str, Record] = field(default_factory=dict)
    batch_payments: dict[str, Record] = field(default_factory=dict)
    credit_notes: dict[str, Record] = field(default_factory=dict)
    quotes: dict[str, Record] = field(default_factory=dict)
    #: Xero's Organisation ``PeriodLockDate`` and ``EndOfYearLockDate`` (see locks.py).
    period_lock_date: date | None = None
    end_of_year_lock_date: date | None = None
    _seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _invoice_numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _quote_numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add(self, table: dict[str, Record], record_id: str, data: JsonObject, now: float) -> Record:
        """Store a new record, stamping its creation order and UpdatedDateUTC."""
        record = Record(record_id, data, now, next(self._seq))
        record.touch(now)
        table[record_id] = record
        return record

    def next_invoice_number(self) -> str:
        """Xero's default numbering for sales invoices without a number: INV-0001, INV-0002…"""
        while True:
            candidate = f"INV-{next(self._invoice_numbers):04d}"
            if self.invoice_by_number(candidate) is None:
                return candidate

    def invoice_by_number(self, number: str) -> Record | None:
        """The sales invoice carrying ``number``, if any."""
        for record in self.invoices.values():
            data = record.data
            if data.get("Type") == "ACCREC" and data.get("InvoiceNumber") == number:
                return record
        return None

    def next_quote_number(self) -> str:
        """Xero's default numbering for quotes without a number: QU-0001, QU-0002…"""
        while True:
            candidate = f"QU-{next(self._quote_numbers):04d}"
            if self.quote_by_number(candidate) is None:
                return candidate

    def quote_by_number(self, number: str) -> Record | None:
        """The quote carrying ``number``, if any."""
        for record in self.quotes.values():
            if record.data.get("QuoteNumber") == number:
                return record
        return None

    def account_by_code(self, code: object) -> Record | None:
        """The account with this code, if any."""
        for record in self.accounts.values():
            if record.data.get("Code") == code:
                return record
        return None

    def item_by_code(self, code: object) -> Record | None:
        """The item with this code, if any."""
        for record in self.items.values():
            if record.data.get("Code") == code:
                return record
        return None

    def seed_accounts(self, now: float) -> None:
        """Create the small chart of accounts every simulated organisation starts with."""
        for code, name, kind, klass, tax in _CHART:
            data: JsonObject = {
                "AccountID": new_id(),
                "Code": code,
                "Name": name,
                "Status": "ACTIVE",
                "Type": kind,
                "TaxType": tax,
                "Class": klass,
                "EnablePaymentsToAccount": False,
                "ShowInExpenseClaims": False,
                "BankAccountType": "BANK" if kind == "BANK" else "",
                "ReportingCode": "",
                "HasAttachments": False,
                "AddToWatchlist": False,
            }
            if kind == "BANK":
                data["BankAccountNumber"] = "1234567890"
                data["CurrencyCode"] = self.currency
            if code in _SYSTEM:
                data["SystemAccount"] = _SYSTEM[code]
            self.add(self.accounts, data["AccountID"], data, now)
