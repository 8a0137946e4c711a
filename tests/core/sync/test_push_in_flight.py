"""A push keeps several groups in flight, for every provider: as many create calls open at once as
the session allows, each group's members fixed before it is sent, the answers reported in the
documents' order, and every document created exactly once."""

from __future__ import annotations

import asyncio

import pytest

from core.models import ExternalMapping, Invoice, SyncRun
from core.models.enums import Entity, MappingState, SyncKind, SyncRunStatus
from core.sync.push import push_invoices
from core.sync.push_customers import push_customer
from core.sync.session import writes_in_flight
from tests.core.sync.push_drivers import push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]

pytestmark = pytest.mark.usefixtures("app")

HANG_GUARD_SECONDS = 30
"""Only so a window that never opens fails the test instead of hanging it."""


async def _invoices(world: World, count: int) -> list[Invoice]:
    customer = await world.customer()
    reporter = await world.reporter(SyncKind.PUSH_CUSTOMERS)
    async with world.session() as session:
        await push_customer(reporter, session, world.connection, customer.id)
    return [await world.invoice(customer, str(7000 + n)) for n in range(count)]


async def test_push_several_groups_are_in_flight_at_once_and_reported_in_order(world, sim):
    reporter = await world.reporter()
    async with world.session() as session:
        depth = writes_in_flight(session)
        batch = session.max_batch
        groups = depth + 1
        invoices = await _invoices(world, groups * batch)
        create = session.create_invoices
        opened = 0
        in_flight = 0
        peak = 0
        members: list[set[str]] = []
        all_open = asyncio.Event()

        async def held_until_the_window_is_full(records):  # type: ignore[no-untyped-def]
            nonlocal opened, in_flight, peak
            opened += 1
            in_flight += 1
            peak = max(peak, in_flight)
            members.append({r.number for r in records})
            if opened == depth:
                all_open.set()
            # Every call of the first window waits until the window is full.
            if opened <= depth:
                async with asyncio.timeout(HANG_GUARD_SECONDS):
                    await all_open.wait()
            try:
                return await create(records)
            finally:
                in_flight -= 1

        session.create_invoices = held_until_the_window_is_full
        status = await push_invoices(reporter, session, world.connection, [i.id for i in invoices])

    assert status is SyncRunStatus.SUCCEEDED
    assert depth > 1  # both OAuth platforms take several calls at once
    assert peak == depth
    assert opened == groups
    # Each group went out with its own documents, none in two groups.
    numbers = [n for group in members for n in group]
    assert sorted(numbers) == sorted(i.number for i in invoices)
    assert sorted(sim.invoice_numbers(world)) == sorted(i.number for i in invoices)
    run = await SyncRun.get(id=reporter.run.id)
    items = await run.items.all().order_by("id")
    by_id = {i.id: i.number for i in invoices}
    assert [by_id[item.local_id] for item in items] == [i.number for i in invoices]
    synced = ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.SYNCED)
    assert await synced.count() == len(invoices)
