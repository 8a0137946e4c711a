"""Invoices written off as bad debt: credit memo applied once, void without a bad-debt item.

Every case runs for every provider through the push drivers (Xero's exchanges checked against
its spec): the credit for the open balance (a QuickBooks CreditMemo applied by a zero Payment, a
Xero CreditNote allocated to the invoice), reruns and dropped answers, a void when no bad-debt
item is set, a partly paid invoice refused rather than voided, and the write-off service's
refusals and rollback. Xero's own cases cover its two forms of the bad-debt setting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import InvalidState, NotFound, ValidationFailed
from core.models import Activity, ExternalMapping, Invoice, SyncRunItem
from core.models.enums import Entity, InvoiceStatus, ItemOutcome, MappingState, Role, SyncRunStatus
from core.services.tenancy import Viewer
from core.services.write_offs import WRITE_OFF_MEMO, write_off_invoice
from core.sync.push import push_invoices
from core.sync.write_offs import ACTION_WRITTEN_OFF, NO_BAD_DEBT_ITEM
from tests.core.sync.push_drivers import PlatformInvoice, PushDriver, push_sim, push_world
from tests.core.sync.push_support import World
from tests.core.sync.write_off_drivers import write_offs_for

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")

xero_only = pytest.mark.parametrize("sim", ["xero"], indirect=True)


def _viewer(world: World) -> Viewer:
    return Viewer(world.user.id, world.firm.id, Role.FIRM_ADMIN, "user-ada", "firm-a")


async def _push(
    sim: PushDriver, world: World, invoice: Invoice
) -> tuple[SyncRunStatus, list[SyncRunItem]]:
    reporter = await world.reporter()
    async with world.session() as session:
        status = await push_invoices(
            reporter, session, world.connection, [invoice.id], platform=sim.platform
        )
    items = await SyncRunItem.filter(run_id=reporter.run.id).order_by("id")
    return status, list(items)


async def _synced_invoice(sim: PushDriver, world: World, number: str = "2001") -> Invoice:
    invoice = await world.invoice(await world.customer(), number)
    status, _ = await _push(sim, world, invoice)
    assert status is SyncRunStatus.SUCCEEDED
    await invoice.refresh_from_db()
    return invoice


def _remote_invoice(sim: PushDriver, world: World) -> PlatformInvoice:
    """The one invoice the remote company holds."""
    (invoice,) = sim.invoices(world)
    return invoice


async def _partly_paid(sim: PushDriver, world: World, invoice: Invoice, paid: str) -> None:
    sim.record_payment(world, _remote_invoice(sim, world).id, Decimal(paid))
    await Invoice.filter(id=invoice.id).update(
        amount_paid=Decimal(paid),
        balance=invoice.total - Decimal(paid),
        status=InvoiceStatus.PARTIAL,
    )


async def test_write_off_with_bad_debt_item_applies_credit_memo_for_open_balance(
    sim, world
) -> None:
    remote = write_offs_for(sim)
    await world.configure(bad_debt_item_id=remote.bad_debt_item(world))
    invoice = await _synced_invoice(sim, world)

    done = await write_off_invoice(_viewer(world), invoice.id, " Customer went bankrupt ")
    status, items = await _push(sim, world, invoice)

    assert done.connection is not None
    assert status is SyncRunStatus.SUCCEEDED
    assert [(i.outcome, i.action) for i in items] == [(ItemOutcome.SUCCEEDED, ACTION_WRITTEN_OFF)]
    (memo,) = remote.credits(world)
    assert (memo.total, memo.remaining) == (Decimal("100.00"), 0)
    assert _remote_invoice(sim, world).balance == 0
    assert not _remote_invoice(sim, world).voided
    assert remote.applications(world) == 1
    await invoice.refresh_from_db()
    assert invoice.status is InvoiceStatus.VOID
    assert invoice.memo == f"{WRITE_OFF_MEMO}: Customer went bankrupt"
    actions = set(await Activity.filter(subject_id=invoice.id).values_list("action", flat=True))
    assert {"invoice.written_off", "invoice.remote_written_off"} <= actions
    intent = await ExternalMapping.get(entity=Entity.CREDIT_MEMO, local_id=invoice.id)
    assert intent.state is MappingState.SYNCED
    assert intent.remote_id == memo.id


async def test_write_off_rerun_changes_nothing_more(sim, world) -> None:
    remote = write_offs_for(sim)
    await world.configure(bad_debt_item_id=remote.bad_debt_item(world))
    invoice = await _synced_invoice(sim, world)
    await write_off_invoice(_viewer(world), invoice.id, "Gone")
    await _push(sim, world, invoice)

    status, items = await _push(sim, world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SKIPPED]
    assert "already written off" in (items[0].message or "")
    assert len(remote.credits(world)) == 1
    assert remote.applications(world) == 1


async def test_write_off_partly_paid_invoice_credits_only_the_open_balance(sim, world) -> None:
    remote = write_offs_for(sim)
    await world.configure(bad_debt_item_id=remote.bad_debt_item(world))
    invoice = await _synced_invoice(sim, world)
    await _partly_paid(sim, world, invoice, "30.00")

    await write_off_invoice(_viewer(world), invoice.id, "Stopped paying")
    status, _ = await _push(sim, world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    (memo,) = remote.credits(world)
    assert memo.total == Decimal("70.00")
    assert _remote_invoice(sim, world).balance == 0
    assert not _remote_invoice(sim, world).voided
    await invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("30.00")


async def test_write_off_without_bad_debt_item_voids_remote_invoice(sim, world) -> None:
    remote = write_offs_for(sim)
    invoice = await _synced_invoice(sim, world)

    await write_off_invoice(_viewer(world), invoice.id, "Disputed")
    status, items = await _push(sim, world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [(i.outcome, i.action) for i in items] == [(ItemOutcome.SUCCEEDED, "VOIDED")]
    assert _remote_invoice(sim, world).voided
    assert remote.credits(world) == []


async def test_write_off_voided_remotely_rerun_changes_nothing_more(sim, world) -> None:
    remote = write_offs_for(sim)
    invoice = await _synced_invoice(sim, world)
    await write_off_invoice(_viewer(world), invoice.id, "Disputed")
    await _push(sim, world, invoice)

    status, items = await _push(sim, world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SKIPPED]
    assert f"already void in {sim.platform}" in (items[0].message or "")
    assert _remote_invoice(sim, world).voided
    assert remote.credits(world) == []


async def test_write_off_partly_paid_without_bad_debt_item_is_refused_remotely(sim, world) -> None:
    invoice = await _synced_invoice(sim, world)
    await _partly_paid(sim, world, invoice, "30.00")

    await write_off_invoice(_viewer(world), invoice.id, "Stopped paying")
    status, items = await _push(sim, world, invoice)

    code = NO_BAD_DEBT_ITEM
    assert status is SyncRunStatus.FAILED
    assert [(i.outcome, i.error_code) for i in items] == [(ItemOutcome.FAILED, code)]
    assert "bad-debt item" in (items[0].hint or "")
    assert not _remote_invoice(sim, world).voided
    assert _remote_invoice(sim, world).balance == Decimal("70.00")
    intent = await ExternalMapping.get(entity=Entity.CREDIT_MEMO, local_id=invoice.id)
    assert (intent.state, intent.last_error_code) == (MappingState.ERROR, code)


@xero_only
async def test_xero_write_off_with_an_account_code_books_the_credit_note_line_there(
    sim, world
) -> None:
    """Xero only: ``bad_debt_item_id`` may be an account Code (e.g. a Bad debts expense
    account) instead of an ItemID; the credit note's line then books to that account."""
    await world.configure(bad_debt_item_id="400")
    invoice = await _synced_invoice(sim, world)
    await _partly_paid(sim, world, invoice, "30.00")

    await write_off_invoice(_viewer(world), invoice.id, "Stopped paying")
    status, items = await _push(sim, world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [i.action for i in items] == [ACTION_WRITTEN_OFF]
    (note,) = world.simulator.entities(world.realm, "credit_notes")
    assert (note["Type"], note["Status"], note["Total"]) == ("ACCRECCREDIT", "PAID", 70.0)
    assert [line["AccountCode"] for line in note["LineItems"]] == ["400"]
    assert _remote_invoice(sim, world).balance == 0


@xero_only
async def test_xero_write_off_with_an_unknown_bad_debt_item_fails_and_writes_nothing(
    sim, world
) -> None:
    """Xero only: an ItemID that is not in Xero is refused with a hint on the setting; the
    invoice is neither credited nor voided."""
    remote = write_offs_for(sim)
    await world.configure(bad_debt_item_id="0f6a3c1e-9d7b-4e2a-8c55-1b2d3e4f5a6b")
    invoice = await _synced_invoice(sim, world)

    await write_off_invoice(_viewer(world), invoice.id, "Disputed")
    status, items = await _push(sim, world, invoice)

    assert status is SyncRunStatus.FAILED
    assert [(i.outcome, i.error_code) for i in items] == [(ItemOutcome.FAILED, "XERO-BAD-DEBT")]
    assert "was not found in Xero" in (items[0].message or "")
    assert "badDebtItemId" in (items[0].hint or "")
    assert remote.credits(world) == []
    assert not _remote_invoice(sim, world).voided
    assert _remote_invoice(sim, world).balance == Decimal("100.00")


@pytest.mark.parametrize("step", ["create", "apply"])
async def test_write_off_rerun_after_dropped_response_writes_off_once(sim, world, step) -> None:
    remote = write_offs_for(sim)
    await world.configure(bad_debt_item_id=remote.bad_debt_item(world))
    invoice = await _synced_invoice(sim, world)
    await write_off_invoice(_viewer(world), invoice.id, "Gone")
    remote.drop_answer(world, step)

    crashed, _ = await _push(sim, world, invoice)
    pending = await ExternalMapping.get(entity=Entity.CREDIT_MEMO, local_id=invoice.id)
    status, items = await _push(sim, world, invoice)

    assert crashed is SyncRunStatus.FAILED
    assert pending.state is MappingState.PENDING
    assert status is SyncRunStatus.SUCCEEDED
    assert [i.action for i in items] == [ACTION_WRITTEN_OFF]
    assert len(remote.credits(world)) == 1
    assert remote.applications(world) == 1
    assert _remote_invoice(sim, world).balance == 0
    intent = await ExternalMapping.get(entity=Entity.CREDIT_MEMO, local_id=invoice.id)
    assert intent.idempotency_key == pending.idempotency_key


async def test_write_off_unsynced_invoice_is_local_only(world) -> None:
    invoice = await world.invoice(await world.customer(), "2002")

    done = await write_off_invoice(_viewer(world), invoice.id, "Gone")

    assert done.connection is None
    assert done.invoice.status is InvoiceStatus.VOID
    assert not await ExternalMapping.filter(entity=Entity.CREDIT_MEMO).exists()


async def test_write_off_synced_invoice_records_the_intent_for_its_platform(sim, world) -> None:
    invoice = await _synced_invoice(sim, world)

    done = await write_off_invoice(_viewer(world), invoice.id, "Gone")

    assert done.connection is not None
    assert done.connection.id == world.connection.id
    intent = await ExternalMapping.get(entity=Entity.CREDIT_MEMO, local_id=invoice.id)
    assert intent.state is MappingState.PENDING
    assert intent.provider == world.connection.provider
    assert intent.remote_company_id == world.realm


async def test_write_off_refusals_change_nothing(world) -> None:
    invoice = await world.invoice(await world.customer(), "2003")
    paid = await world.invoice(await world.customer("Payer"), "2004", status=InvoiceStatus.PAID)
    draft = await world.invoice(await world.customer("Drafty"), "2005", status=InvoiceStatus.DRAFT)
    viewer = _viewer(world)

    with pytest.raises(ValidationFailed):
        await write_off_invoice(viewer, invoice.id, "   ")
    with pytest.raises(ValidationFailed):
        await write_off_invoice(viewer, invoice.id, "x" * 501)
    with pytest.raises(InvalidState):
        await write_off_invoice(viewer, paid.id, "Gone")
    with pytest.raises(InvalidState):
        await write_off_invoice(viewer, draft.id, "Gone")
    await invoice.refresh_from_db()
    assert invoice.status is InvoiceStatus.SENT
    assert invoice.memo is None


async def test_write_off_failure_in_the_middle_rolls_back(sim, world, monkeypatch) -> None:
    invoice = await _synced_invoice(sim, world)

    async def broken(**_: object) -> None:
        raise RuntimeError("activity store down")

    monkeypatch.setattr("core.services.write_offs.record_activity", broken)
    with pytest.raises(RuntimeError):
        await write_off_invoice(_viewer(world), invoice.id, "Gone")

    await invoice.refresh_from_db()
    assert invoice.status is InvoiceStatus.SENT
    assert not await ExternalMapping.filter(entity=Entity.CREDIT_MEMO).exists()


async def test_write_off_other_firm_invoice_is_not_found(sim, world) -> None:
    invoice = await _synced_invoice(sim, world)
    stranger = Viewer(world.user.id, world.user.id, Role.FIRM_ADMIN, "user-ada", "firm-x")

    with pytest.raises(NotFound):
        await write_off_invoice(stranger, invoice.id, "Gone")
