"""Payments received from customers and their application to invoices.

Recording a payment checks every application first, then writes the payment, its applications,
the invoices' new amounts and status, and the audit entry in one transaction: a failure half-way
leaves the books exactly as they were.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.errors import InvalidState, NotFound, Overpayment, ValidationFailed
from core.models import Customer, Invoice, Payment, PaymentApplication
from core.models.enums import DocType, InvoiceStatus, PaymentOrigin
from core.services.activity import record_activity
from core.services.amounts import AMOUNT
from core.services.invoices import actor_name, exchange_rate, settle_status
from core.services.tenancy import Viewer

PAYABLE = (InvoiceStatus.SENT, InvoiceStatus.PARTIAL, InvoiceStatus.OVERDUE)
# The columns' sizes.
METHOD_MAX_LENGTH = 64
REFERENCE_MAX_LENGTH = 128


@dataclass(frozen=True, slots=True)
class ApplicationInput:
    """The part of a payment to apply to one invoice."""

    invoice_id: UUID
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PaymentInput:
    """A payment as the caller sends it; the customer may be inferred from the invoices."""

    amount: Decimal
    applications: Sequence[ApplicationInput]
    customer_id: UUID | None = None
    date: date | None = None
    method: str | None = None
    reference: str | None = None
    #: Home-currency units of the connected books for one unit of the payment's currency;
    #: None lets the accounting platform use its rate for the day.
    exchange_rate: Decimal | None = None


def payments_query(
    firm_id: UUID, *, invoice_id: UUID | None = None, customer_id: UUID | None = None
) -> QuerySet[Payment]:
    """The firm's payments, optionally only those applied to one invoice or of one customer."""
    queryset = Payment.filter(firm_id=firm_id)
    if customer_id is not None:
        queryset = queryset.filter(customer_id=customer_id)
    if invoice_id is not None:
        applied = PaymentApplication.filter(invoice_id=invoice_id, invoice__firm_id=firm_id).values(
            "payment_id"
        )
        queryset = queryset.filter(id__in=Subquery(applied))
    return queryset


def _check_input(payment: PaymentInput) -> PaymentInput:
    """The payment with its amounts checked and given 2 decimals; ValidationFailed otherwise."""
    amount = AMOUNT.check(payment.amount, field="amount", label="Amount")
    applications = [
        dataclasses.replace(
            a,
            amount=AMOUNT.check(a.amount, field=f"applications[{index}].amount", label="Amount"),
        )
        for index, a in enumerate(payment.applications)
    ]
    payment = dataclasses.replace(payment, amount=amount, applications=applications)
    seen: set[UUID] = set()
    for index, application in enumerate(payment.applications):
        field = f"applications[{index}]"
        if application.invoice_id in seen:
            raise ValidationFailed("an invoice may appear only once", field=f"{field}.invoiceId")
        seen.add(application.invoice_id)
    applied = sum((a.amount for a in payment.applications), Decimal(0))
    if applied > payment.amount:
        raise ValidationFailed(
            f"the applications add up to {applied}, more than the payment amount {payment.amount}",
            field="applications",
        )
    if not payment.applications and payment.customer_id is None:
        raise ValidationFailed(
            "give a customer, or at least one invoice to apply the payment to", field="customerId"
        )
    return payment


def _check_invoice(invoice: Invoice, amount: Decimal, field: str) -> None:
    label = f"Invoice {invoice.number}"
    if invoice.doc_type != DocType.INVOICE:
        raise InvalidState(f"Estimate {invoice.number} cannot take payments", field=field)
    if invoice.status not in PAYABLE:
        raise InvalidState(
            f"{label} is {invoice.status.value}; only SENT, PARTIAL or OVERDUE invoices take "
            "payments",
            field=field,
        )
    if amount > invoice.balance:
        raise Overpayment(
            f"{amount} is more than the {invoice.balance} {invoice.currency} balance of {label}",
            field=field,
        )


