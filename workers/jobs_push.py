"""Thin push jobs: a run id and record ids in, one engine call, a small dict out.

A throttled push is retried by arq after the platform's back-off (``Retry(defer=…)``) and resumes
the same run; after the last try the run is finished FAILED instead, and its records stay
PENDING so a new sync picks them up.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import cast
from uuid import UUID

from arq import Retry, func
from arq.worker import Function

from core.errors import InvalidState, NotFound
from core.events import EventSink
from core.models import Connection
from core.models.enums import SyncRunStatus
from core.services.accounting_sync import (
    PUSH_CUSTOMER_JOB,
    PUSH_INVOICES_JOB,
    UPDATE_INVOICE_JOB,
    VOID_INVOICE_JOB,
)
from core.services.connections import ConnectionNotActive, open_session
from core.sync.ports import RateLimited
from core.sync.push import push_invoices
from core.sync.push_customers import push_customer
from core.sync.push_edits import update_synced_invoice, void_invoice
from core.sync.runs import RunReporter
from core.sync.session import ProviderEnv, ProviderSession
from integrations.registry import kit_for

logger = logging.getLogger("ledgersync.worker")

MAX_TRIES = 12

Operation = Callable[..., Awaitable[SyncRunStatus]]


async def _execute(
    ctx: dict[str, object], run_id: str, operation: Operation, target: object
) -> dict[str, object]:
    try:
        reporter = await RunReporter.open(UUID(run_id), cast(EventSink, ctx["events"]))
    except (NotFound, InvalidState) as exc:
        logger.warning("push run %s not run: %s", run_id, exc.message)
        return {"run_id": run_id, "status": "NOT_RUN", "reason": exc.message}
    run = reporter.run
    connection = await Connection.get_or_none(id=run.connection_id) if run.connection_id else None
    if connection is None:
        status = await reporter.finish(error="the accounting connection no longer exists")
        return _result(run_id, status, reporter)
    kit = kit_for(connection.provider)
    env = cast(ProviderEnv, ctx["providers"])
    try:
        async with open_session(kit, env, connection) as session:
            status = await _call(operation, reporter, session, connection, target, kit.display_name)
    except ConnectionNotActive as exc:
        status = await reporter.finish(error=exc.message)
    except RateLimited as exc:
        tries = int(cast(int, ctx.get("job_try") or 1))
        if tries < MAX_TRIES:
            raise Retry(defer=exc.retry_after) from exc
        status = await reporter.finish(
            error=f"still throttled after {tries} tries: {exc.message}. "
            "Records not sent stay pending; run the sync again later."
        )
    return _result(run_id, status, reporter)


async def _call(
    operation: Operation,
    reporter: RunReporter,
    session: ProviderSession,
    connection: Connection,
    target: object,
    platform: str,
) -> SyncRunStatus:
    return await operation(reporter, session, connection, target, platform=platform)


def _result(run_id: str, status: SyncRunStatus, reporter: RunReporter) -> dict[str, object]:
    run = reporter.run
    return {
        "run_id": run_id,
        "status": status.value,
        "succeeded": run.succeeded,
        "failed": run.failed,
        "skipped": run.skipped,
    }


async def push_invoices_job(
    ctx: dict[str, object], run_id: str, invoice_ids: list[str]
) -> dict[str, object]:
    """Push invoices and estimates (run ``run_id``, kind PUSH_INVOICES)."""
    return await _execute(ctx, run_id, push_invoices, [UUID(i) for i in invoice_ids])


async def push_customer_job(
    ctx: dict[str, object], run_id: str, customer_id: str
) -> dict[str, object]:
    """Push one customer (run ``run_id``, kind PUSH_CUSTOMERS)."""
    return await _execute(ctx, run_id, push_customer, UUID(customer_id))


async def update_synced_invoice_job(
    ctx: dict[str, object], run_id: str, invoice_id: str
) -> dict[str, object]:
    """Send a synced invoice's changes (run ``run_id``, kind UPDATE_INVOICE)."""
    return await _execute(ctx, run_id, update_synced_invoice, UUID(invoice_id))


async def void_synced_invoice_job(
    ctx: dict[str, object], run_id: str, invoice_id: str
) -> dict[str, object]:
    """Void a synced invoice remotely, then locally (run ``run_id``, kind VOID_INVOICE)."""
    return await _execute(ctx, run_id, void_invoice, UUID(invoice_id))


PUSH_FUNCTIONS: list[Function] = [
    func(push_invoices_job, name=PUSH_INVOICES_JOB, max_tries=MAX_TRIES),
    func(push_customer_job, name=PUSH_CUSTOMER_JOB, max_tries=MAX_TRIES),
    func(update_synced_invoice_job, name=UPDATE_INVOICE_JOB, max_tries=MAX_TRIES),
    func(void_synced_invoice_job, name=VOID_INVOICE_JOB, max_tries=MAX_TRIES),
]
