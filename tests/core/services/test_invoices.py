"""Totals arithmetic, numbering, validation and state rules of the invoice service."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import Duplicate, InvalidState, InvoiceLocked, NotFound, ValidationFailed
from core.models import Activity, Customer, Firm, Invoice, InvoiceLine, Membership, User
from core.models.enums import DocType, InvoiceStatus, Role
from core.services import invoices as service
from core.services.invoice_lines import LineInput, PricedLine, line_amounts, totals_of
from core.services.invoices import InvoiceChanges, InvoiceDraft
from core.services.tenancy import Viewer


async def _viewer(firm_ref: str) -> Viewer:
    firm = await Firm.create(external_id=firm_ref, name=firm_ref)
    user = await User.create(external_id=f"user-{firm_ref}", name="Ada")
    await Membership.create(user=user, firm=firm, role=Role.STAFF)
    return Viewer(
        user_id=user.id,
        firm_id=firm.id,
        role=Role.STAFF,
        user_external_id=user.external_id,
        firm_external_id=firm.external_id,
    )


@pytest.fixture
async def viewer(app) -> Viewer:
    return await _viewer("firm-a")


@pytest.fixture
async def customer(viewer) -> Customer:
    return await Customer.create(firm_id=viewer.firm_id, name="Acme", currency="CAD")


def _draft(customer: Customer, *lines: LineInput, **fields) -> InvoiceDraft:
    return InvoiceDraft(customer_id=customer.id, lines=list(lines), **fields)


LINE = LineInput(
    description="Consulting",
    quantity=Decimal(3),
    unit_price=Decimal("19.99"),
    tax_rate=Decimal("8.25"),
)


def test_line_amounts_three_at_19_99_with_8_25_percent_tax() -> None:
    assert line_amounts(Decimal(3), Decimal("19.99"), Decimal("8.25")) == (
        Decimal("59.97"),
        Decimal("4.95"),
    )


def test_line_amounts_round_half_up_to_cents() -> None:
    # 0.5 * 0.01 = 0.005 → 0.01 (banker's rounding would give 0.00); 10 % of 0.05 = 0.005 → 0.01
    assert line_amounts(Decimal("0.5"), Decimal("0.01"), Decimal(0)) == (
        Decimal("0.01"),
        Decimal("0.00"),
    )
    assert line_amounts(Decimal(1), Decimal("0.05"), Decimal(10)) == (
        Decimal("0.05"),
        Decimal("0.01"),
    )


def test_totals_sum_the_rounded_lines() -> None:
    lines = [
        PricedLine(
            None, "a", Decimal(1), Decimal("0.05"), Decimal(10), Decimal("0.05"), Decimal("0.01")
        ),
        PricedLine(
            None, "b", Decimal(1), Decimal("0.05"), Decimal(10), Decimal("0.05"), Decimal("0.01")
        ),
    ]
    totals = totals_of(lines)
    # Rounding per line: 0.01 + 0.01, not round(0.10 * 10 %) = 0.01.
    assert (totals.subtotal, totals.tax_total, totals.total) == (
        Decimal("0.10"),
        Decimal("0.02"),
        Decimal("0.12"),
    )


async def test_create_invoice_stores_totals_lines_and_activity(viewer, customer) -> None:
    invoice = await service.create_invoice(viewer, _draft(customer, LINE, LINE), ip="10.0.0.1")
    stored = await Invoice.get(id=invoice.id)
    assert (stored.subtotal, stored.tax_total, stored.total, stored.balance) == (
        Decimal("119.94"),
        Decimal("9.90"),
        Decimal("129.84"),
        Decimal("129.84"),
    )
    assert (stored.status, stored.currency, stored.number) == (InvoiceStatus.DRAFT, "CAD", "1")
    assert [
        line.position
        for line in await InvoiceLine.filter(invoice_id=invoice.id).order_by("position")
    ] == [0, 1]
    activity = await Activity.get(subject_id=invoice.id)
    assert (activity.description, activity.ip_address) == ("Invoice 1 created by Ada", "10.0.0.1")


async def test_create_invoice_numbers_per_firm_and_doc_type(viewer, customer) -> None:
    other = await _viewer("firm-b")
    other_customer = await Customer.create(firm_id=other.firm_id, name="Other")
    await service.create_invoice(other, _draft(other_customer, LINE, number="500"))
    await service.create_invoice(viewer, _draft(customer, LINE, number="41"))
    made = await service.create_invoice(viewer, _draft(customer, LINE))
    estimate = await service.create_invoice(
        viewer, _draft(customer, LINE, doc_type=DocType.ESTIMATE)
    )
    assert (made.number, estimate.number) == ("42", "1")
    with pytest.raises(Duplicate):
        await service.create_invoice(viewer, _draft(customer, LINE, number=" 42 "))


async def test_create_invoice_customer_of_other_firm_is_not_found(viewer) -> None:
    other = await _viewer("firm-b")
    foreign = await Customer.create(firm_id=other.firm_id, name="Other")
    with pytest.raises(NotFound):
        await service.create_invoice(viewer, _draft(foreign, LINE))


async def test_create_invoice_bad_currency_is_refused(viewer, customer) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await service.create_invoice(viewer, _draft(customer, LINE, currency="dollars"))
    assert caught.value.field == "currency"
    assert await Invoice.all().count() == 0


async def test_update_invoice_locked_raises_invoice_locked(viewer, customer) -> None:
    invoice = await service.create_invoice(viewer, _draft(customer, LINE))
    await Invoice.filter(id=invoice.id).update(locked=True)
    with pytest.raises(InvoiceLocked):
        await service.update_invoice(viewer, invoice.id, InvoiceChanges(memo="x"))
    assert (await Invoice.get(id=invoice.id)).memo is None


async def test_update_invoice_customer_change_refused_once_paid(viewer, customer) -> None:
    invoice = await service.create_invoice(viewer, _draft(customer, LINE))
    other = await Customer.create(firm_id=viewer.firm_id, name="Globex")
    await Invoice.filter(id=invoice.id).update(amount_paid=Decimal("1.00"))
    with pytest.raises(InvalidState):
        await service.update_invoice(viewer, invoice.id, InvoiceChanges(customer_id=other.id))


async def test_issue_invoice_rules(viewer, customer) -> None:
    invoice = await service.create_invoice(viewer, _draft(customer, LINE))
    issued = await service.issue_invoice(viewer, invoice.id)
    assert issued.status == InvoiceStatus.SENT
    assert issued.issued_at is not None
    with pytest.raises(InvalidState):
        await service.issue_invoice(viewer, invoice.id)
    empty = await service.create_invoice(viewer, _draft(customer))
    with pytest.raises(InvalidState, match="no lines"):
        await service.issue_invoice(viewer, empty.id)
    free = LineInput(description="Free", unit_price=Decimal(0))
    zero = await service.create_invoice(viewer, _draft(customer, free))
    with pytest.raises(InvalidState, match="totals zero"):
        await service.issue_invoice(viewer, zero.id)
