"""A simulated QuickBooks Desktop company file: lists, transactions, iterators, preferences.

Ids look like QuickBooks' (``8000001B-1405768916``), every change bumps the record's
EditSequence and TimeModified, customer names are unique, and iterators live only until the
Web Connector session that opened them ends, as in QuickBooks.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ..config import OWNER_ID
from .chart import (
    INCOME_ACCOUNT_ID,
    Account,
    PaymentMethod,
    default_accounts,
    default_payment_methods,
)
from .records import Customer, Document, Payment, ServiceItem, Stamp

ZERO = Decimal("0")
__all__ = ["INCOME_ACCOUNT_ID", "Clock", "CompanyFile", "Iterator"]


class Clock:
    """The company file's clock: real time, or moved by hand (``advance``)."""

    def __init__(self, start: datetime | None = None, *, manual: bool = False) -> None:
        self._now = (start or datetime.now(UTC)).replace(microsecond=0)
        self.manual = manual

    def now(self) -> datetime:
        """The current time (a manual clock still ticks one second per reading, so records
        changed one after the other have different TimeModified values)."""
        if not self.manual:
            return datetime.now(UTC).replace(microsecond=0)
        self._now += timedelta(seconds=1)
        return self._now

    def advance(self, seconds: float) -> None:
        """Move a manual clock forward."""
        self._now += timedelta(seconds=seconds)


@dataclass
class Iterator:
    """An open iterator: the matching ids at Start, how far it got, and its filters."""

    kind: str
    ids: list[str]
    position: int
    max_returned: int
    signature: str


