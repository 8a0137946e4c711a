"""The QuickBooks Desktop provider: the engine's operations, answered from the request ledger.

QuickBooks Desktop cannot be called. Each operation turns its records into qbXML requests and
asks the ledger (:mod:`.ledger`) for their entries: when the Web Connector has already brought
every answer, the operation returns them as the other providers do (per-record errors as failed
:class:`~core.sync.records.PushOutcome` values); otherwise the missing requests are queued
(durably, once) and :class:`~core.sync.ports.AwaitingProvider` is raised, so the run waits and,
resumed after the next poll, makes the same calls and reads the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from core.models import AgentLogin, ProviderRequest
from core.sync.records import (
    BooksCurrencies,
    CustomerRecord,
    InvoiceRecord,
    ItemRecord,
    PaymentRecord,
    PushOutcome,
    RefundRecord,
    RemoteRef,
)
from integrations.base import Capability, RemoteValidation

from . import requests
from .books import BookReads
from .document_mapping import doc_tag, document_add, document_mod, ref_number
from .ledger import (
    STAGE_DOCUMENTS,
    STAGE_PARTIES,
    STAGE_PAYMENTS,
    STAGE_READ,
    STAGE_VOIDS,
    Ask,
    final_answer,
)
from .mapping import (
    Outbound,
    customer_add,
    customer_mod,
    item_add,
    ref_of,
)
from .payment_mapping import payment_add
from .qbxml import Element, guid_for
from .reads import WAITING_REASON, mapping_error
from .responses import error_for, warning_for

CAPABILITIES = frozenset(
    {Capability.PUSH, Capability.PULL, Capability.REQUEST_QUEUE, Capability.RECEIVABLES}
)
__all__ = ["CAPABILITIES", "WAITING_REASON", "QuickBooksDesktopProvider"]
R = TypeVar("R")


class QuickBooksDesktopProvider(BookReads):
    """One company file's operations for one run, through the request ledger."""

    capabilities: frozenset[Capability] = CAPABILITIES

    @property
    def remote_company_id(self) -> str:
        """The company file's FileID."""
        return self._remote_company_id

    @property
    def max_batch(self) -> int:
        """Requests handed to the Web Connector in one message set."""
        return self.limits.requests_per_message_set

    async def company_name(self) -> str | None:
        """The name the company file reported on the last session."""
        login = await AgentLogin.get_or_none(connection_id=self.ledger.connection_id)
        name = (login.facts or {}).get("company_name") if login else None
        return str(name) if name else None

    async def income_account_id(self) -> str | None:
        """The configured income account for new service items."""
        return self._income_account_id

    async def default_item_id(self) -> str | None:
        """The configured item for lines without a synced item."""
        return self._default_item_id

    async def _adds(
        self, records: Sequence[R], build: Callable[[R], tuple[Outbound, Ask]]
    ) -> list[PushOutcome]:
        """One Add per record, all asked together; a record that cannot be built is a
        per-record mapping error and is not sent."""
        prepared: list[tuple[Outbound, Ask] | ValueError] = []
        for record in records:
            try:
                prepared.append(build(record))
            except ValueError as exc:
                prepared.append(exc)
        asks = [item[1] for item in prepared if not isinstance(item, ValueError)]
        entries = iter(await self._answered(asks)) if asks else iter(())
        return [
            PushOutcome.failure(mapping_error(item))
            if isinstance(item, ValueError)
            else _outcome(next(entries), item[0].warnings)
            for item in prepared
        ]

    def _add(self, operation: str, stage: int, out: Outbound, lookup: Element, key: str) -> Ask:
        # The look-up and our key's GUID let a lost answer be verified before any resend.
        return Ask(
            operation, stage, requests.wrap(out.body), lookup=lookup, match_key=guid_for(key)
        )

    # --- creates ------------------------------------------------------------------------------

    async def books_currencies(self) -> BooksCurrencies | None:
        """The multicurrency switch and home currency the Web Connector last reported (None
        before its first session); no request is queued for them."""
        return self.currencies.books()

    async def create_customers(self, records: Sequence[CustomerRecord]) -> list[PushOutcome]:
        """``CustomerAdd`` per record; a name in use is adopted only when the record found
        carries our ExternalGUID, else it is a per-record DuplicateName."""

        def build(record: CustomerRecord) -> tuple[Outbound, Ask]:
            out = customer_add(record, self.currencies)
            names = [out.body.findtext("Name") or ""]
            lookup = requests.list_query("CustomerQueryRq", full_names=names)
            return out, self._add(
                "customer.add", STAGE_PARTIES, out, lookup, record.idempotency_key
            )

        return await self._adds(records, build)

    async def create_items(self, records: Sequence[ItemRecord]) -> list[PushOutcome]:
        """``ItemServiceAdd`` per record (an income account is needed)."""

        def build(record: ItemRecord) -> tuple[Outbound, Ask]:
            out = item_add(record, self._income_account_id)
            names = [out.body.findtext("Name") or ""]
            lookup = requests.list_query("ItemServiceQueryRq", full_names=names)
            return out, self._add("item.add", STAGE_PARTIES, out, lookup, record.idempotency_key)

        return await self._adds(records, build)

    def _document_lookup(self, record: InvoiceRecord) -> Element:
        tag = f"{doc_tag(record.doc_type)}QueryRq"
        number = ref_number(record.number, [])
        if number:
            return requests.txn_query(tag, ref_numbers=[number])
        filters = requests.TxnFilter(
            from_txn_date=record.issue_date,
            to_txn_date=record.issue_date,
            customer_list_id=record.customer_remote_id,
        )
        return requests.txn_query(tag, filters=filters)

    async def create_invoices(self, records: Sequence[InvoiceRecord]) -> list[PushOutcome]:
        """``InvoiceAdd`` / ``EstimateAdd`` per record. RefNumber is not unique in QuickBooks,
        so after an unknown outcome the record is looked up and its ExternalGUID compared."""

        def build(record: InvoiceRecord) -> tuple[Outbound, Ask]:
            out = document_add(record, self._default_item_id, self.currencies)
            operation = f"{doc_tag(record.doc_type).lower()}.add"
            lookup = self._document_lookup(record)
            return out, self._add(operation, STAGE_DOCUMENTS, out, lookup, record.idempotency_key)

        return await self._adds(records, build)

    async def create_payments(self, records: Sequence[PaymentRecord]) -> list[PushOutcome]:
        """``ReceivePaymentAdd`` per record, applied to its invoices."""

        def build(record: PaymentRecord) -> tuple[Outbound, Ask]:
            out = payment_add(record, self.currencies)
            filters = requests.TxnFilter(
                from_txn_date=record.date,
                to_txn_date=record.date,
                customer_list_id=record.customer_remote_id,
            )
            lookup = requests.txn_query("ReceivePaymentQueryRq", filters=filters)
            return out, self._add(
                "payment.add", STAGE_PAYMENTS, out, lookup, record.idempotency_key
            )

        return await self._adds(records, build)

    async def create_refund_receipts(self, records: Sequence[RefundRecord]) -> list[PushOutcome]:
        """Refunds are not synced to QuickBooks Desktop (the seed documents it)."""
        error = RemoteValidation(
            "Refunds are not synced to QuickBooks Desktop",
            code="QBD-REFUNDS-UNSUPPORTED",
            hint="Record the refund in QuickBooks by hand.",
        )
        return [PushOutcome.failure(error) for _ in records]

    # --- updates and voids --------------------------------------------------------------------

    async def _current_version(self, tag: str, remote_id: str, version: str | None) -> str:
        if version:
            return version
        query = (
            requests.list_query(tag, list_ids=[remote_id])
            if tag == "CustomerQueryRq"
            else requests.txn_query(tag, txn_ids=[remote_id])
        )
        [entry] = await self._answered([Ask("version.read", STAGE_READ, query)])
        answer = final_answer(entry)
        sequence = answer.rets[0].findtext("EditSequence") if answer and answer.rets else None
        return sequence or ""

    async def _modify(self, operation: str, stage: int, out: Outbound) -> PushOutcome:
        [entry] = await self._answered([Ask(operation, stage, requests.wrap(out.body))])
        return _outcome(entry, out.warnings)

    async def update_customer(
        self, remote_id: str, version: str | None, record: CustomerRecord
    ) -> PushOutcome:
        """``CustomerMod`` (a stale EditSequence is re-read and sent again once)."""
        sequence = await self._current_version("CustomerQueryRq", remote_id, version)
        return await self._modify(
            "customer.mod", STAGE_PARTIES, customer_mod(remote_id, sequence, record)
        )

    async def update_invoice(
        self, remote_id: str, version: str | None, record: InvoiceRecord
    ) -> PushOutcome:
        """``InvoiceMod`` / ``EstimateMod``: the lines are replaced."""
        tag = f"{doc_tag(record.doc_type)}QueryRq"
        sequence = await self._current_version(tag, remote_id, version)
        try:
            out = document_mod(remote_id, sequence, record, self._default_item_id)
        except ValueError as exc:
            return PushOutcome.failure(mapping_error(exc))
        operation = f"{doc_tag(record.doc_type).lower()}.mod"
        return await self._modify(operation, STAGE_DOCUMENTS, out)

    async def void_invoice(self, remote_id: str, version: str | None) -> PushOutcome:
        """``TxnVoid`` of an invoice (QuickBooks keeps it with zero amounts)."""
        ask = Ask("invoice.void", STAGE_VOIDS, requests.txn_void("Invoice", remote_id))
        [entry] = await self._answered([ask])
        answer = final_answer(entry)
        error = error_for(answer.status) if answer else None
        if error is not None:
            return PushOutcome.failure(error)
        return PushOutcome.success(RemoteRef(remote_id, None, None))


def _outcome(entry: ProviderRequest, warnings: Sequence[str]) -> PushOutcome:
    answer = final_answer(entry)
    notes = [*warnings, *entry.warnings]
    if answer is None:
        return PushOutcome.failure(
            RemoteValidation("QuickBooks sent no answer for the record", code="QBD-NO-ANSWER"),
            notes,
        )
    warning = warning_for(answer.status)
    if warning:
        notes.append(warning)
    error = error_for(answer.status)
    if error is not None:
        return PushOutcome.failure(error, notes)
    if not answer.rets:
        return PushOutcome.failure(
            RemoteValidation("QuickBooks answered without the record", code="QBD-NO-RECORD"), notes
        )
    return PushOutcome.success(ref_of(answer.rets[0]), notes)
