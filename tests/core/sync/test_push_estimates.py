"""Estimates through the push engine, for every provider: created once as the platform's
estimate (a QuickBooks Estimate, a Xero Quote), mixed with invoices in one batch, refused per
record, updated, and never voided remotely. Xero's exchanges are checked against its spec."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.models import Activity, ExternalMapping, Invoice, InvoiceLine, SyncRunItem
from core.models.enums import (
    DocType,
    Entity,
    InvoiceStatus,
    ItemOutcome,
    MappingState,
    SyncKind,
    SyncRunStatus,
)
from core.sync.push import push_invoices
from core.sync.push_edits import update_synced_invoice, void_invoice
from core.sync.records import InvoiceLineRecord, InvoiceRecord
from tests.core.sync.push_drivers import (
    PushDriver,
    XeroPushDriver,
    push_sim,
    push_world,
)
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")


async def _push(
    world: World, sim: PushDriver, *documents: Invoice
) -> tuple[SyncRunStatus, list[SyncRunItem]]:
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(
            reporter, session, world.connection, [d.id for d in documents], platform=sim.platform
        )
    return status, list(await SyncRunItem.filter(run_id=reporter.run.id).order_by("id"))


async def _change(world: World, sim: PushDriver, operation, document: Invoice, kind: SyncKind):  # type: ignore[no-untyped-def]
    reporter = await world.reporter(kind)
    async with world.session() as session:
        status = await operation(
            reporter, session, world.connection, document.id, platform=sim.platform
        )
    return status, list(await SyncRunItem.filter(run_id=reporter.run.id))


async def _estimate(world: World, number: str, **extra) -> Invoice:  # type: ignore[no-untyped-def]
    customer = extra.pop("customer", None) or await world.customer()
    return await world.invoice(customer, number, doc_type=DocType.ESTIMATE, **extra)


async def _synced_estimate(world: World, sim: PushDriver, number: str = "E-7") -> Invoice:
    estimate = await _estimate(world, number)
    status, _ = await _push(world, sim, estimate)
    assert status is SyncRunStatus.SUCCEEDED
    return await Invoice.get(id=estimate.id)


async def test_push_estimate_is_created_once_as_the_platforms_estimate(world, sim) -> None:
    estimate = await _estimate(world, "E-7")

    status, items = await _push(world, sim, estimate)
    again, rerun = await _push(world, sim, estimate)

    assert status is SyncRunStatus.SUCCEEDED
    assert [(i.entity, i.outcome, i.action) for i in items] == [
        (Entity.ESTIMATE, ItemOutcome.SUCCEEDED, "CREATED")
    ]
    (remote,) = sim.estimates(world)
    assert (remote.number, remote.total) == ("E-7", 100.0)
    assert sim.invoice_numbers(world) == []
    mapping = await ExternalMapping.get(local_id=estimate.id, entity=Entity.ESTIMATE)
    assert mapping.state is MappingState.SYNCED
    assert (mapping.remote_id, mapping.remote_number) == (remote.id, "E-7")
    assert await Activity.filter(description=f"Estimate E-7 created in {sim.platform} by Ada")
    assert again is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in rerun] == [ItemOutcome.SKIPPED]
    assert "already synced" in (rerun[0].message or "")
    assert sim.estimates(world) == [remote]


async def test_push_mixed_batch_of_invoices_and_estimates_syncs_each_as_its_kind(
    world, sim
) -> None:
    customer = await world.customer()
    documents = [
        await world.invoice(customer, "1001", issue_date=date(2026, 3, 1)),
        await _estimate(world, "E-1", customer=customer, issue_date=date(2026, 3, 2)),
        await world.invoice(customer, "1002", issue_date=date(2026, 3, 3)),
        await _estimate(world, "E-2", customer=customer, issue_date=date(2026, 3, 4)),
    ]
    xero = sim if isinstance(sim, XeroPushDriver) else None
    before = (xero.calls("PUT", "Invoices"), xero.calls("PUT", "Quotes")) if xero else (0, 0)

    status, items = await _push(world, sim, *documents)

    assert status is SyncRunStatus.SUCCEEDED
    assert [(i.label, i.outcome) for i in items] == [
        ("Invoice 1001", ItemOutcome.SUCCEEDED),
        ("Estimate E-1", ItemOutcome.SUCCEEDED),
        ("Invoice 1002", ItemOutcome.SUCCEEDED),
        ("Estimate E-2", ItemOutcome.SUCCEEDED),
    ]
    assert sorted(sim.invoice_numbers(world)) == ["1001", "1002"]
    remote = {e.number: e.id for e in sim.estimates(world)}
    assert sorted(remote) == ["E-1", "E-2"]
    mappings = {m.local_id: m for m in await ExternalMapping.filter(state=MappingState.SYNCED)}
    assert [mappings[d.id].entity for d in documents] == [
        Entity.INVOICE,
        Entity.ESTIMATE,
        Entity.INVOICE,
        Entity.ESTIMATE,
    ]
    assert mappings[documents[1].id].remote_id == remote["E-1"]
    assert mappings[documents[3].id].remote_id == remote["E-2"]
    if xero is not None:  # one batch of the engine: one write of each kind
        assert xero.calls("PUT", "Invoices") - before[0] == 1
        assert xero.calls("PUT", "Quotes") - before[1] == 1


async def test_push_estimate_refused_by_the_platform_fails_alone(world, sim) -> None:
    customer = await world.customer()
    taken = await _estimate(world, "E-9", customer=customer)
    status, _ = await _push(world, sim, await _estimate(world, "E-8", customer=customer))
    assert status is SyncRunStatus.SUCCEEDED
    await _enter_estimate_remotely(world, customer.id, "E-9")  # by hand, with the same number
    invoice = await world.invoice(customer, "2001")
    other = await _estimate(world, "E-10", customer=customer)

    status, items = await _push(world, sim, taken, invoice, other)

    assert status is SyncRunStatus.PARTIAL
    outcomes = {i.label: (i.outcome, i.error_code) for i in items}
    assert outcomes == {
        "Estimate E-9": (ItemOutcome.FAILED, sim.duplicate_number_code),
        "Invoice 2001": (ItemOutcome.SUCCEEDED, None),
        "Estimate E-10": (ItemOutcome.SUCCEEDED, None),
    }
    refused = await ExternalMapping.get(local_id=taken.id)
    assert (refused.state, refused.last_error_code) == (
        MappingState.ERROR,
        sim.duplicate_number_code,
    )
    assert refused.remote_id is None
    assert sorted(e.number for e in sim.estimates(world)) == ["E-10", "E-8", "E-9"]


async def _enter_estimate_remotely(world: World, customer_id, number: str) -> None:  # type: ignore[no-untyped-def]
    mapping = await ExternalMapping.get(local_id=customer_id, entity=Entity.CUSTOMER)
    async with world.session() as session:
        item = await session.default_item_id()
        line = InvoiceLineRecord("Other", Decimal("1"), Decimal("5"), Decimal("5"), item)
        record = InvoiceRecord(
            local_id="entered-by-hand",
            doc_type=DocType.ESTIMATE,
            number=number,
            customer_remote_id=mapping.remote_id or "",
            issue_date=date(2026, 3, 1),
            idempotency_key="by-hand-0",
            lines=(line,),
        )
        (outcome,) = await session.create_invoices([record])
    assert outcome.ok, outcome.error


async def test_update_synced_estimate_sends_its_changes(world, sim) -> None:
    estimate = await _synced_estimate(world, sim)
    await InvoiceLine.filter(invoice_id=estimate.id).update(
        quantity=Decimal("2"), amount=Decimal("200.00")
    )

    status, items = await _change(
        world, sim, update_synced_invoice, estimate, SyncKind.UPDATE_INVOICE
    )

    assert status is SyncRunStatus.SUCCEEDED
    assert [(i.entity, i.action) for i in items] == [(Entity.ESTIMATE, "UPDATED")]
    (remote,) = sim.estimates(world)
    assert (remote.number, remote.total) == ("E-7", 200.0)
    assert await Activity.filter(action="estimate.remote_updated").count() == 1


async def test_void_synced_estimate_is_refused_and_the_remote_estimate_kept(world, sim) -> None:
    estimate = await _synced_estimate(world, sim)
    (before,) = sim.estimates(world)

    status, items = await _change(world, sim, void_invoice, estimate, SyncKind.VOID_INVOICE)

    assert status is SyncRunStatus.FAILED
    assert [(i.outcome, i.error_code) for i in items] == [(ItemOutcome.FAILED, "INVALID_STATE")]
    assert sim.estimates(world) == [before]
    assert (await Invoice.get(id=estimate.id)).status is InvoiceStatus.SENT


async def test_push_locally_voided_synced_estimate_is_skipped_and_kept_remotely(world, sim) -> None:
    estimate = await _synced_estimate(world, sim)
    (before,) = sim.estimates(world)
    await Invoice.filter(id=estimate.id).update(status=InvoiceStatus.VOID)

    status, items = await _push(world, sim, estimate)

    assert status is SyncRunStatus.SUCCEEDED
    assert [(i.outcome, i.message) for i in items] == [
        (ItemOutcome.SKIPPED, "void estimates are not voided remotely")
    ]
    assert sim.estimates(world) == [before]
