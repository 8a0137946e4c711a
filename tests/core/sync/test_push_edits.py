"""Updating and voiding synced documents, and pushing single customers, for every provider
(QuickBooks Online and Xero, whose exchanges are checked against its spec)."""

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
from tests.core.sync.push_drivers import PushDriver, push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")


async def _synced(world: World, number: str = "1042") -> Invoice:
    invoice = await world.invoice(await world.customer(), number)
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(reporter, session, world.connection, [invoice.id])
    assert status is SyncRunStatus.SUCCEEDED
    return await Invoice.get(id=invoice.id)


async def _run(world: World, sim: PushDriver, operation, kind: SyncKind, local_id):  # type: ignore[no-untyped-def]
    reporter = await world.reporter(kind)
    async with world.session() as session:
        status = await operation(
            reporter, session, world.connection, local_id, platform=sim.platform
        )
    items = await SyncRunItem.filter(run_id=reporter.run.id)
    return status, items


async def test_update_synced_invoice_edited_remotely_since_is_updated(world, sim) -> None:
    """QuickBooks refuses the stored SyncToken once the invoice was edited there (5010): the
    provider re-reads it and retries. Xero updates carry no version and are taken as they are.
    Either way the new content lands and the mapping holds the remote invoice's new version."""
    await world.configure(lock_after_sync=False)
    invoice = await _synced(world)
    mapping = await ExternalMapping.get(local_id=invoice.id)
    sim.edit_invoice(world, mapping.remote_id)  # someone edits the invoice in the platform
    await InvoiceLine.filter(invoice_id=invoice.id).update(
        quantity=Decimal("2"), amount=Decimal("200.00")
    )

    status, items = await _run(
        world, sim, update_synced_invoice, SyncKind.UPDATE_INVOICE, invoice.id
    )

    assert status is SyncRunStatus.SUCCEEDED
    assert items[0].action == "UPDATED"
    (remote,) = sim.invoices(world)
    assert (remote.id, remote.number, remote.total) == (mapping.remote_id, "1042", Decimal(200))
    fresh = await ExternalMapping.get(local_id=invoice.id)
    assert fresh.remote_version == remote.version
    assert await Activity.filter(action="invoice.remote_updated").count() == 1


async def test_update_synced_invoice_paid_is_refused_read_only(world, sim) -> None:
    invoice = await _synced(world)
    await Invoice.filter(id=invoice.id).update(status=InvoiceStatus.PAID)
    status, items = await _run(
        world, sim, update_synced_invoice, SyncKind.UPDATE_INVOICE, invoice.id
    )
    assert status is SyncRunStatus.FAILED
    assert (items[0].error_code, items[0].message) == (
        "PAID_READ_ONLY",
        "Paid invoices are read-only",
    )
    (remote,) = sim.invoices(world)
    assert remote.total == Decimal(100)


async def test_update_synced_invoice_never_synced_fails_not_synced(world, sim) -> None:
    invoice = await world.invoice(await world.customer(), "9")
    status, items = await _run(
        world, sim, update_synced_invoice, SyncKind.UPDATE_INVOICE, invoice.id
    )
    assert status is SyncRunStatus.FAILED
    assert items[0].error_code == "NOT_SYNCED"
    assert sim.invoices(world) == []


async def test_void_invoice_voids_remotely_then_locally(world, sim) -> None:
    invoice = await _synced(world)
    status, items = await _run(world, sim, void_invoice, SyncKind.VOID_INVOICE, invoice.id)
    assert status is SyncRunStatus.SUCCEEDED
    assert items[0].action == "VOIDED"
    local = await Invoice.get(id=invoice.id)
    assert local.status is InvoiceStatus.VOID
    assert local.voided_at is not None
    (remote,) = sim.invoices(world)
    assert (remote.number, remote.voided) == ("1042", True)
    fresh = await ExternalMapping.get(local_id=invoice.id)
    assert fresh.remote_version == remote.version
    assert await Activity.filter(description=f"Invoice 1042 voided in {sim.platform} by Ada")


async def test_void_invoice_with_payment_is_refused_and_unchanged(world, sim) -> None:
    invoice = await _synced(world)
    await Invoice.filter(id=invoice.id).update(
        status=InvoiceStatus.PARTIAL, amount_paid=Decimal("10")
    )
    status, items = await _run(world, sim, void_invoice, SyncKind.VOID_INVOICE, invoice.id)
    assert status is SyncRunStatus.FAILED
    assert items[0].error_code == "PAID_READ_ONLY"
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.PARTIAL
    (remote,) = sim.invoices(world)
    assert (remote.voided, remote.total) == (False, Decimal(100))


