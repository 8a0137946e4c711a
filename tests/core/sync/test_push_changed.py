"""syncNow pushes customers and invoices changed since the last sync, inside its own run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
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
)
from core.sync.pull import CHANGES_CHECKPOINT
from tests.core.sync.pull_support import PullWorld, connect
from workers.jobs_pull import run_pull_sync

pytestmark = pytest.mark.usefixtures("app")


class CountingTransport(httpx.AsyncBaseTransport):
    """Forwards to the simulator and remembers every request's method and path."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        return await self.inner.handle_async_request(request)

    def api_writes(self) -> list[str]:
        """Paths of the POSTs to the accounting API (creates, updates, batches)."""
        return [path for method, path in self.requests if method == "POST" and "/v3/" in path]


@pytest.fixture
async def world(settings) -> PullWorld:
    return await connect(settings)


async def _invoice(
    world: PullWorld,
    customer: Customer,
    number: str,
    *,
    status: InvoiceStatus = InvoiceStatus.SENT,
    issue_date: date = date(2026, 3, 5),
) -> Invoice:
    invoice = await Invoice.create(
        firm=world.firm,
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


def _count(world: PullWorld, transport: CountingTransport | None = None) -> CountingTransport:
    counting = CountingTransport(transport or world.env.transport)  # type: ignore[arg-type]
    world.env.transport = counting
    return counting


def _pushed(items: list[SyncRunItem]) -> list[tuple[Entity, str, str]]:
    """(entity, action, label) of the customer and document items, in order."""
    return [
        (i.entity, i.action, i.label)
        for i in items
        if i.entity in (Entity.CUSTOMER, Entity.INVOICE, Entity.ESTIMATE)
    ]


async def test_sync_now_job_pushes_customers_invoices_and_pulls_payments_in_one_run(
    world,
) -> None:
    linked, remote_linked, remote_acme = await world.linked_invoice("900", "100.00")
    world.remote_payment(str(remote_acme["Id"]), "100.00", str(remote_linked["Id"]))
    ada = await Customer.create(firm=world.firm, name="Ada Lovelace", email="ada@example.com")
    await Customer.create(firm=world.firm, name="Bob Without Invoices")
    invoice = await _invoice(world, ada, "1001")
    run = await world.new_run(SyncKind.FULL_SYNC)

    result = await run_pull_sync(
        {"providers": world.env, "events": world.sink, "job_try": 1}, str(run.id)
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
    (remote,) = world.simulator.entities(world.realm, "Invoice", DocNumber="1001")
    ada_remote = world.simulator.entities(world.realm, "Customer", DisplayName="Ada Lovelace")
    assert remote["CustomerRef"]["value"] == ada_remote[0]["Id"]
    assert (await Invoice.get(id=invoice.id)).locked is True
    assert (await Invoice.get(id=linked.id)).status is InvoiceStatus.PAID
    await world.connection.refresh_from_db()
    assert world.connection.last_sync_at is not None
    assert CHANGES_CHECKPOINT in world.connection.sync_state


async def test_sync_now_again_with_nothing_changed_sends_no_write(world) -> None:
    ada = await Customer.create(firm=world.firm, name="Ada")
    await _invoice(world, ada, "1001")
    await _invoice(world, ada, "1002")
    await world.configure(lock_after_sync=False)
    await world.run(SyncKind.FULL_SYNC)
    counting = _count(world)

    run, items = await world.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _pushed(items) == []
    assert counting.api_writes() == []
    assert len(world.simulator.entities(world.realm, "Invoice")) == 2
    assert len(world.simulator.entities(world.realm, "Customer", DisplayName="Ada")) == 1


async def test_sync_now_with_lock_off_updates_only_the_invoice_changed_locally(world) -> None:
    await world.configure(lock_after_sync=False)
    ada = await Customer.create(firm=world.firm, name="Ada")
    changed = await _invoice(world, ada, "1001")
    untouched = await _invoice(world, ada, "1002")
    await world.run(SyncKind.FULL_SYNC)
    before = {
        r["DocNumber"]: r["SyncToken"] for r in world.simulator.entities(world.realm, "Invoice")
    }
    changed.memo = "Second visit included"
    await changed.save()
    counting = _count(world)

    run, items = await world.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _pushed(items) == [(Entity.INVOICE, "UPDATED", "Invoice 1001")]
    after = {r["DocNumber"]: r for r in world.simulator.entities(world.realm, "Invoice")}
    assert len(after) == 2
    assert after["1001"]["SyncToken"] != before["1001"]
    assert after["1002"]["SyncToken"] == before["1002"]
    assert len(counting.api_writes()) == 1
    assert (await Invoice.get(id=untouched.id)).locked is False


async def test_sync_now_with_lock_on_does_not_update_synced_invoices(world) -> None:
    ada = await Customer.create(firm=world.firm, name="Ada")
    invoice = await _invoice(world, ada, "1001")
    await world.run(SyncKind.FULL_SYNC)
    invoice.memo = "edited"
    await invoice.save()

    _, items = await world.run(SyncKind.FULL_SYNC)

    assert _pushed(items) == []


async def test_sync_now_pushes_a_customer_renamed_locally_as_an_update(world) -> None:
    ada = await Customer.create(firm=world.firm, name="Ada")
    await world.run(SyncKind.FULL_SYNC)
    ada.name = "Ada King"
    await ada.save()

    _, items = await world.run(SyncKind.FULL_SYNC)

    assert _pushed(items) == [(Entity.CUSTOMER, "UPDATED", "Customer Ada King")]
    names = [c["DisplayName"] for c in world.simulator.entities(world.realm, "Customer")]
    assert "Ada King" in names
    assert "Ada" not in names


async def test_sync_now_skips_drafts_and_invoices_before_the_start_date(world) -> None:
    await world.configure(sync_start_date="2026-03-01")
    ada = await Customer.create(firm=world.firm, name="Ada")
    await _invoice(world, ada, "D-1", status=InvoiceStatus.DRAFT)
    await _invoice(world, ada, "OLD-1", issue_date=date(2026, 2, 27))
    await _invoice(world, ada, "NEW-1")

    run, items = await world.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    documents = [p for p in _pushed(items) if p[0] is Entity.INVOICE]
    assert documents == [(Entity.INVOICE, "CREATED", "Invoice NEW-1")]
    numbers = [r["DocNumber"] for r in world.simulator.entities(world.realm, "Invoice")]
    assert numbers == ["NEW-1"]


async def test_sync_now_with_invoice_sync_off_pushes_customers_only_until_turned_on(
    world,
) -> None:
    await world.configure(sync_invoices=False)
    ada = await Customer.create(firm=world.firm, name="Ada")
    await _invoice(world, ada, "1001")

    run, items = await world.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _pushed(items) == [(Entity.CUSTOMER, "CREATED", "Customer Ada")]
    assert world.simulator.entities(world.realm, "Invoice") == []
    assert CHANGES_CHECKPOINT not in (world.connection.sync_state or {})

    await world.configure(sync_invoices=True)
    _, items = await world.run(SyncKind.FULL_SYNC)

    assert _pushed(items) == [(Entity.INVOICE, "CREATED", "Invoice 1001")]


async def test_sync_now_with_customer_sync_off_creates_no_customer(world) -> None:
    await world.configure(sync_customers=False)
    ada = await Customer.create(firm=world.firm, name="Ada")
    await _invoice(world, ada, "1001")

    _, items = await world.run(SyncKind.FULL_SYNC)

    (failed,) = _pushed(items)
    assert failed[1:] == ("", "Invoice 1001")
    assert world.simulator.entities(world.realm, "Customer", DisplayName="Ada") == []
    assert world.simulator.entities(world.realm, "Invoice") == []


async def test_sync_now_replays_a_pending_group_from_a_crashed_run_without_duplicate(
    world,
) -> None:
    ada = await Customer.create(firm=world.firm, name="Ada")
    await world.run(SyncKind.FULL_SYNC)
    invoice = await _invoice(world, ada, "1001")
    world.simulator.inject_fault("drop_response", path="batch")

    crashed, _ = await world.run(SyncKind.FULL_SYNC)

    assert crashed.status is SyncRunStatus.FAILED
    assert len(world.simulator.entities(world.realm, "Invoice")) == 1  # created, answer lost
    pending = await ExternalMapping.get(local_id=invoice.id)
    assert pending.state is MappingState.PENDING

    run, items = await world.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _pushed(items) == [(Entity.INVOICE, "CREATED", "Invoice 1001")]
    (remote,) = world.simulator.entities(world.realm, "Invoice")
    mapping = await ExternalMapping.get(local_id=invoice.id)
    assert mapping.state is MappingState.SYNCED
    assert mapping.idempotency_key == pending.idempotency_key
    assert mapping.remote_id == str(remote["Id"])


async def test_sync_now_pushes_changes_made_after_a_payment_pull(world) -> None:
    await world.configure(lock_after_sync=False)
    ada = await Customer.create(firm=world.firm, name="Ada")
    invoice = await _invoice(world, ada, "1001")
    await world.run(SyncKind.FULL_SYNC)
    invoice.memo = "changed before a payments-only run"
    await invoice.save()
    await world.run(SyncKind.PULL_PAYMENTS)

    _, items = await world.run(SyncKind.FULL_SYNC)

    assert _pushed(items) == [(Entity.INVOICE, "UPDATED", "Invoice 1001")]
