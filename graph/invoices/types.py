"""Value types of invoices, estimates, payments and refunds, built with ``from_model()``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from decimal import Decimal
from typing import Any
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader

from core.models import Invoice as InvoiceModel
from core.models import InvoiceLine as InvoiceLineModel
from core.models import Payment as PaymentModel
from core.models import PaymentApplication as PaymentApplicationModel
from core.models import Refund as RefundModel
from core.models.enums import DocType, Entity, InvoiceStatus, PaymentOrigin
from graph.context import Info
from graph.customers.types import Customer, Item
from graph.ids import Node, encode_id
from graph.invoices import loaders
from graph.sync_status import SyncInfo, sync_info_loader

INVOICE_TYPE = "Invoice"
INVOICE_LINE_TYPE = "InvoiceLine"
PAYMENT_TYPE = "Payment"
PAYMENT_APPLICATION_TYPE = "PaymentApplication"
REFUND_TYPE = "Refund"


def invoice_sync_info_loader(info: Info) -> DataLoader[UUID, SyncInfo]:
    """The request's loader of invoices' and estimates' SyncInfo."""
    return sync_info_loader(info, Entity.INVOICE, Entity.ESTIMATE)


strawberry.enum(DocType, description="Whether a document is an invoice or an estimate (quote).")
strawberry.enum(
    InvoiceStatus,
    description="An invoice's life cycle: DRAFT, then SENT when issued, PARTIAL and PAID as "
    "payments arrive, OVERDUE past the due date, VOID when cancelled.",
)
strawberry.enum(
    PaymentOrigin,
    description="Where a payment was first recorded: LOCAL (in Ledgersync) or PROVIDER "
    "(in the accounting platform, then pulled).",
)


@strawberry.type(description="One line of an invoice or estimate.")
class InvoiceLine:
    """A line with its rounded amount."""

    id: strawberry.ID = strawberry.field(description="Opaque global ID.")
    position: int = strawberry.field(description="0-based order of the line on the document.")
    description: str = strawberry.field(description="Text printed on the line.")
    quantity: Decimal = strawberry.field(description="Number of units, up to 4 decimal places.")
    unit_price: Decimal = strawberry.field(description="Price of one unit, 2 decimal places.")
    tax_rate: Decimal = strawberry.field(description="Tax rate in percent, e.g. 8.25.")
    amount: Decimal = strawberry.field(
        description="quantity * unitPrice rounded half-up to cents, before tax."
    )
    item_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The item sold on this line; null for a free-text line.")
    async def item(self, info: Info) -> Item | None:
        """Loaded in one batch for every line of the response."""
        if self.item_id is None:
            return None
        item = await loaders.item_loader(info).load(self.item_id)
        return Item.from_model(item) if item is not None else None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> InvoiceLine:
        """Build from a row of :data:`graph.invoices.loaders.LINE_COLUMNS`."""
        return cls(
            id=encode_id(INVOICE_LINE_TYPE, row["id"]),
            position=row["position"],
            description=row["description"],
            quantity=row["quantity"],
            unit_price=row["unit_price"],
            tax_rate=row["tax_rate"],
            amount=row["amount"],
            item_id=row["item_id"],
        )

    @classmethod
    def from_model(cls, line: InvoiceLineModel) -> InvoiceLine:
        """Build from the model."""
        return cls(
            id=encode_id(INVOICE_LINE_TYPE, line.id),
            position=line.position,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            tax_rate=line.tax_rate,
            amount=line.amount,
            item_id=line.item_id,  # type: ignore[attr-defined]
        )


