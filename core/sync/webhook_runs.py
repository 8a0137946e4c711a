"""Applying a company's pending webhook deliveries: one run per connection for all of them.

The receiver stores each verified delivery as one RECEIVED row per company and queues the
company's job (:func:`webhook_job_id`: one job per company at a time, so a burst of deliveries
— Xero announces each invoice a push creates — is one job, not hundreds). The job takes every
RECEIVED delivery of the company, merges their notices, and applies them through the run
executor as one WEBHOOK run per firm connected to the company; then the deliveries are
PROCESSED (FAILED when a run failed). Deliveries arriving meanwhile are taken in the next round.

A run deferred by the executor (throttled, the firm's share of the workers full, Redis lost)
leaves the deliveries RECEIVED; the next try resumes the same unfinished run and applies only
the notices it has no outcome for yet. Applying a notice twice is harmless anyway (a payment
already applied, an invoice already VOID are skipped).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.events import EventSink
from core.models import Connection, SyncRun, SyncRunItem, WebhookDelivery
from core.models.enums import (
    ConnectionStatus,
    Provider,
    SyncKind,
    SyncRunStatus,
    SyncTrigger,
    WebhookState,
)
from core.services.connections import KitLookup
from core.sync.executor import Execution, Outcome, RunEnv, RunScope, execute_run
from core.sync.pull_context import pull_context
from core.sync.pull_runs import run_error
from core.sync.records import ChangeNotice
from core.sync.retry import DIRECT_POLICY
from core.sync.runs import create_run
from core.sync.session import ProviderEnv
from core.sync.webhooks import HANDLED, apply_notices, notices_from_json

#: Deliveries merged into one run; a larger backlog is applied in further rounds.
DELIVERIES_PER_ROUND = 500
MAX_ROUNDS = 20


def webhook_job_id(provider: Provider, company: str) -> str:
    """The id of the job applying one company's deliveries (one queued at a time)."""
    digest = hashlib.sha256(company.encode()).hexdigest()[:32]
    return f"webhooks:{provider.value}:{digest}"


@dataclass(slots=True)
class WebhookWork:
    """What one execution of a company's webhook job did."""

    deliveries: int = 0
    runs: list[Execution] = field(default_factory=list)
    #: Set when a run was deferred: the job must be tried again after its delay.
    deferred: Execution | None = None


def merged_notices(rows: list[WebhookDelivery]) -> list[ChangeNotice]:
    """The handled notices of these deliveries in order, each event once."""
    seen: set[str] = set()
    notices: list[ChangeNotice] = []
    for row in rows:
        for notice in notices_from_json(row.payload):
            if notice.entity in HANDLED and notice.event_id not in seen:
                seen.add(notice.event_id)
                notices.append(notice)
    return notices


async def apply_company_webhooks(
    provider: Provider, company: str, env: RunEnv, *, attempt: int = 1
) -> WebhookWork:
    """Apply every RECEIVED delivery of one company (see the module docstring)."""
    work = WebhookWork()
    for _ in range(MAX_ROUNDS):
        rows = (
            await WebhookDelivery.filter(
                provider=provider, remote_company_id=company, state=WebhookState.RECEIVED
            )
            .order_by("id")
            .limit(DELIVERIES_PER_ROUND)
        )
        if not rows:
            break
        notices = merged_notices(rows)
        connections = await Connection.filter(
            provider=provider, remote_company_id=company, status=ConnectionStatus.ACTIVE
        ).order_by("created_at")
        executions: list[Execution] = []
        for connection in connections if notices else []:
            execution = await _apply_for(connection, notices, env, attempt)
            work.runs.append(execution)
            if execution.outcome is Outcome.DEFERRED:
                work.deferred = execution
                return work
            executions.append(execution)
        await _close(rows, company, executions, connected=bool(connections))
        work.deliveries += len(rows)
    return work


async def _close(
    rows: list[WebhookDelivery], company: str, executions: list[Execution], *, connected: bool
) -> None:
    failed = [e for e in executions if e.status is SyncRunStatus.FAILED]
    state = WebhookState.FAILED if failed else WebhookState.PROCESSED
    error = None
    if failed:
        error = "; ".join(f"run {e.run_id} failed" for e in failed)
    elif not connected:
        error = f"no active connection for company {company}"
    await WebhookDelivery.filter(id__in=[row.id for row in rows]).update(
        state=state, processed_at=datetime.now(UTC), error=error
    )


async def _webhook_run(connection: Connection) -> SyncRun:
    """The connection's unfinished WEBHOOK run (an interrupted try), or a new QUEUED one."""
    unfinished = (
        await SyncRun.filter(
            connection_id=connection.id,
            kind=SyncKind.WEBHOOK,
            status__in=[SyncRunStatus.QUEUED, SyncRunStatus.RUNNING],
        )
        .order_by("-created_at")
        .first()
    )
    if unfinished is not None:
        return unfinished
    return await create_run(
        firm_id=connection.firm_id,  # type: ignore[attr-defined]
        kind=SyncKind.WEBHOOK,
        trigger=SyncTrigger.WEBHOOK,
        connection_id=connection.id,
    )


async def _apply_for(
    connection: Connection, notices: list[ChangeNotice], env: RunEnv, attempt: int
) -> Execution:
    run = await _webhook_run(connection)

    async def body(scope: RunScope) -> None:
        reporter = scope.reporter
        pending = notices
        if reporter.run.status is SyncRunStatus.QUEUED:
            await reporter.start(len(notices))
        else:
            done = {
                str(remote_id)
                for remote_id in await SyncRunItem.filter(run_id=reporter.run.id).values_list(
                    "remote_id", flat=True
                )
            }
            pending = [n for n in notices if n.remote_id not in done]
            if reporter.run.processed + len(pending) > reporter.run.total:
                reporter.run.total = reporter.run.processed + len(pending)
                await reporter.progress()
        ctx = pull_context(reporter, scope.session, scope.connection, platform=scope.platform)
        await apply_notices(ctx, pending)

    return await execute_run(run.id, body, env, attempt=attempt, describe=run_error)


async def process_delivery(
    delivery_id: int, *, kits: KitLookup, env: ProviderEnv, sink: EventSink
) -> WebhookState:
    """Apply a recorded delivery's company now, as its queued job does; the delivery's state
    afterwards (RECEIVED when the run was deferred)."""
    row = await WebhookDelivery.get_or_none(id=delivery_id)
    if row is None or row.state is not WebhookState.RECEIVED or row.remote_company_id is None:
        return row.state if row else WebhookState.FAILED
    run_env = RunEnv(kits=kits, providers=env, sink=sink, policy=DIRECT_POLICY)
    await apply_company_webhooks(row.provider, row.remote_company_id, run_env)
    await row.refresh_from_db()
    return row.state
