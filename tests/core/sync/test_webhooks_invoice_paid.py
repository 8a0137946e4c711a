"""A platform without payment webhooks (Xero) reports a payment only as an INVOICE update: the
notice re-reads the invoice, sees it paid remotely, and pulls the payments — the invoice becomes
PAID here. Run against the Xero simulator mounted in the app, checked against Xero's spec."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from starlette.applications import Starlette

from core.models import Customer, ExternalMapping, Firm, Invoice, InvoiceLine, Payment, User
from core.models.enums import (
    Entity,
    InvoiceStatus,
    Provider,
    SyncKind,
    SyncTrigger,
    WebhookState,
)
from core.services.accounting_pull import record_delivery
from core.sync.push import push_invoices
from core.sync.runs import RunReporter, create_run
from core.sync.session import SessionTarget
from core.sync.webhook_runs import process_delivery
from integrations.registry import kit_for
from integrations.xero.simulator import sign
from tests.core.sync.sim_support import ListSink
from tests.provider_sims import XeroDriver, connect_directly


@pytest.fixture
def xero(app: Starlette) -> Iterator[XeroDriver]:
    driver = XeroDriver()
    driver.install(app)
    settings = driver.state(app).settings
    # Deliveries are made by hand below, so the embedded worker does not race the test.
    settings.webhook_url = None
    yield driver
    driver.finish()


def _invoice_update(tenant: str, invoice_id: str) -> bytes:
    event = {
        "resourceUrl": f"https://api.xero.com/api.xro/2.0/Invoices/{invoice_id}",
        "resourceId": invoice_id,
        "eventDateUtc": "2026-03-02T10:00:00.000",
        "eventType": "UPDATE",
        "eventCategory": "INVOICE",
        "tenantId": tenant,
        "tenantType": "ORGANISATION",
    }
    body = {"events": [event], "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "E"}
    return json.dumps(body).encode()


async def test_invoice_update_after_remote_payment_marks_invoice_paid(app, xero) -> None:
    env = app.state.runtime.providers
    kit = kit_for(Provider.XERO)
    firm = await Firm.create(external_id="firm-a", name="Firm A")
    user = await User.create(external_id="user-ada", name="Ada")
    connection = await connect_directly(env, kit, firm)
    tenant = connection.remote_company_id
    assert tenant is not None
    customer = await Customer.create(firm=firm, name="Acme Ltd")
    invoice = await Invoice.create(
        firm=firm,
        customer=customer,
        number="INV-1042",
        status=InvoiceStatus.SENT,
        issue_date=date(2026, 3, 1),
        due_date=date(2026, 3, 31),
        subtotal=Decimal("100.00"),
        total=Decimal("100.00"),
        balance=Decimal("100.00"),
    )
    await InvoiceLine.create(
        invoice=invoice,
        position=0,
        description="Consulting",
        quantity=Decimal("1"),
        unit_price=Decimal("100.00"),
        amount=Decimal("100.00"),
    )
    run = await create_run(
        firm_id=firm.id,
        kind=SyncKind.PUSH_INVOICES,
        trigger=SyncTrigger.USER,
        started_by_id=user.id,
        connection_id=connection.id,
    )
    target = SessionTarget(connection.id, tenant, connection.settings)
    async with kit.session(env, target) as session:
        await push_invoices(RunReporter(run, ListSink()), session, connection, [invoice.id])
    mapping = await ExternalMapping.get(entity=Entity.INVOICE, local_id=invoice.id)
    assert mapping.remote_id is not None
    xero.record_payment(app, tenant, mapping.remote_id, 100.0)

    body = _invoice_update(tenant, mapping.remote_id)
    key = xero.state(app).settings.webhook_key
    delivery = kit.parse_webhook(env, {"x-xero-signature": sign(key, body)}, body)
    (row,) = (await record_delivery(Provider.XERO, delivery)).rows
    state = await process_delivery(row.id, kits=kit_for, env=env, sink=ListSink())

    assert state is WebhookState.PROCESSED
    await invoice.refresh_from_db()
    assert invoice.status is InvoiceStatus.PAID
    assert invoice.amount_paid == Decimal("100.00")
    assert await Payment.filter(firm=firm).count() == 1
