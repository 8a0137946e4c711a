"""syncNow pushes customers and invoices changed since the last sync, inside its own run.

Every case runs for every provider on the simulators mounted in the app (Xero's exchanges checked
against its spec): what the remote company holds is read back through tests/core/sync/
changed_drivers, the runs go through the registry's kits as the worker runs them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.models import (
    Customer,
    ExternalMapping,
    Invoice,
    InvoiceLine,
    SyncRun,
    SyncRunItem,
)
from core.models.enums import (
    Entity,
    InvoiceStatus,
    ItemOutcome,
    MappingState,
    SyncKind,
    SyncRunStatus,
    SyncTrigger,
)
from core.sync.pull import CHANGES_CHECKPOINT
from core.sync.runs import create_run
from tests.core.sync.changed_drivers import changed_for, count_requests
from tests.core.sync.pull_drivers import Books
from tests.core.sync.sim_support import ListSink
from workers.jobs_pull import run_pull_sync

pytestmark = pytest.mark.usefixtures("app")


async def _configure(books: Books, **settings: object) -> None:
    books.connection.settings = {**books.connection.settings, **settings}
    await books.connection.save(update_fields=["settings"])


async def _invoice(
    books: Books,
    customer: Customer,
    number: str,
    *,
    status: InvoiceStatus = InvoiceStatus.SENT,
    issue_date: date = date(2026, 3, 5),
) -> Invoice:
    invoice = await Invoice.create(
        firm=books.firm,
        customer=customer,
        number=number,
        status=status,
        issue_date=issue_date,
        due_date=date(2026, 4, 5),
        subtotal=Decimal("100.00"),
        total=Decimal("100.00"),
        balance=Decimal("100.00"),
    )
    await InvoiceLine.create(
        invoice=invoice,
        description="Consulting",
        quantity=Decimal("1"),
        unit_price=Decimal("100.00"),
        amount=Decimal("100.00"),
    )
    return invoice


def _pushed(items: list[SyncRunItem]) -> list[tuple[Entity, str, str]]:
    """(entity, action, label) of the customer and document items, in order."""
    return [
        (i.entity, i.action, i.label)
        for i in items
        if i.entity in (Entity.CUSTOMER, Entity.INVOICE, Entity.ESTIMATE)
    ]


def _numbers(books: Books) -> list[str]:
    return [r.number for r in changed_for(books.sim).invoices(books)]


def _customer_names(books: Books) -> list[str]:
    return [name for name, _ in changed_for(books.sim).customers(books)]


async def test_sync_now_job_pushes_customers_invoices_and_pulls_payments_in_one_run(
    books,
) -> None:
    linked, linked_remote_id = await books.linked_invoice("900", "100.00")
    books.pay(linked_remote_id, "100.00")
    ada = await Customer.create(firm=books.firm, name="Ada Lovelace", email="ada@example.com")
    await Customer.create(firm=books.firm, name="Bob Without Invoices")
    invoice = await _invoice(books, ada, "1001")
    run = await create_run(
        firm_id=books.firm.id,
        kind=SyncKind.FULL_SYNC,
        trigger=SyncTrigger.USER,
        started_by_id=books.user.id,
        connection_id=books.connection.id,
    )

    result = await run_pull_sync(
        {"providers": books.env, "events": ListSink(), "job_try": 1}, str(run.id)
    )

    run = await SyncRun.get(id=run.id)
    assert result["status"] == "SUCCEEDED", run.error
    items = list(await SyncRunItem.filter(run_id=run.id).order_by("id"))
    assert _pushed(items) == [
        (Entity.CUSTOMER, "CREATED", "Customer Ada Lovelace"),
        (Entity.CUSTOMER, "CREATED", "Customer Bob Without Invoices"),
        (Entity.INVOICE, "CREATED", "Invoice 1001"),
    ]
    assert any(i.entity is Entity.PAYMENT and i.outcome is ItemOutcome.SUCCEEDED for i in items)
    remote = changed_for(books.sim)
    (pushed,) = [r for r in remote.invoices(books) if r.number == "1001"]
    customers = dict(remote.customers(books))
    assert pushed.customer_id == customers["Ada Lovelace"]
    assert "Bob Without Invoices" in customers
    assert (await Invoice.get(id=invoice.id)).locked is True
    assert (await Invoice.get(id=linked.id)).status is InvoiceStatus.PAID
    await books.connection.refresh_from_db()
    assert books.connection.last_sync_at is not None
    assert CHANGES_CHECKPOINT in books.connection.sync_state


async def test_sync_now_again_with_nothing_changed_sends_no_write(books) -> None:
    ada = await Customer.create(firm=books.firm, name="Ada")
    await _invoice(books, ada, "1001")
    await _invoice(books, ada, "1002")
    await _configure(books, lock_after_sync=False)
    first, _ = await books.run(SyncKind.FULL_SYNC)
    counting = count_requests(books)

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert first.status is SyncRunStatus.SUCCEEDED, first.error
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _pushed(items) == []
    assert counting.requests  # the run did talk to the platform (it pulled payments)
    assert counting.api_writes() == []
    assert sorted(_numbers(books)) == ["1001", "1002"]
    assert _customer_names(books).count("Ada") == 1


async def test_sync_now_with_lock_off_updates_only_the_invoice_changed_locally(books) -> None:
    await _configure(books, lock_after_sync=False)
    ada = await Customer.create(firm=books.firm, name="Ada")
    changed = await _invoice(books, ada, "1001")
    untouched = await _invoice(books, ada, "1002")
    await books.run(SyncKind.FULL_SYNC)
    changed.memo = "Second visit included"
    await changed.save()
    counting = count_requests(books)

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _pushed(items) == [(Entity.INVOICE, "UPDATED", "Invoice 1001")]
    after = {r.number: r for r in changed_for(books.sim).invoices(books)}
    assert sorted(after) == ["1001", "1002"]
    assert after["1001"].memo == "Second visit included"
    assert after["1002"].memo is None
    assert len(counting.api_writes()) == 1
    assert (await Invoice.get(id=untouched.id)).locked is False


async def test_sync_now_with_lock_on_does_not_update_synced_invoices(books) -> None:
    ada = await Customer.create(firm=books.firm, name="Ada")
    invoice = await _invoice(books, ada, "1001")
    await books.run(SyncKind.FULL_SYNC)
    invoice.memo = "edited"
    await invoice.save()

    _, items = await books.run(SyncKind.FULL_SYNC)

    assert _pushed(items) == []
    (remote,) = changed_for(books.sim).invoices(books)
    assert remote.memo is None


async def test_sync_now_pushes_a_customer_renamed_locally_as_an_update(books) -> None:
    ada = await Customer.create(firm=books.firm, name="Ada")
    await books.run(SyncKind.FULL_SYNC)
    ada.name = "Ada King"
    await ada.save()

    _, items = await books.run(SyncKind.FULL_SYNC)

    assert _pushed(items) == [(Entity.CUSTOMER, "UPDATED", "Customer Ada King")]
    names = _customer_names(books)
    assert "Ada King" in names
    assert "Ada" not in names


async def test_sync_now_skips_drafts_and_invoices_before_the_start_date(books) -> None:
    await _configure(books, sync_start_date="2026-03-01")
    ada = await Customer.create(firm=books.firm, name="Ada")
    await _invoice(books, ada, "D-1", status=InvoiceStatus.DRAFT)
    await _invoice(books, ada, "OLD-1", issue_date=date(2026, 2, 27))
    await _invoice(books, ada, "NEW-1")

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    documents = [p for p in _pushed(items) if p[0] is Entity.INVOICE]
    assert documents == [(Entity.INVOICE, "CREATED", "Invoice NEW-1")]
    assert _numbers(books) == ["NEW-1"]


async def test_sync_now_with_invoice_sync_off_pushes_customers_only_until_turned_on(
    books,
) -> None:
    await _configure(books, sync_invoices=False)
    ada = await Customer.create(firm=books.firm, name="Ada")
    await _invoice(books, ada, "1001")

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _pushed(items) == [(Entity.CUSTOMER, "CREATED", "Customer Ada")]
    assert _numbers(books) == []
    assert CHANGES_CHECKPOINT not in (books.connection.sync_state or {})

    await _configure(books, sync_invoices=True)
    _, items = await books.run(SyncKind.FULL_SYNC)

    assert _pushed(items) == [(Entity.INVOICE, "CREATED", "Invoice 1001")]
    assert _numbers(books) == ["1001"]


async def test_sync_now_with_customer_sync_off_creates_no_customer(books) -> None:
    await _configure(books, sync_customers=False)
    ada = await Customer.create(firm=books.firm, name="Ada")
    await _invoice(books, ada, "1001")

    _, items = await books.run(SyncKind.FULL_SYNC)

    (failed,) = _pushed(items)
    assert failed[1:] == ("", "Invoice 1001")
    assert "Ada" not in _customer_names(books)
    assert _numbers(books) == []


async def test_sync_now_replays_a_pending_group_from_a_crashed_run_without_duplicate(
    books,
) -> None:
    ada = await Customer.create(firm=books.firm, name="Ada")
    await books.run(SyncKind.FULL_SYNC)
    invoice = await _invoice(books, ada, "1001")
    remote = changed_for(books.sim)
    remote.drop_next_invoice_write(books)

    crashed, _ = await books.run(SyncKind.FULL_SYNC)

    assert crashed.status is SyncRunStatus.FAILED
    assert _numbers(books) == ["1001"]  # created, answer lost
    pending = await ExternalMapping.get(local_id=invoice.id)
    assert pending.state is MappingState.PENDING

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _pushed(items) == [(Entity.INVOICE, "CREATED", "Invoice 1001")]
    (created,) = remote.invoices(books)
    mapping = await ExternalMapping.get(local_id=invoice.id)
    assert mapping.state is MappingState.SYNCED
    assert mapping.idempotency_key == pending.idempotency_key
    assert mapping.remote_id == created.id


async def test_sync_now_pushes_changes_made_after_a_payment_pull(books) -> None:
    await _configure(books, lock_after_sync=False)
    ada = await Customer.create(firm=books.firm, name="Ada")
    invoice = await _invoice(books, ada, "1001")
    await books.run(SyncKind.FULL_SYNC)
    invoice.memo = "changed before a payments-only run"
    await invoice.save()
    await books.run(SyncKind.PULL_PAYMENTS)

    _, items = await books.run(SyncKind.FULL_SYNC)

    assert _pushed(items) == [(Entity.INVOICE, "UPDATED", "Invoice 1001")]
    (remote,) = changed_for(books.sim).invoices(books)
    assert remote.memo == "changed before a payments-only run"
