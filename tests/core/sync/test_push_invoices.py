"""The push engine creating invoices, for every provider (QuickBooks Online and Xero, whose
exchanges are checked against its spec): customers and items created or adopted, locking, skips,
truncation warnings, duplicate names, batches. Estimates are in test_push_estimates.py, closed
periods in test_push_closed_period.py."""

from __future__ import annotations

import re
from datetime import date

import pytest

from core.models import Activity, ExternalMapping, Invoice, SyncRunItem
from core.models.enums import (
    Entity,
    InvoiceStatus,
    ItemOutcome,
    MappingState,
    SyncRunStatus,
)
from core.sync.push import push_invoices
from core.sync.records import CustomerRecord
from tests.core.sync.push_drivers import PushDriver, push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")


async def _push(
    world: World, sim: PushDriver, *invoices: Invoice
) -> tuple[SyncRunStatus, list[SyncRunItem]]:
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(
            reporter, session, world.connection, [i.id for i in invoices], platform=sim.platform
        )
    items = await SyncRunItem.filter(run_id=reporter.run.id).order_by("id")
    return status, list(items)


async def _mapping(invoice: Invoice) -> ExternalMapping:
    return await ExternalMapping.get(local_id=invoice.id, entity=Entity.INVOICE)


def _names(sim: PushDriver, world: World) -> list[str]:
    return [c.name for c in sim.customers(world)]


async def test_push_invoices_new_customer_and_item_creates_all_and_locks(world, sim) -> None:
    customer = await world.customer("Acme Ltd", "ap@acme.test")
    item = await world.item("Audit")
    invoice = await world.invoice(customer, "1042", items=[item, None])

    status, items = await _push(world, sim, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SUCCEEDED]
    (remote,) = sim.invoices(world)
    assert (remote.number, remote.total) == ("1042", 200)
    mapping = await _mapping(invoice)
    assert mapping.state is MappingState.SYNCED
    assert (mapping.remote_id, mapping.remote_number) == (remote.id, "1042")
    assert mapping.remote_version == remote.version
    (remote_customer,) = sim.customers(world)
    assert (remote_customer.name, remote_customer.email) == ("Acme Ltd", "ap@acme.test")
    assert remote.customer_id == remote_customer.id
    (remote_item,) = sim.items(world, "Audit")
    assert remote_item.service
    assert remote_item.income_account
    item_mapping = await ExternalMapping.get(local_id=item.id, entity=Entity.ITEM)
    assert item_mapping.remote_id == remote_item.id
    assert (await Invoice.get(id=invoice.id)).locked
    descriptions = await Activity.filter(subject_id=invoice.id).values_list(
        "description", flat=True
    )
    assert f"Invoice 1042 created in {sim.platform} by Ada" in descriptions


async def test_push_invoices_existing_remote_customer_by_name_is_adopted_not_duplicated(
    world, sim
) -> None:
    async with world.session() as session:
        existing = await session.find_customer("Acme Ltd")
    assert existing is None
    remote_id = await _seed_customer(world, "Acme Ltd", None)
    customer = await world.customer("Acme Ltd")
    status, _ = await _push(world, sim, await world.invoice(customer, "1"))
    assert status is SyncRunStatus.SUCCEEDED
    assert _names(sim, world) == ["Acme Ltd"]
    mapping = await ExternalMapping.get(local_id=customer.id)
    assert (mapping.state, mapping.remote_id) == (MappingState.SYNCED, remote_id)


async def test_push_invoices_existing_remote_customer_by_email_is_adopted(world, sim) -> None:
    remote_id = await _seed_customer(world, "ACME Limited", "ap@acme.test")
    customer = await world.customer("Acme Ltd", "ap@acme.test")
    status, _ = await _push(world, sim, await world.invoice(customer, "1"))
    assert status is SyncRunStatus.SUCCEEDED
    assert _names(sim, world) == ["ACME Limited"]
    assert (await ExternalMapping.get(local_id=customer.id)).remote_id == remote_id
    (remote_invoice,) = sim.invoices(world)
    assert remote_invoice.customer_id == remote_id


