"""A local payment split over several invoices (one cheque for two invoices), for every provider.

QuickBooks Online takes it as one Payment with a line per invoice; Xero, whose Payment pays one
invoice, as one BatchPayment with a Payment per invoice. Either way it is pushed once, its mapping
holds the one remote record, and pulling payments afterwards applies nothing a second time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.models import ExternalMapping, Invoice, Payment, PaymentApplication
from core.models.enums import Entity, ItemOutcome, MappingState, SyncKind, SyncRunStatus
from tests.core.sync.pull_drivers import Books

pytestmark = pytest.mark.usefixtures("app")


async def _split_payment(books: Books, parts: list[tuple[Invoice, str]]) -> Payment:
    payment = await Payment.create(
        firm=books.firm,
        customer_id=parts[0][0].customer_id,  # type: ignore[attr-defined]
        date=date(2026, 3, 4),
        amount=sum((Decimal(amount) for _, amount in parts), Decimal("0")),
        reference="CHK-1042",
    )
    for invoice, amount in parts:
        await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal(amount))
    return payment


def _deposits(books: Books) -> list[str]:
    """The ids of the remote records a deposit is: Xero batch payments, QuickBooks Payments."""
    state: Any = books.sim.state(books.app)
    if books.sim.provider == "XERO":
        return [r["BatchPaymentID"] for r in state.entities(books.company, "batch_payments")]
    return [r["Id"] for r in state.entities(books.company, "Payment")]


def _paid(books: Books) -> dict[str, Decimal]:
    """What the remote company received for each invoice, summed over its payments."""
    state: Any = books.sim.state(books.app)
    paid: dict[str, Decimal] = {}
    if books.sim.provider == "XERO":
        for row in state.entities(books.company, "payments"):
            invoice_id = row["Invoice"]["InvoiceID"]
            paid[invoice_id] = paid.get(invoice_id, Decimal("0")) + Decimal(str(row["Amount"]))
        return paid
    for row in state.entities(books.company, "Payment"):
        for line in row["Line"]:
            invoice_id = line["LinkedTxn"][0]["TxnId"]
            paid[invoice_id] = paid.get(invoice_id, Decimal("0")) + Decimal(str(line["Amount"]))
    return paid


async def _local_amounts(books: Books) -> list[tuple[str, Decimal, Decimal]]:
    rows = await Invoice.filter(firm=books.firm).order_by("number")
    return [(i.number, i.amount_paid, i.balance) for i in rows]


async def test_split_payment_is_pushed_once_and_the_pull_does_not_apply_it_again(books) -> None:
    first, first_id = await books.linked_invoice("41", "100.00")
    second, second_id = await books.linked_invoice("42", "100.00")
    payment = await _split_payment(books, [(first, "100.00"), (second, "40.00")])

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    pushed = [(i.outcome, i.action) for i in items if i.entity is Entity.PAYMENT]
    assert pushed == [(ItemOutcome.SUCCEEDED, "CREATED")]
    (deposit,) = _deposits(books)
    link = await ExternalMapping.get(entity=Entity.PAYMENT, local_id=payment.id)
    assert link.state is MappingState.SYNCED
    assert link.remote_id == deposit
    assert _paid(books) == {first_id: Decimal("100.00"), second_id: Decimal("40.00")}

    local_before = await _local_amounts(books)
    again, again_items = await books.run(SyncKind.FULL_SYNC)
    await books.forget_checkpoint()
    pulled, pulled_items = await books.pull_payments()

    assert again.status is SyncRunStatus.SUCCEEDED, again.error
    assert pulled.status is SyncRunStatus.SUCCEEDED, pulled.error
    assert _deposits(books) == [deposit]
    assert _paid(books) == {first_id: Decimal("100.00"), second_id: Decimal("40.00")}
    remote_payments = 2 if books.sim.provider == "XERO" else 1
    for run_items in (again_items, pulled_items):
        seen = [i for i in run_items if i.entity is Entity.PAYMENT]
        assert [i.outcome for i in seen] == [ItemOutcome.SKIPPED] * remote_payments
        assert all("already recorded" in (i.message or "") for i in seen)
    assert await Payment.filter(firm=books.firm).count() == 1
    assert await PaymentApplication.filter(payment=payment).count() == 2
    assert await _local_amounts(books) == local_before


@pytest.mark.parametrize("sim", ["xero"], indirect=True)
async def test_xero_split_payment_lines_are_skipped_as_part_of_the_pushed_batch(books) -> None:
    first, _ = await books.linked_invoice("43", "100.00")
    second, _ = await books.linked_invoice("44", "100.00")
    await _split_payment(books, [(first, "25.00"), (second, "75.00")])
    run, _ = await books.run(SyncKind.FULL_SYNC)
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    await books.forget_checkpoint()
    (batch_id,) = _deposits(books)
    state: Any = books.sim.state(books.app)
    line_ids = [r["PaymentID"] for r in state.entities(books.company, "payments")]

    pulled, items = await books.pull_payments()

    assert pulled.status is SyncRunStatus.SUCCEEDED, pulled.error
    skipped = [(i.remote_id, i.outcome) for i in items if i.entity is Entity.PAYMENT]
    assert sorted(skipped) == sorted((line, ItemOutcome.SKIPPED) for line in line_ids)
    for item in [i for i in items if i.entity is Entity.PAYMENT]:
        assert f"part of Xero payment {batch_id}" in (item.message or "")
    assert await ExternalMapping.filter(entity=Entity.PAYMENT).count() == 1
