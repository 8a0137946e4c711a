"""Applying payments to invoices: status moves, overpayment and all-or-nothing writes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import InvalidState, Overpayment, ValidationFailed
from core.models import Customer, Firm, Invoice, Membership, Payment, PaymentApplication, User
from core.models.enums import InvoiceStatus, PaymentOrigin, Role
from core.services import payments as service
from core.services.invoices import InvoiceDraft, LineInput, create_invoice, issue_invoice
from core.services.payments import ApplicationInput, PaymentInput
from core.services.tenancy import Viewer


@pytest.fixture
async def viewer(app) -> Viewer:
    firm = await Firm.create(external_id="firm-a", name="A")
    user = await User.create(external_id="user-a", name="Ada")
    await Membership.create(user=user, firm=firm, role=Role.STAFF)
    return Viewer(
        user_id=user.id,
        firm_id=firm.id,
        role=Role.STAFF,
        user_external_id="user-a",
        firm_external_id="firm-a",
    )


async def _sent_invoice(viewer: Viewer, customer: Customer, price: str) -> Invoice:
    line = LineInput(description="Work", unit_price=Decimal(price))
    invoice = await create_invoice(viewer, InvoiceDraft(customer_id=customer.id, lines=[line]))
    return await issue_invoice(viewer, invoice.id)


@pytest.fixture
async def customer(viewer) -> Customer:
    return await Customer.create(firm_id=viewer.firm_id, name="Acme", currency="USD")


def _pay(amount: str, *applications: tuple[Invoice, str]) -> PaymentInput:
    return PaymentInput(
        amount=Decimal(amount),
        applications=[
            ApplicationInput(invoice_id=i.id, amount=Decimal(a)) for i, a in applications
        ],
    )


async def test_record_payment_partial_then_full(viewer, customer) -> None:
    invoice = await _sent_invoice(viewer, customer, "120.00")
    payment = await service.record_payment(viewer, _pay("20.00", (invoice, "20.00")))
    stored = await Invoice.get(id=invoice.id)
    assert (stored.status, stored.amount_paid, stored.balance) == (
        InvoiceStatus.PARTIAL,
        Decimal("20.00"),
        Decimal("100.00"),
    )
    assert (payment.origin, payment.customer_id) == (PaymentOrigin.LOCAL, customer.id)  # type: ignore[attr-defined]
    await service.record_payment(viewer, _pay("100.00", (invoice, "100.00")))
    stored = await Invoice.get(id=invoice.id)
    assert (stored.status, stored.balance) == (InvoiceStatus.PAID, Decimal("0.00"))
    assert stored.paid_at is not None


async def test_record_payment_unapplied_needs_a_customer(viewer, customer) -> None:
    with pytest.raises(ValidationFailed):
        await service.record_payment(viewer, _pay("5.00"))
    payment = await service.record_payment(
        viewer, PaymentInput(amount=Decimal("5.00"), applications=[], customer_id=customer.id)
    )
    assert payment.currency == "USD"


async def test_record_payment_overpayment_names_invoice_and_writes_nothing(
    viewer, customer
) -> None:
    first = await _sent_invoice(viewer, customer, "50.00")
    second = await _sent_invoice(viewer, customer, "30.00")
    with pytest.raises(Overpayment, match=f"Invoice {second.number}"):
        await service.record_payment(viewer, _pay("90.00", (first, "50.00"), (second, "40.00")))
    assert (await Invoice.get(id=first.id)).amount_paid == Decimal("0.00")
    assert await Payment.all().count() == 0


async def test_record_payment_failure_midway_rolls_back(viewer, customer, monkeypatch) -> None:
    first = await _sent_invoice(viewer, customer, "50.00")
    second = await _sent_invoice(viewer, customer, "30.00")
    real = service.apply_to_invoice
    seen: list[Invoice] = []

    async def fail_second(invoice: Invoice, amount: Decimal) -> None:
        seen.append(invoice)
        if len(seen) == 2:
            raise RuntimeError("boom")
        await real(invoice, amount)

    monkeypatch.setattr(service, "apply_to_invoice", fail_second)
    with pytest.raises(RuntimeError):
        await service.record_payment(viewer, _pay("80.00", (first, "50.00"), (second, "30.00")))
    stored = await Invoice.get(id=first.id)
    assert (stored.status, stored.amount_paid, stored.paid_at) == (
        InvoiceStatus.SENT,
        Decimal("0.00"),
        None,
    )
    assert await PaymentApplication.all().count() == 0
    assert await Payment.all().count() == 0


async def test_record_payment_refuses_drafts_and_duplicate_invoices(viewer, customer) -> None:
    draft = await create_invoice(
        viewer,
        InvoiceDraft(
            customer_id=customer.id, lines=[LineInput(description="W", unit_price=Decimal(1))]
        ),
    )
    with pytest.raises(InvalidState):
        await service.record_payment(viewer, _pay("1.00", (draft, "1.00")))
    sent = await _sent_invoice(viewer, customer, "10.00")
    with pytest.raises(ValidationFailed):
        await service.record_payment(viewer, _pay("2.00", (sent, "1.00"), (sent, "1.00")))
    with pytest.raises(ValidationFailed):
        await service.record_payment(viewer, _pay("1.001", (sent, "1.001")))