async def _seed_customer(world: World, name: str, email: str | None, key: str = "seed-0") -> str:
    record = CustomerRecord(local_id="seed", display_name=name, idempotency_key=key, email=email)
    async with world.session() as session:
        (outcome,) = await session.create_customers([record])
    assert outcome.ref is not None
    return outcome.ref.id


async def test_push_invoices_item_with_sku_keeps_it(world, sim) -> None:
    customer = await world.customer()
    item = await world.item("Widget", sku="WID-1")
    status, _ = await _push(world, sim, await world.invoice(customer, "1", items=[item]))
    assert status is SyncRunStatus.SUCCEEDED
    (remote_item,) = sim.items(world, "Widget")
    assert remote_item.sku == "WID-1"


async def test_push_invoices_lock_after_sync_off_leaves_invoice_editable(world, sim) -> None:
    await world.configure(lock_after_sync=False)
    customer = await world.customer()
    invoice = await world.invoice(customer, "1")
    status, _ = await _push(world, sim, invoice)
    assert status is SyncRunStatus.SUCCEEDED
    assert sim.invoice_numbers(world) == ["1"]
    assert not (await Invoice.get(id=invoice.id)).locked


async def test_push_invoices_draft_and_early_invoices_are_skipped_with_reason(world, sim) -> None:
    await world.configure(sync_start_date="2026-01-01")
    customer = await world.customer()
    draft = await world.invoice(customer, "1", status=InvoiceStatus.DRAFT)
    early = await world.invoice(customer, "2", issue_date=date(2025, 12, 31))
    status, items = await _push(world, sim, draft, early)
    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SKIPPED, ItemOutcome.SKIPPED]
    messages = {i.local_id: i.message or "" for i in items}
    assert "drafts are never synced" in messages[draft.id]
    assert "before the sync start date 2026-01-01" in messages[early.id]
    assert sim.invoice_numbers(world) == []
    assert await ExternalMapping.filter(local_id__in=[draft.id, early.id]).count() == 0


async def test_push_invoices_invoice_sync_off_skips(world, sim) -> None:
    await world.configure(sync_invoices=False)
    invoice = await world.invoice(await world.customer(), "1")
    _, items = await _push(world, sim, invoice)
    assert items[0].outcome is ItemOutcome.SKIPPED
    assert sim.invoice_numbers(world) == []


