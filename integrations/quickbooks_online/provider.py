"""The QuickBooks Online provider: the operations the sync engine needs, on client + mapping.

Errors about one record (RemoteValidation and its subclasses, or a record that cannot be
mapped) come back as failed :class:`~core.sync.records.PushOutcome` values so a batch carries on;
errors about the connection (AuthExpired, RateLimited, ProviderUnavailable) are raised, so the
engine backs off or refreshes before trying again.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from core.sync.records import (
    BooksCurrencies,
    CreditMemoRecord,
    CustomerQuery,
    CustomerRecord,
    DocType,
    InvoiceRecord,
    ItemQuery,
    ItemRecord,
    PaymentRecord,
    PushOutcome,
    RefundRecord,
    RemoteCustomer,
    RemoteInvoice,
    RemoteItem,
    RemotePayment,
    RemotePaymentMethod,
)
from core.sync.session import PaymentPage
from integrations.base import (
    Capability,
    RemoteAccount,
    RemoteCatalogItem,
    RemoteValidation,
    StaleVersion,
)

from . import bad_debt, books, mapping, payment_mapping
from .client import BatchItem, QboClient, new_request_id
from .currencies import read_books_currencies
from .wire import JSONObject, query_rows

CAPABILITIES = frozenset(
    {
        Capability.OAUTH2,
        Capability.PUSH,
        Capability.PULL,
        Capability.WEBHOOKS,
        Capability.REFUNDS,
        Capability.RECEIVABLES,
    }
)
READ_CHUNK = 500


@dataclass(frozen=True, slots=True)
class _Push:
    entity: str
    body: JSONObject | None
    warnings: tuple[str, ...]
    request_id: str
    name: str | None = None
    error: RemoteValidation | None = None


def batch_request_id(keys: Sequence[str]) -> str:
    """The ``requestid`` of a batch: derived from its records' keys, so resending the same
    records replays Intuit's first answer (a different set of records gets a different id)."""
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:36]


def _mapping_error(exc: ValueError) -> RemoteValidation:
    return RemoteValidation(str(exc), code="QBO-MAPPING", hint="Correct the record and sync again.")


