"""Executing a queued pull, import or sync-now run through the run executor.

The executor opens the run and the session, retries throttles and outages by its one policy and
books the outcome; this module only says what each pull kind does. A run whose settings turn its
sync off ends FAILED with the reason, the connection left alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from core.events import EventSink
from core.models.enums import SyncKind
from core.services.connections import KitLookup
from core.sync.executor import Execution, RunEnv, RunRefused, RunScope, execute_run
from core.sync.ports import AuthExpired, InvalidGrant, ProviderError
from core.sync.pull import SyncDisabled, pull_payments_in, sync_now_in
from core.sync.pull_context import PullContext, pull_context
from core.sync.pull_customers import import_customers_in
from core.sync.pull_invoices import import_invoices_in
from core.sync.reconcile_run import reconcile_in
from core.sync.retry import DIRECT_POLICY, RetryPolicy
from core.sync.session import ProviderEnv
from core.sync.tokens import RECONNECT_HINT

Operation = Callable[[PullContext], Awaitable[None]]

OPERATIONS: dict[SyncKind, Operation] = {
    SyncKind.PULL_PAYMENTS: pull_payments_in,
    SyncKind.IMPORT_CUSTOMERS: import_customers_in,
    SyncKind.IMPORT_INVOICES: import_invoices_in,
    SyncKind.FULL_SYNC: sync_now_in,
    SyncKind.RECONCILE: reconcile_in,
}


def run_error(exc: ProviderError) -> str:
    """The run-level error for a connection failure, with what to do about it."""
    if isinstance(exc, AuthExpired | InvalidGrant):
        return f"{exc.message}. {RECONNECT_HINT}"
    hint = f" {exc.hint}" if exc.hint else ""
    return f"{exc.code}: {exc.message}.{hint} Nothing pulled so far is lost; run the sync again."


async def pull_body(scope: RunScope) -> None:
    """Run the operation of the run's kind; the run is started (again, when resumed) first."""
    reporter = scope.reporter
    operation = OPERATIONS.get(reporter.run.kind)
    if operation is None:
        raise RunRefused(f"{reporter.run.kind.value} is not a pull operation")
    await reporter.start(reporter.run.total)
    ctx = pull_context(reporter, scope.session, scope.connection, platform=scope.platform)
    try:
        await operation(ctx)
    except SyncDisabled as exc:
        raise RunRefused(str(exc)) from exc


async def execute_pull_run(
    run_id: UUID,
    *,
    kits: KitLookup,
    env: ProviderEnv,
    sink: EventSink,
    attempt: int = 1,
    policy: RetryPolicy = DIRECT_POLICY,
) -> Execution:
    """Execute try ``attempt`` of a queued pull, import or sync-now run (by default as engine
    code called directly: an outage ends the run, a throttle defers it)."""
    run_env = RunEnv(kits=kits, providers=env, sink=sink, policy=policy)
    return await execute_run(run_id, pull_body, run_env, attempt=attempt, describe=run_error)
