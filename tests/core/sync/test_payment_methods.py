"""Payment methods matched by name to the platform list; an unmatched one reported, not guessed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.models import ExternalMapping, Invoice, Payment, PaymentApplication
from core.models.enums import Entity, ItemOutcome, MappingState, SyncKind, SyncRunStatus
from core.sync.payment_methods import (
    ACTION_UNMATCHED,
    UNMATCHED_STATE_KEY,
    MethodMatch,
    PaymentMethodCatalog,
    match_payment_methods,
)
from tests.core.sync.pull_support import PLATFORM, PullWorld, connect

pytestmark = pytest.mark.usefixtures("app")

ZELLE_WARNING = (
    f"Payment method 'Zelle' has no match in {PLATFORM}: its payments are not synced; "
    f"add it in {PLATFORM} or remove it from the settings"
)


@pytest.fixture
async def world(settings) -> PullWorld:
    return await connect(settings)


def _method_id(world: PullWorld, name: str) -> str:
    (method,) = world.simulator.entities(world.realm, "PaymentMethod", Name=name)
    return str(method["Id"])


async def _local_payment(world: PullWorld, invoice: Invoice, amount: str, method: str) -> Payment:
    payment = await Payment.create(
        firm=world.firm,
        customer_id=invoice.customer_id,  # type: ignore[attr-defined]
        date=date(2026, 3, 4),
        amount=Decimal(amount),
        method=method,
    )
    await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal(amount))
    return payment


async def test_push_local_payment_matched_method_sends_its_remote_id(world) -> None:
    await world.configure(payment_methods=["  check ", "Zelle"])
    invoice, _, _ = await world.linked_invoice("31", "100.00")
    await _local_payment(world, invoice, "40.00", "CHECK")

    run, _ = await world.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    (pushed,) = world.simulator.entities(world.realm, "Payment")
    assert pushed["PaymentMethodRef"] == {"value": _method_id(world, "Check")}


async def test_push_local_payment_unmatched_method_warns_and_skips_not_guessed(world) -> None:
    await world.configure(payment_methods=["Check", "Zelle"])
    invoice, _, _ = await world.linked_invoice("32", "100.00")
    payment = await _local_payment(world, invoice, "40.00", "zelle")
    await _local_payment(world, invoice, "10.00", "Zelle ")

    run, items = await world.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    warnings = [i for i in items if i.action == ACTION_UNMATCHED]
    assert [(w.outcome, w.message) for w in warnings] == [(ItemOutcome.WARNING, ZELLE_WARNING)]
    skipped = [i for i in items if i.local_id == payment.id]
    assert [(i.outcome, i.message) for i in skipped] == [(ItemOutcome.SKIPPED, ZELLE_WARNING)]
    assert world.simulator.entities(world.realm, "Payment") == []
    assert not await ExternalMapping.filter(entity=Entity.PAYMENT).exists()
    assert world.connection.sync_state[UNMATCHED_STATE_KEY] == ["Zelle"]


async def test_push_local_payment_unmatched_method_is_reported_again_each_run(world) -> None:
    await world.configure(payment_methods=["Zelle"])
    invoice, _, _ = await world.linked_invoice("33", "100.00")
    await _local_payment(world, invoice, "40.00", "Zelle")

    await world.run(SyncKind.FULL_SYNC)
    _, items = await world.run(SyncKind.FULL_SYNC)

    assert [i.message for i in items if i.action == ACTION_UNMATCHED] == [ZELLE_WARNING]


async def test_push_local_payment_method_added_remotely_then_syncs(world) -> None:
    await world.configure(payment_methods=["Zelle"])
    invoice, _, _ = await world.linked_invoice("34", "100.00")
    await _local_payment(world, invoice, "40.00", "Zelle")
    await world.run(SyncKind.FULL_SYNC)
    zelle = world.create_remote("PaymentMethod", {"Name": "Zelle"})

    run, items = await world.run(SyncKind.FULL_SYNC)

    assert not [i for i in items if i.action == ACTION_UNMATCHED]
    (pushed,) = world.simulator.entities(world.realm, "Payment")
    assert pushed["PaymentMethodRef"] == {"value": str(zelle["Id"])}
    assert world.connection.sync_state[UNMATCHED_STATE_KEY] == []
    mapping = await ExternalMapping.get(entity=Entity.PAYMENT)
    assert mapping.state is MappingState.SYNCED
    assert run.status is SyncRunStatus.SUCCEEDED


async def test_pull_payments_resolves_method_id_to_name_for_the_filter(world) -> None:
    invoice, remote, customer = await world.linked_invoice("35", "100.00")
    await world.configure(payment_methods=["visa"])
    world.remote_payment(
        str(customer["Id"]),
        "30.00",
        str(remote["Id"]),
        PaymentMethodRef={"value": _method_id(world, "Visa")},
    )
    world.remote_payment(
        str(customer["Id"]),
        "20.00",
        str(remote["Id"]),
        PaymentMethodRef={"value": _method_id(world, "Cash")},
    )

    run, items = await world.run(SyncKind.PULL_PAYMENTS)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert [i.outcome for i in items] == [ItemOutcome.SUCCEEDED, ItemOutcome.SKIPPED]
    assert "'Cash' is not one that syncs" in (items[1].message or "")
    await invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("30.00")
    pulled = await Payment.get(amount=Decimal("30.00"))
    assert pulled.method == "Visa"


async def test_pull_payments_unmatched_configured_method_warns_in_the_run(world) -> None:
    await world.configure(payment_methods=["Visa", "Zelle"])

    run, items = await world.run(SyncKind.PULL_PAYMENTS)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert [(i.outcome, i.message) for i in items] == [(ItemOutcome.WARNING, ZELLE_WARNING)]


async def test_match_payment_methods_without_catalog_treats_methods_as_free_text(world) -> None:
    await world.configure(payment_methods=["Zelle"])

    class NoCatalog:
        """A session of a platform without a payment-method list."""

    ctx = await world.context(NoCatalog())
    match = await match_payment_methods(ctx)

    assert not isinstance(NoCatalog(), PaymentMethodCatalog)
    assert match == MethodMatch()
    assert match.unmatched_name("Zelle") is None
