"""Processing recorded webhook deliveries: payment → PAID, void → VOID, rename → name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.models import Activity, Customer, Invoice, SyncRun, SyncRunItem, WebhookDelivery
from core.models.enums import (
    InvoiceStatus,
    ItemOutcome,
    Provider,
    SyncKind,
    SyncTrigger,
    WebhookState,
)
from core.services.accounting_pull import record_delivery
from core.sync.webhooks import process_delivery
from integrations.quickbooks_online.simulator.service import Change
from integrations.quickbooks_online.simulator.webhooks import cloudevents_body, legacy_body, sign
from tests.core.sync.pull_support import PullWorld, connect, connect_firm

pytestmark = pytest.mark.usefixtures("app")

VERIFIER = "sim-verifier-token"


@pytest.fixture
async def world(settings) -> PullWorld:
    return await connect(settings)


def _change(world: PullWorld, entity: str, entity_id: object, operation: str) -> Change:
    return Change(world.realm, entity, str(entity_id), operation, datetime.now(UTC))


async def _deliver(world: PullWorld, body: bytes) -> WebhookDelivery:
    """What the receiver does (verify, parse, record), then what the job does."""
    delivery = world.kit.parse_webhook(world.env, {"intuit-signature": sign(body, VERIFIER)}, body)
    row = await record_delivery(Provider.QUICKBOOKS_ONLINE, delivery)
    assert row is not None
    await process_delivery(row.id, kits=lambda _p: world.kit, env=world.env, sink=world.sink)
    await row.refresh_from_db()
    return row


async def test_webhook_legacy_payment_marks_invoice_paid(world) -> None:
    invoice, remote, _ = await world.linked_invoice("1042", "100.00")
    payment = world.simulator.record_payment(world.realm, str(remote["Id"]))
    body = legacy_body([_change(world, "Payment", payment["Id"], "Create")])

    row = await _deliver(world, body)

    assert row.state is WebhookState.PROCESSED
    await invoice.refresh_from_db()
    assert invoice.status is InvoiceStatus.PAID
    run = await SyncRun.get(firm=world.firm, kind=SyncKind.WEBHOOK)
    assert run.trigger is SyncTrigger.WEBHOOK
    (item,) = await SyncRunItem.filter(run=run)
    assert item.action == "APPLIED"
    assert await Activity.filter(description__contains="invoice 1042 marked PAID").exists()


async def test_webhook_replayed_payment_applies_once(world) -> None:
    invoice, remote, _ = await world.linked_invoice("5", "100.00")
    payment = world.simulator.record_payment(world.realm, str(remote["Id"]), "40.00")
    change = _change(world, "Payment", payment["Id"], "Create")
    await _deliver(world, legacy_body([change]))
    # A different delivery reporting the same payment (e.g. an Update): nothing is re-applied.
    await _deliver(world, legacy_body([_change(world, "Payment", payment["Id"], "Update")]))

    await invoice.refresh_from_db()
    assert invoice.amount_paid == 40
    assert invoice.status is InvoiceStatus.PARTIAL


async def test_webhook_voided_invoice_becomes_void_and_renamed_customer_is_renamed(world) -> None:
    invoice, remote, remote_customer = await world.linked_invoice("9", "100.00", "Old Name")
    world.simulator.void_invoice(world.realm, str(remote["Id"]))
    world.simulator.rename_customer(world.realm, str(remote_customer["Id"]), "New Name")
    body = legacy_body(
        [
            _change(world, "Invoice", remote["Id"], "Void"),
            _change(world, "Customer", remote_customer["Id"], "Update"),
        ]
    )

    await _deliver(world, body)

    await invoice.refresh_from_db()
    assert invoice.status is InvoiceStatus.VOID
    assert invoice.voided_at is not None
    customer = await Customer.get(id=invoice.customer_id)
    assert customer.name == "New Name"
    descriptions = set(await Activity.all().values_list("description", flat=True))
    assert "Customer Old Name renamed to New Name in QuickBooks Online" in descriptions
    assert any("Invoice 9 voided in QuickBooks Online" in d for d in descriptions)


async def test_webhook_cloudevents_with_two_realms_applies_each_to_its_firm(world) -> None:
    second_realm = world.simulator.create_company("Second Co").realm_id
    other = await connect_firm(world.env, world.simulator, "firm-b", second_realm)
    first_invoice, first_remote, _ = await world.linked_invoice("1", "100.00")
    second_invoice, second_remote, _ = await other.linked_invoice("1", "60.00")
    first_pay = world.simulator.record_payment(world.realm, str(first_remote["Id"]))
    second_pay = world.simulator.record_payment(other.realm, str(second_remote["Id"]), "20.00")
    body = cloudevents_body(
        [
            _change(world, "Payment", first_pay["Id"], "Create"),
            Change(other.realm, "Payment", str(second_pay["Id"]), "Create", datetime.now(UTC)),
        ],
        world.simulator.settings,
    )

    row = await _deliver(world, body)

    assert row.state is WebhookState.PROCESSED
    await first_invoice.refresh_from_db()
    await second_invoice.refresh_from_db()
    assert first_invoice.status is InvoiceStatus.PAID
    assert second_invoice.status is InvoiceStatus.PARTIAL
    assert await SyncRun.filter(kind=SyncKind.WEBHOOK).count() == 2


async def test_webhook_for_unknown_realm_is_processed_with_a_note(world) -> None:
    body = legacy_body([Change("123456", "Payment", "9", "Create", datetime.now(UTC))])

    row = await _deliver(world, body)

    assert row.state is WebhookState.PROCESSED
    assert "no active connection" in (row.error or "")
    assert await SyncRun.all().count() == 0


async def test_webhook_same_body_twice_is_recorded_once(world) -> None:
    body = legacy_body([_change(world, "Customer", "1", "Update")])
    delivery = world.kit.parse_webhook(world.env, {"intuit-signature": sign(body, VERIFIER)}, body)

    first = await record_delivery(Provider.QUICKBOOKS_ONLINE, delivery)
    second = await record_delivery(Provider.QUICKBOOKS_ONLINE, delivery)

    assert first is not None
    assert second is None
    assert await WebhookDelivery.all().count() == 1


async def test_webhook_payment_for_unlinked_invoice_is_recorded_skipped(world) -> None:
    customer = world.remote_customer("Nobody")
    invoice = world.remote_invoice(str(customer["Id"]), "30.00")
    payment = world.simulator.record_payment(world.realm, str(invoice["Id"]))

    await _deliver(world, legacy_body([_change(world, "Payment", payment["Id"], "Create")]))

    (item,) = await SyncRunItem.all()
    assert item.outcome is ItemOutcome.SKIPPED
    assert item.remote_id == str(payment["Id"])
    assert await Invoice.all().count() == 0
