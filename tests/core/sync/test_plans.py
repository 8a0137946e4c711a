"""A plan of a push is the push itself with its writes recorded: planning the same books then
syncing them gives the same action for every record, for QuickBooks Online and Xero (whose
exchanges are checked against its spec), and the plan leaves nothing behind, locally or remotely."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from core.models import (
    Activity,
    Connection,
    Customer,
    ExternalMapping,
    Invoice,
    InvoiceLine,
    PlanItem,
    PushClaim,
    SyncRun,
    SyncRunItem,
)
from core.models.enums import Entity, InvoiceStatus, PlanAction, SyncKind
from core.sync.plans import PlanScope, plan_action, plan_push
from core.sync.push import push_invoices
from core.sync.push_budget import RESERVE_CALLS
from core.sync.push_customers import push_customer
from core.sync.records import CustomerRecord
from tests.core.sync.push_drivers import PushDriver, XeroPushDriver, push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")

TTL = timedelta(minutes=30)


async def _sync(world: World, sim: PushDriver, *invoices: Invoice) -> None:
    reporter = await world.reporter()
    async with world.session() as session:
        await push_invoices(
            reporter, session, world.connection, [i.id for i in invoices], platform=sim.platform
        )


async def _books(world: World, sim: PushDriver) -> list[Invoice]:
    """New, synced-then-voided, synced, draft, foreign-currency documents, and a customer the
    remote books hold already (entered there by hand)."""
    async with world.session() as session:
        (seeded,) = await session.create_customers([CustomerRecord("x1", "Harbour Lights", "s-1")])
    assert seeded.ok
    acme = await world.customer("Acme Ltd")
    voided = await world.invoice(acme, "2")
    synced = await world.invoice(acme, "3")
    await _sync(world, sim, voided, synced)
    await Invoice.filter(id=voided.id).update(status=InvoiceStatus.VOID)
    new = await world.invoice(await world.customer("New Client"), "1", items=[await world.item()])
    adopt = await world.invoice(await world.customer("harbour lights"), "4")
    draft = await world.invoice(acme, "5", status=InvoiceStatus.DRAFT)
    dupont = await Customer.create(firm=world.firm, name="Dupont SA", currency="EUR")
    foreign = await world.invoice(dupont, "6")
    await Invoice.filter(id=foreign.id).update(currency="EUR")
    return [await Invoice.get(id=i.id) for i in (new, voided, synced, adopt, draft, foreign)]


async def _local_state() -> tuple[object, ...]:
    mappings = (
        await ExternalMapping.all()
        .order_by("id")
        .values_list("entity", "local_id", "state", "remote_id", "idempotency_key")
    )
    return (
        sorted(map(str, mappings)),
        await SyncRun.all().count(),
        await SyncRunItem.all().count(),
        await Activity.all().count(),
        await PushClaim.all().count(),
        sorted(map(str, await Invoice.all().values_list("id", "locked", "status"))),
    )


def seeded_id(world: World, sim: PushDriver) -> str:
    """The remote id of the customer entered by hand in the remote books."""
    (customer,) = [c for c in sim.customers(world) if c.name == "Harbour Lights"]
    return customer.id


def _remote_state(world: World, sim: PushDriver) -> tuple[object, ...]:
    return (
        sorted(map(str, sim.invoices(world))),
        sorted(map(str, sim.customers(world))),
        sorted(map(str, sim.items(world))),
    )


async def _plan(
    world: World, sim: PushDriver, scope: PlanScope, *, requested: bool = True
) -> dict[tuple[str, UUID], str]:
    """The plan's action per record the scope asked for (or per customer and item first)."""
    async with world.session() as session:
        plan = await plan_push(session, world.connection, scope, platform=sim.platform, ttl=TTL)
    items = await PlanItem.filter(plan_id=plan.id, requested=requested)
    return {(i.entity.value, i.local_id): i.action.value for i in items}


async def _actions(run_id: UUID) -> dict[tuple[str, UUID], str]:
    items = await SyncRunItem.filter(run_id=run_id, local_id__not_isnull=True)
    return {(i.entity.value, UUID(str(i.local_id))): plan_action(i).value for i in items}


async def test_plan_invoices_then_sync_same_action_for_every_record(world, sim) -> None:
    invoices = await _books(world, sim)
    scope = PlanScope(SyncKind.PUSH_INVOICES, tuple(i.id for i in invoices))
    local, remote = await _local_state(), _remote_state(world, sim)

    planned = await _plan(world, sim, scope)
    parties = await _plan(world, sim, scope, requested=False)

    assert await _local_state() == local
    assert _remote_state(world, sim) == remote
    reporter = await world.reporter()
    async with world.session() as session:
        await push_invoices(reporter, session, world.connection, scope.ids, platform=sim.platform)
    assert planned == await _actions(reporter.run.id)
    new, voided, synced, adopt, draft, foreign = invoices
    documents = {local_id: action for (entity, local_id), action in planned.items()}
    assert documents[new.id] == PlanAction.CREATE
    assert documents[voided.id] == PlanAction.VOID
    assert documents[synced.id] == documents[draft.id] == PlanAction.SKIP
    assert documents[foreign.id] == PlanAction.FAIL
    first = {local_id: action for (entity, local_id), action in parties.items()}
    mappings = await ExternalMapping.filter(entity__in=[Entity.CUSTOMER, Entity.ITEM])
    remote_of = {m.local_id: m.remote_id for m in mappings}
    adopted = {local_id for local_id, action in first.items() if action == PlanAction.ADOPT}
    assert adopted == {adopt.customer_id}  # type: ignore[attr-defined]
    assert remote_of[adopt.customer_id] == seeded_id(world, sim)  # type: ignore[attr-defined]
    created = {local_id for local_id, action in first.items() if action == PlanAction.CREATE}
    item_id = (await InvoiceLine.get(invoice_id=new.id)).item_id  # type: ignore[attr-defined]
    assert created == {new.customer_id, item_id}  # type: ignore[attr-defined]
    assert created <= set(remote_of)  # the sync created exactly those


