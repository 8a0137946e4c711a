"""The local books: customers, items, invoices and payments."""

from __future__ import annotations

from decimal import Decimal

from tortoise import fields

from core.models.base import TimestampedModel
from core.models.enums import DocType, InvoiceStatus, PaymentOrigin
from core.models.tenancy import Firm


class Customer(TimestampedModel):
    """A client of the firm, billed by invoices."""

    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="customers", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=500)
    email = fields.CharField(max_length=255, null=True)
    phone = fields.CharField(max_length=64, null=True)
    address_line1 = fields.CharField(max_length=255, null=True)
    address_line2 = fields.CharField(max_length=255, null=True)
    city = fields.CharField(max_length=128, null=True)
    region = fields.CharField(max_length=128, null=True)
    postal_code = fields.CharField(max_length=32, null=True)
    country = fields.CharField(max_length=64, null=True)
    currency = fields.CharField(max_length=3, default="USD")
    active = fields.BooleanField(default=True)

    class Meta:
        table = "customer"
        indexes = (("firm", "name"),)


class Item(TimestampedModel):
    """A product or service the firm sells."""

    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="items", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=255)
    description = fields.TextField(null=True)
    unit_price = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    sku = fields.CharField(max_length=100, null=True)
    active = fields.BooleanField(default=True)

    class Meta:
        table = "item"
        indexes = (("firm", "name"),)


class Invoice(TimestampedModel):
    """An invoice or estimate with its totals and payment state."""

    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="invoices", on_delete=fields.CASCADE
    )
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="invoices", on_delete=fields.RESTRICT
    )
    doc_type = fields.CharEnumField(DocType, max_length=16, default=DocType.INVOICE)
    number = fields.CharField(max_length=64)
    issue_date = fields.DateField()
    due_date = fields.DateField(null=True)
    currency = fields.CharField(max_length=3, default="USD")
    # Home-currency units of the connected books for one unit of ``currency``; null lets the
    # accounting platform use its own rate for the day.
    exchange_rate = fields.DecimalField(max_digits=20, decimal_places=10, null=True)
    status = fields.CharEnumField(InvoiceStatus, max_length=16, default=InvoiceStatus.DRAFT)
    subtotal = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    tax_total = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    amount_paid = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    balance = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    memo = fields.TextField(null=True)
    locked = fields.BooleanField(default=False)
    issued_at = fields.DatetimeField(null=True)
    paid_at = fields.DatetimeField(null=True)
    voided_at = fields.DatetimeField(null=True)

    lines: fields.ReverseRelation[InvoiceLine]

    class Meta:
        table = "invoice"
        unique_together = (("firm", "doc_type", "number"),)
        indexes = (("firm", "status"), ("firm", "due_date"))


class InvoiceLine(TimestampedModel):
    """One line of an invoice."""

    invoice: fields.ForeignKeyRelation[Invoice] = fields.ForeignKeyField(
        "models.Invoice", related_name="lines", on_delete=fields.CASCADE
    )
    position = fields.IntField(default=0)
    item: fields.ForeignKeyNullableRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="invoice_lines", null=True, on_delete=fields.SET_NULL
    )
    description = fields.TextField(default="")
    quantity = fields.DecimalField(max_digits=14, decimal_places=4, default=Decimal("1"))
    unit_price = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    tax_rate = fields.DecimalField(max_digits=7, decimal_places=4, default=Decimal("0"))
    amount = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))

    class Meta:
        table = "invoice_line"
        ordering = ["position"]


class Payment(TimestampedModel):
    """Money received from a customer, applied to one or more invoices."""

    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="payments", on_delete=fields.CASCADE
    )
    customer: fields.ForeignKeyNullableRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="payments", null=True, on_delete=fields.RESTRICT
    )
    date = fields.DateField()
    amount = fields.DecimalField(max_digits=14, decimal_places=2)
    currency = fields.CharField(max_length=3, default="USD")
    # As on invoices: home-currency units for one unit of ``currency``; null: the platform's.
    exchange_rate = fields.DecimalField(max_digits=20, decimal_places=10, null=True)
    method = fields.CharField(max_length=64, null=True)
    reference = fields.CharField(max_length=128, null=True)
    origin = fields.CharEnumField(PaymentOrigin, max_length=16, default=PaymentOrigin.LOCAL)
    refunded_amount = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))

    applications: fields.ReverseRelation[PaymentApplication]
    refunds: fields.ReverseRelation[Refund]

    class Meta:
        table = "payment"
        indexes = (("firm", "date"),)


class PaymentApplication(TimestampedModel):
    """The part of a payment applied to one invoice."""

    payment: fields.ForeignKeyRelation[Payment] = fields.ForeignKeyField(
        "models.Payment", related_name="applications", on_delete=fields.CASCADE
    )
    invoice: fields.ForeignKeyRelation[Invoice] = fields.ForeignKeyField(
        "models.Invoice", related_name="payment_applications", on_delete=fields.RESTRICT
    )
    amount = fields.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        table = "payment_application"


class Refund(TimestampedModel):
    """Money returned to a customer from a payment."""

    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="refunds", on_delete=fields.CASCADE
    )
    payment: fields.ForeignKeyRelation[Payment] = fields.ForeignKeyField(
        "models.Payment", related_name="refunds", on_delete=fields.RESTRICT
    )
    date = fields.DateField()
    amount = fields.DecimalField(max_digits=14, decimal_places=2)
    method = fields.CharField(max_length=64, null=True)
    reference = fields.CharField(max_length=128, null=True)
    reason = fields.TextField(null=True)

    class Meta:
        table = "refund"
