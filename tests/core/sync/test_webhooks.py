"""Processing recorded webhook deliveries: payment → PAID, void → VOID, rename → name.

The cases every platform reports (a voided invoice, a renamed customer, a company no firm is
connected to, a redelivered body) run for every provider on the simulators mounted in the app,
with each provider's own signed body (tests/core/sync/notice_drivers.py; Xero's bodies and
exchanges checked against its specs). The QuickBooks-specific ones (payment notices, the legacy
and CloudEvents formats) use the in-process QBO simulator."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.models import (
    Activity,
    Customer,
    ExternalMapping,
    Invoice,
    SyncRun,
    SyncRunItem,
    WebhookDelivery,
)
from core.models.enums import (
    Entity,
    InvoiceStatus,
    ItemOutcome,
    Provider,
    SyncKind,
    SyncTrigger,
    WebhookState,
)
from core.services.accounting_pull import record_delivery
from core.sync.records import ChangeDelivery, ChangeNotice, ChangeOperation
from core.sync.webhook_runs import process_delivery
from core.sync.webhooks import check_delivery
from integrations.quickbooks_online.simulator.service import Change
from integrations.quickbooks_online.simulator.webhooks import cloudevents_body, legacy_body, sign
from tests.core.sync.notice_drivers import deliver, notices_for
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
    recorded = await record_delivery(Provider.QUICKBOOKS_ONLINE, delivery)
    assert recorded.new
    for row in recorded.rows:
        await process_delivery(row.id, kits=lambda _p: world.kit, env=world.env, sink=world.sink)
    row = recorded.rows[0]
    await row.refresh_from_db()
    return row


async def test_webhook_legacy_payment_marks_invoice_paid(world) -> None:
    """QuickBooks only: Xero sends no payment webhooks (see test_webhooks_invoice_paid.py)."""
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
    """QuickBooks only: Xero sends no payment webhooks."""
    invoice, remote, _ = await world.linked_invoice("5", "100.00")
    payment = world.simulator.record_payment(world.realm, str(remote["Id"]), "40.00")
    change = _change(world, "Payment", payment["Id"], "Create")
    await _deliver(world, legacy_body([change]))
    # A different delivery reporting the same payment (e.g. an Update): nothing is re-applied.
    await _deliver(world, legacy_body([_change(world, "Payment", payment["Id"], "Update")]))

    await invoice.refresh_from_db()
    assert invoice.amount_paid == 40
    assert invoice.status is InvoiceStatus.PARTIAL


async def test_webhook_voided_invoice_becomes_void_and_renamed_customer_is_renamed(books) -> None:
    invoice, remote_id = await books.linked_invoice("9", "100.00")
    customer_link = await ExternalMapping.get(entity=Entity.CUSTOMER, local_id=invoice.customer_id)
    assert customer_link.remote_id is not None
    notices = notices_for(books.sim)
    voided = notices.void_invoice(books, remote_id)
    renamed = notices.rename_customer(books, customer_link.remote_id, "Acme Holdings")

    row = await deliver(books, [voided, renamed])

    assert row.state is WebhookState.PROCESSED
    assert row.error is None
    await invoice.refresh_from_db()
    assert invoice.status is InvoiceStatus.VOID
    assert invoice.voided_at is not None
    customer = await Customer.get(id=invoice.customer_id)
    assert customer.name == "Acme Holdings"
    platform = books.sim.display_name
    descriptions = set(await Activity.all().values_list("description", flat=True))
    assert f"Customer Acme Ltd renamed to Acme Holdings in {platform}" in descriptions
    assert f"Invoice 9 voided in {platform} — marked VOID" in descriptions
    run = await SyncRun.get(firm=books.firm, kind=SyncKind.WEBHOOK)
    assert run.trigger is SyncTrigger.WEBHOOK
    items = await SyncRunItem.filter(run=run).order_by("id")
    assert [(i.entity, i.action, i.remote_id) for i in items] == [
        (Entity.INVOICE, "VOIDED", remote_id),
        (Entity.CUSTOMER, "RENAMED", customer_link.remote_id),
    ]


async def test_webhook_cloudevents_with_two_realms_applies_each_to_its_firm(world) -> None:
    """QuickBooks only: CloudEvents is Intuit's body format, and these are payment notices."""
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


async def test_webhook_for_unknown_company_is_processed_with_a_note(books) -> None:
    notices = notices_for(books.sim)
    stranger = notices.unknown_company()

    row = await deliver(books, [notices.customer_update(stranger)])

    assert row.state is WebhookState.PROCESSED
    assert row.error == f"no active connection for company {stranger}"
    assert await SyncRun.all().count() == 0


async def test_webhook_same_body_twice_is_recorded_once(books) -> None:
    notices = notices_for(books.sim)
    headers, body = notices.signed(books, [notices.customer_update(books.company)])
    delivery = books.kit.parse_webhook(books.env, headers, body)
    provider = Provider(books.sim.provider)

    first = await record_delivery(provider, delivery)
    second = await record_delivery(provider, delivery)

    assert first.new
    assert not second.new
    assert [row.id for row in second.rows] == [row.id for row in first.rows]
    assert await WebhookDelivery.all().count() == 1


async def test_webhook_payment_for_unlinked_invoice_is_recorded_skipped(world) -> None:
    """QuickBooks only: Xero sends no payment webhooks."""
    customer = world.remote_customer("Nobody")
    invoice = world.remote_invoice(str(customer["Id"]), "30.00")
    payment = world.simulator.record_payment(world.realm, str(invoice["Id"]))

    await _deliver(world, legacy_body([_change(world, "Payment", payment["Id"], "Create")]))

    (item,) = await SyncRunItem.all()
    assert item.outcome is ItemOutcome.SKIPPED
    assert item.remote_id == str(payment["Id"])
    assert await Invoice.all().count() == 0


def test_check_delivery_refuses_ids_too_long_to_store_naming_them() -> None:
    def notice(company: str, remote_id: str) -> ChangeNotice:
        return ChangeNotice("Invoice", remote_id, ChangeOperation.UPDATE, company, "e1")

    check_delivery(ChangeDelivery("d", (notice("1" * 128, "2" * 128),)))
    with pytest.raises(ValueError, match="notice 0: the company id is 129 characters long"):
        check_delivery(ChangeDelivery("d", (notice("1" * 129, "7"),)))
    with pytest.raises(ValueError, match="notice 1: the record id is 5000 characters"):
        check_delivery(ChangeDelivery("d", (notice("1", "7"), notice("1", "7" * 5000))))
