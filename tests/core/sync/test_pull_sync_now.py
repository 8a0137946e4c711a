"""sync_now: local payments and refunds pushed exactly once; settings honoured; auto-sync.

The cases that apply to every platform (a local payment pushed once, sync turned off, hourly
and on-change auto-sync) run for every provider on the simulators mounted in the app (Xero's
exchanges checked against its spec). Refunds are QuickBooks-only (in-process QBO simulator);
for Xero a refund is skipped with a clear reason, and that is tested here too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.models import (
    Connection,
    ExternalMapping,
    Firm,
    Invoice,
    Payment,
    PaymentApplication,
    Refund,
    SyncRun,
)
from core.models.enums import (
    AutoSync,
    ConnectionStatus,
    Entity,
    ItemOutcome,
    MappingState,
    SyncKind,
    SyncRunStatus,
    SyncTrigger,
)
from core.services.accounting_pull import on_local_change, queue_hourly_syncs
from tests.core.sync.notice_drivers import notices_for
from tests.core.sync.pull_drivers import Books
from tests.core.sync.pull_support import PullWorld, connect
from tests.provider_sims import connect_directly

pytestmark = pytest.mark.usefixtures("app")


class RecordingQueue:
    """A JobQueue that keeps what was enqueued."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, tuple[object, ...]]] = []

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        self.jobs.append((function, args))
        return True


@pytest.fixture
async def world(settings) -> PullWorld:
    return await connect(settings)


async def _configure(connection: Connection, **settings: object) -> None:
    connection.settings = {**connection.settings, **settings}
    await connection.save(update_fields=["settings"])


async def _another_firm(books: Books, external_id: str) -> Connection:
    """One more firm connected to the same provider."""
    firm = await Firm.create(external_id=external_id, name=external_id)
    return await connect_directly(books.env, books.kit, firm)


async def _local_payment(world: PullWorld | Books, invoice: Invoice, amount: str) -> Payment:
    payment = await Payment.create(
        firm=world.firm,
        customer_id=invoice.customer_id,  # type: ignore[attr-defined]
        date=date(2026, 3, 4),
        amount=Decimal(amount),
        reference="CHK-7",
    )
    await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal(amount))
    return payment


async def test_sync_now_pushes_local_payment_once(books) -> None:
    invoice, remote_id = await books.linked_invoice("21", "100.00")
    payment = await _local_payment(books, invoice, "60.00")

    run, items = await books.run(SyncKind.FULL_SYNC)
    again, again_items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert again.status is SyncRunStatus.SUCCEEDED, again.error
    assert notices_for(books.sim).payments(books) == [(remote_id, Decimal("60.00"))]
    link = await ExternalMapping.get(entity=Entity.PAYMENT, local_id=payment.id)
    assert link.state is MappingState.SYNCED
    pushed = [(i.outcome, i.action) for i in items if i.entity is Entity.PAYMENT]
    assert pushed == [(ItemOutcome.SUCCEEDED, "CREATED")]
    # The second run pushes nothing and pulls the payment it pushed: known, not applied again.
    (known,) = [i for i in again_items if i.entity is Entity.PAYMENT]
    assert known.outcome is ItemOutcome.SKIPPED
    assert "already recorded" in (known.message or "")
    assert await Payment.filter(firm=books.firm).count() == 1
    assert await PaymentApplication.filter(invoice=invoice).count() == 1


async def test_sync_now_pushes_local_refund_once(world) -> None:
    """QuickBooks only: refunds are not synced to Xero (refused per record, tested below)."""
    await world.configure(refund_account_id="3")
    invoice, remote, _ = await world.linked_invoice("21", "100.00")
    payment = await _local_payment(world, invoice, "60.00")
    await Refund.create(
        firm=world.firm, payment=payment, date=date(2026, 3, 5), amount=Decimal("5")
    )

    run, items = await world.run(SyncKind.FULL_SYNC)
    again, _ = await world.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert again.status is SyncRunStatus.SUCCEEDED
    (pushed,) = world.simulator.entities(world.realm, "Payment")
    assert pushed["Line"][0]["LinkedTxn"][0]["TxnId"] == str(remote["Id"])
    assert len(world.simulator.entities(world.realm, "RefundReceipt")) == 1
    states = await ExternalMapping.filter(entity__in=[Entity.PAYMENT, Entity.REFUND]).values_list(
        "state", flat=True
    )
    assert sorted(states) == [MappingState.SYNCED, MappingState.SYNCED]
    refunds = [(i.outcome, i.action) for i in items if i.entity is Entity.REFUND]
    assert refunds == [(ItemOutcome.SUCCEEDED, "CREATED")]


