"""The push engine creating invoices on the in-process QBO simulator (for every provider:
estimates in test_push_estimates.py, closed periods in test_push_closed_period.py)."""

from __future__ import annotations

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
from tests.core.sync.push_support import PLATFORM, World, connect

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
async def world(settings) -> World:
    return await connect(settings)


async def _push(world: World, *invoices: Invoice) -> tuple[SyncRunStatus, list[SyncRunItem]]:
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(
            reporter, session, world.connection, [i.id for i in invoices], platform=PLATFORM
        )
    items = await SyncRunItem.filter(run_id=reporter.run.id).order_by("id")
    return status, list(items)


async def _mapping(invoice: Invoice, entity: Entity = Entity.INVOICE) -> ExternalMapping:
    return await ExternalMapping.get(local_id=invoice.id, entity=entity)


async def test_push_invoices_new_customer_and_item_creates_all_and_locks(world) -> None:
    customer = await world.customer("Acme Ltd", "ap@acme.test")
    item = await world.item("Audit")
    invoice = await world.invoice(customer, "1042", items=[item, None])

    status, items = await _push(world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SUCCEEDED]
    (remote,) = world.remote("Invoice")
    mapping = await _mapping(invoice)
    assert mapping.state is MappingState.SYNCED
    assert (mapping.remote_id, mapping.remote_number) == (remote["Id"], "1042")
    assert mapping.remote_version == remote["SyncToken"]
    assert len(world.remote("Customer", DisplayName="Acme Ltd")) == 1
    (remote_item,) = world.remote("Item", Name="Audit")
    assert remote_item["Type"] == "Service"
    assert remote_item["IncomeAccountRef"]["value"]
    assert (await Invoice.get(id=invoice.id)).locked
    descriptions = await Activity.filter(subject_id=invoice.id).values_list(
        "description", flat=True
    )
    assert "Invoice 1042 created in QuickBooks Online by Ada" in descriptions


async def test_push_invoices_existing_remote_customer_by_name_is_adopted_not_duplicated(
    world,
) -> None:
    async with world.session() as session:
        existing = await session.find_customer("Acme Ltd")
    assert existing is None
    await _seed_customer(world, "Acme Ltd", None)
    customer = await world.customer("Acme Ltd")
    status, _ = await _push(world, await world.invoice(customer, "1"))
    assert status is SyncRunStatus.SUCCEEDED
    assert len(world.remote("Customer", DisplayName="Acme Ltd")) == 1
    mapping = await ExternalMapping.get(local_id=customer.id)
    assert mapping.state is MappingState.SYNCED


async def test_push_invoices_existing_remote_customer_by_email_is_adopted(world) -> None:
    remote_id = await _seed_customer(world, "ACME Limited", "ap@acme.test")
    customer = await world.customer("Acme Ltd", "ap@acme.test")
    status, _ = await _push(world, await world.invoice(customer, "1"))
    assert status is SyncRunStatus.SUCCEEDED
    assert len(world.remote("Customer")) == 1
    assert (await ExternalMapping.get(local_id=customer.id)).remote_id == remote_id
    (remote_invoice,) = world.remote("Invoice")
    assert remote_invoice["CustomerRef"]["value"] == remote_id


async def _seed_customer(world: World, name: str, email: str | None) -> str:
    record = CustomerRecord(
        local_id="seed", display_name=name, idempotency_key="seed-0", email=email
    )
    async with world.session() as session:
        (outcome,) = await session.create_customers([record])
    assert outcome.ref is not None
    return outcome.ref.id


async def test_push_invoices_item_with_sku_keeps_it(world) -> None:
    customer = await world.customer()
    item = await world.item("Widget", sku="WID-1")
    status, _ = await _push(world, await world.invoice(customer, "1", items=[item]))
    assert status is SyncRunStatus.SUCCEEDED
    (remote_item,) = world.remote("Item", Name="Widget")
    assert remote_item["Sku"] == "WID-1"


async def test_push_invoices_lock_after_sync_off_leaves_invoice_editable(world) -> None:
    await world.configure(lock_after_sync=False)
    customer = await world.customer()
    invoice = await world.invoice(customer, "1")
    status, _ = await _push(world, invoice)
    assert status is SyncRunStatus.SUCCEEDED
    assert not (await Invoice.get(id=invoice.id)).locked


async def test_push_invoices_draft_and_early_invoices_are_skipped_with_reason(world) -> None:
    await world.configure(sync_start_date="2026-01-01")
    customer = await world.customer()
    draft = await world.invoice(customer, "1", status=InvoiceStatus.DRAFT)
    early = await world.invoice(customer, "2", issue_date=date(2025, 12, 31))
    status, items = await _push(world, draft, early)
    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SKIPPED, ItemOutcome.SKIPPED]
    messages = {i.local_id: i.message or "" for i in items}
    assert "drafts are never synced" in messages[draft.id]
    assert "before the sync start date 2026-01-01" in messages[early.id]
    assert world.remote("Invoice") == []
    assert await ExternalMapping.filter(local_id__in=[draft.id, early.id]).count() == 0


async def test_push_invoices_invoice_sync_off_skips(world) -> None:
    await world.configure(sync_invoices=False)
    invoice = await world.invoice(await world.customer(), "1")
    _, items = await _push(world, invoice)
    assert items[0].outcome is ItemOutcome.SKIPPED
    assert world.remote("Invoice") == []


async def test_push_invoices_long_values_are_truncated_with_warning(world) -> None:
    customer = await world.customer()
    invoice = await world.invoice(customer, "N" * 30, description="d" * 4100)
    status, items = await _push(world, invoice)
    assert status is SyncRunStatus.SUCCEEDED
    (item,) = items
    assert item.outcome is ItemOutcome.WARNING
    assert "DocNumber" in (item.message or "")
    (remote,) = world.remote("Invoice")
    assert len(remote["DocNumber"]) == 21


async def test_push_invoices_name_taken_by_inactive_customer_fails_6240_naming_it(world) -> None:
    # Lookups see active customers only, so the create runs into the inactive one's name.
    async with world.session() as session:
        body = {"DisplayName": "Acme Ltd", "Active": False}
        await session.client.create("Customer", body)
    invoice = await world.invoice(await world.customer("Acme Ltd"), "1")
    status, items = await _push(world, invoice)
    assert status is SyncRunStatus.FAILED
    (item,) = items
    assert item.error_code == "QBO-6240"
    assert "Acme Ltd" in (item.message or "")
    customer_mapping = await ExternalMapping.get(entity=Entity.CUSTOMER)
    assert customer_mapping.state is MappingState.ERROR


async def test_push_invoices_75_invoices_go_in_3_batches_exactly_once(world) -> None:
    customer = await world.customer()
    item = await world.item()
    invoices = [await world.invoice(customer, str(1000 + n), items=[item]) for n in range(75)]
    reporter = await world.reporter()
    calls: list[int] = []
    async with world.session() as session:
        create = session.create_invoices

        async def counting(records):  # type: ignore[no-untyped-def]
            calls.append(len(records))
            return await create(records)

        session.create_invoices = counting
        status = await push_invoices(
            reporter, session, world.connection, [i.id for i in invoices], platform=PLATFORM
        )
    assert status is SyncRunStatus.SUCCEEDED
    assert calls == [30, 30, 15]
    assert len(world.remote("Invoice")) == 75
    assert (
        await ExternalMapping.filter(state=MappingState.SYNCED, entity=Entity.INVOICE).count() == 75
    )
    assert reporter.run.succeeded == 75
