"""A group whose answer was lost after the platform committed it, then new records, then the
retry: each record exists remotely exactly once, for every provider.

Documents (invoices and estimates in one group: Xero writes ``PUT /Invoices`` then
``PUT /Quotes``, QuickBooks one ``/batch``) are resent as the very group they were first sent
in, and the new documents go in a group of their own. Customers (Xero contacts, QuickBooks
customers through ``/batch``) are looked up before anything is created again, and the ones the
lost write created are adopted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from core.models import Customer, ExternalMapping, Invoice
from core.models.enums import DocType, Entity, MappingState, SyncKind, SyncRunStatus
from core.sync.push import push_invoices
from core.sync.push_customers import push_customer
from integrations.xero.simulator.faults import FaultKind
from tests.core.sync.push_drivers import PushDriver, XeroPushDriver, push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")


async def _push(world: World, invoices: list[Invoice]) -> SyncRunStatus:
    reporter = await world.reporter()
    async with world.session() as session:
        return await push_invoices(reporter, session, world.connection, [i.id for i in invoices])


def _drop_next_write(world: World, sim: PushDriver, xero_path: str) -> None:
    """The next write's answer (Xero: of ``xero_path``; QuickBooks: the next /batch) is lost
    after the platform committed it."""
    state: Any = world.simulator
    if isinstance(sim, XeroPushDriver):
        path = f"/api.xro/2.0/{xero_path}"
        state.inject_fault(FaultKind.DROP_AFTER_COMMIT, method="PUT", path=path)
    else:
        state.inject_fault("drop_response", path="batch")


async def _documents(world: World, customer: Customer, first: int) -> list[Invoice]:
    invoices = [await world.invoice(customer, str(first + n)) for n in range(2)]
    estimate = await world.invoice(customer, f"E-{first}", doc_type=DocType.ESTIMATE)
    return [*invoices, estimate]


async def test_documents_answer_lost_then_new_documents_each_created_once(
    world: World, sim: PushDriver
) -> None:
    customer = await world.customer()
    reporter = await world.reporter(SyncKind.PUSH_CUSTOMERS)
    async with world.session() as session:  # the only writes left are the documents'
        await push_customer(reporter, session, world.connection, customer.id)
    first = await _documents(world, customer, 4100)
    _drop_next_write(world, sim, "Quotes")  # Xero: the invoices' write was answered

    assert await _push(world, first) is SyncRunStatus.FAILED
    assert sorted(sim.invoice_numbers(world)) == ["4100", "4101"]
    assert [e.number for e in sim.estimates(world)] == ["E-4100"]
    pending = ExternalMapping.filter(entity__in=[Entity.INVOICE, Entity.ESTIMATE])
    assert {m.state for m in await pending} == {MappingState.PENDING}

    later = await _documents(world, customer, 4200)  # arrive before the retry

    assert await _push(world, [*later, *first]) is SyncRunStatus.SUCCEEDED
    assert sorted(sim.invoice_numbers(world)) == ["4100", "4101", "4200", "4201"]
    assert sorted(e.number for e in sim.estimates(world)) == ["E-4100", "E-4200"]
    rows = await pending
    assert [m.state for m in rows] == [MappingState.SYNCED] * 6


async def test_customers_answer_lost_then_new_customers_each_created_once(
    world: World, sim: PushDriver
) -> None:
    names = ["Avocet Ltd", "Bittern & Co", "Curlew LLP"]
    first = [
        await world.invoice(await world.customer(n), str(4300 + i)) for i, n in enumerate(names)
    ]
    _drop_next_write(world, sim, "Contacts")

    assert await _push(world, first) is SyncRunStatus.FAILED
    assert sorted(c.name for c in sim.customers(world)) == names  # created, answer lost
    assert sim.invoice_numbers(world) == []

    more = ["Dunlin Partners", "Egret Group"]
    later = [
        await world.invoice(await world.customer(n), str(4400 + i)) for i, n in enumerate(more)
    ]

    assert await _push(world, [*first, *later]) is SyncRunStatus.SUCCEEDED
    assert Counter(c.name for c in sim.customers(world)) == Counter({n: 1 for n in names + more})
    assert len(sim.invoice_numbers(world)) == 5
    rows = await ExternalMapping.filter(entity=Entity.CUSTOMER)
    assert [m.state for m in rows] == [MappingState.SYNCED] * 5
