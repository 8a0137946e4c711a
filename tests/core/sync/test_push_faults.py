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
from tests.core.sync.push_drivers import push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")


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
        return await push_invoices(reporter, session, world.connection, [i.id for i in invoices])


async def test_push_response_dropped_after_commit_rerun_creates_one_invoice(world, sim) -> None:
    (invoice,) = await _invoices(world, 1)
    sim.inject(world, "drop")

    status = await _push(world, [invoice])

    assert status is SyncRunStatus.FAILED
    assert len(sim.invoice_numbers(world)) == 1  # committed remotely, answer lost
    mapping = await ExternalMapping.get(local_id=invoice.id)
    assert mapping.state is MappingState.PENDING
    key = mapping.idempotency_key
    run = await SyncRun.filter(kind=SyncKind.PUSH_INVOICES).first()
    assert run is not None
    assert "run the sync again" in (run.error or "")

    status = await _push(world, [invoice])

    assert status is SyncRunStatus.SUCCEEDED
    assert sim.invoice_numbers(world) == [invoice.number]
    mapping = await ExternalMapping.get(local_id=invoice.id)
    assert mapping.state is MappingState.SYNCED
    assert mapping.remote_id
    assert mapping.idempotency_key == key


async def test_push_run_killed_mid_batch_rerun_has_no_duplicates(world, sim) -> None:
    invoices = await _invoices(world, 75)
    calls = 0
    reporter = await world.reporter()
    async with world.session() as session:
        create = session.create_invoices
        batch = session.max_batch

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
    # At least two batches reached the platform (a third may have been in flight too); only
    # the first one's answer was stored: every other invoice sent is an unanswered intent.
    sent = len(sim.invoice_numbers(world))
    assert sent >= min(2 * batch, 75)
    pending = await ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.PENDING)
    assert len(pending) == sent - batch

    status = await _push(world, invoices)

    assert status is SyncRunStatus.SUCCEEDED
    assert sorted(sim.invoice_numbers(world)) == sorted(i.number for i in invoices)
    synced = ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.SYNCED)
    assert await synced.count() == 75


async def test_push_throttling_storm_syncs_every_invoice_once(world, sim) -> None:
    invoices = await _invoices(world, 40)
    sim.inject(world, "throttle", count=4)
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
    # Four throttles over two batches in flight together: each attempt meets one or two.
    assert 2 <= throttled <= 4
    assert all(delay > 0 for delay in delays)
    assert status is SyncRunStatus.SUCCEEDED
    assert sorted(sim.invoice_numbers(world)) == sorted(i.number for i in invoices)
    run = await SyncRun.get(id=reporter.run.id)
    assert (run.total, run.succeeded, run.failed) == (40, 40, 0)
    items = await run.items.all()
    assert [i.outcome for i in items] == [ItemOutcome.SUCCEEDED] * 40


async def test_push_provider_unavailable_keeps_rest_pending_and_rerun_is_safe(world, sim) -> None:
    invoices = await _invoices(world, 35)
    sim.inject(world, "unavailable")
    status = await _push(world, invoices)
    assert status is SyncRunStatus.FAILED
    # The failed batch created nothing; a batch in flight beside it may have gone through,
    # and then its answer was stored: the platform holds exactly the invoices synced here.
    synced = await ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.SYNCED)
    numbers = {i.id: i.number for i in invoices}
    assert sorted(sim.invoice_numbers(world)) == sorted(numbers[m.local_id] for m in synced)
    assert len(synced) < len(invoices)
    status = await _push(world, invoices)
    assert status is SyncRunStatus.SUCCEEDED
    assert sorted(sim.invoice_numbers(world)) == sorted(i.number for i in invoices)
