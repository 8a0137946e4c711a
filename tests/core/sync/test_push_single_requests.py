"""QuickBooks Online pushes beside a spent batch window: the next documents go out as single
create requests, keyed before they are sent, and a lost answer is replayed the same way."""

from __future__ import annotations

import pytest

from core.models import Customer, ExternalMapping, Invoice
from core.models.enums import Entity, MappingState, SyncKind, SyncRunStatus
from core.settings import Settings
from core.sync.intents import is_single
from core.sync.push import push_invoices
from core.sync.push_customers import push_customer
from integrations.quickbooks_online.kit import BATCH_CLASSES, budget_for
from integrations.ratelimit import InProcessRateLimiter
from integrations.ratelimit.clock import ManualClock
from tests.core.sync.push_drivers import QboPushDriver
from tests.core.sync.push_support import World

pytestmark = pytest.mark.usefixtures("app")

BATCHES_PER_MINUTE = 40


@pytest.fixture(name="world")
async def qbo_world(settings: Settings) -> World:
    """A QuickBooks world whose limiter runs on a manual clock."""
    return await QboPushDriver().world(settings)


def _fresh_limiter(world: World) -> InProcessRateLimiter:
    limiter = InProcessRateLimiter(
        budget_for(world.kit.config(world.env)), clock=ManualClock(), max_wait=1e9
    )
    world.env.extras["qbo-limiter"] = limiter
    return limiter


async def _spend_batch_window(world: World) -> None:
    """Count this minute's 40 batch calls as made (another worker made them)."""
    limiter = _fresh_limiter(world)
    for _ in range(BATCHES_PER_MINUTE):
        async with limiter.slot(world.realm, BATCH_CLASSES):
            pass


async def _synced_customer(world: World) -> Customer:
    """A customer pushed beforehand, so the documents are the only writes left."""
    customer = await world.customer()
    reporter = await world.reporter(SyncKind.PUSH_CUSTOMERS)
    async with world.session() as session:
        await push_customer(reporter, session, world.connection, customer.id)
    return customer


async def _push(world: World, invoices: list[Invoice]) -> SyncRunStatus:
    reporter = await world.reporter()
    async with world.session() as session:
        return await push_invoices(reporter, session, world.connection, [i.id for i in invoices])


async def _keys() -> list[str]:
    return [m.idempotency_key for m in await ExternalMapping.filter(entity=Entity.INVOICE)]


async def test_push_batch_window_free_sends_one_batch(world: World) -> None:
    customer = await world.customer()
    invoices = [await world.invoice(customer, f"{5100 + n}") for n in range(3)]
    _fresh_limiter(world)

    assert await _push(world, invoices) is SyncRunStatus.SUCCEEDED

    keys = await _keys()
    assert len(keys) == 3
    assert not any(is_single(k) for k in keys)
    assert sorted(QboPushDriver().invoice_numbers(world)) == ["5100", "5101", "5102"]


async def test_push_batch_window_spent_sends_single_requests(world: World) -> None:
    customer = await _synced_customer(world)
    invoices = [await world.invoice(customer, f"{5200 + n}") for n in range(3)]
    await _spend_batch_window(world)

    assert await _push(world, invoices) is SyncRunStatus.SUCCEEDED

    keys = await _keys()
    assert len(keys) == 3
    assert all(is_single(k) for k in keys)
    assert sorted(QboPushDriver().invoice_numbers(world)) == ["5200", "5201", "5202"]


async def test_single_request_answer_lost_replayed_as_single_request_created_once(
    world: World,
) -> None:
    customer = await _synced_customer(world)
    invoice = await world.invoice(customer, "5300")
    await _spend_batch_window(world)
    world.simulator.inject_fault("drop_response", path=r"/invoice$")

    assert await _push(world, [invoice]) is not SyncRunStatus.SUCCEEDED
    assert QboPushDriver().invoice_numbers(world) == ["5300"]  # created, answer lost
    (pending,) = await ExternalMapping.filter(entity=Entity.INVOICE)
    assert pending.state is MappingState.PENDING
    assert is_single(pending.idempotency_key)

    _fresh_limiter(world)  # the batch window is free now: a new group would be a batch
    assert await _push(world, [invoice]) is SyncRunStatus.SUCCEEDED

    assert QboPushDriver().invoice_numbers(world) == ["5300"]
    (synced,) = await ExternalMapping.filter(entity=Entity.INVOICE)
    assert synced.state is MappingState.SYNCED
