"""Invoice test fixtures: firms with customers, items and invoices seeded through the ORM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from core.models import Customer, Firm, Invoice, InvoiceLine, Item
from core.models.enums import DocType, InvoiceStatus
from core.services.invoice_lines import line_amounts
from graph.ids import encode_id

VIEWER = "query { viewer { firm { externalId } } }"


@dataclass
class Books:
    """Seeds one firm's books directly, so each test sets up only what it needs."""

    firm: Firm

    async def customer(self, name: str = "Acme", currency: str = "USD") -> Customer:
        return await Customer.create(firm=self.firm, name=name, currency=currency)

    async def item(
        self, name: str = "Widget", price: str = "10.00", text: str | None = None
    ) -> Item:
        return await Item.create(
            firm=self.firm, name=name, unit_price=Decimal(price), description=text
        )

    async def invoice(
        self,
        customer: Customer,
        *,
        number: str,
        lines: tuple[tuple[str, str, str], ...] = (("1", "100.00", "0"),),
        status: InvoiceStatus = InvoiceStatus.SENT,
        doc_type: DocType = DocType.INVOICE,
        locked: bool = False,
        currency: str = "USD",
    ) -> Invoice:
        """An invoice with lines given as (quantity, unit price, tax rate) strings."""
        priced = [
            (Decimal(q), Decimal(p), Decimal(t), *line_amounts(Decimal(q), Decimal(p), Decimal(t)))
            for q, p, t in lines
        ]
        subtotal = sum((row[3] for row in priced), Decimal(0))
        tax = sum((row[4] for row in priced), Decimal(0))
        invoice = await Invoice.create(
            firm=self.firm,
            customer=customer,
            doc_type=doc_type,
            number=number,
            issue_date=date(2026, 1, 5),
            due_date=date(2026, 2, 4),
            currency=currency,
            status=status,
            subtotal=subtotal,
            tax_total=tax,
            total=subtotal + tax,
            balance=subtotal + tax,
            locked=locked,
        )
        for position, (q, p, t, amount, _tax) in enumerate(priced):
            await InvoiceLine.create(
                invoice=invoice,
                position=position,
                description=f"Line {position}",
                quantity=q,
                unit_price=p,
                tax_rate=t,
                amount=amount,
            )
        return invoice


def gid(type_name: str, local_id: UUID) -> str:
    """The global ID of a record."""
    return str(encode_id(type_name, local_id))


@pytest.fixture
def to_gid():  # type: ignore[no-untyped-def]
    """`to_gid("Invoice", invoice.id)`: build global IDs in tests."""
    return gid


@pytest.fixture
async def books(gql) -> Books:  # type: ignore[no-untyped-def]
    """The books of firm `firm-a`, the firm of the `gql` client."""
    await gql.data(VIEWER)
    return Books(firm=await Firm.get(external_id="firm-a"))


@pytest.fixture
async def firm_b(gql_factory):  # type: ignore[no-untyped-def]
    """(client, books) of another firm, `firm-b`."""
    client = gql_factory(firm="firm-b")
    await client.data(VIEWER)
    return client, Books(firm=await Firm.get(external_id="firm-b"))
