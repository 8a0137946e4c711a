"""The Xero provider: the operations the sync engine needs, on client + mapping.

Creates go out in writes of at most 50 elements with ``summarizeErrors=false``, so each element
comes back with its own status and validation errors and becomes its own PushOutcome. The
``Idempotency-Key`` of a write is derived from its records' idempotency keys: resending the same
records replays Xero's first answer. Errors about one record come back as failed outcomes;
errors about the connection (AuthExpired, RateLimited, ProviderUnavailable, a 403) are raised.

Invoices are ACCREC Invoices; estimates are Quotes (``/Quotes``), created SENT and updated
without touching the status Xero holds. Xero cannot void a quote and the engine never voids an
estimate, so :meth:`XeroProvider.void_invoice` refuses a quote rather than deleting it.
Bad-debt write-offs (credit notes allocated to the invoice) live in credit_notes.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from core.sync.records import (
    BooksCurrencies,
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
    RemoteDocStatus,
    RemoteItem,
)
from integrations.base import Capability, RemoteValidation

from . import document_mapping, mapping, payment_mapping
from .batches import (
    BATCH_PAYMENTS,
    CONTACTS,
    INVOICES,
    ITEMS,
    PAYMENTS,
    QUOTES,
    Entity,
    Push,
    mapping_error,
    unsupported,
    write_many,
    write_one,
)
from .books import XeroBooks
from .client import XeroClient, new_idempotency_key
from .contact_directory import read_directory
from .credit_notes import XeroCreditNotes
from .currencies import read_books_currencies
from .reads import XeroReads
from .wire import JSONObject, text

CAPABILITIES = frozenset(
    {
        Capability.OAUTH2,
        Capability.PUSH,
        Capability.PULL,
        Capability.WEBHOOKS,
        Capability.RECEIVABLES,
    }
)
DEFAULT_INCOME_ACCOUNT = "200"
"""The Sales account of Xero's default chart, used when the organisation has no better match."""
VOID_HINT = "Remove the payments and credit notes from the invoice in Xero, then void it again."
QUOTE_VOID_HINT = (
    "Xero keeps quotes until they are declined, invoiced or deleted: mark the quote DECLINED or "
    "delete it in Xero. Ledgersync leaves quotes as they are."
)


def _entity_of(record: InvoiceRecord) -> Entity:
    """Where a document lives in Xero: an estimate is a Quote, an invoice an Invoice."""
    return QUOTES if record.doc_type is DocType.ESTIMATE else INVOICES