@pytest.mark.parametrize("sim", ["xero"], indirect=True)
async def test_sync_now_refund_for_xero_is_skipped_with_reason(books) -> None:
    """Xero only: refunds are not synced to Xero (whatever the refund account); each one is
    skipped with that reason, nothing is sent for it, and its payment is still pushed."""
    await _configure(books.connection, refund_account_id="090")
    invoice, remote_id = await books.linked_invoice("24", "100.00")
    payment = await _local_payment(books, invoice, "60.00")
    refund = await Refund.create(
        firm=books.firm, payment=payment, date=date(2026, 3, 5), amount=Decimal("5")
    )

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    (skipped,) = [i for i in items if i.entity is Entity.REFUND]
    assert (skipped.outcome, skipped.local_id) == (ItemOutcome.SKIPPED, refund.id)
    assert skipped.message == ("refunds are not synced to Xero; record this refund in Xero by hand")
    assert notices_for(books.sim).payments(books) == [(remote_id, Decimal("60.00"))]
    assert not await ExternalMapping.filter(entity=Entity.REFUND).exists()


async def test_sync_now_without_refund_account_skips_refund_with_reason(world) -> None:
    """QuickBooks only: Xero skips every refund whatever the account (see above)."""
    invoice, _, _ = await world.linked_invoice("22", "100.00")
    payment = await _local_payment(world, invoice, "10.00")
    await Refund.create(
        firm=world.firm, payment=payment, date=date(2026, 3, 5), amount=Decimal("5")
    )
    await world.run(SyncKind.FULL_SYNC)

    _, items = await world.run(SyncKind.FULL_SYNC)

    refund_items = [i for i in items if i.entity is Entity.REFUND]
    assert refund_items[0].outcome is ItemOutcome.SKIPPED
    assert "refund account" in (refund_items[0].message or "")
    assert world.simulator.entities(world.realm, "RefundReceipt") == []


async def test_sync_now_with_sync_off_fails_run_with_reason(books) -> None:
    invoice, _ = await books.linked_invoice("25", "100.00")
    await _local_payment(books, invoice, "60.00")
    await _configure(books.connection, sync_enabled=False)

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.FAILED
    assert "turned off" in (run.error or "")
    assert items == []
    assert notices_for(books.sim).payments(books) == []


async def test_hourly_cron_queues_only_hourly_connections(books) -> None:
    await _configure(books.connection, auto_sync=AutoSync.HOURLY.value)
    off = await _another_firm(books, "firm-b")
    change = await _another_firm(books, "firm-c")
    await _configure(change, auto_sync=AutoSync.ON_CHANGE.value)
    expired = await _another_firm(books, "firm-d")
    await _configure(expired, auto_sync=AutoSync.HOURLY.value)
    await Connection.filter(id=expired.id).update(status=ConnectionStatus.EXPIRED)
    queue = RecordingQueue()

    assert await queue_hourly_syncs(queue) == 1
    assert await queue_hourly_syncs(queue) == 0  # the first run is still waiting

    (run,) = await SyncRun.all()
    assert run.connection_id == books.connection.id
    assert run.trigger is SyncTrigger.SCHEDULE
    assert queue.jobs == [("run_pull_sync", (str(run.id),))]
    assert off.id != run.connection_id


async def test_on_local_change_queues_only_for_on_change_connections(books) -> None:
    queue = RecordingQueue()
    assert await on_local_change(books.firm.id, queue) is False
    await _configure(books.connection, auto_sync=AutoSync.ON_CHANGE.value)

    assert await on_local_change(books.firm.id, queue) is True

    run = await SyncRun.get(kind=SyncKind.FULL_SYNC)
    assert run.trigger is SyncTrigger.AUTO
    assert run.connection_id == books.connection.id
    assert queue.jobs == [("run_pull_sync", (str(run.id),))]
