"""Reconciliation against each provider's simulator: clean books give no discrepancy, and every
kind of drift seeded through the simulator's control API (or in the local books) is found
exactly once, with nothing else."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.models import Customer, ExternalMapping, Payment, PaymentApplication
from core.models.enums import (
    DiscrepancyKind,
    Entity,
    FixAction,
    InvoiceStatus,
    ReportStatus,
    SyncRunStatus,
)
from tests.core.sync.reconcile_support import drift, linked_invoices, reconcile
from tests.core.sync.sim_support import ListSink

pytestmark = pytest.mark.usefixtures("app")


async def test_reconcile_clean_books_finds_no_discrepancy(books) -> None:
    invoices = await linked_invoices(books, 30)
    books.pay((await ExternalMapping.get(local_id=invoices[0].id)).remote_id or "", "40.00")
    pulled, _ = await books.pull_payments()
    assert pulled.status is SyncRunStatus.SUCCEEDED

    sink = ListSink()
    run, report, found = await reconcile(books, sink=sink)

    assert run.status is SyncRunStatus.SUCCEEDED
    assert report.status is ReportStatus.COMPLETED
    # Progress goes out as the run's events (what syncProgress streams): started, a Progress
    # after each page read, finished.
    names = [type(event).__name__ for event in sink.events]
    assert names[0] == "SyncStarted"
    assert names[-1] == "SyncFinished"
    assert names.count("Progress") >= 3
    assert [(d.kind, d.label) for d in found] == []
    assert report.summary["total"] == 0
    assert report.summary["customers_differing"] == []
    assert run.total == 30


async def _remote_id(local_id: uuid.UUID) -> str:
    mapping = await ExternalMapping.get(entity=Entity.INVOICE, local_id=local_id)
    assert mapping.remote_id is not None
    return mapping.remote_id


async def _unpushed_payment(books, invoice, amount: str) -> Payment:
    payment = await Payment.create(
        firm=books.firm,
        customer_id=invoice.customer_id,
        date=datetime.now(UTC).date(),
        amount=Decimal(amount),
    )
    await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal(amount))
    invoice.balance = invoice.total - Decimal(amount)
    invoice.amount_paid = Decimal(amount)
    invoice.status = InvoiceStatus.PARTIAL
    await invoice.save()
    return payment


async def test_reconcile_each_seeded_drift_is_found_exactly_once(books) -> None:
    invoices = await linked_invoices(books, 12)
    remote = [await _remote_id(i.id) for i in invoices]
    # A payment recorded there and pulled here, then removed there.
    books.pay(remote[6], "30.00")
    pulled, _ = await books.pull_payments()
    assert pulled.status is SyncRunStatus.SUCCEEDED
    pulled_payment = await ExternalMapping.get(entity=Entity.PAYMENT)
    await drift(books, "remove_payment", pulled_payment.remote_id or "")
    # Drift in the platform's books.
    await drift(books, "total", remote[0], "130.00")
    await drift(books, "balance", remote[1], "60.00")
    await drift(books, "delete", remote[2])
    await drift(books, "void", remote[3])
    await drift(books, "add_payment", remote[4], "25.00")
    customer_remote = (await ExternalMapping.get(entity=Entity.CUSTOMER)).remote_id or ""
    stray = books.invoice(customer_remote, "55.00", "STRAY-1")
    # Drift in the local books.
    await _unpushed_payment(books, invoices[5], "10.00")
    invoices[7].currency = "EUR"
    await invoices[7].save()
    invoices[8].status = InvoiceStatus.PAID
    await invoices[8].save()
    gone = await Customer.create(firm=books.firm, name="Gone Co")
    gone_remote = str(uuid.uuid4()) if books.sim.provider == "XERO" else "987654"
    await books.map(Entity.CUSTOMER, gone.id, gone_remote)

    run, report, found = await reconcile(books)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    got = sorted((d.kind.value, d.action.value, d.local_id, d.remote_id) for d in found)
    payment_here = (await PaymentApplication.get(invoice_id=invoices[5].id)).payment_id  # type: ignore[attr-defined]
    pulled_local = pulled_payment.local_id
    added = [d.remote_id for d in found if d.kind is DiscrepancyKind.PAYMENT_MISSING_LOCALLY]
    expected = sorted(
        [
            ("TOTAL_MISMATCH", "PUSH_UPDATE", invoices[0].id, remote[0]),
            ("BALANCE_MISMATCH", "PULL_PAYMENTS", invoices[1].id, remote[1]),
            ("DELETED_REMOTELY", "HINT", invoices[2].id, remote[2]),
            ("VOIDED_REMOTELY", "HINT", invoices[3].id, remote[3]),
            ("PAYMENT_MISSING_LOCALLY", "PULL_PAYMENTS", None, added[0] if added else "?"),
            ("PAYMENT_MISSING_REMOTELY", "PUSH_PAYMENTS", payment_here, None),
            ("PAYMENT_MISSING_REMOTELY", "HINT", pulled_local, pulled_payment.remote_id),
            ("CURRENCY_MISMATCH", "HINT", invoices[7].id, remote[7]),
            ("STATUS_MISMATCH", "HINT", invoices[8].id, remote[8]),
            ("NOT_IMPORTED", "IMPORT", None, stray),
            ("REMOTE_MISSING", "HINT", gone.id, gone_remote),
        ]
    )
    assert got == expected
    kinds = {(row["kind"], row["currency"]): row for row in report.summary["kinds"]}
    assert kinds["TOTAL_MISMATCH", "USD"] == {
        "kind": "TOTAL_MISMATCH",
        "currency": "USD",
        "count": 1,
        "amount": "30.00",
    }
    assert kinds["PAYMENT_MISSING_REMOTELY", "USD"]["count"] == 2
    assert report.summary["total"] == len(expected)
    assert {d.action for d in found} <= set(FixAction)
