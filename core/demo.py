"""Demo data for firm ``demo-firm``: customers, items, invoices in several states, payments.

Seeding is idempotent: a firm that already has invoices is left as it is, so running
``ledgersync demo`` again keeps whatever was changed through the API in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tortoise.transactions import in_transaction

from core.models import (
    Customer,
    Firm,
    Invoice,
    InvoiceLine,
    Item,
    Membership,
    Payment,
    PaymentApplication,
    User,
)
from core.models.enums import InvoiceStatus, Role

DEMO_FIRM = "demo-firm"
DEMO_USER = "demo-admin"
DEMO_EMAIL = "admin@demo-firm.example"
DEMO_NAME = "Demo Admin"
DEMO_STAFF_USER = "demo-staff"
DEMO_STAFF_EMAIL = "staff@demo-firm.example"
DEMO_STAFF_NAME = "Demo Staff"

CUSTOMERS = (
    ("Acme Corporation", "ap@acme.example", "Springfield"),
    ("Globex Inc.", "billing@globex.example", "Cypress Creek"),
    ("Initech LLC", "accounts@initech.example", "Austin"),
)
ITEMS = (
    ("Consulting hour", Decimal("150.00"), "CONS-HR"),
    ("Monthly bookkeeping", Decimal("400.00"), "BOOK-MO"),
    ("Tax return filing", Decimal("750.00"), "TAX-RET"),
)


@dataclass(frozen=True, slots=True)
class _InvoicePlan:
    number: str
    customer: int
    lines: tuple[tuple[int, Decimal], ...]  # (item index, quantity)
    status: InvoiceStatus
    issued_days_ago: int
    due_in_days: int
    paid: Decimal = Decimal("0")


PLANS = (
    _InvoicePlan("INV-1001", 0, ((0, Decimal("3")),), InvoiceStatus.DRAFT, 0, 30),
    _InvoicePlan("INV-1002", 1, ((1, Decimal("1")), (0, Decimal("2"))), InvoiceStatus.SENT, 5, 25),
    _InvoicePlan("INV-1003", 2, ((2, Decimal("1")),), InvoiceStatus.OVERDUE, 45, -15),
    _InvoicePlan(
        "INV-1004", 0, ((1, Decimal("1")),), InvoiceStatus.PAID, 20, 10, paid=Decimal("400.00")
    ),
    _InvoicePlan(
        "INV-1005",
        1,
        ((0, Decimal("4")),),
        InvoiceStatus.PARTIAL,
        12,
        18,
        paid=Decimal("250.00"),
    ),
)


@dataclass(frozen=True, slots=True)
class SeedResult:
    """What the seeding did."""

    created: bool
    customers: int
    items: int
    invoices: int
    payments: int


async def seed_demo(today: dt.date | None = None) -> SeedResult:
    """Create the demo firm and its books unless they exist; one transaction."""
    today = today or dt.datetime.now(dt.UTC).date()
    async with in_transaction():
        firm, _ = await Firm.get_or_create(
            external_id=DEMO_FIRM, defaults={"name": "Demo Accounting Firm"}
        )
        if await Invoice.filter(firm=firm).exists():
            return await _counts(firm, created=False)
        user, _ = await User.get_or_create(
            external_id=DEMO_USER, defaults={"email": DEMO_EMAIL, "name": DEMO_NAME}
        )
        await Membership.get_or_create(user=user, firm=firm, defaults={"role": Role.FIRM_ADMIN})
        customers = [
            await Customer.create(firm=firm, name=name, email=email, city=city)
            for name, email, city in CUSTOMERS
        ]
        items = [
            await Item.create(firm=firm, name=name, unit_price=price, sku=sku)
            for name, price, sku in ITEMS
        ]
        for plan in PLANS:
            await _create_invoice(firm, customers, items, plan, today)
        return await _counts(firm, created=True)


async def _create_invoice(
    firm: Firm, customers: list[Customer], items: list[Item], plan: _InvoicePlan, today: dt.date
) -> None:
    issue_date = today - dt.timedelta(days=plan.issued_days_ago)
    subtotal = sum((items[i].unit_price * qty for i, qty in plan.lines), Decimal("0"))
    issued_at = None
    if plan.status is not InvoiceStatus.DRAFT:
        issued_at = dt.datetime.combine(issue_date, dt.time(9), tzinfo=dt.UTC)
    invoice = await Invoice.create(
        firm=firm,
        customer=customers[plan.customer],
        number=plan.number,
        issue_date=issue_date,
        due_date=issue_date + dt.timedelta(days=plan.issued_days_ago + plan.due_in_days),
        status=plan.status,
        subtotal=subtotal,
        total=subtotal,
        amount_paid=plan.paid,
        balance=subtotal - plan.paid,
        issued_at=issued_at,
        paid_at=issued_at if plan.status is InvoiceStatus.PAID else None,
    )
    for position, (index, quantity) in enumerate(plan.lines):
        item = items[index]
        await InvoiceLine.create(
            invoice=invoice,
            position=position,
            item=item,
            description=item.name,
            quantity=quantity,
            unit_price=item.unit_price,
            amount=item.unit_price * quantity,
        )
    if plan.paid > 0:
        payment = await Payment.create(
            firm=firm,
            customer=customers[plan.customer],
            date=today - dt.timedelta(days=1),
            amount=plan.paid,
            method="Bank transfer",
            reference=f"PAY-{plan.number}",
        )
        await PaymentApplication.create(payment=payment, invoice=invoice, amount=plan.paid)


async def _counts(firm: Firm, *, created: bool) -> SeedResult:
    return SeedResult(
        created=created,
        customers=await Customer.filter(firm=firm).count(),
        items=await Item.filter(firm=firm).count(),
        invoices=await Invoice.filter(firm=firm).count(),
        payments=await Payment.filter(firm=firm).count(),
    )