@dataclass
class CompanyFile:
    """One company file and what QuickBooks would say about it."""

    name: str = "Simulated Company"
    file_id: str = field(default_factory=lambda: "{" + str(uuid.uuid4()).upper() + "}")
    owner_id: str = OWNER_ID
    stores_file_id: bool = True
    """Whether the file holds our FileID (the Web Connector writes the .qwc's FileID into the
    company file when the application is added with its .qwc)."""
    product_name: str = "QuickBooks Enterprise Solutions 24.0"
    country: str = "US"
    supported_versions: tuple[str, ...] = ("8.0", "10.0", "12.0", "13.0", "14.0", "15.0", "16.0")
    multicurrency: bool = False
    home_currency: str = "US Dollar"
    #: The currency list's rates (home units per unit) by QuickBooks currency name; a currency
    #: without one is at 1 until someone enters its rate, as in QuickBooks.
    rates: dict[str, Decimal] = field(default_factory=dict)
    automatic_login: bool = True
    running: bool = True
    clock: Clock = field(default_factory=Clock)
    customers: dict[str, Customer] = field(default_factory=dict)
    items: dict[str, ServiceItem] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    payments: dict[str, Payment] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=default_accounts)
    payment_methods: dict[str, PaymentMethod] = field(default_factory=default_payment_methods)
    iterators: dict[str, Iterator] = field(default_factory=dict)
    requests_seen: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(0x8000001B))
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _refs: itertools.count[int] = field(default_factory=lambda: itertools.count(1001))

    def stamp(self, list_record: bool) -> Stamp:
        """A new id (ListID or TxnID) with fresh times and EditSequence."""
        now = self.clock.now()
        epoch = int(now.timestamp())
        number = next(self._ids)
        record_id = f"{number:X}-{epoch}" if list_record else f"{number - 0x80000000:X}-{epoch}"
        return Stamp(record_id, now, now, str(epoch))

    def touch(self, stamp: Stamp) -> None:
        """Record a change: TimeModified and a new EditSequence."""
        now = self.clock.now()
        stamp.modified = now
        stamp.edit_sequence = str(max(int(now.timestamp()), int(stamp.edit_sequence) + 1))

    def next_txn_number(self) -> int:
        """QuickBooks' running transaction number."""
        return next(self._numbers)

    def next_ref_number(self) -> str:
        """The next automatic invoice number."""
        return str(next(self._refs))

    # --- look-ups -----------------------------------------------------------------------------

    def customer_named(self, name: str) -> Customer | None:
        """The customer with this Name (QuickBooks compares names without case)."""
        wanted = name.strip().lower()
        return next((c for c in self.customers.values() if c.name.lower() == wanted), None)

    def item_named(self, name: str) -> ServiceItem | None:
        """The service item with this Name."""
        wanted = name.strip().lower()
        return next((i for i in self.items.values() if i.name.lower() == wanted), None)

    def customer_balance(self, customer_id: str) -> Decimal:
        """What the customer owes on its open invoices."""
        return sum(
            (
                d.balance
                for d in self.documents.values()
                if d.kind == "Invoice" and d.customer_id == customer_id and not d.voided
            ),
            ZERO,
        )

    def payments_for(self, txn_id: str) -> list[tuple[str, Decimal]]:
        """The payments applied to an invoice: (payment TxnID, amount)."""
        return [
            (payment.stamp.id, amount)
            for payment in self.payments.values()
            for applied_id, amount in payment.applications
            if applied_id == txn_id
        ]

    # --- sessions -----------------------------------------------------------------------------

    def end_session(self) -> None:
        """The Web Connector session ended: every iterator it opened expires."""
        self.iterators.clear()

    def open_iterator(self, kind: str, ids: list[str], max_returned: int, signature: str) -> str:
        """Start an iterator over ``ids``; returns its iteratorID."""
        iterator_id = "{" + str(uuid.uuid4()) + "}"
        self.iterators[iterator_id] = Iterator(kind, ids, 0, max_returned, signature)
        return iterator_id

    # --- what a user does in QuickBooks -------------------------------------------------------

    def add_customer(self, name: str, **values: object) -> Customer:
        """Enter a customer by hand (names stay unique)."""
        if self.customer_named(name) is not None:
            raise ValueError(f"the name {name!r} is already in use")
        customer = Customer(self.stamp(True), name, **values)  # type: ignore[arg-type]
        self.customers[customer.stamp.id] = customer
        return customer

    def add_item(self, name: str, price: Decimal = ZERO) -> ServiceItem:
        """Enter a service item by hand."""
        item = ServiceItem(self.stamp(True), name, price=price, account_id=INCOME_ACCOUNT_ID)
        self.items[item.stamp.id] = item
        return item

    def edit(self, record_id: str) -> bool:
        """Change a record by hand (its EditSequence moves on); False for an unknown id."""
        for records in (self.customers, self.items, self.documents, self.payments):
            record = records.get(record_id)
            if record is not None:
                self.touch(record.stamp)
                return True
        return False

    def receive_payment(
        self, invoice_id: str, amount: Decimal | None = None, on: datetime | None = None
    ) -> Payment:
        """Record a customer's payment of an invoice, as a user would in QuickBooks."""
        invoice = self.documents[invoice_id]
        paid = invoice.balance if amount is None else amount
        if paid <= ZERO or paid > invoice.balance:
            raise ValueError("the amount must be positive and at most the invoice's balance")
        payment = Payment(
            self.stamp(False),
            self.next_txn_number(),
            invoice.customer_id,
            (on or self.clock.now()).date(),
            paid,
            applications=[(invoice_id, paid)],
        )
        self.payments[payment.stamp.id] = payment
        invoice.applied += paid
        self.touch(invoice.stamp)
        return payment

    def summary(self) -> dict[str, object]:
        """A JSON-friendly view for the control API."""
        return {
            "name": self.name,
            "file_id": self.file_id,
            "stores_file_id": self.stores_file_id,
            "income_account_id": INCOME_ACCOUNT_ID,
            "customers": len(self.customers),
            "items": len(self.items),
            "invoices": sum(1 for d in self.documents.values() if d.kind == "Invoice"),
            "estimates": sum(1 for d in self.documents.values() if d.kind == "Estimate"),
            "payments": len(self.payments),
            "open_iterators": len(self.iterators),
            "multicurrency": self.multicurrency,
            "running": self.running,
        }


ClockFactory = Callable[[], Clock]
