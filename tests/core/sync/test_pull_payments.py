"""The payments pull: apply, filter, record, reverse, resume.

The core cases (full payment, partial then full, a second run) run for every provider on the
simulators mounted in the app (Xero's exchanges checked against its spec); the QuickBooks-specific
ones use the in-process QBO simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.models import Activity, ExternalMapping, Payment, PaymentApplication
from core.models.enums import (
    ActivitySource,
    Entity,
    InvoiceStatus,
    ItemOutcome,
    PaymentOrigin,
    SyncKind,
    SyncRunStatus,
)
from core.sync.pull import PAYMENTS_CHECKPOINT, pull_payments
from core.sync.records import RemotePayment
from core.sync.session import PaymentPage
from tests.core.sync.pull_support import PullWorld, connect

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
async def world(settings) -> PullWorld:
    return await connect(settings)


async def test_pull_payments_full_payment_marks_invoice_paid_with_activity(books) -> None:
    invoice, remote_id = await books.linked_invoice("1042", "100.00")
    books.pay(remote_id, "100.00")

    run, items = await books.pull_payments()

    assert run.status is SyncRunStatus.SUCCEEDED
    await invoice.refresh_from_db()
    assert invoice.status is InvoiceStatus.PAID
    assert invoice.balance == Decimal("0.00")
    assert invoice.amount_paid == Decimal("100.00")
    assert invoice.paid_at is not None
    (payment,) = await Payment.filter(firm=books.firm)
    assert payment.origin is PaymentOrigin.PROVIDER
    assert [i.outcome for i in items] == [ItemOutcome.SUCCEEDED]
    assert items[0].remote_id
    assert items[0].local_id == payment.id
    activity = await Activity.get(action="payment.received")
    assert activity.source is ActivitySource.PROVIDER
    assert activity.description == (
        f"Payment received in {books.sim.display_name} — invoice 1042 marked PAID"
    )


async def test_pull_payments_partial_then_full_moves_partial_then_paid(books) -> None:
    invoice, remote_id = await books.linked_invoice("7", "100.00")
    books.pay(remote_id, "40.00")
    await books.pull_payments()
    await invoice.refresh_from_db()
    assert (invoice.status, invoice.balance) == (InvoiceStatus.PARTIAL, Decimal("60.00"))
    assert invoice.paid_at is None

    books.pay(remote_id, "60.00")
    await books.pull_payments()

    await invoice.refresh_from_db()
    assert (invoice.status, invoice.balance) == (InvoiceStatus.PAID, Decimal("0.00"))
    assert await Payment.filter(firm=books.firm).count() == 2


async def test_pull_payments_run_twice_applies_once(books) -> None:
    invoice, remote_id = await books.linked_invoice("8", "100.00")
    books.pay(remote_id, "30.00")
    await books.pull_payments()
    await books.forget_checkpoint()  # every payment is read again

    run, items = await books.pull_payments()

    await invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("30.00")
    assert await Payment.filter(firm=books.firm).count() == 1
    assert [i.outcome for i in items] == [ItemOutcome.SKIPPED]
    assert "already recorded" in (items[0].message or "")
    assert run.status is SyncRunStatus.SUCCEEDED


async def test_pull_payments_method_not_in_filter_is_skipped_with_reason(world) -> None:
    invoice, remote, customer = await world.linked_invoice("9", "100.00")
    await world.configure(payment_methods=["Check"])
    world.remote_payment(
        str(customer["Id"]),
        "50.00",
        str(remote["Id"]),
        PaymentMethodRef={"value": "1", "name": "Cash"},
    )
    world.remote_payment(str(customer["Id"]), "10.00", str(remote["Id"]))
    world.remote_payment(
        str(customer["Id"]),
        "20.00",
        str(remote["Id"]),
        PaymentMethodRef={"value": "2", "name": "check"},
    )

    _, items = await world.run(SyncKind.PULL_PAYMENTS)

    outcomes = [(i.outcome, i.message or "") for i in items]
    assert outcomes[0][0] is ItemOutcome.SKIPPED
    assert "'Cash' is not one that syncs" in outcomes[0][1]
    assert outcomes[1][0] is ItemOutcome.SKIPPED
    assert "no payment method" in outcomes[1][1]
    assert outcomes[1][1].endswith("it was not guessed")
    assert outcomes[2][0] is ItemOutcome.SUCCEEDED
    await invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("20.00")


async def test_pull_payments_unmatched_payment_is_recorded_with_remote_id(world) -> None:
    customer = world.remote_customer("Stranger")
    other = world.remote_invoice(str(customer["Id"]), "80.00")
    payment = world.remote_payment(str(customer["Id"]), "80.00", str(other["Id"]))
    credit = world.remote_payment(str(customer["Id"]), "5.00")

    run, items = await world.run(SyncKind.PULL_PAYMENTS)

    assert run.status is SyncRunStatus.SUCCEEDED
    assert [(i.outcome, i.remote_id) for i in items] == [
        (ItemOutcome.SKIPPED, str(payment["Id"])),
        (ItemOutcome.SKIPPED, str(credit["Id"])),
    ]
    assert f"invoice {other['Id']} is not linked" in (items[0].message or "")
    assert "unapplied" in (items[1].message or "")
    assert await Payment.all().count() == 0


async def test_pull_payments_voided_payment_reverses_application(world) -> None:
    invoice, remote, _ = await world.linked_invoice("11", "100.00")
    paid = world.simulator.record_payment(world.realm, str(remote["Id"]))
    await world.run(SyncKind.PULL_PAYMENTS)
    realm = world.simulator.realm(world.realm)
    current = world.simulator.accounting.read(realm, "Payment", str(paid["Id"]))
    world.simulator.accounting.void(
        realm, "Payment", {"Id": current.id, "SyncToken": current.sync_token}, origin="seed"
    )

    _, items = await world.run(SyncKind.PULL_PAYMENTS)

    await invoice.refresh_from_db()
    assert (invoice.status, invoice.balance, invoice.paid_at) == (
        InvoiceStatus.SENT,
        Decimal("100.00"),
        None,
    )
    assert await Payment.filter(firm=world.firm).count() == 0
    assert await PaymentApplication.all().count() == 0
    assert await ExternalMapping.filter(entity=Entity.PAYMENT).count() == 0
    assert [i.action for i in items] == ["REVERSED"]
    reversed_ = await Activity.get(action="payment.reversed")
    assert "invoice 11 back to SENT" in reversed_.description


async def test_pull_payments_over_a_thousand_pages_and_saves_checkpoint_per_page(world) -> None:
    customer = world.remote_customer("Bulk")
    for _ in range(1001):
        world.remote_payment(str(customer["Id"]), "1.00")

    run, items = await world.run(SyncKind.PULL_PAYMENTS)

    assert run.status is SyncRunStatus.SUCCEEDED
    assert len(items) == 1001
    assert run.total == 1001
    assert run.skipped == 1001
    assert PAYMENTS_CHECKPOINT in world.connection.sync_state


class _FailingSecondPage:
    """A session whose second page of payments fails (the platform went away mid-pull)."""

    def __init__(self, first: PaymentPage) -> None:
        self._first = first

    async def pull_payments(self, since: datetime | None) -> AsyncIterator[PaymentPage]:
        yield self._first
        raise RuntimeError("connection reset")


async def test_pull_payments_failure_on_second_page_keeps_first_pages_checkpoint(world) -> None:
    stamp = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    page = PaymentPage(
        (
            RemotePayment(
                id="p1",
                version="0",
                date=None,
                amount=Decimal("1"),
                customer_remote_id=None,
                updated_at=stamp,
            ),
        ),
        stamp,
    )
    reporter = await world.reporter_for(SyncKind.PULL_PAYMENTS)

    with pytest.raises(RuntimeError):
        await pull_payments(reporter, _FailingSecondPage(page), world.connection)  # type: ignore[arg-type]

    await world.connection.refresh_from_db()
    assert world.connection.sync_state[PAYMENTS_CHECKPOINT] == stamp.isoformat()


async def test_pull_payments_resumes_from_checkpoint(world) -> None:
    invoice, remote, _ = await world.linked_invoice("12", "100.00")
    world.simulator.record_payment(world.realm, str(remote["Id"]), "10.00")
    await world.run(SyncKind.PULL_PAYMENTS)
    first = world.connection.sync_state[PAYMENTS_CHECKPOINT]
    world.simulator.record_payment(world.realm, str(remote["Id"]), "15.00")

    await world.run(SyncKind.PULL_PAYMENTS)

    await invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("25.00")
    assert world.connection.sync_state[PAYMENTS_CHECKPOINT] >= first
