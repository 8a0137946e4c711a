"""The overdue sweep: which invoices become OVERDUE, what it records, and idempotency."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.events import Progress, RecordFailed, RecordSynced, SyncEvent, SyncFinished, SyncStarted
from core.models import Activity, Customer, Firm, Invoice, SyncRun, SyncRunItem, User
from core.models.enums import (
    ActivitySource,
    DocType,
    InvoiceStatus,
    ItemOutcome,
    SyncRunStatus,
    SyncTrigger,
)
from core.services import overdue
from core.services.overdue import (
    firms_with_past_due_invoices,
    queue_overdue_sweep,
    run_overdue_sweep,
)

from .conftest import TODAY, make_invoice


class ListSink:
    """An EventSink that keeps the events."""

    def __init__(self) -> None:
        self.events: list[SyncEvent] = []

    async def publish(self, event: SyncEvent) -> None:
        self.events.append(event)


async def _sweep(firm: Firm, sink: ListSink | None = None) -> SyncRun:
    run = await queue_overdue_sweep(firm.id, trigger=SyncTrigger.SCHEDULE)
    await run_overdue_sweep(run.id, sink or ListSink(), today=TODAY)
    return await SyncRun.get(id=run.id)


async def _status(invoice: Invoice) -> InvoiceStatus:
    return (await Invoice.get(id=invoice.id)).status


async def test_sweep_marks_sent_and_partial_past_due_invoices_overdue(firm, customer) -> None:
    sent = await make_invoice(firm, customer, "1")
    partial = await make_invoice(firm, customer, "2", status=InvoiceStatus.PARTIAL)
    sink = ListSink()
    run = await _sweep(firm, sink)
    assert await _status(sent) == InvoiceStatus.OVERDUE
    assert await _status(partial) == InvoiceStatus.OVERDUE
    assert run.status == SyncRunStatus.SUCCEEDED
    assert (run.total, run.succeeded) == (2, 2)
    kinds = [type(e) for e in sink.events]
    assert kinds == [SyncStarted, RecordSynced, Progress, RecordSynced, Progress, SyncFinished]


async def test_sweep_due_today_is_not_overdue(firm, customer) -> None:
    today = await make_invoice(firm, customer, "1", due=TODAY)
    run = await _sweep(firm)
    assert await _status(today) == InvoiceStatus.SENT
    assert run.total == 0
    assert run.status == SyncRunStatus.SUCCEEDED


@pytest.mark.parametrize(
    "status", [InvoiceStatus.PAID, InvoiceStatus.DRAFT, InvoiceStatus.VOID, InvoiceStatus.OVERDUE]
)
async def test_sweep_not_owed_statuses_are_untouched(firm, customer, status) -> None:
    invoice = await make_invoice(firm, customer, "1", status=status)
    run = await _sweep(firm)
    assert await _status(invoice) == status
    assert run.total == 0


async def test_sweep_past_due_estimate_is_untouched(firm, customer) -> None:
    estimate = await make_invoice(firm, customer, "E1", doc_type=DocType.ESTIMATE)
    await _sweep(firm)
    assert await _status(estimate) == InvoiceStatus.SENT


async def test_sweep_other_firm_invoice_is_untouched(firm, customer) -> None:
    other = await Firm.create(external_id="firm-b")
    other_invoice = await make_invoice(other, await Customer.create(firm=other, name="Bo"), "1")
    await _sweep(firm)
    assert await _status(other_invoice) == InvoiceStatus.SENT


async def test_sweep_writes_system_activity_and_succeeded_items(firm, customer) -> None:
    invoice = await make_invoice(firm, customer, "1042")
    run = await _sweep(firm)
    activity = await Activity.get(subject_id=invoice.id)
    assert activity.source == ActivitySource.SYSTEM
    assert activity.actor_id is None  # type: ignore[attr-defined]
    assert activity.action == "invoice.overdue"
    assert "1042" in activity.description
    item = await SyncRunItem.get(run_id=run.id)
    assert item.outcome == ItemOutcome.SUCCEEDED
    assert item.local_id == invoice.id
    assert item.label == "Invoice 1042"


async def test_sweep_second_run_changes_nothing(firm, customer) -> None:
    await make_invoice(firm, customer, "1")
    await _sweep(firm)
    second = await _sweep(firm)
    assert second.total == 0
    assert second.status == SyncRunStatus.SUCCEEDED
    assert await Activity.filter(action="invoice.overdue").count() == 1


async def test_sweep_failure_on_one_invoice_rolls_it_back_and_continues(
    firm, customer, monkeypatch
) -> None:
    good = await make_invoice(firm, customer, "1", due=TODAY - timedelta(days=5))
    bad = await make_invoice(firm, customer, "2", due=TODAY - timedelta(days=2))
    real = overdue.record_activity

    async def failing(**kwargs):  # type: ignore[no-untyped-def]
        if kwargs["subject_id"] == bad.id:
            raise RuntimeError("disk full")
        return await real(**kwargs)

    monkeypatch.setattr(overdue, "record_activity", failing)
    sink = ListSink()
    run = await _sweep(firm, sink)
    assert await _status(good) == InvoiceStatus.OVERDUE
    # The status change was rolled back with the failed audit write.
    assert await _status(bad) == InvoiceStatus.SENT
    assert not await Activity.filter(subject_id=bad.id).exists()
    assert run.status == SyncRunStatus.PARTIAL
    assert (run.succeeded, run.failed) == (1, 1)
    failed = [e for e in sink.events if isinstance(e, RecordFailed)]
    assert len(failed) == 1
    assert failed[0].local_id == str(bad.id)


async def test_sweep_unexpected_error_ends_run_failed(firm, customer, monkeypatch) -> None:
    await make_invoice(firm, customer, "1")

    async def broken(reporter, firm_id, invoice):  # type: ignore[no-untyped-def]
        raise RuntimeError("lost the database")

    monkeypatch.setattr(overdue, "_sweep_one", broken)
    sink = ListSink()
    run = await _sweep(firm, sink)
    assert run.status == SyncRunStatus.FAILED
    assert "lost the database" in (run.error or "")
    assert isinstance(sink.events[-1], SyncFinished)


async def test_firms_with_past_due_invoices_lists_only_firms_with_work(firm, customer) -> None:
    idle = await Firm.create(external_id="idle")
    await make_invoice(firm, customer, "1")
    firms = await firms_with_past_due_invoices(TODAY)
    assert firms == [firm.id]
    assert idle.id not in firms


async def test_queue_overdue_sweep_by_user_is_audited(firm) -> None:
    user = await User.create(external_id="u1")
    run = await queue_overdue_sweep(
        firm.id, trigger=SyncTrigger.USER, started_by_id=user.id, ip_address="10.0.0.1"
    )
    activity = await Activity.get(subject_id=run.id)
    assert activity.actor_id == user.id  # type: ignore[attr-defined]
    assert activity.ip_address == "10.0.0.1"
    assert run.status == SyncRunStatus.QUEUED
