"""Runs pushing at the same time over the same customers, items and documents, for every
provider, on the test database (SQLite, or PostgreSQL when DATABASE_URL names one).

Ten runs started together, each for its own invoices, share three new customers and four new
items: every run succeeds and each customer and item is created remotely exactly once (before
claims, the second run to open an intent for a shared customer failed with a unique-constraint
error). Runs over the same documents push each one once: the others skip it, saying so.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from core.models import ExternalMapping, Invoice, PushClaim, SyncRunItem
from core.models.enums import Entity, ItemOutcome, MappingState, SyncRunStatus
from core.settings import Settings
from core.sync.push import push_invoices
from core.sync.push_claims import BUSY_MESSAGE
from integrations.ratelimit import InProcessRateLimiter
from integrations.ratelimit.clock import ManualClock
from tests.core.sync.push_drivers import PushDriver, XeroPushDriver, push_sim
from tests.core.sync.push_support import World

__all__ = ["push_sim"]  # the sim fixture of this module's tests

pytestmark = pytest.mark.usefixtures("app")

RUNS = 10
PATIENT = 1e9  # seconds of the manual clock


async def _push(world: World, invoices: list[Invoice]) -> tuple[SyncRunStatus, str | None]:
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(reporter, session, world.connection, [i.id for i in invoices])
    return status, reporter.run.error


@pytest.fixture(name="world")
async def roomy_world(settings: Settings, sim: PushDriver) -> World:
    """``world`` whose shared budget runs on a manual clock that skips its waits: the simulated
    Xero, counting in real time, gets room for the calls a minute of ten runs, and a run waiting
    for one of the few concurrent slots never gives up (every poll of every waiting run moves
    the manual clock on, so a short real wait reads as minutes there)."""
    overrides = {"minute_limit": 1000} if isinstance(sim, XeroPushDriver) else {}
    world = await sim.world(settings, **overrides)
    for key, limiter in list(world.env.extras.items()):
        if isinstance(limiter, InProcessRateLimiter):
            world.env.extras[key] = InProcessRateLimiter(
                limiter.budget, clock=ManualClock(), max_wait=PATIENT
            )
    return world


async def _overlapping_books(world: World) -> list[list[Invoice]]:
    """For each run, two invoices; customers and items are shared across the runs."""
    customers = [await world.customer(f"Shared Client {n}") for n in range(3)]
    items = [await world.item(f"Shared Service {n}") for n in range(4)]
    per_run: list[list[Invoice]] = []
    for run in range(RUNS):
        per_run.append(
            [
                await world.invoice(
                    customers[(run + k) % 3],
                    f"{9000 + 2 * run + k}",
                    items=(items[(run + k) % 4], items[(run + k + 1) % 4]),
                )
                for k in range(2)
            ]
        )
    return per_run


async def test_concurrent_runs_sharing_new_customers_and_items_create_each_once(
    world: World, sim: PushDriver
) -> None:
    per_run = await _overlapping_books(world)

    results = await asyncio.gather(*(_push(world, invoices) for invoices in per_run))

    assert [status for status, _ in results] == [SyncRunStatus.SUCCEEDED] * RUNS, results
    names = Counter(c.name for c in sim.customers(world))
    assert names == Counter({f"Shared Client {n}": 1 for n in range(3)})
    items = Counter(i.name for i in sim.items(world) if i.name.startswith("Shared Service"))
    assert items == Counter({f"Shared Service {n}": 1 for n in range(4)})
    assert sorted(sim.invoice_numbers(world)) == sorted(str(9000 + n) for n in range(2 * RUNS))
    for entity, count in ((Entity.CUSTOMER, 3), (Entity.ITEM, 4), (Entity.INVOICE, 2 * RUNS)):
        rows = await ExternalMapping.filter(entity=entity)
        assert [r.state for r in rows] == [MappingState.SYNCED] * count
    assert await PushClaim.all().count() == 0  # every run released what it claimed


async def test_concurrent_runs_over_the_same_documents_push_each_once(
    world: World, sim: PushDriver
) -> None:
    customer = await world.customer("Osprey Partners")
    invoices = [await world.invoice(customer, str(7100 + n)) for n in range(6)]

    results = await asyncio.gather(*(_push(world, invoices) for _ in range(5)))

    assert {status for status, _ in results} <= {SyncRunStatus.SUCCEEDED}, results
    assert sorted(sim.invoice_numbers(world)) == sorted(i.number for i in invoices)
    rows = await ExternalMapping.filter(entity=Entity.INVOICE)
    assert [r.state for r in rows] == [MappingState.SYNCED] * len(invoices)
    items = await SyncRunItem.filter(entity=Entity.INVOICE)
    created = Counter(i.local_id for i in items if i.outcome is ItemOutcome.SUCCEEDED)
    assert created == Counter({i.id: 1 for i in invoices})  # each created by exactly one run
    others = {(i.outcome, i.message) for i in items if i.outcome is not ItemOutcome.SUCCEEDED}
    assert others <= {
        (ItemOutcome.SKIPPED, BUSY_MESSAGE),
        *{(ItemOutcome.SKIPPED, m) for m in _synced_messages(rows)},
    }


def _synced_messages(rows: list[ExternalMapping]) -> set[str]:
    """What a run says of a document another run synced before it looked."""
    messages = set()
    for row in rows:
        number = row.remote_number
        messages.add(
            f"already synced (remote number {number}); push changes with an update instead"
        )
        messages.add(f"pushed by another sync run meanwhile (remote number {number})")
    return messages
