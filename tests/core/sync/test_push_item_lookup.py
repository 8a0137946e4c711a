"""Items the firm already keeps in the platform are adopted when an invoice first uses them,
never created a second time (which the platform would refuse as a duplicate name); the others
are created once. Run for every provider."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.models import Activity, ExternalMapping
from core.models.enums import Entity, MappingState, SyncRunStatus
from core.sync.push import push_invoices
from core.sync.records import ItemRecord
from tests.core.sync.push_drivers import PushDriver, push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")


def _remote_item_names(world: World, sim: PushDriver) -> list[str]:
    return sorted(item.name for item in sim.items(world))


async def test_push_adopts_an_existing_item_by_name_and_creates_the_new_one_once(
    world, sim
) -> None:
    async with world.session() as session:  # entered in the platform by hand, long ago
        (existing,) = await session.create_items(
            [ItemRecord("x1", "Bookkeeping", "seed-1", unit_price=Decimal("90"))]
        )
    assert existing.ref is not None
    before = _remote_item_names(world, sim)
    known = await world.item("bookkeeping ")  # the same name, other case and spacing
    new = await world.item("Payroll run")
    customer = await world.customer()
    invoice = await world.invoice(customer, "9001", items=(known, new))

    for _ in range(2):  # a second push creates nothing more
        reporter = await world.reporter()
        async with world.session() as session:
            status = await push_invoices(reporter, session, world.connection, [invoice.id])
        assert status is SyncRunStatus.SUCCEEDED

    assert _remote_item_names(world, sim) == sorted([*before, "Payroll run"])
    links = {m.local_id: m for m in await ExternalMapping.filter(entity=Entity.ITEM)}
    assert links[known.id].remote_id == existing.ref.id
    assert {m.state for m in links.values()} == {MappingState.SYNCED}
    matched = await Activity.get(action="item.matched")
    assert matched.description.startswith("Item bookkeeping  matched to the existing item")
    assert await Activity.filter(action="item.pushed").count() == 1
