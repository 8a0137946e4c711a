"""Input types of this domain's mutations and their conversion to the core services' values.

Conversion decodes the global IDs, so a malformed or foreign-type ID becomes a ValidationError
naming the input field (e.g. ``lines[2].itemId``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry

from core.models.enums import DocType
from core.services.amounts import AMOUNT, EXCHANGE_RATE, PRICE, QUANTITY, TAX_RATE
from core.services.customers import CURRENCY_LENGTH
from core.services.invoice_lines import DESCRIPTION_MAX_LENGTH
from core.services.invoices import (
    MEMO_MAX_LENGTH,
    NUMBER_MAX_LENGTH,
    InvoiceChanges,
    InvoiceDraft,
    LineInput,
)
from core.services.payments import (
    METHOD_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
    ApplicationInput,
    PaymentInput,
)
from graph.customers.types import CUSTOMER_TYPE, ITEM_TYPE
from graph.ids import decode_id
from graph.invoices.types import INVOICE_TYPE
from graph.validation import text_field

EXCHANGE_RATE_DESCRIPTION = (
    "Units of the connected books' home currency for one unit of this currency (e.g. 1.0850 "
    f"USD for 1 EUR), {EXCHANGE_RATE.describe()}. Sent to the accounting platform when the "
    "currency is not the books' home currency; omitted, the platform uses its own rate for the "
    "day. The rate and home-currency total the platform used are on the record's mapping."
)


@strawberry.input(description="One line of an invoice or estimate.")
class InvoiceLineInput:
    """With an item, an omitted description or unit price is taken from the item."""

    item_id: strawberry.ID | None = strawberry.field(
        default=None, description="The item sold; omit for a free-text line."
    )
    description: str | None = text_field(
        "Line text; defaults to the item's description or name.",
        max_length=DESCRIPTION_MAX_LENGTH,
        default=None,
    )
    quantity: Decimal = strawberry.field(
        default=Decimal(1), description=f"Units sold, {QUANTITY.describe()}. Default 1."
    )
    unit_price: Decimal | None = strawberry.field(
        default=None,
        description=f"Price of one unit, {PRICE.describe()}; defaults to the item's price "
        "(required without an item). A line's amount with tax, and the invoice total, are at "
        f"most {PRICE.maximum:,}.",
    )
    tax_rate: Decimal = strawberry.field(
        default=Decimal(0),
        description=f"Tax rate in percent (e.g. 8.25), {TAX_RATE.describe()}. Default 0.",
    )

    def to_core(self, index: int) -> LineInput:
        """Decode the item ID; errors name ``lines[index].itemId``."""
        item_id = (
            decode_id(self.item_id, ITEM_TYPE, field=f"lines[{index}].itemId")
            if self.item_id is not None
            else None
        )
        return LineInput(
            item_id=item_id,
            description=self.description,
            quantity=self.quantity,
            unit_price=self.unit_price,
            tax_rate=self.tax_rate,
        )


@strawberry.input(description="A new invoice or estimate. It starts as a DRAFT.")
class CreateInvoiceInput:
    """Totals are computed from the lines; they cannot be sent."""

    customer_id: strawberry.ID = strawberry.field(description="The customer billed.")
    lines: list[InvoiceLineInput] = strawberry.field(description="The lines, in display order.")
    doc_type: DocType = strawberry.field(
        default=DocType.INVOICE, description="INVOICE (the default) or ESTIMATE."
    )
    number: str | None = text_field(
        "Document number, not blank; omitted, it is the next integer after the firm's highest "
        "numeric number for this document type.",
        max_length=NUMBER_MAX_LENGTH,
        default=None,
    )
    issue_date: dt.date | None = strawberry.field(
        default=None, description="Date printed on the document; defaults to today (UTC)."
    )
    due_date: dt.date | None = strawberry.field(
        default=None, description="When payment is due: on or after the issue date."
    )
    currency: str | None = text_field(
        "ISO 4217 code; defaults to the customer's currency.",
        max_length=CURRENCY_LENGTH,
        default=None,
    )
    memo: str | None = text_field(
        "Free text for the customer.", max_length=MEMO_MAX_LENGTH, default=None
    )
    exchange_rate: Decimal | None = strawberry.field(
        default=None, description=EXCHANGE_RATE_DESCRIPTION
    )

    def to_core(self) -> InvoiceDraft:
        """Decode the IDs into the service's input."""
        return InvoiceDraft(
            customer_id=decode_id(self.customer_id, CUSTOMER_TYPE, field="customerId"),
            lines=[line.to_core(index) for index, line in enumerate(self.lines)],
            doc_type=self.doc_type,
            number=self.number,
            issue_date=self.issue_date,
            due_date=self.due_date,
            currency=self.currency,
            memo=self.memo,
            exchange_rate=self.exchange_rate,
        )


