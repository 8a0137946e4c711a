"""In-memory companies (realms) and their records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .jsonutil import JSON

ENTITY_PATHS: dict[str, str] = {
    "customer": "Customer",
    "item": "Item",
    "account": "Account",
    "invoice": "Invoice",
    "estimate": "Estimate",
    "payment": "Payment",
    "refundreceipt": "RefundReceipt",
    "creditmemo": "CreditMemo",
    "paymentmethod": "PaymentMethod",
    "companyinfo": "CompanyInfo",
}
"""URL segment → entity name."""

ENTITY_NAMES: dict[str, str] = {
    **{name.lower(): name for name in ENTITY_PATHS.values()},
    "companycurrency": "CompanyCurrency",
}
"""Lower-cased entity name → entity name (queries and batch match names case-insensitively)."""

TRANSACTIONS = frozenset({"Invoice", "Estimate", "Payment", "RefundReceipt", "CreditMemo"})
"""Entities that carry a TxnDate, obey the closing date, and can be deleted."""

NAME_LISTS = frozenset({"Customer", "Item", "Account", "PaymentMethod"})
"""Entities filtered to `Active = true` by queries that do not mention Active."""


@dataclass
class Record:
    """One stored entity; `data` is its wire form without `time`."""

    entity: str
    id: str
    data: JSON
    updated_at: datetime
    deleted: bool = False
    voided: bool = False

    @property
    def sync_token(self) -> str:
        """The current SyncToken."""
        token = self.data.get("SyncToken")
        return token if isinstance(token, str) else "0"


@dataclass(frozen=True)
class CachedResponse:
    """What a write answered, replayed for a repeated `requestid`."""

    status: int
    body: bytes


FIRST_DOC_NUMBER = 1001
"""Where QuickBooks starts numbering each transaction type when the company numbers them."""


@dataclass
class Realm:
    """One QuickBooks company."""

    realm_id: str
    name: str
    created_at: datetime
    closing_date: date | None = None
    #: The simulated Intuit sign-in (``login_hint``) the company belongs to; None: nobody's yet.
    account: str | None = None
    records: dict[str, dict[str, Record]] = field(default_factory=dict)
    idempotency: dict[str, CachedResponse] = field(default_factory=dict)
    next_doc_numbers: dict[str, int] = field(default_factory=dict)
    #: Multicurrency (see .currency): the home currency, the switch, and each other currency
    #: added to the company with its rate (home units per unit).
    home_currency: str = "USD"
    multicurrency: bool = False
    rates: dict[str, Decimal] = field(default_factory=dict)
    _next_ids: dict[str, int] = field(default_factory=dict)

    def table(self, entity: str) -> dict[str, Record]:
        """The records of one entity type, by Id."""
        return self.records.setdefault(entity, {})

    def get(self, entity: str, entity_id: str | None) -> Record | None:
        """A live (not deleted) record, or None."""
        if entity_id is None:
            return None
        record = self.table(entity).get(entity_id)
        return None if record is None or record.deleted else record

    def live(self, entity: str) -> list[Record]:
        """All live records of one type, in Id order."""
        return sorted(
            (r for r in self.table(entity).values() if not r.deleted), key=lambda r: int(r.id)
        )

    def everything(self, entity: str) -> list[Record]:
        """All records of one type including deleted tombstones."""
        return list(self.table(entity).values())

    def new_id(self, entity: str) -> str:
        """Allocate the next Id for this entity type."""
        # Transactions share one sequence in QBO, so an invoice and a payment never share an Id.
        key = "txn" if entity in TRANSACTIONS else entity
        value = self._next_ids.get(key, 1)
        self._next_ids[key] = value + 1
        return str(value)

    def allocate_doc_number(self, entity: str) -> str:
        """Next automatic DocNumber of a transaction type (each type counts from 1001)."""
        taken = {r.data.get("DocNumber") for r in self.live(entity)}
        value = self.next_doc_numbers.get(entity, FIRST_DOC_NUMBER)
        while str(value) in taken:
            value += 1
        self.next_doc_numbers[entity] = value + 1
        return str(value)

    def summary(self) -> JSON:
        """A short description for the control API."""
        counts: JSON = {name: len(self.live(name)) for name in sorted(self.records)}
        return {
            "realm_id": self.realm_id,
            "name": self.name,
            "account": self.account,
            "closing_date": self.closing_date.isoformat() if self.closing_date else None,
            "counts": counts,
        }
