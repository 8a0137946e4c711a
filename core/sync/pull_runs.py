"""Executing a queued pull run: open the session, run the operation, finish the run.

Connection-level provider errors end the run FAILED with an actionable message and make the
connection's status tell the truth; RateLimited is re-raised with the run left RUNNING, so the
job can retry after the platform's delay and continue from the saved checkpoint.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from uuid import UUID

from core.events import EventSink
from core.models import Connection
from core.models.enums import SyncKind, SyncRunStatus
from core.services.connections import (
    ConnectionNotActive,
    KitLookup,
    open_session,
    record_connection_failure,
    record_connection_success,
)
from core.sync.ports import AuthExpired, InvalidGrant, ProviderError, RateLimited
from core.sync.pull import SyncDisabled, pull_payments_in, sync_now_in
from core.sync.pull_context import PullContext, pull_context
from core.sync.pull_customers import import_customers_in
from core.sync.pull_invoices import import_invoices_in
from core.sync.runs import RunReporter
from core.sync.session import ProviderEnv
from core.sync.tokens import RECONNECT_HINT

Operation = Callable[[PullContext], Awaitable[None]]

OPERATIONS: dict[SyncKind, Operation] = {
    SyncKind.PULL_PAYMENTS: pull_payments_in,
    SyncKind.IMPORT_CUSTOMERS: import_customers_in,
    SyncKind.IMPORT_INVOICES: import_invoices_in,
    SyncKind.FULL_SYNC: sync_now_in,
}


def run_error(exc: ProviderError) -> str:
    """The run-level error for a connection failure, with what to do about it."""
    if isinstance(exc, AuthExpired | InvalidGrant):
        return f"{exc.message}. {RECONNECT_HINT}"
    hint = f" {exc.hint}" if exc.hint else ""
    return f"{exc.code}: {exc.message}.{hint} Nothing pulled so far is lost; run the sync again."


async def execute_pull_run(
    run_id: UUID, *, kits: KitLookup, env: ProviderEnv, sink: EventSink
) -> SyncRunStatus:
    """Run a queued pull, import or sync-now run to its end (see the module docstring)."""
    reporter = await RunReporter.open(run_id, sink)
    run = reporter.run
    operation = OPERATIONS.get(run.kind)
    if operation is None:
        return await reporter.finish(f"{run.kind.value} is not a pull operation")
    connection = await Connection.get_or_none(
        id=run.connection_id,
        firm_id=run.firm_id,  # type: ignore[attr-defined]
    )
    if connection is None:
        return await reporter.finish("the connection no longer exists")
    kit = kits(connection.provider)
    await reporter.start(run.total)
    try:
        async with open_session(kit, env, connection) as session:
            await operation(pull_context(reporter, session, connection, platform=kit.display_name))
    except RateLimited:
        raise
    except (ConnectionNotActive, SyncDisabled) as exc:
        return await reporter.finish(str(exc))
    except ProviderError as exc:
        await record_connection_failure(connection.id, exc)
        return await reporter.finish(run_error(exc))
    await record_connection_success(connection.id)
    await Connection.filter(id=connection.id).update(last_sync_at=datetime.now(UTC))
    return await reporter.finish()


async def fail_run(run_id: UUID, sink: EventSink, error: str) -> None:
    """End a run that cannot continue (e.g. throttled on its last try) as FAILED."""
    reporter = await RunReporter.open(run_id, sink)
    await reporter.finish(error)
