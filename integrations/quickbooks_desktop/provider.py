"""The QuickBooks Desktop provider: the engine's operations, answered from the request ledger.

QuickBooks Desktop cannot be called. Each operation turns its records into qbXML requests and
asks the ledger (:mod:`.ledger`) for their entries: when the Web Connector has already brought
every answer, the operation returns them as the other providers do (per-record errors as failed
:class:`~core.sync.records.PushOutcome` values); otherwise the missing requests are queued
(durably, once) and :class:`~core.sync.ports.AwaitingProvider` is raised, so the run waits and,
resumed after the next poll, makes the same calls and reads the answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from core.models import AgentLogin, ProviderRequest
from core.models.enums import RequestState
from core.sync.records import (
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
)
from core.sync.session import PaymentPage
from integrations.base import AwaitingProvider, Capability, ProviderUnavailable, RemoteValidation

from . import requests
from .config import QbdLimits
from .document_mapping import doc_tag, document_add, document_from_ret, document_mod, ref_number
from .ledger import (
    STAGE_DOCUMENTS,
    STAGE_PARTIES,
    STAGE_PAYMENTS,
    STAGE_READ,
    STAGE_VOIDS,
    Ask,
    RequestLedger,
    final_answer,
    paged_answer,
)
from .mapping import (
    Currencies,
    Outbound,
    customer_add,
    customer_from_ret,
    customer_mod,
    customer_name,
    item_add,
    item_from_ret,
    item_name,
    ref_of,
)
from .payment_mapping import payment_add, payment_from_ret
from .qbxml import Element, guid_for
from .responses import error_for, warning_for

CAPABILITIES = frozenset({Capability.PUSH, Capability.PULL, Capability.REQUEST_QUEUE})
WAITING_REASON = "waiting for the QuickBooks Web Connector to poll"
T = TypeVar("T")


def _mapping_error(exc: ValueError) -> RemoteValidation:
    return RemoteValidation(str(exc), code="QBD-MAPPING", hint="Correct the record and sync again.")


class QuickBooksDesktopProvider:
    """One company file's operations for one run, through the request ledger."""

    capabilities: frozenset[Capability] = CAPABILITIES

    def __init__(
        self,
        ledger: RequestLedger,
        *,
        remote_company_id: str,
        currencies: Currencies | None = None,
        default_item_id: str | None = None,
        income_account_id: str | None = None,
        limits: QbdLimits | None = None,
    ) -> None:
        self.ledger = ledger
        self._remote_company_id = remote_company_id
        self.currencies = currencies or Currencies()
        self._default_item_id = default_item_id
        self._income_account_id = income_account_id
        self.limits = limits or QbdLimits()

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

    # --- the ledger ---------------------------------------------------------------------------

    async def _answered(self, asks: Sequence[Ask]) -> list[ProviderRequest]:
        """The entries of ``asks``, all answered; else they are queued and the run waits."""
        entries = await self.ledger.ask(asks)
        waiting = [e for e in entries if not e.state.is_final]
        if waiting:
            raise AwaitingProvider(
                f"{len(waiting)} request(s) {WAITING_REASON}",
                request_ids=tuple(str(e.id) for e in waiting),
                hint="The Web Connector polls every few minutes, or click Update Selected in it.",
            )
        failed = [e for e in entries if e.state is RequestState.FAILED]
        if failed:
            raise ProviderUnavailable(
                failed[0].status_message or "a QuickBooks Desktop request was cancelled",
                code="QBD-CANCELLED",
            )
        return entries

    async def _writes(
        self, outs: Sequence[Outbound | ValueError], asks: Sequence[Ask | None]
    ) -> list[PushOutcome]:
        sent = [ask for ask in asks if ask is not None]
        entries = iter(await self._answered(sent)) if sent else iter(())
        outcomes: list[PushOutcome] = []
        for out, ask in zip(outs, asks, strict=True):
            if isinstance(out, ValueError) or ask is None:
                error = out if isinstance(out, ValueError) else ValueError("not sent")
                outcomes.append(PushOutcome.failure(_mapping_error(error)))
                continue
            outcomes.append(_outcome(next(entries), out.warnings))
        return outcomes

    async def _reads(self, asks: Sequence[Ask], convert: Callable[[Element], T]) -> list[T]:
        found: list[T] = []
        for entry in await self._answered(asks):
            answer = final_answer(entry)
            if answer is not None and error_for(answer.status) is None:
                found.extend(convert(ret) for ret in answer.rets)
        return found

    async def _paged(self, ask: Ask) -> list[Element]:
        [entry] = await self._answered([ask])
        status, rets = await paged_answer(entry)
        error = error_for(status)
        if error is not None:
            raise error
        return rets

    # --- look-ups -----------------------------------------------------------------------------

    async def find_customers(self, queries: Sequence[CustomerQuery]) -> list[RemoteCustomer | None]:
        """Each query's customer by Name, as it would be sent (QuickBooks cannot query emails)."""
        asks = [
            Ask(
                "customers.find",
                STAGE_READ,
                requests.list_query(
                    "CustomerQueryRq", full_names=[customer_name(q.display_name, [])]
                ),
            )
            for q in queries
        ]
        entries = await self._answered(asks)
        return [_first(entry, customer_from_ret) for entry in entries]

    async def find_items(self, queries: Sequence[ItemQuery]) -> list[RemoteItem | None]:
        """Each query's service item by Name."""
        asks = [
            Ask(
                "items.find",
                STAGE_READ,
                requests.list_query("ItemServiceQueryRq", full_names=[item_name(q.name, [])]),
            )
            for q in queries
        ]
        entries = await self._answered(asks)
        return [_first(entry, item_from_ret) for entry in entries]

    # --- creates ------------------------------------------------------------------------------

    async def create_customers(self, records: Sequence[CustomerRecord]) -> list[PushOutcome]:
        """``CustomerAdd`` per record; a name in use is adopted only when the record found
        carries our ExternalGUID, else it is a per-record DuplicateName."""
        outs: list[Outbound | ValueError] = []
        asks: list[Ask | None] = []
        for record in records:
            out = customer_add(record, self.currencies)
            name = out.body.findtext("Name") or ""
            outs.append(out)
            asks.append(
                Ask(
                    "customer.add",
                    STAGE_PARTIES,
                    requests.wrap(out.body),
                    lookup=requests.list_query("CustomerQueryRq", full_names=[name]),
                    match_key=guid_for(record.idempotency_key),
                )
            )
        return await self._writes(outs, asks)

    async def create_items(self, records: Sequence[ItemRecord]) -> list[PushOutcome]:
        """``ItemServiceAdd`` per record (an income account is needed)."""
        outs: list[Outbound | ValueError] = []
        asks: list[Ask | None] = []
        for record in records:
            try:
                out = item_add(record, self._income_account_id)
            except ValueError as exc:
                outs.append(exc)
                asks.append(None)
                continue
            name = out.body.findtext("Name") or ""
            outs.append(out)
            asks.append(
                Ask(
                    "item.add",
                    STAGE_PARTIES,
                    requests.wrap(out.body),
                    lookup=requests.list_query("ItemServiceQueryRq", full_names=[name]),
                    match_key=guid_for(record.idempotency_key),
                )
            )
        return await self._writes(outs, asks)

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
        outs: list[Outbound | ValueError] = []
        asks: list[Ask | None] = []
        for record in records:
            try:
                out = document_add(record, self._default_item_id)
            except ValueError as exc:
                outs.append(exc)
                asks.append(None)
                continue
            outs.append(out)
            asks.append(
                Ask(
                    f"{doc_tag(record.doc_type).lower()}.add",
                    STAGE_DOCUMENTS,
                    requests.wrap(out.body),
                    lookup=self._document_lookup(record),
                    match_key=guid_for(record.idempotency_key),
                )
            )
        return await self._writes(outs, asks)

    async def create_payments(self, records: Sequence[PaymentRecord]) -> list[PushOutcome]:
        """``ReceivePaymentAdd`` per record, applied to its invoices."""
        outs: list[Outbound | ValueError] = []
        asks: list[Ask | None] = []
        for record in records:
            out = payment_add(record)
            filters = requests.TxnFilter(
                from_txn_date=record.date,
                to_txn_date=record.date,
                customer_list_id=record.customer_remote_id,
            )
            outs.append(out)
            asks.append(
                Ask(
                    "payment.add",
                    STAGE_PAYMENTS,
                    requests.wrap(out.body),
                    lookup=requests.txn_query("ReceivePaymentQueryRq", filters=filters),
                    match_key=guid_for(record.idempotency_key),
                )
            )
        return await self._writes(outs, asks)

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
            return PushOutcome.failure(_mapping_error(exc))
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
        from core.sync.records import RemoteRef

        return PushOutcome.success(RemoteRef(remote_id, None, None))

    # --- reads --------------------------------------------------------------------------------

    async def read_invoices(
        self, remote_ids: Sequence[str], doc_type: DocType = DocType.INVOICE
    ) -> list[RemoteInvoice]:
        """The documents with these TxnIDs (one request each: an unknown id is left out)."""
        tag = f"{doc_tag(doc_type)}QueryRq"
        asks = [
            Ask(
                "documents.read",
                STAGE_READ,
                requests.txn_query(tag, txn_ids=[i], include_line_items=True),
            )
            for i in remote_ids
        ]
        return await self._reads(asks, lambda ret: document_from_ret(ret, doc_type))

    async def read_payments(self, remote_ids: Sequence[str]) -> list[RemotePayment]:
        """The payments with these TxnIDs (unknown or deleted ones are left out)."""
        asks = [
            Ask(
                "payments.read",
                STAGE_READ,
                requests.txn_query("ReceivePaymentQueryRq", txn_ids=[i], include_line_items=True),
            )
            for i in remote_ids
        ]
        return await self._reads(asks, payment_from_ret)

    async def read_customers(self, remote_ids: Sequence[str]) -> list[RemoteCustomer]:
        """The active customers with these ListIDs."""
        asks = [
            Ask("customers.read", STAGE_READ, requests.list_query("CustomerQueryRq", list_ids=[i]))
            for i in remote_ids
        ]
        found = await self._reads(asks, customer_from_ret)
        return [customer for customer in found if customer.active]

    def _since(self, since: datetime | None) -> datetime | None:
        if since is None:
            return None
        return since - timedelta(seconds=self.limits.modified_overlap_seconds)

    async def pull_payments(self, since: datetime | None) -> AsyncIterator[PaymentPage]:
        """Payments changed since ``since`` (minus the overlap), read through an iterator within
        one Web Connector session, then handed out a page at a time."""
        filters = requests.TxnFilter(
            max_returned=self.limits.max_returned, from_modified=self._since(since)
        )
        query = requests.start_iterator(
            requests.txn_query("ReceivePaymentQueryRq", filters=filters, include_line_items=True)
        )
        rets = await self._paged(Ask("payments.pull", STAGE_READ, query))
        size = self.limits.max_returned
        for start in range(0, len(rets), size):
            payments = tuple(payment_from_ret(ret) for ret in rets[start : start + size])
            stamps = [p.updated_at for p in payments if p.updated_at is not None]
            yield PaymentPage(payments, max(stamps) if stamps else None)

    async def list_customers(self) -> AsyncIterator[list[RemoteCustomer]]:
        """All active customers, a page at a time."""
        filters = requests.ListFilter(
            max_returned=self.limits.max_returned, active_status="ActiveOnly"
        )
        query = requests.start_iterator(requests.list_query("CustomerQueryRq", filters=filters))
        rets = await self._paged(Ask("customers.list", STAGE_READ, query))
        size = self.limits.max_returned
        for start in range(0, len(rets), size):
            yield [customer_from_ret(ret) for ret in rets[start : start + size]]

    async def list_open_invoices(self) -> AsyncIterator[list[RemoteInvoice]]:
        """Invoices not paid yet, a page at a time."""
        filters = requests.TxnFilter(
            max_returned=self.limits.max_returned, paid_status="NotPaidOnly"
        )
        query = requests.start_iterator(
            requests.txn_query("InvoiceQueryRq", filters=filters, include_line_items=True)
        )
        rets = await self._paged(Ask("invoices.list", STAGE_READ, query))
        size = self.limits.max_returned
        for start in range(0, len(rets), size):
            yield [document_from_ret(ret) for ret in rets[start : start + size]]


def _first(entry: ProviderRequest, convert: Callable[[Element], T]) -> T | None:
    answer = final_answer(entry)
    if answer is None or error_for(answer.status) is not None or not answer.rets:
        return None
    return convert(answer.rets[0])


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
