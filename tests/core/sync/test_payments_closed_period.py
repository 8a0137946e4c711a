"""A local payment pushed into a closed period (QuickBooks Online: books closed; Xero: a lock
date) fails on its own with the platform's period-closed error and its hint, and is created
exactly once by the sync after the period is reopened, for every provider."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.models import ExternalMapping, Payment, PaymentApplication
from core.models.enums import Entity, ItemOutcome, MappingState, SyncKind, SyncRunStatus
from tests.core.sync.pull_drivers import Books

pytestmark = pytest.mark.usefixtures("app")

PERIOD_CLOSED = {"QUICKBOOKS_ONLINE": "QBO-6210", "XERO": "XERO-PERIOD-LOCKED"}


def _close_books(books: Books, through: date | None) -> None:
    """QuickBooks Online's closing date; Xero's end of year lock date (None reopens)."""
    state: Any = books.sim.state(books.app)
    if books.sim.provider == "XERO":
        state.set_lock_dates(books.company, end_of_year_lock_date=through)
    else:
        state.close_books(books.company, through)


def _remote_payments(books: Books) -> list[dict[str, Any]]:
    state: Any = books.sim.state(books.app)
    kind = "payments" if books.sim.provider == "XERO" else "Payment"
    rows: list[dict[str, Any]] = state.entities(books.company, kind)
    return rows


async def test_payment_into_closed_period_fails_with_hint_then_reopened_creates_once(
    books,
) -> None:
    invoice, _ = await books.linked_invoice("41", "100.00")  # pushed while the period was open
    payment = await Payment.create(
        firm=books.firm,
        customer_id=invoice.customer_id,  # type: ignore[attr-defined]
        date=date(2026, 3, 4),
        amount=Decimal("40.00"),
    )
    await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal("40.00"))
    _close_books(books, date(2026, 3, 31))
    code = PERIOD_CLOSED[books.sim.provider]

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.FAILED  # its only push failed
    (failed,) = [i for i in items if i.entity is Entity.PAYMENT]
    assert (failed.outcome, failed.error_code) == (ItemOutcome.FAILED, code)
    assert failed.local_id == payment.id
    assert "sync start date" in (failed.hint or "")
    mapping = await ExternalMapping.get(entity=Entity.PAYMENT, local_id=payment.id)
    assert (mapping.state, mapping.last_error_code, mapping.remote_id) == (
        MappingState.ERROR,
        code,
        None,
    )
    assert _remote_payments(books) == []

    _close_books(books, None)
    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    (created,) = [i for i in items if i.entity is Entity.PAYMENT]
    assert created.outcome is ItemOutcome.SUCCEEDED
    (remote,) = _remote_payments(books)
    mapping = await ExternalMapping.get(entity=Entity.PAYMENT, local_id=payment.id)
    assert mapping.state is MappingState.SYNCED
    assert mapping.remote_id == (
        remote["PaymentID"] if books.sim.provider == "XERO" else remote["Id"]
    )
