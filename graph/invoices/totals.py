"""invoiceTotals: what the firm's documents add up to, one entry per currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from core.models.enums import DocType, InvoiceStatus
from core.services.invoice_totals import CurrencyTotals, totals_by_currency
from core.services.invoices import invoices_query
from graph.context import Info
from graph.customers.types import CUSTOMER_TYPE
from graph.ids import decode_id
from graph.permissions import AUTHENTICATED


@strawberry.type(description="What documents in one currency add up to, in that currency.")
class InvoiceCurrencyTotals:
    """One currency's totals."""

    currency: str = strawberry.field(description="ISO 4217 code of every amount here.")
    count: int = strawberry.field(description="How many documents are in this currency.")
    total: Decimal = strawberry.field(description="Sum of their totals, 2 decimal places.")
    amount_paid: Decimal = strawberry.field(description="Sum of what was paid on them.")
    balance: Decimal = strawberry.field(description="Sum of what is still owed on them.")

    @classmethod
    def from_totals(cls, totals: CurrencyTotals) -> InvoiceCurrencyTotals:
        """Build from the service's value."""
        return cls(
            currency=totals.currency,
            count=totals.count,
            total=totals.total,
            amount_paid=totals.amount_paid,
            balance=totals.balance,
        )


@strawberry.type
class InvoiceTotalsQueries:
    """Query fields, merged into the root Query type."""

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="What the firm's invoices and estimates add up to, one entry per currency "
        "(ordered by code): amounts in different currencies are never added together. Takes "
        "the filters of `invoices`, except the sync status.",
    )
    async def invoice_totals(
        self,
        info: Info,
        status: Annotated[
            list[InvoiceStatus] | None,
            strawberry.argument(description="Only documents in one of these statuses."),
        ] = None,
        customer_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this customer's.")
        ] = None,
        doc_type: Annotated[
            DocType | None, strawberry.argument(description="Only invoices, or only estimates.")
        ] = None,
    ) -> list[InvoiceCurrencyTotals]:
        """One query over the firm's documents."""
        firm_id = info.context.require_viewer().firm_id
        customer = (
            decode_id(customer_id, CUSTOMER_TYPE, field="customerId")
            if customer_id is not None
            else None
        )
        queryset = invoices_query(firm_id, statuses=status, customer_id=customer, doc_type=doc_type)
        return [InvoiceCurrencyTotals.from_totals(t) for t in await totals_by_currency(queryset)]