@strawberry.type(description="An invoice or an estimate of the local books, with its totals.")
class Invoice(Node):
    """Totals are in ``currency``, as decimal strings with 2 decimal places."""

    id: strawberry.ID = strawberry.field(description="Opaque global ID.")
    doc_type: DocType = strawberry.field(description="INVOICE or ESTIMATE.")
    number: str = strawberry.field(
        description="Document number, unique per firm and document type."
    )
    issue_date: dt.date = strawberry.field(description="Date printed on the document.")
    due_date: dt.date | None = strawberry.field(description="When payment is due, if set.")
    currency: str = strawberry.field(description="ISO 4217 currency code of every amount.")
    exchange_rate: Decimal | None = strawberry.field(
        description="The document's own exchange rate: units of the connected books' home "
        "currency for one unit of `currency`. Null: the accounting platform uses its rate."
    )
    status: InvoiceStatus = strawberry.field(description="Where the document is in its life cycle.")
    subtotal: Decimal = strawberry.field(description="Sum of the line amounts, before tax.")
    tax_total: Decimal = strawberry.field(description="Sum of each line's tax, rounded per line.")
    total: Decimal = strawberry.field(description="subtotal + taxTotal.")
    amount_paid: Decimal = strawberry.field(description="Sum of the payments applied.")
    balance: Decimal = strawberry.field(description="total - amountPaid: what is still owed.")
    memo: str | None = strawberry.field(description="Free text shown to the customer.")
    locked: bool = strawberry.field(
        description="True once synced with lock-after-sync on: edits are then refused "
        "with INVOICE_LOCKED."
    )
    issued_at: dt.datetime | None = strawberry.field(description="When it was issued (UTC).")
    paid_at: dt.datetime | None = strawberry.field(description="When it became fully paid (UTC).")
    created_at: dt.datetime = strawberry.field(description="When it was created (UTC).")
    updated_at: dt.datetime = strawberry.field(description="When it last changed (UTC).")
    local_id: strawberry.Private[UUID]
    customer_id: strawberry.Private[UUID]
    # Filled by a list resolver that loaded them for the whole page; then the fields below
    # answer without an awaitable (graphql-core completes the page synchronously).
    loaded_customer: strawberry.Private[Customer | None] = None
    loaded_lines: strawberry.Private[list[InvoiceLine] | None] = None
    loaded_sync_status: strawberry.Private[SyncInfo | None] = None

    @strawberry.field(description="The customer billed.", graphql_type=Customer)
    def customer(self, info: Info) -> Customer | Awaitable[Customer]:
        """Loaded with the page, or in one batch for every invoice of the response."""
        if self.loaded_customer is not None:
            return self.loaded_customer
        return self._load_customer(info)

    async def _load_customer(self, info: Info) -> Customer:
        customer = await loaders.customer_loader(info).load(self.customer_id)
        if customer is None:  # pragma: no cover - the foreign key forbids it
            raise LookupError(f"customer {self.customer_id} of invoice {self.local_id} is missing")
        return Customer.from_model(customer)

    @strawberry.field(
        description="The lines, in the order they appear on the document.",
        graphql_type=list[InvoiceLine],
    )
    def lines(self, info: Info) -> list[InvoiceLine] | Awaitable[list[InvoiceLine]]:
        """Loaded with the page, or in one batch for every invoice of the response."""
        if self.loaded_lines is not None:
            return self.loaded_lines
        return self._load_lines(info)

    async def _load_lines(self, info: Info) -> list[InvoiceLine]:
        rows = await loaders.lines_loader(info).load(self.local_id)
        return [InvoiceLine.from_model(row) for row in rows]

    @strawberry.field(description="The payments applied to this invoice, oldest first.")
    async def payments(self, info: Info) -> list[PaymentApplication]:
        """Loaded in one batch for every invoice of the response."""
        rows = await loaders.invoice_applications_loader(info).load(self.local_id)
        return [PaymentApplication.from_model(row) for row in rows]

    @strawberry.field(
        description="The document's sync with the connected accounting platform.",
        graphql_type=SyncInfo,
    )
    def sync_status(self, info: Info) -> SyncInfo | Awaitable[SyncInfo]:
        """Loaded with the page, or in one batch for every invoice of the response."""
        if self.loaded_sync_status is not None:
            return self.loaded_sync_status
        return invoice_sync_info_loader(info).load(self.local_id)

    @classmethod
    def from_model(cls, invoice: InvoiceModel) -> Invoice:
        """Build from the model."""
        return cls(
            id=encode_id(INVOICE_TYPE, invoice.id),
            doc_type=invoice.doc_type,
            number=invoice.number,
            issue_date=invoice.issue_date,
            due_date=invoice.due_date,
            currency=invoice.currency,
            exchange_rate=invoice.exchange_rate,
            status=invoice.status,
            subtotal=invoice.subtotal,
            tax_total=invoice.tax_total,
            total=invoice.total,
            amount_paid=invoice.amount_paid,
            balance=invoice.balance,
            memo=invoice.memo,
            locked=invoice.locked,
            issued_at=invoice.issued_at,
            paid_at=invoice.paid_at,
            created_at=invoice.created_at,
            updated_at=invoice.updated_at,
            local_id=invoice.id,
            customer_id=invoice.customer_id,  # type: ignore[attr-defined]
        )


