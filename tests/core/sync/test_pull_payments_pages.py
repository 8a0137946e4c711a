"""The payments pull per page: statements that do not grow with the page, one transaction each."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from core.models import (
    Activity,
    Customer,
    ExternalMapping,
    Invoice,
    Payment,
    PaymentApplication,
    SyncRunItem,
)
from core.models.enums import Entity, InvoiceStatus, ItemOutcome, MappingState, Provider, SyncKind
from core.sync import pull as pull_module
from core.sync.pull import PAYMENTS_CHECKPOINT, pull_payments
from core.sync.records import PaymentApplicationRef, RemotePayment
from core.sync.session import PaymentPage
from tests.core.sync.pull_support import PullWorld, connect

pytestmark = pytest.mark.usefixtures("app")

STAMP = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
async def world(settings) -> PullWorld:
    return await connect(settings)


class _Pages:
    """A session that hands out the given pages of payments."""

    def __init__(self, *pages: PaymentPage) -> None:
        self._pages = pages

    async def pull_payments(self, since: datetime | None) -> AsyncIterator[PaymentPage]:
        for page in self._pages:
            yield page


async def _linked_invoices(world: PullWorld, prefix: str, count: int) -> list[str]:
    """``count`` SENT local invoices of 100.00 linked to remote ids; returns the remote ids."""
    customer = await Customer.create(firm=world.firm, name=f"Customer {prefix}")
    invoices = [
        Invoice(
            firm=world.firm,
            customer=customer,
            number=f"{prefix}-{n}",
            status=InvoiceStatus.SENT,
            issue_date=date(2026, 3, 1),
            due_date=date(2099, 3, 31),
            subtotal=Decimal("100.00"),
            total=Decimal("100.00"),
            balance=Decimal("100.00"),
            locked=True,
        )
        for n in range(count)
    ]
    await Invoice.bulk_create(invoices)
    rows = await Invoice.filter(firm=world.firm, number__startswith=f"{prefix}-")
    remote_ids = []
    mappings = []
    for row in rows:
        remote_id = f"inv-{row.number}"
        remote_ids.append(remote_id)
        mappings.append(
            ExternalMapping(
                firm=world.firm,
                provider=Provider.QUICKBOOKS_ONLINE,
                remote_company_id=world.realm,
                entity=Entity.INVOICE,
                local_id=row.id,
                remote_id=remote_id,
                remote_version="0",
                state=MappingState.SYNCED,
                idempotency_key=f"test-{remote_id}",
            )
        )
    await ExternalMapping.bulk_create(mappings)
    return sorted(remote_ids)


def _payments(prefix: str, invoice_ids: Sequence[str]) -> tuple[RemotePayment, ...]:
    """Per invoice: two partial payments, plus one payment per page to an unlinked invoice."""
    payments = []
    for n, remote_id in enumerate(invoice_ids):
        for part, amount in enumerate(("40.00", "60.00")):
            payments.append(
                RemotePayment(
                    id=f"pay-{prefix}-{n}-{part}",
                    version="0",
                    date=date(2026, 3, 5),
                    amount=Decimal(amount),
                    customer_remote_id=None,
                    applications=(PaymentApplicationRef(remote_id, Decimal(amount)),),
                    updated_at=STAMP,
                )
            )
    payments.append(
        RemotePayment(
            id=f"pay-{prefix}-stray",
            version="0",
            date=date(2026, 3, 5),
            amount=Decimal("5.00"),
            customer_remote_id=None,
            applications=(PaymentApplicationRef("not-linked", Decimal("5.00")),),
            updated_at=STAMP,
        )
    )
    return tuple(payments)


async def _pull_counted(world: PullWorld, count_queries, page: PaymentPage):  # type: ignore[no-untyped-def]
    reporter = await world.reporter_for(SyncKind.PULL_PAYMENTS)
    with count_queries() as counter:
        await pull_payments(reporter, _Pages(page), world.connection)  # type: ignore[arg-type]
    return counter


async def test_pull_payments_statements_per_page_do_not_grow_with_page_size(
    world, count_queries
) -> None:
    small_ids = await _linked_invoices(world, "s", 5)
    large_ids = await _linked_invoices(world, "l", 50)
    small = _payments("s", small_ids)
    large = _payments("l", large_ids)
    assert (len(small), len(large)) == (11, 101)

    first = await _pull_counted(world, count_queries, PaymentPage(small, STAMP))
    second = await _pull_counted(world, count_queries, PaymentPage(large, STAMP))

    assert second.count == first.count, (first.statements, second.statements)
    paid = await Invoice.filter(firm=world.firm, status=InvoiceStatus.PAID).count()
    assert paid == 55
    assert await Payment.filter(firm=world.firm).count() == 110
    assert await PaymentApplication.all().count() == 110
    assert await Activity.filter(action="payment.received").count() == 110
    outcomes = [i.outcome for i in await SyncRunItem.all().order_by("id")]
    assert outcomes.count(ItemOutcome.SUCCEEDED) == 110
    assert outcomes.count(ItemOutcome.SKIPPED) == 2

    # Read again, every payment is known: still the same statements whatever the page size.
    again_small = await _pull_counted(world, count_queries, PaymentPage(small, STAMP))
    again_large = await _pull_counted(world, count_queries, PaymentPage(large, STAMP))
    assert again_large.count == again_small.count, (again_small.statements, again_large.statements)
    assert await Payment.filter(firm=world.firm).count() == 110


async def test_pull_payments_failure_mid_page_leaves_the_page_unapplied(world, monkeypatch) -> None:
    ids = await _linked_invoices(world, "c", 3)
    earlier = STAMP - timedelta(days=1)
    first = PaymentPage(_payments("a", ids[:1]), earlier)
    second = PaymentPage(_payments("c", ids[1:]), STAMP)
    applied = pull_module.apply_remote_payment
    calls = 0

    async def crash_on_second_page(ctx, payment):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if payment.id == "pay-c-1-0":
            raise RuntimeError("worker killed")
        await applied(ctx, payment)

    monkeypatch.setattr(pull_module, "apply_remote_payment", crash_on_second_page)
    reporter = await world.reporter_for(SyncKind.PULL_PAYMENTS)

    with pytest.raises(RuntimeError):
        await pull_payments(reporter, _Pages(first, second), world.connection)  # type: ignore[arg-type]

    assert calls > 3 + 2  # the second page had applied payments before the crash
    await world.connection.refresh_from_db()
    assert world.connection.sync_state[PAYMENTS_CHECKPOINT] == earlier.isoformat()
    # Only the first page is recorded: its two payments and its unlinked one.
    assert await Payment.filter(firm=world.firm).count() == 2
    assert await ExternalMapping.filter(entity=Entity.PAYMENT).count() == 2
    assert await SyncRunItem.filter(run_id=reporter.run.id).count() == 3
    statuses = [i.status for i in await Invoice.filter(firm=world.firm).order_by("number")]
    assert statuses == [InvoiceStatus.PAID, InvoiceStatus.SENT, InvoiceStatus.SENT]
    assert (reporter.run.processed, reporter.run.total) == (3, 3)

    # Resumed without the crash, the second page is applied whole.
    monkeypatch.setattr(pull_module, "apply_remote_payment", applied)
    reporter = await world.reporter_for(SyncKind.PULL_PAYMENTS)
    await pull_payments(reporter, _Pages(second), world.connection)  # type: ignore[arg-type]
    assert await Payment.filter(firm=world.firm).count() == 6
    assert await Invoice.filter(firm=world.firm, status=InvoiceStatus.PAID).count() == 3
