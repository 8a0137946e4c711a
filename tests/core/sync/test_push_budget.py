"""A bulk push plans around the platform's daily call cap: what fits is pushed, the rest is
reported SKIPPED for tomorrow. Run against the Xero simulator mounted in the app, every exchange
checked against Xero's spec."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from starlette.applications import Starlette

from core.models import Customer, Firm, Invoice, InvoiceLine, SyncRunItem, User
from core.models.enums import InvoiceStatus, ItemOutcome, Provider, SyncKind, SyncTrigger
from core.sync.push import push_invoices
from core.sync.push_budget import RESERVE_CALLS, calls_needed
from core.sync.push_customers import push_customer
from core.sync.runs import RunReporter, create_run
from core.sync.session import SessionTarget
from integrations.registry import kit_for
from tests.core.sync.sim_support import ListSink
from tests.provider_sims import XeroDriver, connect_directly


@pytest.fixture
def xero(app: Starlette) -> Iterator[XeroDriver]:
    driver = XeroDriver()
    driver.install(app)
    # Webhooks for our own writes would spend the day's calls concurrently; not this test's point.
    driver.state(app).settings.webhooks_for_api_writes = False
    yield driver
    driver.finish()


def test_calls_needed_counts_batches_customers_and_items() -> None:
    assert calls_needed(0, 50, 0, 0) == 0
    assert calls_needed(50, 50, 0, 0) == 1
    assert calls_needed(51, 50, 1, 2) == 2 + 2 + 2 * 2  # batches, customer, items


async def _run(firm: Firm, user: User, connection_id, kind: SyncKind) -> RunReporter:  # type: ignore[no-untyped-def]
    run = await create_run(
        firm_id=firm.id,
        kind=kind,
        trigger=SyncTrigger.USER,
        started_by_id=user.id,
        connection_id=connection_id,
    )
    return RunReporter(run, ListSink())


async def _invoice(firm: Firm, customer: Customer, number: str) -> Invoice:
    invoice = await Invoice.create(
        firm=firm,
        customer=customer,
        number=number,
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
    return invoice


async def test_push_beyond_daily_budget_pushes_what_fits_and_skips_the_rest(app, xero) -> None:
    env = app.state.runtime.providers
    kit = kit_for(Provider.XERO)
    firm = await Firm.create(external_id="firm-a", name="Firm A")
    user = await User.create(external_id="user-ada", name="Ada")
    connection = await connect_directly(env, kit, firm)
    tenant = connection.remote_company_id
    assert tenant is not None
    customer = await Customer.create(firm=firm, name="Acme Ltd")
    target = SessionTarget(connection.id, tenant, connection.settings)
    async with kit.session(env, target) as session:
        await push_customer(
            await _run(firm, user, connection.id, SyncKind.PUSH_CUSTOMERS),
            session,
            connection,
            customer.id,
        )
    invoices = [await _invoice(firm, customer, f"INV-{n:03}") for n in range(51)]
    # One batch of 50 is all today's budget covers once the reserve is kept.
    await kit.limiter(env).observe_headers(
        tenant, remaining_minute=None, remaining_day=RESERVE_CALLS + 1
    )

    reporter = await _run(firm, user, connection.id, SyncKind.PUSH_INVOICES)
    async with kit.session(env, target) as session:
        await push_invoices(
            reporter, session, connection, [i.id for i in invoices], platform="Xero"
        )

    items = await SyncRunItem.filter(run_id=reporter.run.id)
    skipped = [i for i in items if i.outcome is ItemOutcome.SKIPPED]
    assert len([i for i in items if i.outcome is ItemOutcome.SUCCEEDED]) == 50
    assert [i.message for i in skipped] == [
        "Xero's daily limit would be exceeded: 1 invoice left for tomorrow"
    ]
    assert xero.count_invoices(app, tenant) == 50