async def _load_invoices(firm_id: UUID, payment: PaymentInput) -> list[Invoice]:
    ids = [a.invoice_id for a in payment.applications]
    if not ids:
        return []
    # Row locks keep two concurrent payments from both spending the same balance.
    rows = await Invoice.filter(firm_id=firm_id, id__in=ids).select_for_update()
    by_id = {row.id: row for row in rows}
    invoices = []
    for index, application in enumerate(payment.applications):
        invoice = by_id.get(application.invoice_id)
        if invoice is None:
            raise NotFound(
                "no invoice with this ID in your firm", field=f"applications[{index}].invoiceId"
            )
        _check_invoice(invoice, application.amount, f"applications[{index}].invoiceId")
        invoices.append(invoice)
    return invoices


async def _resolve_customer(
    firm_id: UUID, payment: PaymentInput, invoices: Sequence[Invoice]
) -> Customer:
    customer_ids: set[UUID] = {invoice.customer_id for invoice in invoices}  # type: ignore[attr-defined]
    if payment.customer_id is not None:
        customer_ids.add(payment.customer_id)
    if len(customer_ids) > 1:
        raise ValidationFailed(
            "all invoices must belong to one customer, the payment's", field="applications"
        )
    customer = await Customer.get_or_none(id=customer_ids.pop(), firm_id=firm_id)
    if customer is None:
        raise NotFound("no customer with this ID in your firm", field="customerId")
    return customer


def _currency(customer: Customer, invoices: Sequence[Invoice]) -> str:
    currencies = {invoice.currency for invoice in invoices}
    if len(currencies) > 1:
        raise ValidationFailed(
            "all invoices of one payment must be in the same currency", field="applications"
        )
    return currencies.pop() if currencies else customer.currency


async def apply_to_invoice(invoice: Invoice, amount: Decimal) -> None:
    """Add ``amount`` to the invoice's amount paid and move it to PARTIAL or PAID."""
    invoice.amount_paid = invoice.amount_paid + amount
    invoice.balance = invoice.total - invoice.amount_paid
    settle_status(invoice)
    await invoice.save(update_fields=["amount_paid", "balance", "status", "paid_at", "updated_at"])


def _describe(payment: Payment, invoices: Sequence[Invoice], customer: Customer, name: str) -> str:
    head = f"Payment of {payment.amount} {payment.currency} recorded by {name}"
    if not invoices:
        return f"{head} for {customer.name} (not applied to an invoice)"
    if len(invoices) == 1:
        invoice = invoices[0]
        return f"{head} for invoice {invoice.number} — invoice marked {invoice.status.value}"
    parts = ", ".join(f"{i.number} (marked {i.status.value})" for i in invoices)
    return f"{head} for invoices {parts}"


async def record_payment(
    viewer: Viewer, payment: PaymentInput, *, ip: str | None = None
) -> Payment:
    """Record a LOCAL payment and apply it to invoices of one customer and currency.

    Raises ValidationFailed, NotFound, InvalidState (estimates, drafts, paid or void invoices) or
    Overpayment (an application larger than the invoice balance, naming the invoice); then
    nothing was written.
    """
    payment = _check_input(payment)
    rate = exchange_rate(payment.exchange_rate)
    name = await actor_name(viewer)
    now = datetime.now(UTC)
    async with in_transaction():
        invoices = await _load_invoices(viewer.firm_id, payment)
        customer = await _resolve_customer(viewer.firm_id, payment, invoices)
        record = await Payment.create(
            firm_id=viewer.firm_id,
            customer_id=customer.id,
            date=payment.date or now.date(),
            amount=payment.amount,
            currency=_currency(customer, invoices),
            exchange_rate=rate,
            method=(payment.method or "").strip() or None,
            reference=(payment.reference or "").strip() or None,
            origin=PaymentOrigin.LOCAL,
        )
        for invoice, application in zip(invoices, payment.applications, strict=True):
            await PaymentApplication.create(
                payment_id=record.id, invoice_id=invoice.id, amount=application.amount
            )
            await apply_to_invoice(invoice, application.amount)
        await record_activity(
            firm_id=viewer.firm_id,
            actor_id=viewer.user_id,
            action="payment.recorded",
            subject_type="Payment",
            subject_id=record.id,
            description=_describe(record, invoices, customer, name),
            ip_address=ip,
        )
    return record
