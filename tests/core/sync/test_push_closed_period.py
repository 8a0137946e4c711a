"""Documents pushed into a closed period (QuickBooks Online: books closed; Xero: a lock date) fail
per record with the platform's period-closed error and its hint, nothing is created remotely,
and once the period is reopened a rerun creates each document exactly once."""

from __future__ import annotations

from datetime import date

import pytest

from core.models import ExternalMapping, Invoice, SyncRunItem
from core.models.enums import Entity, ItemOutcome, MappingState, SyncRunStatus
from core.sync.push import push_invoices
from tests.core.sync.push_drivers import PushDriver, push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")

CLOSED_THROUGH = date(2026, 3, 31)


async def _push(
    world: World, sim: PushDriver, *invoices: Invoice
) -> tuple[SyncRunStatus, list[SyncRunItem]]:
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(
            reporter, session, world.connection, [i.id for i in invoices], platform=sim.platform
        )
    items = await SyncRunItem.filter(run_id=reporter.run.id, entity=Entity.INVOICE).order_by("id")
    return status, list(items)


async def _mapping(invoice: Invoice) -> ExternalMapping:
    return await ExternalMapping.get(local_id=invoice.id, entity=Entity.INVOICE)


async def test_push_into_closed_period_fails_with_hint_then_reopened_creates_once(
    world, sim
) -> None:
    sim.close_books(world, CLOSED_THROUGH)
    invoice = await world.invoice(await world.customer(), "1", issue_date=date(2026, 3, 31))

    status, items = await _push(world, sim, invoice)

    assert status is SyncRunStatus.FAILED
    (item,) = items
    assert (item.outcome, item.error_code) == (ItemOutcome.FAILED, sim.period_closed_code)
    assert "sync start date" in (item.hint or "")
    mapping = await _mapping(invoice)
    assert (mapping.state, mapping.last_error_code) == (MappingState.ERROR, sim.period_closed_code)
    assert mapping.remote_id is None
    assert sim.invoice_numbers(world) == []
    assert not (await Invoice.get(id=invoice.id)).locked

    sim.close_books(world, None)
    old_key = mapping.idempotency_key
    status, _ = await _push(world, sim, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    mapping = await _mapping(invoice)
    assert mapping.state is MappingState.SYNCED
    assert mapping.remote_id
    assert mapping.idempotency_key != old_key
    assert sim.invoice_numbers(world) == ["1"]
    assert (await Invoice.get(id=invoice.id)).locked


async def test_push_batch_across_the_closing_date_is_partial_and_start_date_moves_past_it(
    world, sim
) -> None:
    sim.close_books(world, CLOSED_THROUGH)
    customer = await world.customer()
    closed = await world.invoice(customer, "10", issue_date=date(2026, 3, 1))
    open_ = await world.invoice(customer, "11", issue_date=date(2026, 4, 1))

    status, items = await _push(world, sim, closed, open_)

    assert status is SyncRunStatus.PARTIAL
    outcomes = {item.local_id: (item.outcome, item.error_code) for item in items}
    assert outcomes == {
        closed.id: (ItemOutcome.FAILED, sim.period_closed_code),
        open_.id: (ItemOutcome.SUCCEEDED, None),
    }
    assert sim.invoice_numbers(world) == ["11"]
    failed = await _mapping(closed)
    assert (failed.state, failed.remote_id) == (MappingState.ERROR, None)

    # The hint's other way out: records before the sync start date are never sent.
    await world.configure(sync_start_date="2026-04-01")
    status, items = await _push(world, sim, closed, open_)

    assert status is SyncRunStatus.SUCCEEDED  # nothing left to send
    skipped = {item.local_id: item for item in items}[closed.id]
    assert skipped.outcome is ItemOutcome.SKIPPED
    assert "before the sync start date" in (skipped.message or "")
    assert sim.invoice_numbers(world) == ["11"]
