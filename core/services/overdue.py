"""The overdue sweep: past-due invoices that are still owed become OVERDUE.

An invoice (not an estimate) in status SENT or PARTIAL whose due date is before today (UTC) is
overdue. An invoice due today is not. The sweep is idempotent: a second run finds nothing to do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from core.events import EventSink
from core.models import Invoice, SyncRun
from core.models.enums import (
    ActivitySource,
    DocType,
    Entity,
    InvoiceStatus,
    SyncKind,
    SyncRunStatus,
    SyncTrigger,
)
from core.services.activity import record_activity
from core.sync.runs import RunReporter, create_run

logger = logging.getLogger("ledgersync.overdue")

OWED_STATUSES = (InvoiceStatus.SENT, InvoiceStatus.PARTIAL)
ACTION = "invoice.overdue"


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What one sweep did."""

    run_id: UUID
    status: SyncRunStatus
    marked: int
    failed: int


def today_utc() -> date:
    """Today's date in UTC: the day boundary every firm's sweep uses."""
    return datetime.now(UTC).date()


def _past_due(today: date) -> dict[str, object]:
    return {
        "doc_type": DocType.INVOICE,
        "status__in": OWED_STATUSES,
        "due_date__lt": today,
    }


async def firms_with_past_due_invoices(today: date | None = None) -> list[UUID]:
    """Ids of the firms that have at least one invoice the sweep would mark."""
    ids = (
        await Invoice.filter(**_past_due(today or today_utc()))
        .distinct()
        .values_list("firm_id", flat=True)
    )
    return [UUID(str(value)) for value in ids]


async def queue_overdue_sweep(
    firm_id: UUID,
    *,
    trigger: SyncTrigger,
    started_by_id: UUID | None = None,
    ip_address: str | None = None,
) -> SyncRun:
    """Create the QUEUED run that a worker will execute with :func:`run_overdue_sweep`.

    A run started by a user is audited with that user and their IP address.
    """
    async with in_transaction():
        run = await create_run(
            firm_id=firm_id,
            kind=SyncKind.OVERDUE_SWEEP,
            trigger=trigger,
            started_by_id=started_by_id,
        )
        if started_by_id is not None:
            await record_activity(
                firm_id=firm_id,
                actor_id=started_by_id,
                action="sync_run.queued",
                subject_type="SyncRun",
                subject_id=run.id,
                description="Overdue invoice sweep queued",
                ip_address=ip_address,
            )
    return run


async def _mark_one(firm_id: UUID, invoice: Invoice) -> bool:
    """Mark one invoice OVERDUE with its audit entry, atomically; False if it changed meanwhile."""
    async with in_transaction():
        # The status condition makes concurrent sweeps (and a user paying the invoice right
        # now) safe: only a still-owed invoice is changed, and only once.
        changed = await Invoice.filter(id=invoice.id, status__in=OWED_STATUSES).update(
            status=InvoiceStatus.OVERDUE, updated_at=datetime.now(UTC)
        )
        if not changed:
            return False
        await record_activity(
            firm_id=firm_id,
            action=ACTION,
            subject_type="Invoice",
            subject_id=invoice.id,
            description=f"Invoice {invoice.number} is overdue (due {invoice.due_date.isoformat()})"
            if invoice.due_date
            else f"Invoice {invoice.number} is overdue",
            source=ActivitySource.SYSTEM,
        )
    return True


async def run_overdue_sweep(
    run_id: UUID, sink: EventSink, *, today: date | None = None
) -> SweepResult:
    """Execute a queued overdue sweep for its firm, reporting each invoice through ``sink``.

    A failure on one invoice rolls back that invoice alone (it stays as it was, with no audit
    entry) and is recorded as a failed item; the others are still marked. An unexpected error
    outside the per-invoice work ends the run FAILED with the error stored on it.
    """
    reporter = await RunReporter.open(run_id, sink)
    run = reporter.run
    firm_id: UUID = run.firm_id  # type: ignore[attr-defined]
    day = today or today_utc()
    marked = 0
    try:
        invoices = await Invoice.filter(firm_id=firm_id, **_past_due(day)).order_by(
            "due_date", "number"
        )
        await reporter.start(total=len(invoices))
        for invoice in invoices:
            marked += await _sweep_one(reporter, firm_id, invoice)
            await reporter.progress()
    except Exception as exc:
        logger.exception("overdue sweep %s failed", run_id)
        status = await reporter.finish(error=f"{type(exc).__name__}: {exc}")
    else:
        status = await reporter.finish()
    return SweepResult(run_id=run.id, status=status, marked=marked, failed=run.failed)


async def _sweep_one(reporter: RunReporter, firm_id: UUID, invoice: Invoice) -> int:
    label = f"Invoice {invoice.number}"
    try:
        changed = await _mark_one(firm_id, invoice)
    except Exception as exc:
        logger.exception("could not mark invoice %s overdue", invoice.id)
        await reporter.record_failed(
            entity=Entity.INVOICE,
            local_id=invoice.id,
            label=label,
            error_code="INTERNAL",
            message=f"could not mark the invoice overdue: {type(exc).__name__}",
            hint="The invoice was left unchanged; the next sweep will try again.",
        )
        return 0
    if not changed:
        await reporter.record_skipped(
            entity=Entity.INVOICE,
            local_id=invoice.id,
            label=label,
            message="the invoice changed while the sweep ran; it is no longer owed",
        )
        return 0
    await reporter.record_synced(
        entity=Entity.INVOICE, local_id=invoice.id, label=label, action="MARKED_OVERDUE"
    )
    return 1