async def test_plan_customer_then_sync_same_action(world, sim) -> None:
    acme = await world.customer("Acme Ltd")
    await _sync(world, sim, await world.invoice(acme, "1"))
    await Customer.filter(id=acme.id).update(email="billing@acme.test")
    scope = PlanScope(SyncKind.PUSH_CUSTOMERS, (acme.id,))
    remote = _remote_state(world, sim)

    planned = await _plan(world, sim, scope)

    assert _remote_state(world, sim) == remote
    reporter = await world.reporter(SyncKind.PUSH_CUSTOMERS)
    async with world.session() as session:
        await push_customer(reporter, session, world.connection, acme.id, platform=sim.platform)
    assert planned == await _actions(reporter.run.id)
    assert planned[(Entity.CUSTOMER.value, acme.id)] == PlanAction.UPDATE


async def test_plan_stores_calls_and_refusals_in_summary(world, sim) -> None:
    new = await world.invoice(await world.customer("New Client"), "1")
    dupont = await Customer.create(firm=world.firm, name="Dupont SA", currency="EUR")
    foreign = await world.invoice(dupont, "6")
    await Invoice.filter(id=foreign.id).update(currency="EUR")
    scope = PlanScope(SyncKind.PUSH_INVOICES, (new.id, foreign.id))

    async with world.session() as session:
        plan = await plan_push(session, world.connection, scope, platform=sim.platform, ttl=TTL)

    assert plan.calls["by_kind"] == {"create_customers": 1, "create_invoices": 1}
    assert plan.summary["actions"] == {"CREATE": 2, "FAIL": 1}
    (refused,) = plan.summary["refused_in_advance"]  # type: ignore[misc]
    assert refused["code"] == "CURRENCY_NOT_ENABLED"
    assert plan.summary["created_first"] == [{"entity": "CUSTOMER", "label": "Customer New Client"}]
    assert plan.expires_at > plan.created_at


async def test_plan_refreshing_tokens_midway_keeps_the_rotated_tokens(world, sim) -> None:
    invoice = await world.invoice(await world.customer("New Client"), "1")
    connection = await Connection.get(id=world.connection.id)
    store = world.env.credentials
    expired = replace(store.decrypt(connection), access_expires_at=datetime.now(UTC))
    await Connection.filter(id=connection.id).update(credentials=store.encrypt(expired))
    scope = PlanScope(SyncKind.PUSH_INVOICES, (invoice.id,))

    await _plan(world, sim, scope)  # its first read refreshes, inside the rolled-back transaction

    after = await Connection.get(id=connection.id)
    assert after.credentials_version == connection.credentials_version + 1
    kept = store.decrypt(after)
    assert kept.refresh_token != expired.refresh_token
    assert kept.access_valid_for(timedelta(minutes=5))
    await _sync(world, sim, invoice)  # the rotated refresh token is the one the platform knows
    assert len(sim.invoices(world)) == 1


async def test_plan_over_xero_daily_cap_skips_the_same_invoices_as_the_sync(settings) -> None:
    sim = XeroPushDriver()
    world = await sim.world(settings)
    acme = await world.customer("Acme Ltd")
    await _sync(world, sim, await world.invoice(acme, "0"))  # the customer is in the books
    invoices = [await world.invoice(acme, f"INV-{n:03}") for n in range(sim.max_batch + 1)]
    scope = PlanScope(SyncKind.PUSH_INVOICES, tuple(i.id for i in invoices))
    limiter = world.kit.limiter(world.env)
    # One batch is all today's budget covers once the reserve is kept.
    await limiter.observe_headers(
        world.realm, remaining_minute=None, remaining_day=RESERVE_CALLS + 1
    )

    async with world.session() as session:
        plan = await plan_push(session, world.connection, scope, platform=sim.platform, ttl=TTL)
    await limiter.observe_headers(
        world.realm, remaining_minute=None, remaining_day=RESERVE_CALLS + 1
    )
    reporter = await world.reporter()
    async with world.session() as session:
        await push_invoices(reporter, session, world.connection, scope.ids, platform=sim.platform)

    items = await PlanItem.filter(plan_id=plan.id, requested=True)
    planned = {(i.entity.value, i.local_id): i.action.value for i in items}
    assert planned == await _actions(reporter.run.id)
    assert plan.summary["actions"] == {"CREATE": sim.max_batch, "SKIP": 1}
    assert plan.calls["daily_remaining"] == RESERVE_CALLS + 1
    (skipped,) = [i for i in items if i.action is PlanAction.SKIP]
    assert "daily limit" in (skipped.reason or "")
    sim.finish()
