"""A bulk push looks up every unmapped customer before creating any: existing ones are adopted
by name or email, the rest created, none duplicated. On Xero, whose 60 calls a minute are the
bottleneck, the look-ups of a whole push cost one read of the contact list."""

from __future__ import annotations

import pytest

from core.models import Customer, ExternalMapping
from core.models.enums import Entity, MappingState, SyncRunStatus
from core.sync.push import push_invoices
from core.sync.records import CustomerRecord
from tests.core.sync.push_drivers import (
    PushDriver,
    XeroPushDriver,
    push_sim,
    push_world,
)
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")


def _remote_names(world: World, sim: PushDriver) -> list[str]:
    return sorted(customer.name for customer in sim.customers(world))


async def test_bulk_push_adopts_existing_customers_and_creates_the_rest_once(world, sim) -> None:
    async with world.session() as session:  # already in the books, entered there by hand
        existing = await session.create_customers(
            [
                CustomerRecord("x1", "Harbour Lights", "seed-1"),
                CustomerRecord("x2", "Kestrel & Co", "seed-2", email="ap@kestrel.test"),
            ]
        )
    assert all(outcome.ok for outcome in existing)
    locals_ = [
        await world.customer("harbour lights"),  # the same name, other case
        await world.customer("Kestrel and Company", email="AP@kestrel.test"),  # same email
        *[await world.customer(f"New Client {n}") for n in range(6)],
    ]
    invoices = [await world.invoice(c, str(800 + n)) for n, c in enumerate(locals_)]
    checked_before = _contact_reads(sim)

    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(reporter, session, world.connection, [i.id for i in invoices])

    assert status is SyncRunStatus.SUCCEEDED
    new = [f"New Client {n}" for n in range(6)]
    assert _remote_names(world, sim) == sorted(["Harbour Lights", "Kestrel & Co", *new])
    mappings = await ExternalMapping.filter(entity=Entity.CUSTOMER).order_by("created_at")
    assert {m.state for m in mappings} == {MappingState.SYNCED}
    remote_of = {m.local_id: m.remote_id for m in mappings}
    assert remote_of[locals_[0].id] == existing[0].ref.id  # type: ignore[union-attr]
    assert remote_of[locals_[1].id] == existing[1].ref.id  # type: ignore[union-attr]
    assert await Customer.filter(firm=world.firm).count() == 8
    if isinstance(sim, XeroPushDriver):
        # Eight customers to match, one read of the contact list (not eight to sixteen look-ups).
        assert _contact_reads(sim) - checked_before == 1


def _contact_reads(sim: PushDriver) -> int:
    return sim.calls("GET", "Contacts") if isinstance(sim, XeroPushDriver) else 0
