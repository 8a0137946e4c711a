"""The values a reconciliation compares and produces: the two snapshots, each discrepancy
found, and the per-customer balances, with the report's JSON summary. Pure data, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.models.enums import DiscrepancyKind, FixAction, InvoiceStatus
from core.sync.records import RemoteInvoice, RemotePayment

ZERO = Decimal("0")
CENT = Decimal("0.01")


def money(value: Decimal) -> str:
    """An amount as the report shows it: two decimal places ("250.00", not "250.0")."""
    return str(value.quantize(CENT))


@dataclass(frozen=True, slots=True)
class LocalInvoice:
    """A local invoice linked to a remote one (``remote_id``)."""

    local_id: str
    number: str
    remote_id: str
    customer_id: str
    currency: str
    total: Decimal
    balance: Decimal
    status: InvoiceStatus


@dataclass(frozen=True, slots=True)
class LocalPayment:
    """A local payment applied to linked invoices; ``remote_id`` is None when never pushed.

    ``applications`` maps a local invoice id to the amount applied to it.
    """

    local_id: str
    remote_id: str | None
    date: date
    amount: Decimal
    currency: str
    applications: Mapping[str, Decimal]


@dataclass(frozen=True, slots=True)
class LocalCustomer:
    """A local customer linked to a remote one, with the open balance of its invoices here
    (linked or not), per currency: ``open_balances`` maps an ISO 4217 code to the amount."""

    local_id: str
    remote_id: str
    name: str
    open_balances: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LocalBooks:
    """What the reconciliation compares on the local side."""

    invoices: tuple[LocalInvoice, ...]
    payments: tuple[LocalPayment, ...]
    customers: tuple[LocalCustomer, ...]


@dataclass(frozen=True, slots=True)
class RemoteBooks:
    """What the platform holds: every open invoice, every linked document still there (missing
    ids are simply absent), payments since the report's date, and whether each linked customer
    and payment still exists."""

    invoices: tuple[RemoteInvoice, ...]
    payments: tuple[RemotePayment, ...]
    missing_customers: frozenset[str] = frozenset()
    missing_payments: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Found:
    """One discrepancy: its kind, the records on both sides, both values, and the fix."""

    kind: DiscrepancyKind
    action: FixAction
    label: str
    local_id: str | None = None
    remote_id: str | None = None
    local_value: str | None = None
    remote_value: str | None = None
    currency: str | None = None
    amount: Decimal = ZERO
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class CustomerBalance:
    """A linked customer's open balance here and there in one currency (a customer billed in
    several currencies has one balance per currency; amounts are never added across them)."""

    local_id: str
    remote_id: str
    name: str
    currency: str
    here: Decimal
    there: Decimal


@dataclass(slots=True)
class Comparison:
    """The discrepancies, in a stable order, and the per-customer balances."""

    found: list[Found] = field(default_factory=list)
    customers: list[CustomerBalance] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        """Count and amount by kind and currency (amounts of different currencies are never
        added together), and the customers whose balances differ (JSON-ready)."""
        counts: dict[tuple[str, str], int] = {}
        amounts: dict[tuple[str, str], Decimal] = {}
        for item in self.found:
            key = (item.kind.value, item.currency or "")
            counts[key] = counts.get(key, 0) + 1
            amounts[key] = amounts.get(key, ZERO) + abs(item.amount)
        kinds = [
            {
                "kind": kind,
                "currency": currency or None,
                "count": counts[(kind, currency)],
                "amount": money(amounts[(kind, currency)]),
            }
            for kind, currency in sorted(counts)
        ]
        differing = [c for c in self.customers if c.here != c.there]
        return {
            "total": len(self.found),
            "kinds": kinds,
            "customers_compared": len(self.customers),
            "customers_differing": [
                {
                    "local_id": c.local_id,
                    "remote_id": c.remote_id,
                    "name": c.name,
                    "currency": c.currency,
                    "here": money(c.here),
                    "there": money(c.there),
                }
                for c in differing
            ],
        }
