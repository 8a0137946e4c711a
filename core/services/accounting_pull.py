"""Queueing pulls, imports and sync-now runs; recording webhook deliveries; auto-sync triggers.

The GraphQL mutations, the webhook receiver, the hourly cron and the invoice/payment mutations
call these; the work itself runs in jobs (``workers/jobs_pull.py``) through the run executor
(:mod:`core.sync.executor`) and :func:`core.sync.webhook_runs.apply_company_webhooks`.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import InvalidState, NotFound
from core.models import Connection, SyncRun, WebhookDelivery
from core.models.enums import (
    AutoSync,
    ConnectionStatus,
    Provider,
    SyncKind,
    SyncRunStatus,
    SyncTrigger,
    WebhookState,
)
from core.queue import JobQueue
from core.services.activity import record_activity
from core.services.connection_settings import ConnectionSettings
from core.services.connections import LIVE_STATUSES
from core.services.invoices import actor_name
from core.services.tenancy import Viewer
from core.sync.records import ChangeDelivery, ChangeNotice
from core.sync.runs import create_run, fail_queued_run
from core.sync.webhook_runs import webhook_job_id
from core.sync.webhooks import notices_from_json, notices_to_json

logger = logging.getLogger("ledgersync.pull")

RUN_PULL_JOB = "run_pull_sync"
#: Applies one company's pending webhook deliveries (arguments: provider, company id).
WEBHOOKS_JOB = "apply_webhooks"
#: Deliveries still RECEIVED this long after they arrived are queued again by the sweep.
STALLED_AFTER = timedelta(minutes=1)

_NAMES = {
    SyncKind.PULL_PAYMENTS: "Payment sync",
    SyncKind.IMPORT_CUSTOMERS: "Customer import",
    SyncKind.IMPORT_INVOICES: "Invoice import",
    SyncKind.FULL_SYNC: "Sync",
}


class QueueUnavailable(Exception):
    """The job queue could not take the job; the run was recorded as FAILED."""


def _refusal(settings: ConnectionSettings, kind: SyncKind) -> str | None:
    if not settings.sync_enabled:
        return "sync is turned off in the connection settings"
    if kind is SyncKind.PULL_PAYMENTS and not settings.sync_payments:
        return "payment sync is turned off in the connection settings"
    if kind is SyncKind.IMPORT_CUSTOMERS and not settings.sync_customers:
        return "customer sync is turned off in the connection settings"
    if kind is SyncKind.IMPORT_INVOICES and not settings.sync_invoices:
        return "invoice sync is turned off in the connection settings"
    return None


async def _connection(firm_id: UUID, connection_id: UUID) -> Connection:
    connection = await Connection.get_or_none(id=connection_id, firm_id=firm_id)
    if connection is None:
        raise NotFound("no connection with this ID in your firm", field="connectionId")
    if connection.status not in LIVE_STATUSES:
        raise InvalidState(
            f"the connection is {connection.status.value}; reconnect it before syncing",
            field="connectionId",
        )
    return connection


async def _enqueue(queue: JobQueue, run: SyncRun) -> None:
    try:
        await queue.enqueue(RUN_PULL_JOB, str(run.id), job_id=str(run.id))
    except Exception as exc:
        logger.exception("could not queue run %s", run.id)
        await fail_queued_run(run, f"the job queue is unavailable: {type(exc).__name__}")
        raise QueueUnavailable(
            "the job queue is unavailable; the run was recorded as FAILED, please retry"
        ) from None


async def queue_pull(
    viewer: Viewer,
    connection_id: UUID,
    kind: SyncKind,
    queue: JobQueue,
    *,
    ip: str | None = None,
) -> SyncRun:
    """Create a QUEUED run of ``kind`` for the firm's connection and queue its job.

    Any member of the firm may. Raises NotFound (unknown or another firm's connection),
    InvalidState (connection not usable, or the settings turn this sync off) or
    QueueUnavailable (the run was recorded as FAILED).
    """
    if kind not in _NAMES:
        raise InvalidState(f"{kind.value} is not a pull operation")
    connection = await _connection(viewer.firm_id, connection_id)
    refusal = _refusal(ConnectionSettings.from_json(connection.settings), kind)
    if refusal is not None:
        raise InvalidState(refusal, field="connectionId")
    name = await actor_name(viewer)
    async with in_transaction():
        run = await create_run(
            firm_id=viewer.firm_id,
            kind=kind,
            trigger=SyncTrigger.USER,
            started_by_id=viewer.user_id,
            connection_id=connection.id,
        )
        await record_activity(
            firm_id=viewer.firm_id,
            actor_id=viewer.user_id,
            action="sync.queued",
            subject_type="SyncRun",
            subject_id=run.id,
            description=f"{_NAMES[kind]} queued by {name}",
            ip_address=ip,
        )
    await _enqueue(queue, run)
    return run


async def _queue_auto(connection: Connection, trigger: SyncTrigger, queue: JobQueue) -> bool:
    """Queue a sync-now run unless one is already waiting for this connection."""
    waiting = await SyncRun.filter(
        connection_id=connection.id, kind=SyncKind.FULL_SYNC, status=SyncRunStatus.QUEUED
    ).exists()
    if waiting:
        return False
    run = await create_run(
        firm_id=connection.firm_id,  # type: ignore[attr-defined]
        kind=SyncKind.FULL_SYNC,
        trigger=trigger,
        connection_id=connection.id,
    )
    await _enqueue(queue, run)
    return True


def _auto(connection: Connection) -> AutoSync:
    settings = ConnectionSettings.from_json(connection.settings)
    return settings.auto_sync if settings.sync_enabled else AutoSync.OFF


async def queue_hourly_syncs(queue: JobQueue) -> int:
    """The hourly cron: queue a sync-now run for each ACTIVE connection on HOURLY auto-sync."""
    queued = 0
    for connection in await Connection.filter(status=ConnectionStatus.ACTIVE):
        if _auto(connection) is AutoSync.HOURLY and await _queue_auto(
            connection, SyncTrigger.SCHEDULE, queue
        ):
            queued += 1
    return queued


async def on_local_change(firm_id: UUID, queue: JobQueue) -> bool:
    """After a local invoice is issued or paid: queue a sync when the firm's connection
    syncs on change. Never raises: the local write has already succeeded."""
    try:
        connection = await Connection.get_or_none(firm_id=firm_id, status=ConnectionStatus.ACTIVE)
        if connection is None or _auto(connection) is not AutoSync.ON_CHANGE:
            return False
        return await _queue_auto(connection, SyncTrigger.AUTO, queue)
    except Exception:
        logger.exception("auto-sync for firm %s could not be queued", firm_id)
        return False


# --- webhooks ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordedDelivery:
    """A verified delivery as stored: one row per company, recorded now or before."""

    rows: list[WebhookDelivery]
    #: False when every row was recorded before (a redelivery).
    new: bool

    @property
    def pending(self) -> list[WebhookDelivery]:
        """The rows not applied yet."""
        return [row for row in self.rows if row.state is WebhookState.RECEIVED]


def _row_event_id(delivery_id: str, company: str, companies: int) -> str:
    if companies == 1:
        return delivery_id[:255]
    return f"{delivery_id[:200]}:{hashlib.sha256(company.encode()).hexdigest()[:32]}"


async def record_delivery(provider: Provider, delivery: ChangeDelivery) -> RecordedDelivery:
    """Store a verified delivery as RECEIVED rows, one per company it names.

    Each row's event id derives from the delivery's, so a redelivery finds its rows again.
    """
    by_company: dict[str, list[ChangeNotice]] = defaultdict(list)
    for notice in delivery.notices:
        by_company[notice.remote_company_id].append(notice)
    rows: list[WebhookDelivery] = []
    new = False
    for company, notices in by_company.items():
        event_id = _row_event_id(delivery.delivery_id, company, len(by_company))
        row = await WebhookDelivery.get_or_none(provider=provider, event_id=event_id)
        if row is None:
            try:
                row = await WebhookDelivery.create(
                    provider=provider,
                    event_id=event_id,
                    remote_company_id=company,
                    signature_valid=True,
                    state=WebhookState.RECEIVED,
                    payload=notices_to_json(tuple(notices)),
                )
                new = True
            except IntegrityError:
                # The same delivery, received twice at once: the other request stored it.
                row = await WebhookDelivery.get(provider=provider, event_id=event_id)
        rows.append(row)
    return RecordedDelivery(rows=rows, new=new)


async def record_rejected_delivery(
    provider: Provider, *, signature_valid: bool, error: str, keep: int
) -> WebhookDelivery:
    """Store a forged or malformed delivery (state REJECTED, no payload) for inspection.

    Only the newest ``keep`` rejected deliveries are kept: anyone can post forged deliveries,
    and they must not grow the database without bound (the metrics count every one).
    """
    row = await WebhookDelivery.create(
        provider=provider,
        event_id=f"rejected-{uuid.uuid4().hex}",
        signature_valid=signature_valid,
        state=WebhookState.REJECTED,
        error=error[:1000],
    )
    oldest_kept = (
        await WebhookDelivery.filter(state=WebhookState.REJECTED)
        .order_by("-id")
        .offset(keep - 1)
        .limit(1)
        .values_list("id", flat=True)
    )
    if oldest_kept:
        await WebhookDelivery.filter(state=WebhookState.REJECTED, id__lt=oldest_kept[0]).delete()
    return row


async def queue_delivery(rows: list[WebhookDelivery], queue: JobQueue) -> int:
    """Queue the job of each company these RECEIVED rows belong to; how many were queued.

    A company whose job is already queued or running is not queued twice: that job takes
    these rows too. Raises when the queue is down (the rows stay RECEIVED for the sweep).
    """
    queued = 0
    companies = {(row.provider, row.remote_company_id) for row in rows}
    for provider, company in sorted(companies, key=str):
        if company is None:
            continue
        job_id = webhook_job_id(provider, company)
        if await queue.enqueue(WEBHOOKS_JOB, provider.value, company, job_id=job_id):
            queued += 1
    return queued


async def split_by_company(row: WebhookDelivery) -> list[WebhookDelivery]:
    """A RECEIVED row stored before deliveries were kept per company, as per-company rows."""
    if row.remote_company_id is not None or row.state is not WebhookState.RECEIVED:
        return [row]
    notices = notices_from_json(row.payload)
    recorded = await record_delivery(
        row.provider, ChangeDelivery(delivery_id=row.event_id, notices=tuple(notices))
    )
    row.state = WebhookState.PROCESSED
    row.processed_at = datetime.now(UTC)
    row.error = "split into one delivery per company"
    await row.save(update_fields=["state", "processed_at", "error"])
    return recorded.pending


async def queue_stalled_deliveries(
    queue: JobQueue, *, older_than: timedelta = STALLED_AFTER, now: datetime | None = None
) -> int:
    """The sweep: queue again the jobs of deliveries left RECEIVED (their queueing failed, or
    their job was lost with its worker); how many jobs were queued."""
    cutoff = (now or datetime.now(UTC)) - older_than
    stalled = await WebhookDelivery.filter(state=WebhookState.RECEIVED, received_at__lt=cutoff)
    rows: list[WebhookDelivery] = []
    for row in stalled:
        rows.extend(await split_by_company(row))
    queued = await queue_delivery(rows, queue)
    if queued:
        logger.warning("queued %d webhook jobs again for deliveries left unprocessed", queued)
    return queued
