"""sync_now: local payments and refunds pushed exactly once; settings honoured; auto-sync."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.models import Connection, ExternalMapping, Payment, PaymentApplication, Refund, SyncRun
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
from tests.core.sync.pull_support import PullWorld, connect, connect_firm

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


async def _local_payment(world: PullWorld, invoice, amount: str) -> Payment:
    payment = await Payment.create(
        firm=world.firm,
        customer_id=invoice.customer_id,
        date=date(2026, 3, 4),
        amount=Decimal(amount),
        reference="CHK-7",
    )
    await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal(amount))
    return payment


async def test_sync_now_pushes_local_payment_and_refund_once(world) -> None:
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
    assert {i.action for i in items if i.outcome is ItemOutcome.SUCCEEDED} >= {"CREATED"}


async def test_sync_now_without_refund_account_skips_refund_with_reason(world) -> None:
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


async def test_sync_now_with_sync_off_fails_run_with_reason(world) -> None:
    await world.configure(sync_enabled=False)

    run, _ = await world.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.FAILED
    assert "turned off" in (run.error or "")


async def test_hourly_cron_queues_only_hourly_connections(world, settings) -> None:
    await world.configure(auto_sync=AutoSync.HOURLY.value)
    off = await connect_firm(world.env, world.simulator, "firm-b")
    change = await connect_firm(world.env, world.simulator, "firm-c")
    await change.configure(auto_sync=AutoSync.ON_CHANGE.value)
    expired = await connect_firm(world.env, world.simulator, "firm-d")
    await expired.configure(auto_sync=AutoSync.HOURLY.value)
    await Connection.filter(id=expired.connection.id).update(status=ConnectionStatus.EXPIRED)
    queue = RecordingQueue()

    assert await queue_hourly_syncs(queue) == 1
    assert await queue_hourly_syncs(queue) == 0  # the first run is still waiting

    (run,) = await SyncRun.all()
    assert run.connection_id == world.connection.id
    assert run.trigger is SyncTrigger.SCHEDULE
    assert queue.jobs == [("run_pull_sync", (str(run.id),))]
    assert off.connection.id != run.connection_id


async def test_on_local_change_queues_only_for_on_change_connections(world) -> None:
    queue = RecordingQueue()
    assert await on_local_change(world.firm.id, queue) is False
    await world.configure(auto_sync=AutoSync.ON_CHANGE.value)

    assert await on_local_change(world.firm.id, queue) is True

    run = await SyncRun.get(kind=SyncKind.FULL_SYNC)
    assert run.trigger is SyncTrigger.AUTO
    assert len(queue.jobs) == 1
