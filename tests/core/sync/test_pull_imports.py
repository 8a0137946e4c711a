"""Importing customers (merge, newer wins, no duplicates) and open invoices (locked, once)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.models import Customer, ExternalMapping, Invoice, InvoiceLine
from core.models.enums import (
    Entity,
    InvoiceStatus,
    ItemOutcome,
    MappingState,
    SyncKind,
    SyncRunStatus,
)
from tests.core.sync.pull_support import PullWorld, connect

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
async def world(settings) -> PullWorld:
    return await connect(settings)


async def test_import_customers_merges_by_mapping_name_and_email_without_duplicates(world) -> None:
    by_map = world.remote_customer("Mapped Co")
    world.remote_customer("acme ltd")
    world.remote_customer("Mail Match", PrimaryEmailAddr={"Address": "ops@mail.test"})
    world.remote_customer("Brand New", PrimaryEmailAddr={"Address": "new@new.test"})
    mapped = await Customer.create(firm=world.firm, name="Mapped Co")
    await world.map(Entity.CUSTOMER, mapped.id, by_map)
    named = await Customer.create(firm=world.firm, name="Acme Ltd")
    mailed = await Customer.create(firm=world.firm, name="Mail Co", email="OPS@mail.test")

    run, items = await world.run(SyncKind.IMPORT_CUSTOMERS)
    again, _ = await world.run(SyncKind.IMPORT_CUSTOMERS)

    assert run.status is SyncRunStatus.SUCCEEDED
    assert again.status is SyncRunStatus.SUCCEEDED
    assert await Customer.filter(firm=world.firm).count() == 4
    created = await Customer.get(firm=world.firm, name="Brand New")
    assert created.email == "new@new.test"
    linked = {
        m.local_id
        for m in await ExternalMapping.filter(entity=Entity.CUSTOMER, state=MappingState.SYNCED)
    }
    assert {mapped.id, named.id, mailed.id, created.id} <= linked
    assert {i.action for i in items} >= {"CREATED"}


async def test_import_customers_newer_remote_wins_and_conflict_is_a_warning(world) -> None:
    local = await Customer.create(firm=world.firm, name="Globex", phone="111")
    await Customer.filter(id=local.id).update(updated_at=datetime.now(UTC) - timedelta(days=3))
    world.remote_customer("Globex", PrimaryPhone={"FreeFormNumber": "222"})

    _, items = await world.run(SyncKind.IMPORT_CUSTOMERS)

    await local.refresh_from_db()
    assert local.phone == "222"
    (item,) = items
    assert item.outcome is ItemOutcome.WARNING
    assert item.action == "UPDATED"
    assert "phone" in (item.message or "")


async def test_import_customers_newer_local_is_kept_and_conflict_is_a_warning(world) -> None:
    world.remote_customer("Initech", PrimaryPhone={"FreeFormNumber": "999"})
    local = await Customer.create(firm=world.firm, name="Initech", phone="555")
    await Customer.filter(id=local.id).update(updated_at=datetime.now(UTC) + timedelta(days=1))

    _, items = await world.run(SyncKind.IMPORT_CUSTOMERS)

    await local.refresh_from_db()
    assert local.phone == "555"
    assert items[0].outcome is ItemOutcome.WARNING
    assert items[0].action == "KEPT_LOCAL"


async def test_import_invoices_open_ones_come_in_locked_once(world) -> None:
    customer = world.remote_customer("Umbrella")
    open_one = world.remote_invoice(str(customer["Id"]), "250.00", DocNumber="R-1")
    world.remote_invoice(str(customer["Id"]), "80.00", DocNumber="R-2")
    world.simulator.record_payment(world.realm, str(open_one["Id"]), "50.00")
    paid = world.remote_invoice(str(customer["Id"]), "10.00", DocNumber="R-3")
    world.simulator.record_payment(world.realm, str(paid["Id"]))

    run, _ = await world.run(SyncKind.IMPORT_INVOICES)
    await world.run(SyncKind.IMPORT_INVOICES)

    assert run.status is SyncRunStatus.SUCCEEDED
    invoices = {i.number: i for i in await Invoice.filter(firm=world.firm)}
    assert set(invoices) == {"R-1", "R-2"}
    first = invoices["R-1"]
    assert first.locked
    assert first.status is InvoiceStatus.PARTIAL
    assert (first.total, first.balance, first.amount_paid) == (
        Decimal("250.00"),
        Decimal("200.00"),
        Decimal("50.00"),
    )
    assert invoices["R-2"].status is InvoiceStatus.SENT
    (line,) = await InvoiceLine.filter(invoice=first)
    assert line.item_id is None
    assert line.amount == Decimal("250.00")
    assert (
        await ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.SYNCED).count() == 2
    )


async def test_import_invoices_skips_a_number_already_used_locally(world) -> None:
    customer = world.remote_customer("Hooli")
    world.remote_invoice(str(customer["Id"]), "20.00", DocNumber="55")
    local_customer = await Customer.create(firm=world.firm, name="Someone")
    await Invoice.create(
        firm=world.firm, customer=local_customer, number="55", issue_date=datetime.now(UTC).date()
    )

    _, items = await world.run(SyncKind.IMPORT_INVOICES)

    skipped = [i for i in items if i.entity is Entity.INVOICE]
    assert skipped[0].outcome is ItemOutcome.SKIPPED
    assert "already used" in (skipped[0].message or "")
    assert await Invoice.filter(firm=world.firm).count() == 1