async def test_void_invoice_paid_only_remotely_follows_the_platforms_rule(world, sim) -> None:
    """A payment received in the platform and not yet pulled: QuickBooks voids the invoice and
    leaves the payment unapplied; Xero voids only invoices without payments, so the void is
    refused with what to do and both sides stay as they were (the mapping keeps the error)."""
    invoice = await _synced(world)
    mapping = await ExternalMapping.get(local_id=invoice.id)
    sim.record_payment(world, mapping.remote_id, Decimal("40"))

    status, items = await _run(world, sim, void_invoice, SyncKind.VOID_INVOICE, invoice.id)

    (remote,) = sim.invoices(world)
    local = await Invoice.get(id=invoice.id)
    fresh = await ExternalMapping.get(local_id=invoice.id)
    if sim.voids_paid_invoices:
        assert status is SyncRunStatus.SUCCEEDED
        assert (items[0].outcome, items[0].action) == (ItemOutcome.SUCCEEDED, "VOIDED")
        assert remote.voided
        assert local.status is InvoiceStatus.VOID
    else:
        assert status is SyncRunStatus.FAILED
        assert (items[0].outcome, items[0].error_code) == (ItemOutcome.FAILED, "XERO-VOID-REFUSED")
        assert "with payments" in (items[0].message or "")
        assert "Remove the payments" in (items[0].hint or "")
        assert (remote.voided, remote.balance) == (False, Decimal(60))
        assert local.status is InvoiceStatus.SENT
        assert (fresh.state, fresh.last_error_code) == (MappingState.SYNCED, "XERO-VOID-REFUSED")


async def test_push_invoices_locally_voided_synced_invoice_is_voided_remotely(world, sim) -> None:
    invoice = await _synced(world)
    await Invoice.filter(id=invoice.id).update(status=InvoiceStatus.VOID)
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(reporter, session, world.connection, [invoice.id])
    assert status is SyncRunStatus.SUCCEEDED
    (item,) = await SyncRunItem.filter(run_id=reporter.run.id)
    assert item.action == "VOIDED"
    (remote,) = sim.invoices(world)
    assert remote.voided


async def test_push_customer_new_then_changed_creates_then_updates(world, sim) -> None:
    customer = await world.customer("Acme Ltd", "ap@acme.test")
    status, items = await _run(world, sim, push_customer, SyncKind.PUSH_CUSTOMERS, customer.id)
    assert status is SyncRunStatus.SUCCEEDED
    assert items[0].action == "CREATED"
    await Customer.filter(id=customer.id).update(phone="555-0100")
    status, items = await _run(world, sim, push_customer, SyncKind.PUSH_CUSTOMERS, customer.id)
    assert status is SyncRunStatus.SUCCEEDED
    assert items[0].action == "UPDATED"
    (remote,) = sim.customers(world)
    assert (remote.name, remote.email, remote.phone) == ("Acme Ltd", "ap@acme.test", "555-0100")
    mapping = await ExternalMapping.get(local_id=customer.id, entity=Entity.CUSTOMER)
    assert (mapping.state, mapping.remote_id) == (MappingState.SYNCED, remote.id)
    assert mapping.remote_version == remote.version


async def test_push_customer_existing_by_name_is_matched_without_create(world, sim) -> None:
    first = await world.customer("Acme Ltd")
    await _run(world, sim, push_customer, SyncKind.PUSH_CUSTOMERS, first.id)
    await ExternalMapping.all().delete()
    status, items = await _run(world, sim, push_customer, SyncKind.PUSH_CUSTOMERS, first.id)
    assert status is SyncRunStatus.SUCCEEDED
    assert items[0].action == "MATCHED"
    assert [c.name for c in sim.customers(world)] == ["Acme Ltd"]


async def test_push_customer_sync_off_is_skipped(world, sim) -> None:
    await world.configure(sync_customers=False)
    customer = await world.customer()
    _, items = await _run(world, sim, push_customer, SyncKind.PUSH_CUSTOMERS, customer.id)
    assert items[0].outcome is ItemOutcome.SKIPPED
    assert sim.customers(world) == []
