"""What the Xero provider reads back: documents, contacts and payments by id, the payments pull
and the import listings. Reads are spread over as few calls as Xero's filters allow (40 ids a call
where there is an ``IDs`` filter, one call each where there is none)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime

from core.sync.records import DocType, RemoteCustomer, RemoteInvoice, RemotePayment
from core.sync.session import PaymentPage
from integrations.base import RemoteValidation

from . import document_mapping, mapping, payment_mapping
from .batches import CONTACTS, INVOICES, Entity, chunks
from .client import XeroClient
from .wire import JSONObject


class XeroReads:
    """The read half of :class:`~integrations.xero.provider.XeroProvider`."""

    client: XeroClient

    async def _quote_rows(self, remote_id: str) -> list[JSONObject]:
        """``GET /Quotes/{id}``; empty when there is no such quote."""
        try:
            return await self.client.rows(f"Quotes/{remote_id}", "Quotes")
        except RemoteValidation as exc:
            if exc.code == "XERO-404":
                return []
            raise

    async def _by_ids(self, entity: Entity, remote_ids: Sequence[str]) -> list[JSONObject]:
        found: list[JSONObject] = []
        for chunk in chunks(remote_ids, self.client.config.limits.ids_per_request):
            params = {"IDs": ",".join(chunk)}
            async for rows in self.client.pages(entity.path, entity.key, params=params):
                found.extend(rows)
        return found

    async def read_invoices(
        self, remote_ids: Sequence[str], doc_type: DocType = DocType.INVOICE
    ) -> list[RemoteInvoice]:
        """The invoices with these ids, 40 ids per call, or the quotes (``GET /Quotes`` has no
        ids filter: one call each); unknown ids are left out."""
        if doc_type is DocType.ESTIMATE:
            found: list[RemoteInvoice] = []
            for remote_id in remote_ids:
                found.extend(
                    document_mapping.quote_from_xero(r) for r in await self._quote_rows(remote_id)
                )
            return found
        rows = await self._by_ids(INVOICES, remote_ids)
        return [document_mapping.invoice_from_xero(row) for row in rows]

    async def find_documents(
        self, numbers: Sequence[str], doc_type: DocType
    ) -> list[RemoteInvoice]:
        """The sales invoices with these InvoiceNumbers (40 a call), or the quotes with these
        QuoteNumbers (one call each); unknown numbers are left out."""
        if doc_type is DocType.ESTIMATE:
            quotes: list[RemoteInvoice] = []
            for number in numbers:
                rows = await self.client.rows("Quotes", "Quotes", params={"QuoteNumber": number})
                quotes.extend(document_mapping.quote_from_xero(r) for r in rows)
            return quotes
        found: list[RemoteInvoice] = []
        for chunk in chunks(numbers, self.client.config.limits.ids_per_request):
            params = {"InvoiceNumbers": ",".join(chunk), "where": 'Type=="ACCREC"'}
            async for rows in self.client.pages(INVOICES.path, INVOICES.key, params=params):
                found.extend(document_mapping.invoice_from_xero(row) for row in rows)
        return found

    async def read_customers(self, remote_ids: Sequence[str]) -> list[RemoteCustomer]:
        """The active contacts with these ids."""
        rows = await self._by_ids(CONTACTS, remote_ids)
        customers = [mapping.customer_from_xero(row) for row in rows]
        return [customer for customer in customers if customer.active]

    async def read_payments(self, remote_ids: Sequence[str]) -> list[RemotePayment]:
        """The receivable payments with these ids (Xero has no ids filter here: one call each)."""
        found: list[RemotePayment] = []
        for remote_id in remote_ids:
            try:
                rows = await self.client.rows(f"Payments/{remote_id}", "Payments")
            except RemoteValidation as exc:
                if exc.code == "XERO-404":
                    continue
                raise
            found.extend(
                payment_mapping.payment_from_xero(r)
                for r in rows
                if payment_mapping.is_receivable_payment(r)
            )
        return found

    async def pull_payments(self, since: datetime | None) -> AsyncIterator[PaymentPage]:
        """Receivable payments changed at or after ``since`` (``If-Modified-Since``), oldest
        first, a page at a time; each page's checkpoint is its newest ``UpdatedDateUTC``."""
        if since is not None and since.tzinfo is None:
            raise ValueError("since must be timezone-aware")
        params = {
            "where": f'PaymentType=="{payment_mapping.RECEIVABLE_PAYMENT}"',
            "order": "UpdatedDateUTC ASC",
        }
        async for rows in self.client.pages(
            "Payments", "Payments", params=params, modified_since=since
        ):
            payments = tuple(
                payment_mapping.payment_from_xero(r)
                for r in rows
                if payment_mapping.is_receivable_payment(r)
            )
            stamps = [p.updated_at for p in payments if p.updated_at is not None]
            yield PaymentPage(payments, max(stamps) if stamps else None)

    async def list_customers(self) -> AsyncIterator[list[RemoteCustomer]]:
        """Active contacts Xero marks as customers, a page at a time."""
        params = {"where": "IsCustomer==true"}
        async for rows in self.client.pages("Contacts", "Contacts", params=params):
            yield [mapping.customer_from_xero(row) for row in rows]

    def reconcile_calls(self, invoices: int, customers: int, payments: int) -> int:
        """Pages for the listings, 40 ids a call for linked invoices not open, one call per
        linked payment not listed (counted as if every invoice and payment needed it)."""
        limits = self.client.config.limits
        page = limits.page_size
        return (
            -(-invoices // page)
            + -(-invoices // limits.ids_per_request)
            + -(-customers // page)
            + -(-payments // page)
            + 2
        )

    async def list_open_invoices(self) -> AsyncIterator[list[RemoteInvoice]]:
        """Approved sales invoices (AUTHORISED: not yet fully paid), a page at a time."""
        params = {"Statuses": "AUTHORISED", "where": 'Type=="ACCREC"'}
        async for rows in self.client.pages("Invoices", "Invoices", params=params):
            yield [document_mapping.invoice_from_xero(row) for row in rows]
