"""Importing customers (merge, newer wins, no duplicates) and open invoices (locked, once).

Every case runs for each provider on the simulator mounted in the app (Xero's exchanges checked
against its spec), with the remote books entered as a user of the platform would. Xero lists a
contact as a customer only once a sales invoice is entered against it (``IsCustomer``), so
``Books.customer`` gives a Xero contact a draft sales invoice; the one case where that rule makes
the providers differ states each provider's expectation.
"""

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

pytestmark = pytest.mark.usefixtures("app")

IMPORTS_A_CUSTOMER_WITHOUT_SALES = {"QUICKBOOKS_ONLINE": True, "XERO": False}
"""QuickBooks keeps customers apart from vendors, so a customer nothing was sold to is listed;
Xero's contacts are customers and suppliers alike, and it lists as a customer (``IsCustomer``)
only a contact with a sales invoice, which is all the Xero import asks for."""


async def test_import_customers_merges_by_mapping_name_and_email_without_duplicates(books) -> None:
    by_map = books.customer("Mapped Co")
    books.customer("acme ltd")
    books.customer("Mail Match", email="ops@mail.test")
    books.customer("Brand New", email="new@new.test")
    mapped = await Customer.create(firm=books.firm, name="Mapped Co")
    await books.map(Entity.CUSTOMER, mapped.id, by_map)
    named = await Customer.create(firm=books.firm, name="Acme Ltd")
    mailed = await Customer.create(firm=books.firm, name="Mail Co", email="OPS@mail.test")

    run, items = await books.run(SyncKind.IMPORT_CUSTOMERS)
    again, _ = await books.run(SyncKind.IMPORT_CUSTOMERS)

    assert run.status is SyncRunStatus.SUCCEEDED
    assert again.status is SyncRunStatus.SUCCEEDED
    assert await Customer.filter(firm=books.firm).count() == 4
    created = await Customer.get(firm=books.firm, name="Brand New")
    assert created.email == "new@new.test"
    linked = {
        m.local_id
        for m in await ExternalMapping.filter(entity=Entity.CUSTOMER, state=MappingState.SYNCED)
    }
    assert {mapped.id, named.id, mailed.id, created.id} <= linked
    assert {i.action for i in items} >= {"CREATED"}


async def test_import_customers_newer_remote_wins_and_conflict_is_a_warning(books) -> None:
    local = await Customer.create(firm=books.firm, name="Globex", phone="111")
    await Customer.filter(id=local.id).update(updated_at=datetime.now(UTC) - timedelta(days=3))
    books.customer("Globex", phone="222")

    _, items = await books.run(SyncKind.IMPORT_CUSTOMERS)

    await local.refresh_from_db()
    assert local.phone == "222"
    (item,) = items
    assert item.outcome is ItemOutcome.WARNING
    assert item.action == "UPDATED"
    assert "phone" in (item.message or "")


async def test_import_customers_newer_local_is_kept_and_conflict_is_a_warning(books) -> None:
    books.customer("Initech", phone="999")
    local = await Customer.create(firm=books.firm, name="Initech", phone="555")
    await Customer.filter(id=local.id).update(updated_at=datetime.now(UTC) + timedelta(days=1))

    _, items = await books.run(SyncKind.IMPORT_CUSTOMERS)

    await local.refresh_from_db()
    assert local.phone == "555"
    assert items[0].outcome is ItemOutcome.WARNING
    assert items[0].action == "KEPT_LOCAL"


async def test_import_customers_takes_a_customer_without_sales_where_the_platform_lists_it(
    books,
) -> None:
    books.contact("Quiet Co")

    run, items = await books.run(SyncKind.IMPORT_CUSTOMERS)

    assert run.status is SyncRunStatus.SUCCEEDED
    imported = await Customer.filter(firm=books.firm, name="Quiet Co").exists()
    assert imported is IMPORTS_A_CUSTOMER_WITHOUT_SALES[books.sim.provider]
    assert [i.action for i in items] == (["CREATED"] if imported else [])


async def test_import_invoices_open_ones_come_in_locked_once(books) -> None:
    customer = books.customer("Umbrella")
    open_one = books.invoice(customer, "250.00", "R-1")
    books.invoice(customer, "80.00", "R-2")
    books.pay(open_one, "50.00")
    paid = books.invoice(customer, "10.00", "R-3")
    books.pay(paid, "10.00")

    run, _ = await books.run(SyncKind.IMPORT_INVOICES)
    await books.run(SyncKind.IMPORT_INVOICES)

    assert run.status is SyncRunStatus.SUCCEEDED
    invoices = {i.number: i for i in await Invoice.filter(firm=books.firm)}
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


async def test_import_invoices_skips_a_number_already_used_locally(books) -> None:
    customer = books.customer("Hooli")
    books.invoice(customer, "20.00", "55")
    local_customer = await Customer.create(firm=books.firm, name="Someone")
    await Invoice.create(
        firm=books.firm, customer=local_customer, number="55", issue_date=datetime.now(UTC).date()
    )

    _, items = await books.run(SyncKind.IMPORT_INVOICES)

    skipped = [i for i in items if i.entity is Entity.INVOICE]
    assert skipped[0].outcome is ItemOutcome.SKIPPED
    assert "already used" in (skipped[0].message or "")
    assert await Invoice.filter(firm=books.firm).count() == 1
