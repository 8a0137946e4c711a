"""Updating and voiding synced documents, and pushing single customers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.models import Activity, Customer, ExternalMapping, Invoice, InvoiceLine, SyncRunItem
from core.models.enums import (
    Entity,
    InvoiceStatus,
    ItemOutcome,
    MappingState,
    SyncKind,
    SyncRunStatus,
)
from core.sync.push import push_invoices
from core.sync.push_customers import push_customer
from core.sync.push_edits import update_synced_invoice, void_invoice
from tests.core.sync.push_support import PLATFORM, World, connect

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
async def world(settings) -> World:
    return await connect(settings)


async def _synced(world: World, number: str = "1042") -> Invoice:
    invoice = await world.invoice(await world.customer(), number)
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(reporter, session, world.connection, [invoice.id])
    assert status is SyncRunStatus.SUCCEEDED
    return await Invoice.get(id=invoice.id)


async def _run(world: World, operation, kind: SyncKind, local_id):  # type: ignore[no-untyped-def]
    reporter = await world.reporter(kind)
    async with world.session() as session:
        status = await operation(reporter, session, world.connection, local_id, platform=PLATFORM)
    items = await SyncRunItem.filter(run_id=reporter.run.id)
    return status, items


async def test_update_synced_invoice_stale_sync_token_is_reread_and_retried(world) -> None:
    await world.configure(lock_after_sync=False)
    invoice = await _synced(world)
    mapping = await ExternalMapping.get(local_id=invoice.id)
    async with world.session() as session:
        # Someone edits the invoice in QuickBooks: its SyncToken moves on.
        body = {"Id": mapping.remote_id, "SyncToken": mapping.remote_version, "PrivateNote": "x"}
        await session.client.update("Invoice", body)
    await InvoiceLine.filter(invoice_id=invoice.id).update(
        quantity=Decimal("2"), amount=Decimal("200.00")
    )

    status, items = await _run(world, update_synced_invoice, SyncKind.UPDATE_INVOICE, invoice.id)

    assert status is SyncRunStatus.SUCCEEDED
    assert items[0].action == "UPDATED"
    (remote,) = world.remote("Invoice")
    assert Decimal(str(remote["TotalAmt"])) == Decimal("200")
    fresh = await ExternalMapping.get(local_id=invoice.id)
    assert fresh.remote_version == remote["SyncToken"]
    assert int(fresh.remote_version or 0) >= 2
    assert await Activity.filter(action="invoice.remote_updated").count() == 1


async def test_update_synced_invoice_paid_is_refused_read_only(world) -> None:
    invoice = await _synced(world)
    await Invoice.filter(id=invoice.id).update(status=InvoiceStatus.PAID)
    status, items = await _run(world, update_synced_invoice, SyncKind.UPDATE_INVOICE, invoice.id)
    assert status is SyncRunStatus.FAILED
    assert (items[0].error_code, items[0].message) == (
        "PAID_READ_ONLY",
        "Paid invoices are read-only",
    )


async def test_update_synced_invoice_never_synced_fails_not_synced(world) -> None:
    invoice = await world.invoice(await world.customer(), "9")
    status, items = await _run(world, update_synced_invoice, SyncKind.UPDATE_INVOICE, invoice.id)
    assert status is SyncRunStatus.FAILED
    assert items[0].error_code == "NOT_SYNCED"
    assert world.remote("Invoice") == []


async def test_void_invoice_voids_remotely_then_locally(world) -> None:
    invoice = await _synced(world)
    status, items = await _run(world, void_invoice, SyncKind.VOID_INVOICE, invoice.id)
    assert status is SyncRunStatus.SUCCEEDED
    assert items[0].action == "VOIDED"
    local = await Invoice.get(id=invoice.id)
    assert local.status is InvoiceStatus.VOID
    assert local.voided_at is not None
    (remote,) = world.remote("Invoice")
    assert Decimal(str(remote["TotalAmt"])) == 0
    assert await Activity.filter(description="Invoice 1042 voided in QuickBooks Online by Ada")


async def test_void_invoice_with_payment_is_refused_and_unchanged(world) -> None:
    invoice = await _synced(world)
    await Invoice.filter(id=invoice.id).update(
        status=InvoiceStatus.PARTIAL, amount_paid=Decimal("10")
    )
    status, items = await _run(world, void_invoice, SyncKind.VOID_INVOICE, invoice.id)
    assert status is SyncRunStatus.FAILED
    assert items[0].error_code == "PAID_READ_ONLY"
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.PARTIAL
    (remote,) = world.remote("Invoice")
    assert Decimal(str(remote["TotalAmt"])) == Decimal("100")


async def test_push_invoices_locally_voided_synced_invoice_is_voided_remotely(world) -> None:
    invoice = await _synced(world)
    await Invoice.filter(id=invoice.id).update(status=InvoiceStatus.VOID)
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(reporter, session, world.connection, [invoice.id])
    assert status is SyncRunStatus.SUCCEEDED
    (item,) = await SyncRunItem.filter(run_id=reporter.run.id)
    assert item.action == "VOIDED"
    (remote,) = world.remote("Invoice")
    assert Decimal(str(remote["TotalAmt"])) == 0


async def test_push_customer_new_then_changed_creates_then_updates(world) -> None:
    customer = await world.customer("Acme Ltd", "ap@acme.test")
    status, items = await _run(world, push_customer, SyncKind.PUSH_CUSTOMERS, customer.id)
    assert status is SyncRunStatus.SUCCEEDED
    assert items[0].action == "CREATED"
    await Customer.filter(id=customer.id).update(phone="555-0100")
    status, items = await _run(world, push_customer, SyncKind.PUSH_CUSTOMERS, customer.id)
    assert status is SyncRunStatus.SUCCEEDED
    assert items[0].action == "UPDATED"
    (remote,) = world.remote("Customer")
    assert remote["PrimaryPhone"]["FreeFormNumber"] == "555-0100"
    mapping = await ExternalMapping.get(local_id=customer.id, entity=Entity.CUSTOMER)
    assert (mapping.state, mapping.remote_version) == (MappingState.SYNCED, remote["SyncToken"])


async def test_push_customer_existing_by_name_is_matched_without_create(world) -> None:
    first = await world.customer("Acme Ltd")
    await _run(world, push_customer, SyncKind.PUSH_CUSTOMERS, first.id)
    await ExternalMapping.all().delete()
    status, items = await _run(world, push_customer, SyncKind.PUSH_CUSTOMERS, first.id)
    assert status is SyncRunStatus.SUCCEEDED
    assert items[0].action == "MATCHED"
    assert len(world.remote("Customer")) == 1


async def test_push_customer_sync_off_is_skipped(world) -> None:
    await world.configure(sync_customers=False)
    customer = await world.customer()
    _, items = await _run(world, push_customer, SyncKind.PUSH_CUSTOMERS, customer.id)
    assert items[0].outcome is ItemOutcome.SKIPPED
    assert world.remote("Customer") == []
