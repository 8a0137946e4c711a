"""Thin jobs of the pull engine: run a queued pull run, apply a company's webhook deliveries,
queue the hourly syncs, and sweep deliveries left unqueued."""

from __future__ import annotations

from dataclasses import replace
from typing import cast
from uuid import UUID

from core.models import WebhookDelivery
from core.models.enums import Provider
from core.queue import JobQueue
from core.services.accounting_pull import (
    queue_delivery,
    queue_hourly_syncs,
    queue_stalled_deliveries,
    split_by_company,
)
from core.services.reconciliation import queue_scheduled_reports
from core.sync.executor import execute_run
from core.sync.pull_runs import pull_body, run_error
from core.sync.reconcile_budget import RECONCILE_POLICY
from core.sync.reconcile_run import settle_report
from core.sync.webhook_runs import apply_company_webhooks
from workers.execution import answer, attempt_of, run_env


def _queue(ctx: dict[str, object]) -> JobQueue:
    return cast(JobQueue, ctx["queue"])


async def run_pull_sync(ctx: dict[str, object], run_id: str) -> dict[str, object]:
    """Execute the queued pull, import or sync-now run ``run_id`` (a SyncRun id)."""
    execution = await execute_run(
        UUID(run_id), pull_body, run_env(ctx), attempt=await attempt_of(ctx), describe=run_error
    )
    return await answer(ctx, execution)


async def apply_webhooks(ctx: dict[str, object], provider: str, company: str) -> dict[str, object]:
    """Apply every pending webhook delivery of one company, one run per connected firm."""
    work = await apply_company_webhooks(
        Provider(provider), company, run_env(ctx), attempt=await attempt_of(ctx)
    )
    if work.deferred is not None:
        await answer(ctx, work.deferred)  # raises Retry: the deliveries stay RECEIVED
    return {
        "deliveries": work.deliveries,
        "runs": [execution.result() for execution in work.runs],
    }


async def process_webhook_delivery(ctx: dict[str, object], delivery_id: int) -> dict[str, object]:
    """A job queued by an earlier version for one delivery: queue its company's job instead."""
    row = await WebhookDelivery.get_or_none(id=delivery_id)
    if row is None:
        return {"delivery_id": delivery_id, "queued": 0}
    rows = await split_by_company(row)
    return {"delivery_id": delivery_id, "queued": await queue_delivery(rows, _queue(ctx))}


async def schedule_hourly_syncs(ctx: dict[str, object]) -> dict[str, object]:
    """The hourly cron: queue sync-now for connections whose auto-sync is HOURLY."""
    return {"queued": await queue_hourly_syncs(_queue(ctx))}


async def sweep_webhook_deliveries(ctx: dict[str, object]) -> dict[str, object]:
    """The cron every minute: queue again the jobs of deliveries left RECEIVED."""
    return {"queued": await queue_stalled_deliveries(_queue(ctx))}


async def run_reconcile(ctx: dict[str, object], run_id: str) -> dict[str, object]:
    """Execute the queued RECONCILE run ``run_id``, which fills its reconciliation report."""
    env = replace(run_env(ctx), policy=RECONCILE_POLICY)
    execution = await execute_run(
        UUID(run_id), pull_body, env, attempt=await attempt_of(ctx), describe=run_error
    )
    await settle_report(execution)
    return await answer(ctx, execution)


async def schedule_reconciliations(ctx: dict[str, object]) -> dict[str, object]:
    """The daily cron: queue the reconciliation reports that are due (weekly by default)."""
    return {"queued": await queue_scheduled_reports(_queue(ctx))}