@strawberry.input(description="Changes to an invoice or estimate; omitted fields stay as they are.")
class UpdateInvoiceInput:
    """Giving ``lines`` replaces the whole line set and recomputes the totals."""

    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="A new customer (not once payments are applied)."
    )
    number: str | None = text_field(
        "A new document number.", max_length=NUMBER_MAX_LENGTH, default=None
    )
    issue_date: dt.date | None = strawberry.field(default=None, description="A new issue date.")
    due_date: dt.date | None = strawberry.field(
        default=None, description="A new due date, on or after the issue date."
    )
    currency: str | None = text_field(
        "A new ISO 4217 code (not once payments are applied).",
        max_length=CURRENCY_LENGTH,
        default=None,
    )
    memo: str | None = text_field(
        "A new memo; an empty string clears it.", max_length=MEMO_MAX_LENGTH, default=None
    )
    lines: list[InvoiceLineInput] | None = strawberry.field(
        default=None, description="The complete new set of lines."
    )
    exchange_rate: Decimal | None = strawberry.field(
        default=None, description=f"A new exchange rate. {EXCHANGE_RATE_DESCRIPTION}"
    )

    def to_core(self) -> InvoiceChanges:
        """Decode the IDs into the service's input."""
        customer_id = (
            decode_id(self.customer_id, CUSTOMER_TYPE, field="customerId")
            if self.customer_id is not None
            else None
        )
        lines = (
            [line.to_core(index) for index, line in enumerate(self.lines)]
            if self.lines is not None
            else None
        )
        return InvoiceChanges(
            customer_id=customer_id,
            number=self.number,
            issue_date=self.issue_date,
            due_date=self.due_date,
            currency=self.currency,
            memo=self.memo,
            lines=lines,
            exchange_rate=self.exchange_rate,
        )


@strawberry.input(description="The part of a payment to apply to one invoice.")
class PaymentApplicationInput:
    """At most the invoice's balance."""

    invoice_id: strawberry.ID = strawberry.field(
        description="A SENT, PARTIAL or OVERDUE invoice (not an estimate)."
    )
    amount: Decimal = strawberry.field(description=f"Amount to apply, {AMOUNT.describe()}.")


@strawberry.input(description="A payment received, applied to invoices of one customer.")
class RecordPaymentInput:
    """The applications may add up to less than the amount; the rest stays unapplied."""

    amount: Decimal = strawberry.field(description=f"Amount received, {AMOUNT.describe()}.")
    applications: list[PaymentApplicationInput] = strawberry.field(
        default_factory=list,
        description="Invoices to apply the payment to, in the payment's currency.",
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The customer who paid; inferred from the invoices when omitted.",
    )
    date: dt.date | None = strawberry.field(
        default=None, description="Date received; defaults to today (UTC)."
    )
    method: str | None = text_field(
        "E.g. card, check, cash.", max_length=METHOD_MAX_LENGTH, default=None
    )
    reference: str | None = text_field(
        "Check number or processor reference.", max_length=REFERENCE_MAX_LENGTH, default=None
    )
    exchange_rate: Decimal | None = strawberry.field(
        default=None, description=EXCHANGE_RATE_DESCRIPTION
    )

    def to_core(self) -> PaymentInput:
        """Decode the IDs into the service's input."""
        applications = [
            ApplicationInput(
                invoice_id=decode_id(
                    a.invoice_id, INVOICE_TYPE, field=f"applications[{index}].invoiceId"
                ),
                amount=a.amount,
            )
            for index, a in enumerate(self.applications)
        ]
        customer_id = (
            decode_id(self.customer_id, CUSTOMER_TYPE, field="customerId")
            if self.customer_id is not None
            else None
        )
        return PaymentInput(
            amount=self.amount,
            applications=applications,
            customer_id=customer_id,
            date=self.date,
            method=self.method,
            reference=self.reference,
            exchange_rate=self.exchange_rate,
        )
