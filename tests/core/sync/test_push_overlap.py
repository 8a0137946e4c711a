"""Overlapping runs over the same records, for every provider: an answer is stored only over the
intent it belongs to (documents, write-offs; payments in test_payments_group_replay), a run
whose claim lapsed sends nothing, an update or a void never overwrites what another run stored,
and a "number already used" answer for a document an earlier attempt created adopts that
document instead of losing its link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.models import (
    ExternalMapping,
    Invoice,
    InvoiceLine,
    PushClaim,
    SyncRunItem,
)
from core.models.enums import Entity, ItemOutcome, MappingState, Role, SyncKind, SyncRunStatus
from core.services.tenancy import Viewer
from core.services.write_offs import write_off_invoice
from core.sync.intents import intent_key, new_group
from core.sync.ports import RateLimited
from core.sync.push import push_invoices
from core.sync.push_claims import BUSY_MESSAGE
from core.sync.push_edits import update_synced_invoice, void_invoice
from core.sync.records import PushOutcome
from tests.core.sync.push_drivers import PushDriver, push_sim, push_world
from tests.core.sync.push_support import World
from tests.core.sync.write_off_drivers import write_offs_for

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")


async def _push(world: World, invoices: list[Invoice]) -> tuple[SyncRunStatus, list[SyncRunItem]]:
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(reporter, session, world.connection, [i.id for i in invoices])
    return status, list(await SyncRunItem.filter(run_id=reporter.run.id))


async def _lapse_claims() -> None:
    """Every claim expires, as if its run had stopped renewing it."""
    await PushClaim.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))


async def test_push_answer_arriving_after_another_run_stored_one_is_not_written_over_it(
    world: World, sim: PushDriver
) -> None:
    """Run A's claim lapses while its batch is in flight; run B takes the documents over,
    replays the batch and stores it SYNCED. A's answer then arrives saying the batch was not
    processed: written over B's outcome, it would reopen the documents under new keys and the
    next sync would create them a second time."""
    customer = await world.customer()
    invoices = [await world.invoice(customer, str(3100 + n)) for n in range(3)]
    seen: dict[str, object] = {}
    reporter = await world.reporter()
    async with world.session() as session:
        create = session.create_invoices

        async def slow_then_throttled(records):  # type: ignore[no-untyped-def]
            await create(records)  # committed remotely
            await _lapse_claims()
            seen["b"] = await _push(world, invoices)  # B takes over and replays the batch
            throttled = RateLimited("throttled", retry_after=1)
            return [PushOutcome.failure(throttled) for _ in records]

        session.create_invoices = slow_then_throttled
        status = await push_invoices(reporter, session, world.connection, [i.id for i in invoices])
    a_items = await SyncRunItem.filter(run_id=reporter.run.id)

    b_status, b_items = seen["b"]  # type: ignore[misc]
    assert b_status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in b_items] == [ItemOutcome.SUCCEEDED] * 3
    assert status is SyncRunStatus.SUCCEEDED  # nothing of A's answer was stored
    assert {(i.outcome, i.message) for i in a_items} == {
        (ItemOutcome.SKIPPED, f"pushed by another sync run meanwhile (remote number {n})")
        for n in ("3100", "3101", "3102")
    }
    rows = await ExternalMapping.filter(local_id__in=[i.id for i in invoices])
    assert {r.state for r in rows} == {MappingState.SYNCED}
    assert sorted(sim.invoice_numbers(world)) == ["3100", "3101", "3102"]
    _, again = await _push(world, invoices)  # nothing is left to send
    assert {i.outcome for i in again} == {ItemOutcome.SKIPPED}
    assert sorted(sim.invoice_numbers(world)) == ["3100", "3101", "3102"]


async def test_push_run_whose_claim_lapsed_before_the_send_sends_nothing(
    world: World, sim: PushDriver
) -> None:
    customer = await world.customer()
    invoice = await world.invoice(customer, "3200")
    reporter = await world.reporter()
    async with world.session() as session:
        find = session.find_customers

        async def lapse_during_lookup(queries):  # type: ignore[no-untyped-def]
            found = await find(queries)
            # The claim lapsed and another run took it over.
            later = datetime.now(UTC) + timedelta(minutes=5)
            await PushClaim.all().update(holder="another-run", expires_at=later)
            return found

        session.find_customers = lapse_during_lookup
        status = await push_invoices(reporter, session, world.connection, [invoice.id])
    items = await SyncRunItem.filter(run_id=reporter.run.id)

    assert status is SyncRunStatus.SUCCEEDED
    assert [(i.outcome, i.message) for i in items] == [(ItemOutcome.SKIPPED, BUSY_MESSAGE)]
    assert sim.invoice_numbers(world) == []


async def test_push_duplicate_number_of_a_document_tried_before_adopts_the_remote_one(
    world: World, sim: PushDriver
) -> None:
    """The state an overwritten outcome left behind: the document exists remotely (created by
    an earlier attempt) but its mapping says ERROR with a new key. The next push is told the
    number is taken, finds the document with that number for the same customer, and links it
    instead of failing for ever."""
    customer = await world.customer()
    invoice = await world.invoice(customer, "80250")
    status, _ = await _push(world, [invoice])
    assert status is SyncRunStatus.SUCCEEDED
    mapping = await ExternalMapping.get(local_id=invoice.id)
    remote_id = mapping.remote_id
    await ExternalMapping.filter(id=mapping.id).update(
        state=MappingState.ERROR,
        remote_id=None,
        last_error_code=sim.duplicate_number_code,
        idempotency_key=intent_key(new_group(), 0),
    )

    status, items = await _push(world, [invoice])

    assert status is SyncRunStatus.SUCCEEDED, [(i.error_code, i.message) for i in items]
    (item,) = items
    assert (item.outcome, item.remote_id) == (ItemOutcome.WARNING, remote_id)
    assert "earlier attempt" in (item.message or "")
    healed = await ExternalMapping.get(id=mapping.id)
    assert (healed.state, healed.remote_id) == (MappingState.SYNCED, remote_id)
    assert sim.invoice_numbers(world) == ["80250"]


async def test_update_whose_mapping_another_run_changed_meanwhile_keeps_that_runs_record(
    world: World, sim: PushDriver
) -> None:
    await world.configure(lock_after_sync=False)
    invoice = await world.invoice(await world.customer(), "3300")
    status, _ = await _push(world, [invoice])
    assert status is SyncRunStatus.SUCCEEDED
    await InvoiceLine.filter(invoice_id=invoice.id).update(
        quantity=Decimal("2"), amount=Decimal("200.00")
    )
    reporter = await world.reporter(SyncKind.UPDATE_INVOICE)
    async with world.session() as session:
        update = session.update_invoice

        async def another_run_updates_too(remote_id, version, record):  # type: ignore[no-untyped-def]
            outcome = await update(remote_id, version, record)
            await ExternalMapping.filter(local_id=invoice.id).update(remote_version="theirs")
            return outcome

        session.update_invoice = another_run_updates_too
        status = await update_synced_invoice(reporter, session, world.connection, invoice.id)
    (item,) = await SyncRunItem.filter(run_id=reporter.run.id)

    assert status is SyncRunStatus.SUCCEEDED
    assert item.outcome is ItemOutcome.SKIPPED
    assert (
        item.message == "updated by another sync run meanwhile; its record of the document stands"
    )
    mapping = await ExternalMapping.get(local_id=invoice.id)
    assert (mapping.state, mapping.remote_version) == (MappingState.SYNCED, "theirs")


async def test_void_whose_mapping_another_run_changed_meanwhile_keeps_that_runs_record(
    world: World, sim: PushDriver
) -> None:
    invoice = await world.invoice(await world.customer(), "3400")
    status, _ = await _push(world, [invoice])
    assert status is SyncRunStatus.SUCCEEDED
    reporter = await world.reporter(SyncKind.VOID_INVOICE)
    async with world.session() as session:
        void = session.void_invoice

        async def another_run_voids_too(remote_id, version):  # type: ignore[no-untyped-def]
            outcome = await void(remote_id, version)
            await ExternalMapping.filter(local_id=invoice.id).update(remote_version="theirs")
            return outcome

        session.void_invoice = another_run_voids_too
        status = await void_invoice(reporter, session, world.connection, invoice.id)
    (item,) = await SyncRunItem.filter(run_id=reporter.run.id)

    assert status is SyncRunStatus.SUCCEEDED
    assert item.outcome is ItemOutcome.SKIPPED
    assert item.message == "voided by another sync run meanwhile; its record of the document stands"
    mapping = await ExternalMapping.get(local_id=invoice.id)
    assert (mapping.state, mapping.remote_version) == (MappingState.SYNCED, "theirs")


async def test_write_off_whose_intent_another_run_resolved_meanwhile_keeps_that_outcome(
    world: World, sim: PushDriver
) -> None:
    remote = write_offs_for(sim)
    await world.configure(bad_debt_item_id=remote.bad_debt_item(world))
    invoice = await world.invoice(await world.customer(), "3400")
    status, _ = await _push(world, [invoice])
    assert status is SyncRunStatus.SUCCEEDED
    viewer = Viewer(world.user.id, world.firm.id, Role.FIRM_ADMIN, "user-ada", "firm-a")
    await write_off_invoice(viewer, invoice.id, "Customer went bankrupt")
    reporter = await world.reporter()
    async with world.session() as session:
        create = session.create_credit_memo

        async def another_run_finishes_first(record):  # type: ignore[no-untyped-def]
            outcome = await create(record)
            await ExternalMapping.filter(entity=Entity.CREDIT_MEMO).update(
                state=MappingState.SYNCED, remote_id="theirs"
            )
            return outcome

        session.create_credit_memo = another_run_finishes_first
        status = await push_invoices(reporter, session, world.connection, [invoice.id])
    (item,) = await SyncRunItem.filter(run_id=reporter.run.id)

    assert status is SyncRunStatus.SUCCEEDED
    assert (item.outcome, item.message) == (
        ItemOutcome.SKIPPED,
        "written off by another sync run meanwhile; its outcome stands",
    )
    intent = await ExternalMapping.get(entity=Entity.CREDIT_MEMO)
    assert (intent.state, intent.remote_id) == (MappingState.SYNCED, "theirs")
    assert remote.applications(world) == 0  # this run applied nothing over the other's
