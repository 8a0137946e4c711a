"""Invoices written off as bad debt: credit memo applied once, void without a bad-debt item.

The cases every platform shares (a void when no credit can be written, a partly paid invoice
refused rather than voided, reruns, the write-off service's refusals and rollback) run for every
provider through the push drivers (Xero's exchanges checked against its spec). Ledgersync writes
no credit notes to Xero yet, so the credit memo cases are QuickBooks-only, and Xero's own cases
show what happens instead."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import InvalidState, NotFound, ValidationFailed
from core.models import Activity, ExternalMapping, Invoice, SyncRunItem
from core.models.enums import Entity, InvoiceStatus, ItemOutcome, MappingState, Role, SyncRunStatus
from core.services.tenancy import Viewer
from core.services.write_offs import WRITE_OFF_MEMO, write_off_invoice
from core.sync.push import push_invoices
from core.sync.write_offs import ACTION_WRITTEN_OFF, NO_BAD_DEBT_ITEM, WRITE_OFF_UNSUPPORTED
from tests.core.sync.push_drivers import PushDriver, push_sim, push_world
from tests.core.sync.push_support import World
from tests.core.sync.write_off_drivers import write_offs_for

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")

qbo_only = pytest.mark.parametrize("sim", ["qbo"], indirect=True)
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


def _bad_debt_item(world: World) -> str:
    """A bad-debt item in the QuickBooks realm; its id."""
    realm = world.simulator.realm(world.realm)
    body: dict[str, object] = {
        "Name": "Bad Debts",
        "Type": "Service",
        "IncomeAccountRef": {"value": "1"},
    }
    return world.simulator.accounting.create(realm, "Item", body, origin="seed").id


def _remote_invoice(world: World) -> dict[str, object]:
    (remote,) = world.remote("Invoice")
    return remote


async def _partly_paid(sim: PushDriver, world: World, invoice: Invoice, paid: str) -> None:
    remote = write_offs_for(sim)
    remote.pay(world, remote.invoice(world).id, paid)
    await Invoice.filter(id=invoice.id).update(
        amount_paid=Decimal(paid),
        balance=invoice.total - Decimal(paid),
        status=InvoiceStatus.PARTIAL,
    )


@qbo_only
async def test_write_off_with_bad_debt_item_applies_credit_memo_for_open_balance(
    sim, world
) -> None:
    """QuickBooks only: Ledgersync writes no credit notes to Xero (Xero's cases are below)."""
    await world.configure(bad_debt_item_id=_bad_debt_item(world))
    invoice = await _synced_invoice(sim, world)

    done = await write_off_invoice(_viewer(world), invoice.id, " Customer went bankrupt ")
    status, items = await _push(sim, world, invoice)

    assert done.connection is not None
    assert status is SyncRunStatus.SUCCEEDED
    assert [(i.outcome, i.action) for i in items] == [(ItemOutcome.SUCCEEDED, ACTION_WRITTEN_OFF)]
    (memo,) = world.remote("CreditMemo")
    assert Decimal(str(memo["TotalAmt"])) == Decimal("100.00")
    assert Decimal(str(memo["RemainingCredit"])) == 0
    assert Decimal(str(_remote_invoice(world)["Balance"])) == 0
    assert _remote_invoice(world).get("PrivateNote") != "Voided"
    (application,) = world.remote("Payment")
    assert Decimal(str(application["TotalAmt"])) == 0
    await invoice.refresh_from_db()
    assert invoice.status is InvoiceStatus.VOID
    assert invoice.memo == f"{WRITE_OFF_MEMO}: Customer went bankrupt"
    actions = set(await Activity.filter(subject_id=invoice.id).values_list("action", flat=True))
    assert {"invoice.written_off", "invoice.remote_written_off"} <= actions
    intent = await ExternalMapping.get(entity=Entity.CREDIT_MEMO, local_id=invoice.id)
    assert intent.state is MappingState.SYNCED
    assert intent.remote_id == str(memo["Id"])


@qbo_only
async def test_write_off_rerun_changes_nothing_more(sim, world) -> None:
    """QuickBooks only: Ledgersync writes no credit notes to Xero (Xero's cases are below)."""
    await world.configure(bad_debt_item_id=_bad_debt_item(world))
    invoice = await _synced_invoice(sim, world)
    await write_off_invoice(_viewer(world), invoice.id, "Gone")
    await _push(sim, world, invoice)

    status, items = await _push(sim, world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SKIPPED]
    assert "already written off" in (items[0].message or "")
    assert len(world.remote("CreditMemo")) == 1
    assert len(world.remote("Payment")) == 1


@qbo_only
async def test_write_off_partly_paid_invoice_credits_only_the_open_balance(sim, world) -> None:
    """QuickBooks only: Ledgersync writes no credit notes to Xero (Xero's cases are below)."""
    await world.configure(bad_debt_item_id=_bad_debt_item(world))
    invoice = await _synced_invoice(sim, world)
    await _partly_paid(sim, world, invoice, "30.00")

    await write_off_invoice(_viewer(world), invoice.id, "Stopped paying")
    status, _ = await _push(sim, world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    (memo,) = world.remote("CreditMemo")
    assert Decimal(str(memo["TotalAmt"])) == Decimal("70.00")
    assert Decimal(str(_remote_invoice(world)["Balance"])) == 0
    await invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("30.00")


async def test_write_off_without_bad_debt_item_voids_remote_invoice(sim, world) -> None:
    remote = write_offs_for(sim)
    invoice = await _synced_invoice(sim, world)

    await write_off_invoice(_viewer(world), invoice.id, "Disputed")
    status, items = await _push(sim, world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [(i.outcome, i.action) for i in items] == [(ItemOutcome.SUCCEEDED, "VOIDED")]
    assert remote.invoice(world).voided
    assert remote.credit_notes(world) == 0


async def test_write_off_voided_remotely_rerun_changes_nothing_more(sim, world) -> None:
    remote = write_offs_for(sim)
    invoice = await _synced_invoice(sim, world)
    await write_off_invoice(_viewer(world), invoice.id, "Disputed")
    await _push(sim, world, invoice)

    status, items = await _push(sim, world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SKIPPED]
    assert f"already void in {sim.platform}" in (items[0].message or "")
    assert remote.invoice(world).voided
    assert remote.credit_notes(world) == 0


async def test_write_off_partly_paid_without_bad_debt_item_is_refused_remotely(sim, world) -> None:
    remote = write_offs_for(sim)
    invoice = await _synced_invoice(sim, world)
    await _partly_paid(sim, world, invoice, "30.00")

    await write_off_invoice(_viewer(world), invoice.id, "Stopped paying")
    status, items = await _push(sim, world, invoice)

    code = NO_BAD_DEBT_ITEM if remote.writes_off else WRITE_OFF_UNSUPPORTED
    assert status is SyncRunStatus.FAILED
    assert [(i.outcome, i.error_code) for i in items] == [(ItemOutcome.FAILED, code)]
    hint = items[0].hint or ""
    assert ("bad-debt item" in hint) is remote.writes_off
    assert not remote.invoice(world).voided
    assert remote.invoice(world).balance == Decimal("70.00")
    intent = await ExternalMapping.get(entity=Entity.CREDIT_MEMO, local_id=invoice.id)
    assert (intent.state, intent.last_error_code) == (MappingState.ERROR, code)


@xero_only
async def test_xero_write_off_partly_paid_with_bad_debt_item_fails_as_unsupported(
    sim, world
) -> None:
    """Xero only: a bad-debt item changes nothing there (no credit notes are written), and the
    error says so instead of asking for the item that is already set."""
    remote = write_offs_for(sim)
    await world.configure(bad_debt_item_id="BADDEBT")
    invoice = await _synced_invoice(sim, world)
    await _partly_paid(sim, world, invoice, "30.00")

    await write_off_invoice(_viewer(world), invoice.id, "Stopped paying")
    status, items = await _push(sim, world, invoice)
    again, again_items = await _push(sim, world, invoice)

    assert status is again is SyncRunStatus.FAILED
    for item in (*items, *again_items):
        assert (item.outcome, item.error_code) == (ItemOutcome.FAILED, WRITE_OFF_UNSUPPORTED)
        assert "not supported for Xero" in (item.message or "")
        assert "in Xero by hand" in (item.hint or "")
        assert "bad-debt item" not in (item.hint or "")
    assert not remote.invoice(world).voided
    assert remote.invoice(world).balance == Decimal("70.00")
    assert remote.credit_notes(world) == 0


@xero_only
async def test_xero_write_off_unpaid_with_bad_debt_item_voids_without_credit_note(
    sim, world
) -> None:
    """Xero only: with nothing paid, the write-off voids the invoice in Xero as if no bad-debt
    item were set (Ledgersync writes no Xero credit notes yet)."""
    remote = write_offs_for(sim)
    await world.configure(bad_debt_item_id="BADDEBT")
    invoice = await _synced_invoice(sim, world)

    await write_off_invoice(_viewer(world), invoice.id, "Disputed")
    status, items = await _push(sim, world, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [(i.outcome, i.action) for i in items] == [(ItemOutcome.SUCCEEDED, "VOIDED")]
    assert remote.invoice(world).voided
    assert remote.credit_notes(world) == 0


@qbo_only
@pytest.mark.parametrize(("method", "path"), [("POST", "creditmemo"), ("POST", "/payment")])
async def test_write_off_rerun_after_dropped_response_writes_off_once(
    sim, world, method, path
) -> None:
    """QuickBooks only: Ledgersync writes no credit notes to Xero (Xero's cases are below)."""
    await world.configure(bad_debt_item_id=_bad_debt_item(world))
    invoice = await _synced_invoice(sim, world)
    await write_off_invoice(_viewer(world), invoice.id, "Gone")
    world.simulator.inject_fault("drop_response", method=method, path=path)

    crashed, _ = await _push(sim, world, invoice)
    pending = await ExternalMapping.get(entity=Entity.CREDIT_MEMO, local_id=invoice.id)
    status, items = await _push(sim, world, invoice)

    assert crashed is SyncRunStatus.FAILED
    assert pending.state is MappingState.PENDING
    assert status is SyncRunStatus.SUCCEEDED
    assert [i.action for i in items] == [ACTION_WRITTEN_OFF]
    assert len(world.remote("CreditMemo")) == 1
    assert len(world.remote("Payment")) == 1
    assert Decimal(str(_remote_invoice(world)["Balance"])) == 0
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