class QuickBooksOnlineProvider:
    """Push customers, items and documents to one QuickBooks company; pull what changed there."""

    capabilities: frozenset[Capability] = CAPABILITIES

    def __init__(
        self,
        client: QboClient,
        *,
        default_income_account_id: str | None = None,
        default_item_id: str | None = None,
        batch_room: Callable[[], Awaitable[int]] | None = None,
    ) -> None:
        self.client = client
        self._batch_room = batch_room
        self._income_account_id = default_income_account_id
        self._default_item_id = default_item_id
        self._payment_methods: list[RemotePaymentMethod] | None = None

    @property
    def remote_company_id(self) -> str:
        """The realm id of the connected company."""
        return self.client.realm_id

    @property
    def max_batch(self) -> int:
        """Records per ``/batch`` call (Intuit allows 30)."""
        return self.client.config.limits.batch_max_items

    async def books_currencies(self) -> BooksCurrencies:
        """Home currency, the multicurrency switch and the currency list (see .currencies)."""
        return await read_books_currencies(self.client)

    @property
    def writes_in_flight(self) -> int:
        """Create calls a push may keep open at once (Intuit allows ten concurrent requests)."""
        return self.client.config.limits.max_concurrent

    async def batch_calls_free(self) -> int:
        """Batch calls the realm's shared budget would start now (every one without a budget)."""
        if self._batch_room is None:
            return self.client.config.limits.batch_requests_per_minute
        return await self._batch_room()

    async def company_name(self) -> str | None:
        """The company's name, from CompanyInfo."""
        info = await self.client.read("CompanyInfo", self.client.realm_id)
        name = info.get("CompanyName") or info.get("LegalName")
        return str(name) if name else None

    # --- lookups -----------------------------------------------------------------------------

    async def _first(self, entity: str, where: str) -> JSONObject | None:
        text = f"SELECT * FROM {entity} WHERE {where} MAXRESULTS 1"  # noqa: S608 - quoted values
        rows = query_rows(await self.client.query(text), entity)
        return rows[0] if rows else None

    async def find_customer(
        self, display_name: str, email: str | None = None
    ) -> RemoteCustomer | None:
        """The remote customer with this DisplayName (as it would be sent), else this email."""
        name = mapping.clean_display_name(display_name, [])
        found = await self._first("Customer", f"DisplayName = {mapping.quote(name)}")
        if found is None and email:
            found = await self._first("Customer", f"PrimaryEmailAddr = {mapping.quote(email)}")
        return mapping.customer_from_qbo(found) if found is not None else None

    async def find_customers(self, queries: Sequence[CustomerQuery]) -> list[RemoteCustomer | None]:
        """Each query's customer, one look-up at a time (QuickBooks' query language has no OR,
        and its per-minute limit leaves room for them)."""
        return [await self.find_customer(q.display_name, q.email) for q in queries]

    async def find_items(self, queries: Sequence[ItemQuery]) -> list[RemoteItem | None]:
        """Each query's active item by Name (as it would be sent), one look-up at a time."""
        found: list[RemoteItem | None] = []
        for query in queries:
            name = mapping.item_name(query.name, [])
            row = await self._first("Item", f"Name = {mapping.quote(name)}")
            found.append(mapping.item_from_qbo(row) if row is not None else None)
        return found

    async def income_account_id(self) -> str | None:
        """The account new items book income to (the first Income account unless configured)."""
        if self._income_account_id is None:
            found = await self._first("Account", "AccountType = 'Income'")
            self._income_account_id = str(found["Id"]) if found else None
        return self._income_account_id

    async def default_item_id(self) -> str | None:
        """The item used for lines whose item is not synced (the "Services" item by default)."""
        if self._default_item_id is None:
            found = await self._first("Item", "Name = 'Services'") or await self._first(
                "Item", "Type = 'Service'"
            )
            self._default_item_id = str(found["Id"]) if found else None
        return self._default_item_id

    async def list_payment_methods(self) -> list[RemotePaymentMethod]:
        """The company's active payment methods (read once per session)."""
        if self._payment_methods is None:
            self._payment_methods = await bad_debt.list_payment_methods(self.client)
        return list(self._payment_methods)

    async def list_accounts(self) -> list[RemoteAccount]:
        """The company's active accounts, for choosing the settings."""
        return await books.list_accounts(self.client)

    async def list_items(self) -> list[RemoteCatalogItem]:
        """The company's active items, for choosing the settings."""
        return await books.list_items(self.client)

    async def _method_names(self, rows: Sequence[JSONObject]) -> dict[str, str]:
        # Intuit names a payment's method by id only; read the list only when a row needs it.
        if not any(row.get("PaymentMethodRef") for row in rows):
            return {}
        return {m.id: m.name for m in await self.list_payment_methods()}

    async def create_credit_memo(self, record: CreditMemoRecord) -> PushOutcome:
        """Create a bad-debt credit memo for an invoice's open balance."""
        return await bad_debt.create_credit_memo(self.client, record)

    async def apply_credit_memo(
        self, invoice_remote_id: str, credit_memo_remote_id: str, idempotency_key: str
    ) -> PushOutcome:
        """Apply a credit memo to an invoice (a zero-amount Payment linking both)."""
        return await bad_debt.apply_credit_memo(
            self.client, invoice_remote_id, credit_memo_remote_id, idempotency_key
        )

    # --- preparing pushes --------------------------------------------------------------------

    async def _customer_push(self, record: CustomerRecord) -> _Push:
        out = mapping.customer_to_qbo(record)
        name = str(out.body["DisplayName"])
        return _Push("Customer", out.body, out.warnings, record.idempotency_key, name)

    async def _item_push(self, record: ItemRecord) -> _Push:
        account = None if record.income_account_remote_id else await self.income_account_id()
        out = mapping.item_to_qbo(record, account)
        return _Push("Item", out.body, out.warnings, record.idempotency_key, str(out.body["Name"]))

    async def _invoice_push(self, record: InvoiceRecord) -> _Push:
        entity = mapping.doc_entity(record.doc_type)
        if any(line.item_remote_id is None for line in record.lines):
            fallback = await self.default_item_id()
            lines = tuple(
                line if line.item_remote_id else dataclasses.replace(line, item_remote_id=fallback)
                for line in record.lines
            )
            record = dataclasses.replace(record, lines=lines)
        try:
            out = mapping.invoice_to_qbo(record)
        except ValueError as exc:
            return _Push(entity, None, (), record.idempotency_key, error=_mapping_error(exc))
        return _Push(entity, out.body, out.warnings, record.idempotency_key)

    # --- creates -----------------------------------------------------------------------------

    async def _create(self, push: _Push) -> PushOutcome:
        if push.error is not None or push.body is None:
            return PushOutcome.failure(push.error or _mapping_error(ValueError("empty body")))
        try:
            created = await self.client.create(
                push.entity, push.body, request_id=push.request_id, name=push.name
            )
        except RemoteValidation as exc:
            return PushOutcome.failure(exc, push.warnings)
        return PushOutcome.success(mapping.ref_of(created), push.warnings)

    async def _create_many(self, pushes: Sequence[_Push]) -> list[PushOutcome]:
        outcomes: list[PushOutcome] = []
        size = self.client.config.limits.batch_max_items
        for start in range(0, len(pushes), size):
            outcomes.extend(await self._create_batch(pushes[start : start + size]))
        return outcomes

    async def _create_batch(self, pushes: Sequence[_Push]) -> list[PushOutcome]:
        items = [
            BatchItem(f"b{n}", push.entity, "create", push.body)
            for n, push in enumerate(pushes)
            if push.body is not None and push.error is None
        ]
        # Keyed by every record handed in, those refused here included: a retry of the same
        # records is the same batch even if one of them maps differently by then.
        keys = [push.request_id for push in pushes]
        results = await self.client.batch(items, request_id=batch_request_id(keys)) if items else {}
        outcomes: list[PushOutcome] = []
        for n, push in enumerate(pushes):
            # bIds are places among every record handed in, so a replayed answer (Intuit's first
            # answer under this requestid) still says which record each result is; a record
            # refused here now but created by that first batch gets its result all the same.
            result = results.get(f"b{n}")
            if result is not None and result.body is not None:
                outcomes.append(PushOutcome.success(mapping.ref_of(result.body), push.warnings))
            elif result is not None and result.error is not None and push.error is None:
                outcomes.append(PushOutcome.failure(result.error, push.warnings))
            else:
                outcomes.append(
                    PushOutcome.failure(push.error or _mapping_error(ValueError("empty")))
                )
        return outcomes

    async def create_customer(self, record: CustomerRecord) -> PushOutcome:
        """Create one customer (``requestid`` = the record's idempotency key)."""
        return await self._create(await self._customer_push(record))

    async def create_customers(self, records: Sequence[CustomerRecord]) -> list[PushOutcome]:
        """Create many customers through ``/batch``; one outcome per record, in order."""
        return await self._create_many([await self._customer_push(r) for r in records])

    async def create_item(self, record: ItemRecord) -> PushOutcome:
        """Create one Service item."""
        return await self._create(await self._item_push(record))

    async def create_items(self, records: Sequence[ItemRecord]) -> list[PushOutcome]:
        """Create many items through ``/batch``."""
        return await self._create_many([await self._item_push(r) for r in records])

    async def create_invoice(self, record: InvoiceRecord) -> PushOutcome:
        """Create one invoice or estimate."""
        return await self._create(await self._invoice_push(record))

    async def create_invoices(self, records: Sequence[InvoiceRecord]) -> list[PushOutcome]:
        """Create many invoices and estimates through ``/batch``."""
        return await self._create_many([await self._invoice_push(r) for r in records])

    async def create_payments(self, records: Sequence[PaymentRecord]) -> list[PushOutcome]:
        """Create payments (``Line[].LinkedTxn`` to invoices) through ``/batch``."""
        pushes = []
        for record in records:
            out = payment_mapping.payment_to_qbo(record)
            pushes.append(_Push("Payment", out.body, out.warnings, record.idempotency_key))
        return await self._create_many(pushes)

    async def create_refund_receipts(self, records: Sequence[RefundRecord]) -> list[PushOutcome]:
        """Create refund receipts on the default item, paid from each record's account."""
        pushes = []
        item_id = await self.default_item_id() if records else None
        for record in records:
            key = record.idempotency_key
            try:
                out = payment_mapping.refund_receipt_to_qbo(record, item_id)
            except ValueError as exc:
                pushes.append(_Push("RefundReceipt", None, (), key, error=_mapping_error(exc)))
                continue
            pushes.append(_Push("RefundReceipt", out.body, out.warnings, key))
        return await self._create_many(pushes)

    # --- updates and voids -------------------------------------------------------------------

    async def _retry_stale(
        self,
        entity: str,
        remote_id: str,
        version: str | None,
        send: Callable[[str], Awaitable[JSONObject]],
    ) -> JSONObject:
        token = version or str((await self.client.read(entity, remote_id))["SyncToken"])
        try:
            return await send(token)
        except StaleVersion:
            # Someone edited the record in QuickBooks meanwhile: take their SyncToken, once.
            fresh = await self.client.read(entity, remote_id)
            return await send(str(fresh["SyncToken"]))

    async def _update(self, push: _Push, remote_id: str, version: str | None) -> PushOutcome:
        if push.error is not None or push.body is None:
            return PushOutcome.failure(push.error or _mapping_error(ValueError("empty body")))
        body = push.body

        async def send(token: str) -> JSONObject:
            payload = mapping.sparse_update(body, remote_id, token)
            return await self.client.update(
                push.entity, payload, request_id=new_request_id(), name=push.name
            )

        try:
            updated = await self._retry_stale(push.entity, remote_id, version, send)
        except RemoteValidation as exc:
            return PushOutcome.failure(exc, push.warnings)
        return PushOutcome.success(mapping.ref_of(updated), push.warnings)

    async def update_customer(
        self, remote_id: str, version: str | None, record: CustomerRecord
    ) -> PushOutcome:
        """Sparse-update a customer; a stale SyncToken (5010) is re-read and retried once."""
        return await self._update(await self._customer_push(record), remote_id, version)

    async def update_item(
        self, remote_id: str, version: str | None, record: ItemRecord
    ) -> PushOutcome:
        """Sparse-update an item."""
        return await self._update(await self._item_push(record), remote_id, version)

    async def update_invoice(
        self, remote_id: str, version: str | None, record: InvoiceRecord
    ) -> PushOutcome:
        """Sparse-update an invoice or estimate (its lines are replaced)."""
        return await self._update(await self._invoice_push(record), remote_id, version)

    async def void_invoice(self, remote_id: str, version: str | None) -> PushOutcome:
        """Void an invoice (amounts become 0, the number stays)."""

        async def send(token: str) -> JSONObject:
            return await self.client.void("Invoice", remote_id, token, request_id=new_request_id())

        try:
            voided = await self._retry_stale("Invoice", remote_id, version, send)
        except RemoteValidation as exc:
            return PushOutcome.failure(exc)
        return PushOutcome.success(mapping.ref_of(voided))

    # --- reads -------------------------------------------------------------------------------

    async def read_invoices(
        self, remote_ids: Sequence[str], doc_type: DocType = DocType.INVOICE
    ) -> list[RemoteInvoice]:
        """The documents with these ids (unknown or deleted ids are left out)."""
        entity = mapping.doc_entity(doc_type)
        found: list[RemoteInvoice] = []
        for start in range(0, len(remote_ids), READ_CHUNK):
            where = f"Id IN {mapping.ids_in(remote_ids[start : start + READ_CHUNK])}"
            async for rows in self.client.query_pages(entity, where=where):
                found.extend(mapping.invoice_from_qbo(row, doc_type) for row in rows)
        return found

    async def find_documents(
        self, numbers: Sequence[str], doc_type: DocType
    ) -> list[RemoteInvoice]:
        """The invoices (or estimates) with these DocNumbers (unknown numbers are left out)."""
        entity = mapping.doc_entity(doc_type)
        found: list[RemoteInvoice] = []
        for start in range(0, len(numbers), READ_CHUNK):
            where = f"DocNumber IN {mapping.ids_in(numbers[start : start + READ_CHUNK])}"
            async for rows in self.client.query_pages(entity, where=where):
                found.extend(mapping.invoice_from_qbo(row, doc_type) for row in rows)
        return found

    async def _read_by_ids(self, entity: str, remote_ids: Sequence[str]) -> list[JSONObject]:
        found: list[JSONObject] = []
        for start in range(0, len(remote_ids), READ_CHUNK):
            where = f"Id IN {mapping.ids_in(remote_ids[start : start + READ_CHUNK])}"
            async for rows in self.client.query_pages(entity, where=where):
                found.extend(rows)
        return found

    async def read_payments(self, remote_ids: Sequence[str]) -> list[RemotePayment]:
        """The payments with these ids (unknown or deleted ids are left out)."""
        rows = await self._read_by_ids("Payment", remote_ids)
        names = await self._method_names(rows)
        return [payment_mapping.payment_from_qbo(row, names) for row in rows]

    async def read_customers(self, remote_ids: Sequence[str]) -> list[RemoteCustomer]:
        """The active customers with these ids (unknown or inactive ids are left out)."""
        rows = await self._read_by_ids("Customer", remote_ids)
        return [mapping.customer_from_qbo(row) for row in rows]

    async def pull_payments(self, since: datetime | None) -> AsyncIterator[PaymentPage]:
        """Payments changed at or after ``since``, oldest first, up to 1000 per page.

        The bound is inclusive so records sharing the checkpoint's second are read again;
        upserts by remote id make that harmless.
        """
        where = None
        if since is not None:
            if since.tzinfo is None:
                raise ValueError("since must be timezone-aware")
            where = f"MetaData.LastUpdatedTime >= {mapping.quote(since.isoformat())}"
        async for rows in self.client.query_pages(
            "Payment", where=where, order_by="MetaData.LastUpdatedTime"
        ):
            names = await self._method_names(rows)
            payments = tuple(payment_mapping.payment_from_qbo(row, names) for row in rows)
            stamps = [p.updated_at for p in payments if p.updated_at is not None]
            yield PaymentPage(payments, max(stamps) if stamps else None)

    async def list_customers(self) -> AsyncIterator[list[RemoteCustomer]]:
        """All active customers, a page at a time."""
        async for rows in self.client.query_pages("Customer"):
            yield [mapping.customer_from_qbo(row) for row in rows]

    def reconcile_calls(self, invoices: int, customers: int, payments: int) -> int:
        """Queries of up to 1000 rows for the listings, 500 ids for linked invoices not open."""
        return -(-invoices // 1000) + -(-invoices // READ_CHUNK) + -(-customers // 1000) + 2

    async def list_open_invoices(self) -> AsyncIterator[list[RemoteInvoice]]:
        """Invoices with an open balance, a page at a time."""
        async for rows in self.client.query_pages("Invoice", where="Balance > '0'"):
            yield [mapping.invoice_from_qbo(row) for row in rows]
