"""The run executor, for every provider: one bookkeeping path (a push clears an ERROR
connection as a pull does), one retry policy (throttles and outages deferred, then given up),
fair-share and lost-Redis deferrals that leave the run untouched, parked runs, and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from core.metrics import METRICS
from core.models import Connection, ExternalMapping, Invoice, SyncRun
from core.models.enums import ConnectionStatus, Entity, MappingState, SyncKind, SyncRunStatus
from core.sync.executor import Outcome, Parked, RunEnv, RunScope, execute_run
from core.sync.push import push_invoices
from core.sync.retry import WORKER_POLICY
from tests.core.sync.push_drivers import PushDriver, push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")


def _env(world: World, **extra: object) -> RunEnv:
    return RunEnv(kits=lambda _p: world.kit, providers=world.env, sink=world.sink, **extra)  # type: ignore[arg-type]


def _push_body(invoice: Invoice):  # type: ignore[no-untyped-def]
    async def body(scope: RunScope) -> SyncRunStatus:
        return await push_invoices(
            scope.reporter, scope.session, scope.connection, [invoice.id], platform=scope.platform
        )

    return body


async def _one_invoice(world: World) -> Invoice:
    return await world.invoice(await world.customer(), "1042")


async def test_push_success_clears_an_error_connection_status_and_stamps_last_sync(
    world, sim: PushDriver
) -> None:
    await Connection.filter(id=world.connection.id).update(
        status=ConnectionStatus.ERROR, last_error="Intuit answered 500"
    )
    invoice = await _one_invoice(world)
    run = (await world.reporter()).run

    execution = await execute_run(run.id, _push_body(invoice), _env(world))

    assert (execution.outcome, execution.status) == (Outcome.FINISHED, SyncRunStatus.SUCCEEDED)
    connection = await Connection.get(id=world.connection.id)
    assert (connection.status, connection.last_error) == (ConnectionStatus.ACTIVE, None)
    assert connection.last_sync_at is not None


async def test_throttled_push_is_deferred_then_resumed_creating_each_invoice_once(
    world, sim: PushDriver
) -> None:
    invoice = await _one_invoice(world)
    run = (await world.reporter()).run
    sim.inject(world, "throttle", count=1)

    first = await execute_run(run.id, _push_body(invoice), _env(world), attempt=1)
    between = await SyncRun.get(id=run.id)
    second = await execute_run(run.id, _push_body(invoice), _env(world), attempt=2)

    assert first.outcome is Outcome.DEFERRED
    assert first.retry_after is not None
    assert first.retry_after >= 1
    assert first.counts_as_try
    assert not between.status.is_terminal  # left as it was, to be resumed
    assert second.status is SyncRunStatus.SUCCEEDED
    assert sim.invoice_numbers(world) == ["1042"]


async def test_unavailable_platform_is_retried_by_the_policy_then_the_run_fails(
    world, sim: PushDriver
) -> None:
    invoice = await _one_invoice(world)
    run = (await world.reporter()).run
    sim.inject(world, "unavailable", count=100)
    tries = len(WORKER_POLICY.unavailable_delays) + 1

    executions = [
        await execute_run(run.id, _push_body(invoice), _env(world), attempt=n)
        for n in range(1, tries + 1)
    ]

    delays = [e.retry_after for e in executions[:-1]]
    assert [e.outcome for e in executions[:-1]] == [Outcome.DEFERRED] * (tries - 1)
    assert delays == list(WORKER_POLICY.unavailable_delays)
    assert executions[-1].status is SyncRunStatus.FAILED
    finished = await SyncRun.get(id=run.id)
    assert f"still unavailable after {tries} tries" in (finished.error or "")
    # Nothing was written; what was sent stays a PENDING intent for the next sync.
    assert sim.invoice_numbers(world) == []
    assert not await ExternalMapping.filter(state=MappingState.SYNCED, entity=Entity.INVOICE)


class FullShare:
    """Admission with no free slot."""

    @asynccontextmanager
    async def slot(self, firm_id: UUID, holder: str) -> AsyncIterator[bool]:
        yield False


async def test_run_over_its_firms_share_is_deferred_untouched_and_not_as_a_try(
    world, sim: PushDriver
) -> None:
    invoice = await _one_invoice(world)
    run = (await world.reporter()).run

    execution = await execute_run(run.id, _push_body(invoice), _env(world, admission=FullShare()))

    assert execution.outcome is Outcome.DEFERRED
    assert not execution.counts_as_try
    assert (await SyncRun.get(id=run.id)).status is SyncRunStatus.QUEUED
    assert sim.invoice_numbers(world) == []


async def test_lost_redis_defers_the_run_instead_of_failing_it(world, sim: PushDriver) -> None:
    run = (await world.reporter()).run

    async def body(scope: RunScope) -> None:
        await scope.reporter.start(1)
        raise RedisConnectionError("Connection refused")

    execution = await execute_run(run.id, body, _env(world))

    assert execution.outcome is Outcome.DEFERRED
    stored = await SyncRun.get(id=run.id)
    assert (stored.status, stored.error) == (SyncRunStatus.RUNNING, None)


async def test_parked_run_is_left_unfinished_with_nothing_booked(world, sim: PushDriver) -> None:
    await Connection.filter(id=world.connection.id).update(status=ConnectionStatus.ERROR)
    run = (await world.reporter()).run

    async def body(scope: RunScope) -> Parked:
        await scope.reporter.start(1)
        return Parked("waiting for the platform to answer")

    execution = await execute_run(run.id, body, _env(world))

    assert (execution.outcome, execution.reason) == (
        Outcome.PARKED,
        "waiting for the platform to answer",
    )
    assert (await SyncRun.get(id=run.id)).status is SyncRunStatus.RUNNING
    assert (await Connection.get(id=world.connection.id)).status is ConnectionStatus.ERROR
    assert not [e for e in world.sink.events if type(e).__name__ == "SyncFinished"]


def _sample(name: str, **labels: str) -> float:
    return METRICS.registry.get_sample_value(name, labels) or 0.0


async def test_finished_run_and_its_records_are_counted_in_the_metrics(
    world, sim: PushDriver
) -> None:
    invoice = await _one_invoice(world)
    run = (await world.reporter(SyncKind.PUSH_INVOICES)).run
    kind = {"kind": "PUSH_INVOICES"}
    runs_before = _sample("ledgersync_sync_runs_total", status="SUCCEEDED", **kind)
    synced_before = _sample("ledgersync_sync_outcomes_total", outcome="synced", **kind)

    await execute_run(run.id, _push_body(invoice), _env(world))

    assert _sample("ledgersync_sync_runs_total", status="SUCCEEDED", **kind) == runs_before + 1
    # The invoice and its customer.
    assert _sample("ledgersync_sync_outcomes_total", outcome="synced", **kind) > synced_before
