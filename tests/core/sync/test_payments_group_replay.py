"""A payment group whose answer was lost is resent exactly as it was first sent, for every provider.

The platform's idempotency key covers a whole write (Xero's Idempotency-Key; QuickBooks' batch
requestid), so the retried group must carry the very same payments: the ones that arrived since
go in a group of their own, and a member that would not be sent today (its date is now before
the sync start date) still goes with its group. Before the retry, the pull must not import the
payments that write created as new ones: they are the local payments, pushed.

Xero: single-invoice payments go as ``PUT /Payments``, the split one as ``PUT /BatchPayments``;
the batch payment's answer is lost after commit. QuickBooks: every payment goes through one
``/batch`` whose answer is lost after commit. And an answer that arrives after another run stored
the payment's outcome is not written over it.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.models import ExternalMapping, Invoice, Payment, PaymentApplication
from core.models.enums import (
    Entity,
    ItemOutcome,
    MappingState,
    PaymentOrigin,
    SyncKind,
    SyncRunStatus,
)
from core.sync.ports import RateLimited
from core.sync.records import PushOutcome
from integrations.xero.kit import SIMULATOR_PATH as XERO_PATH
from integrations.xero.simulator.faults import FaultKind
from tests.core.sync.pull_drivers import Books

pytestmark = pytest.mark.usefixtures("app")


async def _pay(books: Books, parts: list[tuple[Invoice, str]], when: date) -> Payment:
    payment = await Payment.create(
        firm=books.firm,
        customer_id=parts[0][0].customer_id,  # type: ignore[attr-defined]
        date=when,
        amount=sum((Decimal(amount) for _, amount in parts), Decimal("0")),
    )
    for invoice, amount in parts:
        await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal(amount))
    return payment


def _drop_the_next_payment_write(books: Books) -> None:
    """The answer of the next payment write is lost after the platform committed it."""
    state: Any = books.sim.state(books.app)
    if books.sim.provider == "XERO":
        path = XERO_PATH + "/api.xro/2.0/BatchPayments"
        state.inject_fault(FaultKind.DROP_AFTER_COMMIT, method="PUT", path=path)
    else:
        state.inject_fault("drop_response", path="batch")


def _deposits(books: Books) -> list[tuple[str, Decimal]]:
    """What the remote company received, one entry per deposit (a Xero batch payment counts
    once, with its total), sorted."""
    state: Any = books.sim.state(books.app)
    if books.sim.provider == "XERO":
        batches = [
            ("batch", Decimal(str(b["TotalAmount"])))
            for b in state.entities(books.company, "batch_payments")
        ]
        singles = [
            ("payment", Decimal(str(p["Amount"])))
            for p in state.entities(books.company, "payments")
            if not p.get("BatchPaymentID")
        ]
        return sorted(batches + singles)
    return sorted(
        ("batch" if len(p["Line"]) > 1 else "payment", Decimal(str(p["TotalAmt"])))
        for p in state.entities(books.company, "Payment")
    )


async def test_payment_group_answer_lost_then_new_payments_each_payment_is_pushed_once(
    books: Books,
) -> None:
    invoices = [(await books.linked_invoice(str(500 + n)))[0] for n in range(5)]
    early = await _pay(books, [(invoices[0], "11.00")], date(2026, 3, 2))
    await _pay(books, [(invoices[1], "12.00")], date(2026, 3, 4))
    await _pay(books, [(invoices[2], "13.00")], date(2026, 3, 4))
    await _pay(books, [(invoices[3], "20.00"), (invoices[4], "30.00")], date(2026, 3, 4))
    _drop_the_next_payment_write(books)

    run, _ = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.FAILED  # the answer never came back
    expected_first = [
        ("batch", Decimal("50.00")),
        ("payment", Decimal("11.00")),
        ("payment", Decimal("12.00")),
        ("payment", Decimal("13.00")),
    ]
    assert _deposits(books) == expected_first  # ...but the platform holds every payment
    pending = await ExternalMapping.filter(entity=Entity.PAYMENT, state=MappingState.PENDING)
    assert len(pending) == 4

    await _pay(books, [(invoices[1], "5.00")], date(2026, 3, 5))  # arrives before the retry
    books.connection.settings = {**books.connection.settings, "sync_start_date": "2026-03-03"}
    await books.connection.save(update_fields=["settings"])
    assert early.date < date(2026, 3, 3)  # no longer a candidate, still in the lost group

    run, _ = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _deposits(books) == sorted([*expected_first, ("payment", Decimal("5.00"))])
    payments = await Payment.filter(firm=books.firm)
    assert {p.origin for p in payments} == {PaymentOrigin.LOCAL}  # nothing pulled back as new
    assert len(payments) == 5
    mappings = await ExternalMapping.filter(entity=Entity.PAYMENT)
    assert [m.state for m in mappings] == [MappingState.SYNCED] * 5
    assert len({m.remote_id for m in mappings}) == 5


async def test_payment_answer_arriving_after_another_run_stored_one_is_not_written_over_it(
    books: Books, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoice, _ = await books.linked_invoice("3500")
    payment = await Payment.create(
        firm=books.firm,
        customer_id=invoice.customer_id,  # type: ignore[attr-defined]
        date=date(2026, 3, 4),
        amount=Decimal("40.00"),
    )
    await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal("40.00"))
    create = books.kit.session

    @asynccontextmanager
    async def session_answering_late(env, target):  # type: ignore[no-untyped-def]
        async with create(env, target) as session:
            real = session.create_payments

            async def throttled_after_another_run(records):  # type: ignore[no-untyped-def]
                outcomes = await real(records)  # created; another run stores it first
                await ExternalMapping.filter(entity=Entity.PAYMENT).update(
                    state=MappingState.SYNCED, remote_id=outcomes[0].ref.id
                )
                throttled = RateLimited("throttled", retry_after=1)
                return [PushOutcome.failure(throttled) for _ in records]

            session.create_payments = throttled_after_another_run
            yield session

    monkeypatch.setattr(books.kit, "session", session_answering_late)  # the registry's kit
    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    (pushed,) = [i for i in items if i.entity is Entity.PAYMENT]
    assert (pushed.outcome, pushed.message) == (
        ItemOutcome.SKIPPED,
        "pushed by another sync run meanwhile",
    )
    mapping = await ExternalMapping.get(entity=Entity.PAYMENT)
    assert mapping.state is MappingState.SYNCED  # not reopened under a new key
