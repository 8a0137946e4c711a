"""Thin push jobs: a run id and record ids in, one executor call, a small dict out.

The run executor (:mod:`core.sync.executor`) opens the run and the session, applies the retry
policy and books the outcome; a deferred run comes back here as ``Retry(defer=…)`` and arq runs
the same run again later. After the policy's last try the run is finished FAILED instead, and its
records stay PENDING so a new sync picks them up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from arq import func
from arq.worker import Function

from core.models import Connection
from core.models.enums import SyncRunStatus
from core.services.accounting_sync import (
    PUSH_CUSTOMER_JOB,
    PUSH_INVOICES_JOB,
    UPDATE_INVOICE_JOB,
    VOID_INVOICE_JOB,
)
from core.sync.executor import RunScope, execute_run
from core.sync.push import push_invoices
from core.sync.push_context import run_error
from core.sync.push_customers import push_customer
from core.sync.push_edits import update_synced_invoice, void_invoice
from core.sync.runs import RunReporter
from core.sync.session import ProviderSession
from workers.execution import ARQ_MAX_TRIES, answer, attempt_of, counted, run_env

#: (reporter, session, connection, target, platform=…) → the run's status.
Operation = Callable[..., Awaitable[SyncRunStatus]]


async def _execute(
    ctx: dict[str, object], run_id: str, operation: Operation, target: object
) -> dict[str, object]:
    async def body(scope: RunScope) -> SyncRunStatus:
        return await _call(
            operation, scope.reporter, scope.session, scope.connection, target, scope.platform
        )

    execution = await execute_run(
        UUID(run_id), body, run_env(ctx), attempt=await attempt_of(ctx), describe=run_error
    )
    return await answer(ctx, execution)


async def _call(
    operation: Operation,
    reporter: RunReporter,
    session: ProviderSession,
    connection: Connection,
    target: object,
    platform: str,
) -> SyncRunStatus:
    return await operation(reporter, session, connection, target, platform=platform)


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
    func(counted(name, job), name=name, max_tries=ARQ_MAX_TRIES)
    for name, job in (
        (PUSH_INVOICES_JOB, push_invoices_job),
        (PUSH_CUSTOMER_JOB, push_customer_job),
        (UPDATE_INVOICE_JOB, update_synced_invoice_job),
        (VOID_INVOICE_JOB, void_synced_invoice_job),
    )
]
