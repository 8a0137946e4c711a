"""Accounting operations (create, update, delete, void) and their side effects."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from . import errors, rules
from .context import BuildContext
from .credits import build_payment_method, credit_used, payment_credit_memo_ids
from .jsonutil import JSON, arr, fmt_meta_time, money, obj, parse_date, ref_value, text
from .ledger import (
    applications_by_invoice,
    customer_balance,
    invoice_applications,
    invoice_links,
    payment_invoice_ids,
)
from .names import build_account, build_customer, build_item
from .settings import SimulatorSettings
from .store import TRANSACTIONS, Realm, Record
from .transactions import SALES_FORMS, build_payment, build_sales_form

Builder = Callable[[BuildContext, JSON], JSON]

BUILDERS: dict[str, Builder] = {
    "Customer": build_customer,
    "Item": build_item,
    "Account": build_account,
    "Invoice": lambda ctx, src: build_sales_form(ctx, src, SALES_FORMS["Invoice"]),
    "Estimate": lambda ctx, src: build_sales_form(ctx, src, SALES_FORMS["Estimate"]),
    "RefundReceipt": lambda ctx, src: build_sales_form(ctx, src, SALES_FORMS["RefundReceipt"]),
    "Payment": build_payment,
    "CreditMemo": lambda ctx, src: build_sales_form(ctx, src, SALES_FORMS["CreditMemo"]),
    "PaymentMethod": build_payment_method,
}
VOIDABLE = frozenset({"Invoice", "Payment"})


@dataclass(frozen=True)
class Change:
    """One entity change, as webhooks report it."""

    realm_id: str
    entity: str
    entity_id: str
    operation: str
    at: datetime


ChangeListener = Callable[[Change, str], None]
"""Called with each change and its origin (`"api"`, `"control"` or `"seed"`)."""


def _bump(token: str) -> str:
    return str(int(token) + 1) if token.isdigit() else "1"


def _is_sparse(payload: JSON) -> bool:
    flag = payload.get("sparse")
    return flag is True or (isinstance(flag, str) and flag.lower() == "true")


class Accounting:
    """Applies writes to a realm, keeping invoices, payments and customer balances consistent."""

    def __init__(self, settings: SimulatorSettings, listener: ChangeListener) -> None:
        self._settings = settings
        self._listener = listener
        #: Invoices and customers to refresh when a bulk block ends (None outside one).
        self._deferred: tuple[set[str], set[str]] | None = None

    def _now(self) -> datetime:
        return self._settings.clock.now()

    def stamp(self, data: JSON, entity_id: str, token: str, created: object, now: datetime) -> JSON:
        """Add the fields every entity carries: domain, sparse, Id, SyncToken, MetaData."""
        zone = self._settings.company_timezone
        meta: JSON = {
            "CreateTime": created if isinstance(created, str) else fmt_meta_time(now, zone),
            "LastUpdatedTime": fmt_meta_time(now, zone),
        }
        stamped: JSON = dict(data)
        stamped.update(domain="QBO", sparse=False, Id=entity_id, SyncToken=token, MetaData=meta)
        return stamped

    def _context(
        self, realm: Realm, entity_id: str, existing: Record | None, allow_dup: bool
    ) -> BuildContext:
        return BuildContext(realm, self._settings, self._now(), entity_id, existing, allow_dup)

    @staticmethod
    def _builder(entity: str) -> Builder:
        builder = BUILDERS.get(entity)
        if builder is None:
            raise errors.unsupported_property(f"Operation is not supported for {entity}")
        return builder

    def read(self, realm: Realm, entity: str, entity_id: str) -> Record:
        """Return a live record, or raise 2030 for an Id that is not a number, 610 when none."""
        if not (entity_id.isascii() and entity_id.isdigit()):
            raise errors.invalid_id(entity_id)
        record = realm.get(entity, entity_id)
        if record is None:
            raise errors.object_not_found(entity, entity_id)
        return record

    def _existing(self, realm: Realm, entity: str, payload: JSON) -> Record:
        entity_id = text(payload.get("Id"))
        if entity_id is None:
            raise errors.required_missing("Id")
        record = self.read(realm, entity, entity_id)
        rules.check_sync_token(record.sync_token, payload)
        return record

    def create(
        self, realm: Realm, entity: str, payload: JSON, *, allow_dup: bool = False, origin: str
    ) -> Record:
        """Create a record; the Id is only allocated once validation passed."""
        data = self._builder(entity)(self._context(realm, "", None, allow_dup), payload)
        now = self._now()
        entity_id = realm.new_id(entity)
        record = Record(entity, entity_id, self.stamp(data, entity_id, "0", None, now), now)
        realm.table(entity)[entity_id] = record
        self._after(realm, record, None, "Create", origin)
        return record

    def update(
        self, realm: Realm, entity: str, payload: JSON, *, allow_dup: bool = False, origin: str
    ) -> Record:
        """Full update (omitted writable fields are cleared) or sparse update."""
        builder = self._builder(entity)
        record = self._existing(realm, entity, payload)
        source = {**record.data, **payload} if _is_sparse(payload) else payload
        data = builder(self._context(realm, record.id, record, allow_dup), source)
        self._commit(realm, record, data, "Update", origin)
        return record

    def delete(self, realm: Realm, entity: str, payload: JSON, *, origin: str) -> Record:
        """Delete a transaction (name lists can only be made inactive)."""
        if entity not in TRANSACTIONS:
            raise errors.unsupported_property(f"Operation Delete is not supported for {entity}")
        record = self._existing(realm, entity, payload)
        rules.check_period_open(realm, _txn_date(record))
        before = dict(record.data)
        if entity == "Invoice":
            self._unapply_payments(realm, record.id, origin)
        record.deleted = True
        record.updated_at = self._now()
        self._after(realm, record, before, "Delete", origin)
        return record

    def void(self, realm: Realm, entity: str, payload: JSON, *, origin: str) -> Record:
        """Void an invoice or payment: amounts become 0 and the note says so."""
        if entity not in VOIDABLE:
            raise errors.unsupported_property(f"Operation Void is not supported for {entity}")
        record = self._existing(realm, entity, payload)
        rules.check_period_open(realm, _txn_date(record))
        if entity == "Invoice":
            self._unapply_payments(realm, record.id, origin)
        record.voided = True
        data = self._builder(entity)(self._context(realm, record.id, record, True), record.data)
        data["PrivateNote"] = "Voided"
        self._commit(realm, record, data, "Void", origin)
        return record

    def _commit(
        self, realm: Realm, record: Record, data: JSON, operation: str, origin: str
    ) -> None:
        now = self._now()
        before = record.data
        created = obj(before.get("MetaData")) or {}
        record.data = self.stamp(
            data, record.id, _bump(record.sync_token), created.get("CreateTime"), now
        )
        record.updated_at = now
        self._after(realm, record, before, operation, origin)

    def _unapply_payments(self, realm: Realm, invoice_id: str, origin: str) -> None:
        """Detach payments from an invoice being voided or deleted; they become unapplied."""
        for payment in realm.live("Payment"):
            lines = arr(payment.data.get("Line"))
            kept = [line for line in lines if invoice_id not in invoice_links(line)]
            if len(kept) == len(lines):
                continue
            applied = sum(
                (money(line.get("Amount")) or Decimal(0) for line in map(obj, kept) if line),
                Decimal(0),
            )
            data = dict(payment.data)
            data.update(
                Line=kept, UnappliedAmt=(money(data.get("TotalAmt")) or Decimal(0)) - applied
            )
            self._commit(realm, payment, data, "Update", origin)

    @contextmanager
    def bulk(self, realm: Realm, origin: str) -> Iterator[None]:
        """Create many records, then refresh what they touch once (a seeding aid).

        Inside the block, a payment's invoices and a transaction's customer are noted instead
        of recomputed per record (each recomputation reads the whole company); on leaving,
        every noted invoice is refreshed from one pass over the payments, then every noted
        customer once. The records and balances end as one create at a time would leave them.
        """
        touched: tuple[set[str], set[str]] = (set(), set())
        self._deferred = touched
        try:
            yield
        finally:
            self._deferred = None
        applications = applications_by_invoice(realm)
        # The invoices' own updates note their customers in the same set, refreshed below.
        self._deferred = (set(), touched[1])
        try:
            for invoice_id in sorted(touched[0], key=int):
                self._refresh_invoice(realm, invoice_id, origin, applications.get(invoice_id))
        finally:
            self._deferred = None
        for customer_id in sorted(touched[1]):
            self._refresh_customer(realm, customer_id)

    def _refresh_invoice(
        self,
        realm: Realm,
        invoice_id: str,
        origin: str,
        known: tuple[Decimal, list[JSON]] | None = None,
    ) -> None:
        invoice = realm.get("Invoice", invoice_id)
        if invoice is None:
            return
        applied, linked = known or invoice_applications(realm, invoice_id)
        balance = (money(invoice.data.get("TotalAmt")) or Decimal(0)) - applied
        if balance == money(invoice.data.get("Balance")) and linked == invoice.data.get(
            "LinkedTxn"
        ):
            return
        data = dict(invoice.data)
        data.update(Balance=balance, LinkedTxn=linked)
        self._commit(realm, invoice, data, "Update", origin)

    def _refresh_credit_memo(self, realm: Realm, memo_id: str, origin: str) -> None:
        memo = realm.get("CreditMemo", memo_id)
        if memo is None:
            return
        remaining = (money(memo.data.get("TotalAmt")) or Decimal(0)) - credit_used(realm, memo_id)
        if remaining == money(memo.data.get("RemainingCredit")):
            return
        data = dict(memo.data)
        data.update(Balance=remaining, RemainingCredit=remaining)
        self._commit(realm, memo, data, "Update", origin)

    def _after(
        self, realm: Realm, record: Record, before: JSON | None, operation: str, origin: str
    ) -> None:
        self._listener(
            Change(realm.realm_id, record.entity, record.id, operation, record.updated_at), origin
        )
        deferred = self._deferred
        if deferred is not None and record.entity in ("Invoice", "Payment"):
            deferred[0].update(payment_invoice_ids(before or {}) | payment_invoice_ids(record.data))
            deferred[1].add(ref_value(record.data.get("CustomerRef")) or "")
            if record.entity == "Invoice" or not payment_credit_memo_ids(record.data):
                return
        if record.entity == "Payment":
            touched = payment_invoice_ids(before or {}) | payment_invoice_ids(record.data)
            for invoice_id in sorted(touched, key=int):
                self._refresh_invoice(realm, invoice_id, origin)
            memos = payment_credit_memo_ids(before or {}) | payment_credit_memo_ids(record.data)
            for memo_id in sorted(memos, key=int):
                self._refresh_credit_memo(realm, memo_id, origin)
        if record.entity in ("Invoice", "Payment", "CreditMemo"):
            customers = {ref_value(record.data.get("CustomerRef"))}
            if before is not None:
                customers.add(ref_value(before.get("CustomerRef")))
            for customer_id in customers:
                self._refresh_customer(realm, customer_id)

    @staticmethod
    def _refresh_customer(realm: Realm, customer_id: str | None) -> None:
        """Balances are read-only and change without a new SyncToken."""
        customer = realm.get("Customer", customer_id)
        if customer is not None:
            balance = customer_balance(realm, customer.id)
            customer.data.update(Balance=balance, BalanceWithJobs=balance)

    def write(
        self,
        realm: Realm,
        entity: str,
        payload: JSON,
        *,
        operation: str | None,
        include: str | None,
        origin: str,
    ) -> JSON:
        """Dispatch an API write the way Intuit's `operation`/`include` parameters select it."""
        includes = {part.strip().lower() for part in (include or "").split(",")}
        allow_dup = "allowduplicatedocnum" in includes
        op = (operation or "").lower()
        if op == "void" or (op == "update" and "void" in includes):
            return self.void(realm, entity, payload, origin=origin).data
        if op == "delete":
            record = self.delete(realm, entity, payload, origin=origin)
            return {"domain": "QBO", "status": "Deleted", "Id": record.id}
        if op == "create" or (op == "" and "Id" not in payload):
            return self.create(realm, entity, payload, allow_dup=allow_dup, origin=origin).data
        if op in ("", "update"):
            return self.update(realm, entity, payload, allow_dup=allow_dup, origin=origin).data
        raise errors.unsupported_property(f"Operation {operation} is not supported")


def _txn_date(record: Record) -> date | None:
    return parse_date(record.data.get("TxnDate"))