@strawberry.type(description="The part of a payment applied to one invoice.")
class PaymentApplication:
    """Links a payment and an invoice with the amount applied."""

    id: strawberry.ID = strawberry.field(description="Opaque global ID.")
    amount: Decimal = strawberry.field(description="Amount applied, in the invoice's currency.")
    invoice_id: strawberry.Private[UUID]
    payment_id: strawberry.Private[UUID]

    @strawberry.field(description="The invoice the amount was applied to.")
    async def invoice(self, info: Info) -> Invoice | None:
        """Loaded in one batch for every application of the response."""
        invoice = await loaders.invoice_loader(info).load(self.invoice_id)
        return Invoice.from_model(invoice) if invoice is not None else None

    @strawberry.field(description="The payment the amount came from.")
    async def payment(self, info: Info) -> Payment | None:
        """Loaded in one batch for every application of the response."""
        payment = await loaders.payment_loader(info).load(self.payment_id)
        return Payment.from_model(payment) if payment is not None else None

    @classmethod
    def from_model(cls, application: PaymentApplicationModel) -> PaymentApplication:
        """Build from the model."""
        return cls(
            id=encode_id(PAYMENT_APPLICATION_TYPE, application.id),
            amount=application.amount,
            invoice_id=application.invoice_id,  # type: ignore[attr-defined]
            payment_id=application.payment_id,  # type: ignore[attr-defined]
        )


@strawberry.type(description="Money returned to a customer from a payment.")
class Refund(Node):
    """A refund of (part of) a payment."""

    id: strawberry.ID = strawberry.field(description="Opaque global ID.")
    date: dt.date = strawberry.field(description="Date of the refund.")
    amount: Decimal = strawberry.field(description="Amount returned, in the payment's currency.")
    method: str | None = strawberry.field(description="How it was returned, e.g. card.")
    reference: str | None = strawberry.field(description="Bank or processor reference.")
    reason: str | None = strawberry.field(description="Why it was returned.")
    created_at: dt.datetime = strawberry.field(description="When it was recorded (UTC).")

    @classmethod
    def from_model(cls, refund: RefundModel) -> Refund:
        """Build from the model."""
        return cls(
            id=encode_id(REFUND_TYPE, refund.id),
            date=refund.date,
            amount=refund.amount,
            method=refund.method,
            reference=refund.reference,
            reason=refund.reason,
            created_at=refund.created_at,
        )


@strawberry.type(description="Money received from a customer, applied to one or more invoices.")
class Payment(Node):
    """A payment with its applications and refunds."""

    id: strawberry.ID = strawberry.field(description="Opaque global ID.")
    date: dt.date = strawberry.field(description="Date the money was received.")
    amount: Decimal = strawberry.field(description="Amount received, 2 decimal places.")
    currency: str = strawberry.field(description="ISO 4217 currency code of the amount.")
    exchange_rate: Decimal | None = strawberry.field(
        description="The payment's own exchange rate: units of the connected books' home "
        "currency for one unit of `currency`. Null: the accounting platform uses its rate."
    )
    method: str | None = strawberry.field(description="How it was paid, e.g. card, check.")
    reference: str | None = strawberry.field(description="Check number or processor reference.")
    origin: PaymentOrigin = strawberry.field(description="Where it was first recorded.")
    refunded_amount: Decimal = strawberry.field(description="Sum of the refunds of this payment.")
    created_at: dt.datetime = strawberry.field(description="When it was recorded (UTC).")
    customer_id: strawberry.Private[UUID | None]
    local_id: strawberry.Private[UUID]

    @strawberry.field(description="The customer who paid; null if unknown.")
    async def customer(self, info: Info) -> Customer | None:
        """Loaded in one batch for every payment of the response."""
        if self.customer_id is None:
            return None
        customer = await loaders.customer_loader(info).load(self.customer_id)
        return Customer.from_model(customer) if customer is not None else None

    @strawberry.field(description="How the payment was split across invoices, oldest first.")
    async def applications(self, info: Info) -> list[PaymentApplication]:
        """Loaded in one batch for every payment of the response."""
        rows = await loaders.payment_applications_loader(info).load(self.local_id)
        return [PaymentApplication.from_model(row) for row in rows]

    @strawberry.field(description="Refunds of this payment, oldest first.")
    async def refunds(self, info: Info) -> list[Refund]:
        """Loaded in one batch for every payment of the response."""
        rows = await loaders.refunds_loader(info).load(self.local_id)
        return [Refund.from_model(row) for row in rows]

    @classmethod
    def from_model(cls, payment: PaymentModel) -> Payment:
        """Build from the model."""
        return cls(
            id=encode_id(PAYMENT_TYPE, payment.id),
            date=payment.date,
            amount=payment.amount,
            currency=payment.currency,
            exchange_rate=payment.exchange_rate,
            method=payment.method,
            reference=payment.reference,
            origin=payment.origin,
            refunded_amount=payment.refunded_amount,
            created_at=payment.created_at,
            customer_id=payment.customer_id,  # type: ignore[attr-defined]
            local_id=payment.id,
        )
