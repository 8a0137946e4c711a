"""Reads through the request ledger: look-ups, reads by id, and paged imports and pulls.

:class:`LedgerSession` holds what every QuickBooks Desktop operation shares: asking the ledger
for entries, waiting (:class:`~core.sync.ports.AwaitingProvider`) while any is unanswered, and
turning answers into records. A paged read is one entry whose iterator pages the Web Connector
brings within one session; the pages are handed to the engine ``max_returned`` at a time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from core.models import ProviderRequest
from core.models.enums import RequestState
from core.sync.records import (
    CustomerQuery,
    DocType,
    ItemQuery,
    RemoteCustomer,
    RemoteInvoice,
    RemoteItem,
    RemotePayment,
)
from core.sync.session import PaymentPage
from integrations.base import AwaitingProvider, ProviderUnavailable, RemoteValidation

from . import requests
from .config import QbdLimits
from .document_mapping import doc_tag, document_from_ret
from .ledger import STAGE_READ, Ask, RequestLedger, final_answer, paged_answer
from .mapping import Currencies, customer_from_ret, customer_name, item_from_ret, item_name
from .payment_mapping import payment_from_ret
from .qbxml import Element
from .responses import error_for

WAITING_REASON = "waiting for the QuickBooks Web Connector to poll"
T = TypeVar("T")


def mapping_error(exc: ValueError) -> RemoteValidation:
    """A record that cannot be turned into qbXML, as a per-record error."""
    return RemoteValidation(str(exc), code="QBD-MAPPING", hint="Correct the record and sync again.")


class LedgerSession:
    """One company file's reads for one run, through the request ledger."""

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

    def reconcile_calls(self, invoices: int, customers: int, payments: int) -> int:
        """Requests queued for the Web Connector: three listings (iterators answered within one
        session) and one query per linked invoice that is not open."""
        return 3 + invoices

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
