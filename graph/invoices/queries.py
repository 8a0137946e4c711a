"""Root query fields of this domain: invoices, one invoice, payments.

A malformed ID or cursor argument raises ValidationFailed, which the schema reports as a top-level
BAD_REQUEST error naming the argument (see graph/extensions.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Annotated

import strawberry

from core.models import Invoice as InvoiceModel
from core.models import Payment as PaymentModel
from core.models.enums import DocType, InvoiceStatus, SyncStatus
from core.services.invoices import filter_by_sync_status, invoices_query
from core.services.payments import payments_query
from graph.context import Info
from graph.customers.types import CUSTOMER_TYPE, Customer
from graph.ids import decode_id
from graph.invoices import loaders
from graph.invoices.types import (
    INVOICE_TYPE,
    Invoice,
    InvoiceLine,
    Payment,
    invoice_sync_info_loader,
)
from graph.pagination import Connection, after_argument, paginate
from graph.permissions import AUTHENTICATED
from graph.selection import selected_names

_FIRST = "How many records to return: 1 to 200, 50 when omitted."
_AFTER = "Return the records after this cursor (a previous page's `endCursor`)."


# Relations an invoice page loads up front when the query selects them (see _invoice_nodes).
_PRELOADED = frozenset({"customer", "lines", "syncStatus"})


async def _invoice_nodes(info: Info, rows: Sequence[InvoiceModel]) -> list[Invoice]:
    """The page's nodes, with the selected customer, lines and sync status already loaded.

    Each relation costs one batched query for the page (the customer is joined into the page's
    own query), and the nodes answer those fields without an awaitable, which spares
    graphql-core a task per invoice and field.
    """
    nodes = [Invoice.from_model(row) for row in rows]
    wanted = selected_names(info, "edges", "node") & _PRELOADED
    if not nodes or not wanted:
        return nodes
    ids = [node.local_id for node in nodes]
    if "customer" in wanted:
        for node, row in zip(nodes, rows, strict=True):
            node.loaded_customer = Customer.from_model(row.customer)
    if "lines" in wanted:
        groups = await loaders.lines_of(ids)
        for node in nodes:
            node.loaded_lines = [InvoiceLine.from_row(row) for row in groups.get(node.local_id, ())]
    if "syncStatus" in wanted:
        states = await invoice_sync_info_loader(info).load_many(ids)
        for node, state in zip(nodes, states, strict=True):
            node.loaded_sync_status = state
    return nodes


async def _payment_nodes(rows: Sequence[PaymentModel]) -> list[Payment]:
    return [Payment.from_model(row) for row in rows]


@strawberry.type
class InvoiceQueries:
    """Query fields, merged into the root Query type."""

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="The firm's invoices and estimates, newest first, with optional filters.",
    )
    async def invoices(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description=_FIRST)] = None,
        after: Annotated[str | None, after_argument(_AFTER)] = None,
        status: Annotated[
            list[InvoiceStatus] | None,
            strawberry.argument(description="Only documents in one of these statuses."),
        ] = None,
        sync_status: Annotated[
            list[SyncStatus] | None,
            strawberry.argument(
                description="Only documents with one of these sync statuses with the firm's "
                "current accounting company (NOT_SYNCED: never sent to it, or no connection)."
            ),
        ] = None,
        customer_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this customer's.")
        ] = None,
        doc_type: Annotated[
            DocType | None, strawberry.argument(description="Only invoices, or only estimates.")
        ] = None,
    ) -> Connection[Invoice]:
        """One page of the firm's documents."""
        firm_id = info.context.require_viewer().firm_id
        customer = (
            decode_id(customer_id, CUSTOMER_TYPE, field="customerId")
            if customer_id is not None
            else None
        )
        queryset = invoices_query(firm_id, statuses=status, customer_id=customer, doc_type=doc_type)
        if sync_status:
            queryset = await filter_by_sync_status(queryset, firm_id, sync_status)
        joined = ("customer",) if "customer" in selected_names(info, "edges", "node") else ()
        return await paginate(
            queryset,
            first=first,
            after=after,
            to_node=partial(_invoice_nodes, info),
            related=joined,
        )

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="One invoice or estimate of the firm; null if the ID is unknown.",
    )
    async def invoice(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The document's ID.")],
    ) -> Invoice | None:
        """Look up by global ID, scoped to the caller's firm."""
        firm_id = info.context.require_viewer().firm_id
        local_id = decode_id(id, INVOICE_TYPE)
        row = await InvoiceModel.get_or_none(id=local_id, firm_id=firm_id)
        return Invoice.from_model(row) if row is not None else None

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="The firm's payments, newest first, with optional filters.",
    )
    async def payments(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description=_FIRST)] = None,
        after: Annotated[str | None, after_argument(_AFTER)] = None,
        invoice_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only payments applied to this invoice."),
        ] = None,
        customer_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this customer's.")
        ] = None,
    ) -> Connection[Payment]:
        """One page of the firm's payments."""
        firm_id = info.context.require_viewer().firm_id
        invoice = decode_id(invoice_id, INVOICE_TYPE, field="invoiceId") if invoice_id else None
        customer = (
            decode_id(customer_id, CUSTOMER_TYPE, field="customerId") if customer_id else None
        )
        queryset = payments_query(firm_id, invoice_id=invoice, customer_id=customer)
        return await paginate(queryset, first=first, after=after, to_node=_payment_nodes)
