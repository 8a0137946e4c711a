"""The RECONCILE run: read both sides, compare them, store the report.

The report row is created with its run when it is queued (:mod:`core.services.reconciliation`);
the run fills it. Executing the run again (after a throttle, or when a platform that answers
later has answered) reads both sides again and replaces what an earlier try stored, so a
report is never half written: its discrepancies and its summary are stored in one transaction.

Progress: the run's total is the number of linked invoices; a Progress event follows each page
read from the platform, and the report's summary holds what was found.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from core.models import Discrepancy, ReconciliationReport, SyncRun
from core.models.enums import ReportStatus, SyncRunStatus
from core.sync.executor import Execution, RunRefused
from core.sync.ports import Capability
from core.sync.pull_context import PullContext
from core.sync.reconcile import Comparison, compare
from core.sync.reconcile_books import local_books, remote_books
from core.sync.reconcile_budget import check_daily_budget

NO_REPORT = "the run has no reconciliation report"
NO_READER = "{platform} cannot read receivables for a reconciliation"


async def report_of(run_id: UUID) -> ReconciliationReport:
    """The report a RECONCILE run fills; RunRefused when there is none."""
    report = await ReconciliationReport.get_or_none(run_id=run_id)
    if report is None:
        raise RunRefused(NO_REPORT)
    return report


async def store_report(report: ReconciliationReport, comparison: Comparison) -> None:
    """Store the comparison's discrepancies and summary, replacing an earlier try's, at once."""
    rows = [
        Discrepancy(
            report_id=report.id,
            kind=item.kind,
            action=item.action,
            label=item.label[:255],
            local_id=UUID(item.local_id) if item.local_id else None,
            remote_id=item.remote_id,
            local_value=item.local_value,
            remote_value=item.remote_value,
            currency=item.currency,
            amount=item.amount,
            hint=item.hint,
        )
        for item in comparison.found
    ]
    async with in_transaction():
        # A resumed run replaces what an earlier try stored.
        await Discrepancy.filter(report_id=report.id).delete()
        if rows:
            await Discrepancy.bulk_create(rows, batch_size=500)
        report.summary = comparison.summary()
        report.status = ReportStatus.COMPLETED
        report.finished_at = datetime.now(UTC)
        report.error = None  # type: ignore[assignment]
        await report.save(update_fields=["summary", "status", "finished_at", "error"])


async def reconcile_in(ctx: PullContext) -> None:
    """Compare the connection's books with the platform's and store the report."""
    if Capability.RECEIVABLES not in ctx.session.capabilities:
        raise RunRefused(NO_READER.format(platform=ctx.platform))
    reporter = ctx.reporter
    report = await report_of(reporter.run.id)
    if report.started_at is None:
        report.started_at = datetime.now(UTC)
        await report.save(update_fields=["started_at"])
    local = await local_books(ctx.scope, report.payments_since)
    reporter.run.total = len(local.invoices)
    await check_daily_budget(ctx, local)
    await reporter.progress()
    remote = await remote_books(ctx.session, local, report.payments_since, reporter.progress)
    comparison = compare(local, remote, payments_since=report.payments_since)
    await store_report(report, comparison)
    reporter.run.processed = len(local.invoices)
    reporter.run.succeeded = len(local.invoices)
    await reporter.progress()


async def fail_report(run_id: UUID, error: str) -> None:
    """Mark the run's report FAILED with the run's error (a report left RUNNING would lie)."""
    await ReconciliationReport.filter(run_id=run_id, status=ReportStatus.RUNNING).update(
        status=ReportStatus.FAILED, error=error, finished_at=datetime.now(UTC)
    )


async def settle_report(execution: Execution) -> None:
    """After an execution: a run that ended FAILED leaves its report FAILED with its error."""
    if execution.status is SyncRunStatus.FAILED:
        run = await SyncRun.get_or_none(id=UUID(execution.run_id))
        await fail_report(UUID(execution.run_id), (run.error if run else None) or "failed")