class XeroProvider(XeroCreditNotes, XeroReads, XeroBooks):
    """Push contacts, items, invoices and quotes to one Xero organisation, write invoices off
    as bad debt with credit notes; pull what changed there."""

    capabilities: frozenset[Capability] = CAPABILITIES

    def __init__(
        self,
        client: XeroClient,
        *,
        income_account_code: str | None = None,
        default_item_id: str | None = None,
        payment_account_code: str | None = None,
        tax_type: str | None = None,
        calls_left: Callable[[], Awaitable[int | None]] | None = None,
    ) -> None:
        self.client = client
        self._calls_left = calls_left
        self._income_account = income_account_code
        self._default_item_id = default_item_id
        self._payment_account = payment_account_code
        self._tax_type = tax_type
        self._item_codes: dict[str, str] = {}

    @property
    def remote_company_id(self) -> str:
        """The tenant id of the connected organisation."""
        return self.client.tenant_id

    async def calls_remaining_today(self) -> int | None:
        """Calls the organisation has left in Xero's rolling day (None when not tracked), so
        the engine can plan bulk pushes to stay inside the 5,000-call daily limit."""
        return await self._calls_left() if self._calls_left is not None else None

    @property
    def max_batch(self) -> int:
        """Elements per write (Xero recommends about 50)."""
        return self.client.config.limits.batch_max_items

    async def books_currencies(self) -> BooksCurrencies:
        """Base currency and the currencies added (see .currencies)."""
        return await read_books_currencies(self.client)

    @property
    def writes_in_flight(self) -> int:
        """Create calls a push may keep open at once (Xero allows five concurrent calls)."""
        return self.client.config.limits.max_concurrent

    async def company_name(self) -> str | None:
        """The organisation's name, from ``GET /connections``."""
        for row in await self.client.connections():
            if row.get("tenantId") == self.client.tenant_id:
                return text(row.get("tenantName"))
        return None

    # --- lookups -----------------------------------------------------------------------------

    async def _contacts_where(self, where: str) -> list[JSONObject]:
        return await self.client.rows("Contacts", "Contacts", params={"where": where, "page": "1"})

    async def find_customer(
        self, display_name: str, email: str | None = None
    ) -> RemoteCustomer | None:
        """The active contact with this Name (as it would be sent), else with this email."""
        name = mapping.contact_name(display_name, [])
        rows = await self._contacts_where(f"Name=={mapping.quote_where(name)}")
        # Checked again here: the match must not depend on how Xero evaluates the filter.
        found = next((r for r in rows if mapping.same_name(text(r.get("Name")), name)), None)
        if found is None and email:
            rows = await self._contacts_where(f"EmailAddress=={mapping.quote_where(email)}")
            found = next(
                (r for r in rows if mapping.same_name(text(r.get("EmailAddress")), email)), None
            )
        return mapping.customer_from_xero(found) if found is not None else None

    async def find_customers(self, queries: Sequence[CustomerQuery]) -> list[RemoteCustomer | None]:
        """Each query's active contact, by Name, else by email, as :meth:`find_customer` finds it.

        Looking up one contact costs one or two calls of the 60 a minute; reading the contact
        list costs one call per 1,000 contacts. For several customers the list is read, unless
        the organisation has more pages of contacts than there are customers to look up (known
        from the first page), in which case they are looked up one at a time.
        """
        directory = await read_directory(self.client, len(queries)) if len(queries) > 1 else None
        if directory is None:
            return [await self.find_customer(q.display_name, q.email) for q in queries]
        return [directory.find(mapping.contact_name(q.display_name, []), q.email) for q in queries]

    async def _account_code(self, where: str, prefer: str | None = None) -> str | None:
        rows = await self.client.rows("Accounts", "Accounts", params={"where": where})
        codes = [str(r["Code"]) for r in rows if r.get("Code") and r.get("Status") == "ACTIVE"]
        return prefer if prefer in codes else (codes[0] if codes else None)

    async def income_account_id(self) -> str | None:
        """The REVENUE account code invoice lines and new items book to ("200" if present)."""
        if self._income_account is None:
            found = await self._account_code('Type=="REVENUE"', DEFAULT_INCOME_ACCOUNT)
            self._income_account = found or DEFAULT_INCOME_ACCOUNT
        return self._income_account

    async def payment_account_code(self) -> str | None:
        """The bank account payments are received into (the first active BANK account)."""
        if self._payment_account is None:
            self._payment_account = await self._account_code('Type=="BANK"')
        return self._payment_account

    async def default_item_id(self) -> str | None:
        """Xero lines need no item, so there is no default unless one is configured."""
        return self._default_item_id

    async def find_items(self, queries: Sequence[ItemQuery]) -> list[RemoteItem | None]:
        """Each query's item by Code (as it would be sent), else by Name, from one read of the
        item list (Xero returns every item in one unpaged answer)."""
        if not queries:
            return []
        by_code: dict[str, JSONObject] = {}
        by_name: dict[str, JSONObject] = {}
        for row in await self._item_rows():
            for index, value in ((by_code, row.get("Code")), (by_name, row.get("Name"))):
                if key := mapping.name_key(text(value)):
                    index.setdefault(key, row)
        found: list[RemoteItem | None] = []
        for query in queries:
            code = mapping.name_key(mapping.item_code(query, []))
            match = by_code.get(code) or by_name.get(mapping.name_key(query.name))
            found.append(mapping.item_from_xero(match) if match is not None else None)
        return found

    # --- preparing pushes --------------------------------------------------------------------

    def _customer_push(self, record: CustomerRecord) -> Push:
        out = mapping.customer_to_xero(record)
        return Push(record.idempotency_key, out.body, out.warnings, str(out.body["Name"]))

    async def _item_push(self, record: ItemRecord) -> Push:
        account = None if record.income_account_remote_id else await self.income_account_id()
        out = mapping.item_to_xero(record, account)
        return Push(record.idempotency_key, out.body, out.warnings, str(out.body["Code"]))

    async def _document_pushes(self, records: Sequence[InvoiceRecord]) -> list[Push]:
        """Invoice and Quote bodies, in the records' order (a record that cannot be mapped
        keeps its place with its error)."""
        if not records:
            return []
        account = await self.income_account_id() or DEFAULT_INCOME_ACCOUNT
        codes = await self._codes_for(
            line.item_remote_id or "" for r in records for line in r.lines
        )
        pushes = []
        for record in records:
            try:
                out = document_mapping.document_to_xero(
                    record, account, codes, tax_type=self._tax_type
                )
            except ValueError as exc:
                pushes.append(Push(record.idempotency_key, None, error=mapping_error(exc)))
                continue
            pushes.append(Push(record.idempotency_key, out.body, out.warnings))
        return pushes

    # --- writes ------------------------------------------------------------------------------

    async def create_customers(self, records: Sequence[CustomerRecord]) -> list[PushOutcome]:
        """Create contacts, 50 per write; one outcome per record, in order."""
        return await write_many(
            self.client, "PUT", CONTACTS, [self._customer_push(r) for r in records], self.max_batch
        )

    async def create_items(self, records: Sequence[ItemRecord]) -> list[PushOutcome]:
        """Create items, 50 per write."""
        pushes = [await self._item_push(r) for r in records]
        outcomes = await write_many(self.client, "PUT", ITEMS, pushes, self.max_batch)
        for push, outcome in zip(pushes, outcomes, strict=True):
            if outcome.ref is not None and push.name:
                self._remember_code(outcome.ref.id, push.name)
        return outcomes

    async def create_invoices(self, records: Sequence[InvoiceRecord]) -> list[PushOutcome]:
        """Create AUTHORISED sales invoices and, for estimates, SENT quotes, 50 per write.

        A batch holding both becomes a ``PUT /Invoices`` and a ``PUT /Quotes``, each keyed by
        its own records' keys; the outcomes come back in the records' order. If the second write
        fails on the connection the first one's answer is not lost: resending the same records
        replays it.
        """
        pushes = await self._document_pushes(records)
        outcomes: dict[int, PushOutcome] = {}
        for entity in (INVOICES, QUOTES):
            places = [n for n, record in enumerate(records) if _entity_of(record) is entity]
            if places:
                chosen = [pushes[n] for n in places]
                written = await write_many(self.client, "PUT", entity, chosen, self.max_batch)
                outcomes.update(zip(places, written, strict=True))
        return [outcomes[n] for n in range(len(records))]

    async def create_payments(self, records: Sequence[PaymentRecord]) -> list[PushOutcome]:
        """Create payments into the bank account: a record applied to one invoice as a Payment,
        a record split over several invoices as one BatchPayment (its id is the remote id)."""
        configured = all(r.deposit_account_remote_id for r in records)
        default = await self.payment_account_code() if records and not configured else None
        pushes = []
        for record in records:
            try:
                account = record.deposit_account_remote_id or default
                if account is None:
                    raise ValueError(
                        "the Xero organisation has no active bank account; add one in Xero or "
                        "set depositAccountId in the connection settings"
                    )
                if payment_mapping.is_split(record):
                    out = payment_mapping.batch_payment_to_xero(record, account)
                else:
                    out = payment_mapping.payment_to_xero(record, account)
            except ValueError as exc:
                pushes.append(Push(record.idempotency_key, None, error=mapping_error(exc)))
                continue
            pushes.append(Push(record.idempotency_key, out.body, out.warnings))
        outcomes: dict[int, PushOutcome] = {}
        for entity in (PAYMENTS, BATCH_PAYMENTS):
            places = [
                n
                for n, record in enumerate(records)
                if payment_mapping.is_split(record) == (entity is BATCH_PAYMENTS)
            ]
            if places:
                chosen = [pushes[n] for n in places]
                written = await write_many(self.client, "PUT", entity, chosen, self.max_batch)
                outcomes.update(zip(places, written, strict=True))
        return [outcomes[n] for n in range(len(records))]

    async def create_refund_receipts(self, records: Sequence[RefundRecord]) -> list[PushOutcome]:
        """Refunds are not synced to Xero yet: every record is refused with that reason."""
        error = unsupported("Refunds are not supported for Xero yet", "XERO-REFUNDS-UNSUPPORTED")
        return [PushOutcome.failure(error) for _ in records]

    # --- updates and voids -------------------------------------------------------------------

    async def update_customer(
        self, remote_id: str, version: str | None, record: CustomerRecord
    ) -> PushOutcome:
        """Update a contact (its ContactNumber is left as Xero has it)."""
        push = self._customer_push(record)
        if push.body is not None:
            body = {k: v for k, v in push.body.items() if k != "ContactNumber"}
            push = Push(push.key, {**body, "ContactID": remote_id}, push.warnings, push.name)
        return await write_one(self.client, f"Contacts/{remote_id}", CONTACTS, push)

    async def update_invoice(
        self, remote_id: str, version: str | None, record: InvoiceRecord
    ) -> PushOutcome:
        """Update an invoice (Xero refuses once it has payments: a failed outcome says so) or
        an estimate's quote. A quote's content is replaced but its Status is not sent, so a
        quote the customer accepted or declined in Xero stays so."""
        entity = _entity_of(record)
        (push,) = await self._document_pushes([record])
        if push.body is not None:
            body = {**push.body, entity.id_field: remote_id}
            if entity is QUOTES:
                del body["Status"]
            push = Push(push.key, body, push.warnings)
        return await write_one(self.client, f"{entity.path}/{remote_id}", entity, push)

    async def void_invoice(self, remote_id: str, version: str | None) -> PushOutcome:
        """VOIDED for an AUTHORISED invoice without payments, DELETED for a draft; an invoice
        that is paid or part paid is refused with what to do.

        A quote is refused too (XERO-QUOTE-NOT-VOIDABLE), never deleted: Xero has no void for
        quotes, the engine refuses to void an estimate before asking, and deleting would destroy
        a document the customer may have seen.
        """
        try:
            (row,) = await self.client.rows(f"Invoices/{remote_id}", "Invoices")
        except RemoteValidation as exc:
            if exc.code == "XERO-403":
                raise
            if exc.code == "XERO-404":
                return await self._refuse_quote_void(remote_id, exc)
            return PushOutcome.failure(exc)
        status = str(row.get("Status") or "")
        if status in ("VOIDED", "DELETED"):
            return PushOutcome.success(mapping.ref_of(row, "InvoiceID", "InvoiceNumber"))
        paid = document_mapping.invoice_status(row) is not RemoteDocStatus.OPEN
        if status in ("DRAFT", "SUBMITTED"):
            target = "DELETED"
        elif status == "AUTHORISED" and not paid:
            target = "VOIDED"
        else:
            error = RemoteValidation(
                f"Xero voids only approved invoices without payments; this one is {status}"
                + (" with payments" if paid else ""),
                code="XERO-VOID-REFUSED",
                hint=VOID_HINT,
            )
            return PushOutcome.failure(error)
        push = Push(new_idempotency_key(), {"InvoiceID": remote_id, "Status": target})
        return await write_one(self.client, f"Invoices/{remote_id}", INVOICES, push)

    async def _refuse_quote_void(self, remote_id: str, not_found: RemoteValidation) -> PushOutcome:
        """No invoice has this id: say so, or, for a quote, why it is not voided."""
        rows = await self._quote_rows(remote_id)
        if not rows:
            return PushOutcome.failure(not_found)
        status = str(rows[0].get("Status") or "")
        error = RemoteValidation(
            f"Xero quotes cannot be voided; this one is {status}",
            code="XERO-QUOTE-NOT-VOIDABLE",
            hint=QUOTE_VOID_HINT,
        )
        return PushOutcome.failure(error)