async def test_push_invoices_long_values_are_truncated_with_warning(world, sim) -> None:
    """Each value is cut to the platform's limit with one warning per cut: a 30-character
    number only in QuickBooks (21), a 1,100-character memo in both (QuickBooks 1,000, Xero's
    Reference 255), a 4,100-character line description in both (4,000)."""
    number, memo, description = "N" * 30, "m" * 1100, "d" * 4100
    invoice = await world.invoice(await world.customer(), number, description=description)
    await Invoice.filter(id=invoice.id).update(memo=memo)

    status, items = await _push(world, sim, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    (item,) = items
    assert item.outcome is ItemOutcome.WARNING
    limits = {
        len(number): sim.invoice_number_max,
        len(memo): sim.memo_max,
        len(description): sim.line_description_max,
    }
    expected = [f"cut from {n} to {most}" for n, most in limits.items() if n > most]
    assert sorted(re.findall(r"cut from \d+ to \d+", item.message or "")) == sorted(expected)
    (remote,) = sim.invoices(world)
    assert remote.number == number[: sim.invoice_number_max]
    assert remote.memo == memo[: sim.memo_max]
    assert remote.line_descriptions == (description[: sim.line_description_max],)


async def test_push_invoices_name_taken_by_inactive_customer_per_platform(world, sim) -> None:
    """Lookups see active customers only. QuickBooks keeps inactive customers' names taken: the
    create fails with its duplicate-name code naming it. Xero keeps names unique among active
    contacts only: a new contact is created beside the archived one."""
    inactive_id = await _seed_customer(world, "Acme Ltd", None)
    async with world.session() as session:
        (found,) = await session.read_customers([inactive_id])
        retired = CustomerRecord("seed", "Acme Ltd", "seed-1", active=False)
        assert (await session.update_customer(inactive_id, found.version, retired)).ok
    invoice = await world.invoice(await world.customer("Acme Ltd"), "1")

    status, items = await _push(world, sim, invoice)

    (item,) = items
    customer_mapping = await ExternalMapping.get(entity=Entity.CUSTOMER)
    if sim.inactive_names_taken:
        assert status is SyncRunStatus.FAILED
        assert item.error_code == sim.duplicate_name_code
        assert "Acme Ltd" in (item.message or "")
        assert customer_mapping.state is MappingState.ERROR
        assert [(c.name, c.active) for c in sim.customers(world)] == [("Acme Ltd", False)]
        assert sim.invoices(world) == []
    else:
        assert status is SyncRunStatus.SUCCEEDED
        inactive, active = sim.customers(world)
        assert (inactive.id, inactive.active) == (inactive_id, False)
        assert (active.name, active.active) == ("Acme Ltd", True)
        assert (customer_mapping.state, customer_mapping.remote_id) == (
            MappingState.SYNCED,
            active.id,
        )
        assert [i.customer_id for i in sim.invoices(world)] == [active.id]


async def test_push_invoices_name_entered_remotely_after_lookup_fails_naming_it(world, sim) -> None:
    """Someone enters the customer in the platform between the look-up and the create: the
    create is refused as a duplicate name, the customer's mapping is in error, no invoice."""
    invoice = await world.invoice(await world.customer("Acme Ltd"), "1")
    reporter = await world.reporter()
    async with world.session() as session:
        find = session.find_customers

        async def entered_meanwhile(queries):  # type: ignore[no-untyped-def]
            found = await find(queries)
            await _seed_customer(world, "Acme Ltd", None)
            return found

        session.find_customers = entered_meanwhile
        status = await push_invoices(
            reporter, session, world.connection, [invoice.id], platform=sim.platform
        )

    assert status is SyncRunStatus.FAILED
    (item,) = await SyncRunItem.filter(run_id=reporter.run.id)
    assert item.error_code == sim.duplicate_name_code
    assert "Acme Ltd" in (item.message or "")
    customer_mapping = await ExternalMapping.get(entity=Entity.CUSTOMER)
    assert (customer_mapping.state, customer_mapping.last_error_code) == (
        MappingState.ERROR,
        sim.duplicate_name_code,
    )
    assert _names(sim, world) == ["Acme Ltd"]
    assert sim.invoices(world) == []


async def test_push_invoices_75_invoices_go_in_batches_of_the_platforms_size_once(
    world, sim
) -> None:
    """QuickBooks takes 30 documents per batch, Xero 50 per write."""
    customer = await world.customer()
    item = await world.item()
    invoices = [await world.invoice(customer, str(1000 + n), items=[item]) for n in range(75)]
    reporter = await world.reporter()
    calls: list[int] = []
    async with world.session() as session:
        assert session.max_batch == sim.max_batch
        create = session.create_invoices

        async def counting(records):  # type: ignore[no-untyped-def]
            calls.append(len(records))
            return await create(records)

        session.create_invoices = counting
        status = await push_invoices(
            reporter, session, world.connection, [i.id for i in invoices], platform=sim.platform
        )
    assert status is SyncRunStatus.SUCCEEDED
    full, rest = divmod(75, sim.max_batch)
    assert calls == [sim.max_batch] * full + [rest]
    assert sorted(sim.invoice_numbers(world)) == [str(1000 + n) for n in range(75)]
    assert (
        await ExternalMapping.filter(state=MappingState.SYNCED, entity=Entity.INVOICE).count() == 75
    )
    assert reporter.run.succeeded == 75
