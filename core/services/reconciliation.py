"""Queueing reconciliation reports (on demand and on a schedule) and reading them back.

A report is created with its RECONCILE run, in one transaction, and the run's job is queued; the
job (``workers/jobs_pull.py``) executes the run through the run executor, which fills the report
(:mod:`core.sync.reconcile_run`). Any member of the firm may ask for a report, as for a sync.
"""

from __future__ import annotations

import csv
import io
import logging
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from uuid import UUID

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.errors import InvalidState, NotFound, ValidationFailed
from core.models import Connection, Discrepancy, ReconciliationReport, SyncRun
from core.models.enums import (
    ConnectionStatus,
    DiscrepancyKind,
    ReportStatus,
    SyncKind,
    SyncTrigger,
)
from core.queue import JobQueue
from core.services.activity import record_activity
from core.services.connection_settings import ConnectionSettings
from core.services.connections import LIVE_STATUSES
from core.services.invoices import actor_name
from core.services.tenancy import Viewer
from core.sync.runs import create_run, fail_queued_run

logger = logging.getLogger("ledgersync.reconcile")

RECONCILE_JOB = "run_reconcile"
#: Payments dated this long before the report are compared unless it says otherwise.
DEFAULT_PAYMENTS_DAYS = 90


class ReportQueueDown(Exception):
    """The job queue could not take the job; the run and its report were recorded as FAILED."""


async def _connection(firm_id: UUID, connection_id: UUID) -> Connection:
    connection = await Connection.get_or_none(id=connection_id, firm_id=firm_id)
    if connection is None:
        raise NotFound("no connection with this ID in your firm", field="connectionId")
    if connection.status not in LIVE_STATUSES:
        raise InvalidState(
            f"the connection is {connection.status.value}; reconnect it before reconciling",
            field="connectionId",
        )
    return connection


async def create_report(
    connection: Connection,
    trigger: SyncTrigger,
    payments_since: date,
    started_by_id: UUID | None,
) -> tuple[SyncRun, ReconciliationReport]:
    """A QUEUED RECONCILE run of the connection and the report it will fill (not queued)."""
    firm_id: UUID = connection.firm_id  # type: ignore[attr-defined]
    run = await create_run(
        firm_id=firm_id,
        kind=SyncKind.RECONCILE,
        trigger=trigger,
        started_by_id=started_by_id,
        connection_id=connection.id,
    )
    report = await ReconciliationReport.create(
        firm_id=firm_id,
        connection_id=connection.id,
        run_id=run.id,
        payments_since=payments_since,
    )
    return run, report


async def _enqueue(queue: JobQueue, run: SyncRun) -> None:
    try:
        await queue.enqueue(RECONCILE_JOB, str(run.id), job_id=str(run.id))
    except Exception as exc:
        logger.exception("could not queue reconciliation run %s", run.id)
        error = f"the job queue is unavailable: {type(exc).__name__}"
        await fail_queued_run(run, error)
        await ReconciliationReport.filter(run_id=run.id).update(
            status=ReportStatus.FAILED, error=error, finished_at=datetime.now(UTC)
        )
        raise ReportQueueDown(
            "the job queue is unavailable; the report was recorded as FAILED, please retry"
        ) from None


def default_since(today: date | None = None) -> date:
    """The first payment date a report compares by default."""
    return (today or datetime.now(UTC).date()) - timedelta(days=DEFAULT_PAYMENTS_DAYS)


async def queue_reconcile(
    viewer: Viewer,
    connection_id: UUID,
    queue: JobQueue,
    *,
    payments_since: date | None = None,
    ip: str | None = None,
) -> ReconciliationReport:
    """Create a report and its QUEUED RECONCILE run for the firm's connection; queue its job.

    Raises NotFound (unknown or another firm's connection), InvalidState (connection not
    usable), ValidationFailed (a payments date in the future) or ReportQueueDown.
    """
    today = datetime.now(UTC).date()
    if payments_since is not None and payments_since > today:
        raise ValidationFailed("paymentsSince cannot be in the future", field="paymentsSince")
    connection = await _connection(viewer.firm_id, connection_id)
    name = await actor_name(viewer)
    async with in_transaction():
        run, report = await create_report(
            connection, SyncTrigger.USER, payments_since or default_since(today), viewer.user_id
        )
        await record_activity(
            firm_id=viewer.firm_id,
            actor_id=viewer.user_id,
            action="reconcile.queued",
            subject_type="ReconciliationReport",
            subject_id=report.id,
            description=f"Reconciliation report queued by {name}",
            ip_address=ip,
        )
    await _enqueue(queue, run)
    return report


def _due(connection: Connection, last: datetime | None, now: datetime) -> bool:
    settings = ConnectionSettings.from_json(connection.settings)
    if settings.reconcile_every_days <= 0:
        return False
    return last is None or now - last >= timedelta(days=settings.reconcile_every_days)


async def queue_scheduled_reports(queue: JobQueue, *, now: datetime | None = None) -> int:
    """The daily cron: queue a report for each ACTIVE connection whose last one is older than
    its ``reconcile_every_days`` setting (a week by default); how many were queued."""
    now = now or datetime.now(UTC)
    queued = 0
    for connection in await Connection.filter(status=ConnectionStatus.ACTIVE):
        latest = (
            await ReconciliationReport.filter(connection_id=connection.id)
            .exclude(status=ReportStatus.FAILED)
            .order_by("-created_at")
            .first()
        )
        if not _due(connection, latest.created_at if latest else None, now):
            continue
        async with in_transaction():
            run, _ = await create_report(
                connection, SyncTrigger.SCHEDULE, default_since(now.date()), None
            )
        try:
            await _enqueue(queue, run)
        except ReportQueueDown:
            continue
        queued += 1
    return queued


async def report_for(firm_id: UUID, report_id: UUID) -> ReconciliationReport | None:
    """The firm's report with this id (None for another firm's)."""
    return await ReconciliationReport.get_or_none(id=report_id, firm_id=firm_id)


def discrepancies_of(report_id: UUID, kind: DiscrepancyKind | None = None) -> QuerySet[Discrepancy]:
    """The report's discrepancies, optionally of one kind, in the order found."""
    query = Discrepancy.filter(report_id=report_id)
    return query.filter(kind=kind) if kind is not None else query


CSV_COLUMNS = (
    "kind",
    "action",
    "label",
    "localId",
    "remoteId",
    "localValue",
    "remoteValue",
    "currency",
    "amount",
    "hint",
)


async def report_csv(report_id: UUID) -> str:
    """The report's discrepancies as CSV, in the order found (ids are the local record ids)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in await Discrepancy.filter(report_id=report_id).order_by("id"):
        writer.writerow(
            [
                row.kind.value,
                row.action.value,
                _cell(row.label),
                row.local_id or "",
                _cell(row.remote_id or ""),
                _cell(row.local_value or ""),
                _cell(row.remote_value or ""),
                row.currency or "",
                row.amount,
                _cell(row.hint or ""),
            ]
        )
    return out.getvalue()


def _cell(value: str) -> str:
    # A spreadsheet runs cells that start like a formula: text typed in the platform must not.
    if value[:1] not in ("=", "+", "-", "@"):
        return value
    try:
        Decimal(value)
    except InvalidOperation:
        return f"'{value}"
    return value
