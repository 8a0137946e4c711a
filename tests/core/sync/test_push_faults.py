"""Fault tests of the push engine: lost answers, killed runs and throttling never duplicate."""

from __future__ import annotations

import asyncio

import pytest

from core.models import ExternalMapping, Invoice, SyncRun
from core.models.enums import Entity, ItemOutcome, MappingState, SyncKind, SyncRunStatus
from core.sync.ports import RateLimited
from core.sync.push import push_invoices
from core.sync.push_customers import push_customer
from core.sync.runs import RunReporter
from integrations.quickbooks_online.kit import budget_for
from integrations.ratelimit import InProcessRateLimiter
from integrations.ratelimit.clock import ManualClock
from tests.core.sync.push_support import PLATFORM, World, connect

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
async def world(settings) -> World:
    world = await connect(settings)
    # Throttle penalties pause a ManualClock instead of the test.
    limiter = InProcessRateLimiter(budget_for(world.kit.config(world.env)), clock=ManualClock())
    world.env.extras["qbo-limiter"] = limiter
    return world


async def _invoices(world: World, count: int) -> list[Invoice]:
    customer = await world.customer()
    reporter = await world.reporter(SyncKind.PUSH_CUSTOMERS)
    async with world.session() as session:
        await push_customer(reporter, session, world.connection, customer.id)
    # Lines without an item use the default one: the only batches left are the invoices'.
    return [await world.invoice(customer, str(5000 + n)) for n in range(count)]


async def _push(world: World, invoices: list[Invoice], reporter: RunReporter | None = None):
    reporter = reporter or await world.reporter()
    async with world.session() as session:
        return await push_invoices(
            reporter, session, world.connection, [i.id for i in invoices], platform=PLATFORM
        )


async def test_push_response_dropped_after_commit_rerun_creates_one_invoice(world) -> None:
    (invoice,) = await _invoices(world, 1)
    world.simulator.inject_fault("drop_response", path="batch")

    status = await _push(world, [invoice])

    assert status is SyncRunStatus.FAILED
    assert len(world.remote("Invoice")) == 1  # committed remotely, answer lost
    mapping = await ExternalMapping.get(local_id=invoice.id)
    assert mapping.state is MappingState.PENDING
    key = mapping.idempotency_key
    run = await SyncRun.filter(kind=SyncKind.PUSH_INVOICES).first()
    assert run is not None
    assert "run the sync again" in (run.error or "")

    status = await _push(world, [invoice])

    assert status is SyncRunStatus.SUCCEEDED
    (remote,) = world.remote("Invoice")
    mapping = await ExternalMapping.get(local_id=invoice.id)
    assert (mapping.state, mapping.remote_id) == (MappingState.SYNCED, remote["Id"])
    assert mapping.idempotency_key == key


async def test_push_run_killed_mid_batch_rerun_has_no_duplicates(world) -> None:
    invoices = await _invoices(world, 75)
    calls = 0
    reporter = await world.reporter()
    async with world.session() as session:
        create = session.create_invoices

        async def killed_after_second_send(records):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            outcomes = await create(records)
            if calls == 2:
                raise asyncio.CancelledError  # the worker dies before it stores the answer
            return outcomes

        session.create_invoices = killed_after_second_send
        with pytest.raises(asyncio.CancelledError):
            await push_invoices(reporter, session, world.connection, [i.id for i in invoices])
    assert len(world.remote("Invoice")) == 60
    pending = await ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.PENDING)
    assert len(pending) == 30

    status = await _push(world, invoices)

    assert status is SyncRunStatus.SUCCEEDED
    assert len(world.remote("Invoice")) == 75
    numbers = sorted(r["DocNumber"] for r in world.remote("Invoice"))
    assert numbers == sorted(i.number for i in invoices)
    synced = ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.SYNCED)
    assert await synced.count() == 75


async def test_push_throttling_storm_syncs_every_invoice_once(world) -> None:
    invoices = await _invoices(world, 40)
    world.simulator.inject_fault("throttle", count=4, path="batch")
    reporter = await world.reporter()
    throttled = 0
    delays: list[float] = []
    while True:
        try:
            status = await _push(world, invoices, reporter)
            break
        except RateLimited as exc:
            # What the job does: Retry(defer=retry_after) resumes this same run.
            delays.append(exc.retry_after)
            throttled += 1
            assert throttled < 10
    assert throttled == 4
    assert all(delay > 0 for delay in delays)
    assert status is SyncRunStatus.SUCCEEDED
    assert len(world.remote("Invoice")) == 40
    run = await SyncRun.get(id=reporter.run.id)
    assert (run.total, run.succeeded, run.failed) == (40, 40, 0)
    items = await run.items.all()
    assert [i.outcome for i in items] == [ItemOutcome.SUCCEEDED] * 40


async def test_push_provider_unavailable_keeps_rest_pending_and_rerun_is_safe(world) -> None:
    invoices = await _invoices(world, 35)
    world.simulator.inject_fault("unavailable", path="batch")
    status = await _push(world, invoices)
    assert status is SyncRunStatus.FAILED
    assert world.remote("Invoice") == []
    status = await _push(world, invoices)
    assert status is SyncRunStatus.SUCCEEDED
    assert len(world.remote("Invoice")) == 35
