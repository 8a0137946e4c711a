"""Thin jobs of the pull engine: run a queued pull run, apply a webhook delivery, hourly sync."""

from __future__ import annotations

import logging
import math
from typing import cast
from uuid import UUID

from arq import Retry

from core.errors import InvalidState, NotFound
from core.events import EventSink
from core.queue import JobQueue
from core.services.accounting_pull import queue_hourly_syncs
from core.sync.ports import RateLimited
from core.sync.pull_runs import execute_pull_run, fail_run
from core.sync.session import ProviderEnv
from core.sync.webhooks import process_delivery
from integrations.registry import kit_for

logger = logging.getLogger("ledgersync.worker")

# Must stay equal to core.services.accounting_pull.RUN_PULL_JOB / WEBHOOK_JOB (a test checks).
MAX_TRIES = 5


def _events(ctx: dict[str, object]) -> EventSink:
    return cast(EventSink, ctx["events"])


def _providers(ctx: dict[str, object]) -> ProviderEnv:
    return cast(ProviderEnv, ctx["providers"])


def _tries(ctx: dict[str, object]) -> int:
    value = ctx.get("job_try", 1)
    return value if isinstance(value, int) else 1


def _defer(exc: RateLimited) -> int:
    return max(1, math.ceil(exc.retry_after))


async def run_pull_sync(ctx: dict[str, object], run_id: str) -> dict[str, object]:
    """Execute the queued pull, import or sync-now run ``run_id`` (a SyncRun id)."""
    try:
        status = await execute_pull_run(
            UUID(run_id), kits=kit_for, env=_providers(ctx), sink=_events(ctx)
        )
    except (NotFound, InvalidState) as exc:
        logger.warning("pull run %s not run: %s", run_id, exc.message)
        return {"run_id": run_id, "status": "NOT_RUN", "reason": exc.message}
    except RateLimited as exc:
        if _tries(ctx) >= MAX_TRIES:
            await fail_run(UUID(run_id), _events(ctx), f"still throttled after {MAX_TRIES} tries")
            return {"run_id": run_id, "status": "FAILED"}
        # The run stays RUNNING; the retry continues from the saved checkpoint.
        raise Retry(defer=_defer(exc)) from exc
    return {"run_id": run_id, "status": status.value}


async def process_webhook_delivery(ctx: dict[str, object], delivery_id: int) -> dict[str, object]:
    """Apply one recorded webhook delivery to every firm connected to its companies."""
    try:
        state = await process_delivery(
            delivery_id, kits=kit_for, env=_providers(ctx), sink=_events(ctx)
        )
    except RateLimited as exc:
        raise Retry(defer=_defer(exc)) from exc
    return {"delivery_id": delivery_id, "state": state.value}


async def schedule_hourly_syncs(ctx: dict[str, object]) -> dict[str, object]:
    """The hourly cron: queue sync-now for connections whose auto-sync is HOURLY."""
    return {"queued": await queue_hourly_syncs(cast(JobQueue, ctx["queue"]))}
