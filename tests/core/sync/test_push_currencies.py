"""Invoices and payments in another currency than the books' home one, for QuickBooks Online and
Xero (whose exchanges are checked against its spec): the books' currencies read and kept on the
connection, the engine's refusals before anything is written, the platform's own refusal when
what we know is stale, and the rate and home total the platform booked kept on the mapping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.models import (
    Customer,
    ExternalMapping,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentApplication,
    Refund,
    SyncRunItem,
)
from core.models.enums import (
    Entity,
    InvoiceStatus,
    ItemOutcome,
    MappingState,
    SyncKind,
    SyncRunStatus,
)
from core.services.payments import apply_to_invoice
from core.sync.currencies import stored_currencies
from core.sync.push import push_invoices
from core.sync.records import BooksCurrencies
from core.sync.runs import RunReporter
from core.sync.session import SessionTarget
from tests.core.sync.pull_drivers import Books
from tests.core.sync.sim_support import ListSink

pytestmark = pytest.mark.usefixtures("app")

EUR_RATE = Decimal("1.1")  # USD for one EUR


def _xero(books: Books) -> bool:
    return books.sim.provider == "XERO"


def _multicurrency(books: Books, rates: dict[str, Decimal]) -> None:
    """Turn multicurrency on and add currencies at these rates (USD for one unit)."""
    state: Any = books.sim.state(books.app)
    if _xero(books):
        # Xero's day rates are foreign units for one unit of the base currency.
        xero = {
            code: float((1 / rate).quantize(Decimal("0.000001"))) for code, rate in rates.items()
        }
        state.add_currencies(books.company, xero)
    else:
        state.set_currencies(books.company, multicurrency=True, rates=dict(rates))


def _remote_invoices(books: Books) -> list[dict[str, Any]]:
    state: Any = books.sim.state(books.app)
    if _xero(books):
        return [r for r in state.entities(books.company, "invoices") if r["Type"] == "ACCREC"]
    return list(state.entities(books.company, "Invoice"))


def _remote_customers(books: Books) -> list[dict[str, Any]]:
    state: Any = books.sim.state(books.app)
    return list(state.entities(books.company, "contacts" if _xero(books) else "Customer"))


def _remote_balance(books: Books, remote_id: str) -> Decimal:
    (row,) = [r for r in _remote_invoices(books) if r.get("InvoiceID", r.get("Id")) == remote_id]
    return Decimal(str(row["AmountDue"] if _xero(books) else row["Balance"]))


async def _invoice(
    books: Books, customer: Customer, number: str, currency: str, rate: Decimal | None = None
) -> Invoice:
    invoice = await Invoice.create(
        firm=books.firm,
        customer=customer,
        number=number,
        status=InvoiceStatus.SENT,
        issue_date=date(2026, 3, 1),
        due_date=date(2099, 3, 31),
        currency=currency,
        exchange_rate=rate,
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


async def _push(books: Books, invoice: Invoice) -> tuple[SyncRunStatus, list[SyncRunItem]]:
    run = await books._run(SyncKind.PUSH_INVOICES)
    target = SessionTarget(books.connection.id, books.company, books.connection.settings)
    async with books.kit.session(books.env, target) as session:
        status = await push_invoices(
            RunReporter(run, ListSink()), session, books.connection, [invoice.id]
        )
    items = await SyncRunItem.filter(run_id=run.id).order_by("id")
    return status, list(items)


async def _mapping(invoice: Invoice) -> ExternalMapping | None:
    return await ExternalMapping.get_or_none(entity=Entity.INVOICE, local_id=invoice.id)


async def test_push_home_currency_invoice_keeps_books_currencies_on_connection(books) -> None:
    customer = await Customer.create(firm=books.firm, name="Acme Ltd", currency="USD")
    invoice = await _invoice(books, customer, "1001", "USD")

    status, items = await _push(books, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SUCCEEDED]
    await books.connection.refresh_from_db()
    assert stored_currencies(books.connection) == BooksCurrencies("USD", False, ("USD",))
    mapping = await _mapping(invoice)
    assert mapping is not None
    assert mapping.currency == "USD"
    # Xero books a base-currency invoice at 1; QuickBooks without multicurrency gives no rate.
    assert mapping.exchange_rate in (None, Decimal(1))


async def test_push_foreign_invoice_multicurrency_off_fails_and_writes_nothing(books) -> None:
    customer = await Customer.create(firm=books.firm, name="Dupont SA", currency="EUR")
    invoice = await _invoice(books, customer, "1002", "EUR")

    status, items = await _push(books, invoice)

    assert status is SyncRunStatus.FAILED  # its only record failed
    (item,) = items
    assert (item.outcome, item.error_code) == (ItemOutcome.FAILED, "CURRENCY_NOT_ENABLED")
    assert "USD" in (item.message or "")
    assert item.hint
    assert _remote_invoices(books) == []
    assert _remote_customers(books) == []
    assert await _mapping(invoice) is None
    assert await ExternalMapping.filter(entity=Entity.CUSTOMER).count() == 0


async def test_push_foreign_invoice_multicurrency_on_books_platform_rate(books) -> None:
    _multicurrency(books, {"EUR": EUR_RATE})
    customer = await Customer.create(firm=books.firm, name="Dupont SA", currency="EUR")
    invoice = await _invoice(books, customer, "1003", "EUR")

    status, items = await _push(books, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SUCCEEDED]
    (remote,) = _remote_invoices(books)
    code = remote["CurrencyCode"] if _xero(books) else remote["CurrencyRef"]["value"]
    assert code == "EUR"
    mapping = await _mapping(invoice)
    assert mapping is not None
    assert mapping.state is MappingState.SYNCED
    assert mapping.currency == "EUR"
    assert mapping.exchange_rate is not None
    assert abs(mapping.exchange_rate - EUR_RATE) < Decimal("0.0001")  # never a rate of 1
    assert mapping.home_total == Decimal("110.00")
    await books.connection.refresh_from_db()
    assert stored_currencies(books.connection) == BooksCurrencies("USD", True, ("USD", "EUR"))


async def test_push_foreign_invoice_own_rate_is_sent_and_kept(books) -> None:
    _multicurrency(books, {"EUR": EUR_RATE})
    customer = await Customer.create(firm=books.firm, name="Dupont SA", currency="EUR")
    invoice = await _invoice(books, customer, "1004", "EUR", rate=Decimal("1.25"))

    status, _ = await _push(books, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    mapping = await _mapping(invoice)
    assert mapping is not None
    assert mapping.exchange_rate is not None
    assert abs(mapping.exchange_rate - Decimal("1.25")) < Decimal("0.0001")
    assert mapping.home_total == Decimal("125.00")


async def test_push_invoice_currency_unlike_customer_fails_and_writes_nothing(books) -> None:
    _multicurrency(books, {"EUR": EUR_RATE})
    customer = await Customer.create(firm=books.firm, name="Acme Ltd", currency="USD")
    invoice = await _invoice(books, customer, "1005", "EUR")

    status, items = await _push(books, invoice)

    assert status is SyncRunStatus.FAILED  # its only record failed
    (item,) = items
    assert (item.outcome, item.error_code) == (ItemOutcome.FAILED, "CUSTOMER_CURRENCY_MISMATCH")
    assert _remote_invoices(books) == []
    assert _remote_customers(books) == []
    assert await _mapping(invoice) is None


async def test_push_currency_not_added_to_books_fails_and_writes_nothing(books) -> None:
    _multicurrency(books, {"EUR": EUR_RATE})
    customer = await Customer.create(firm=books.firm, name="Tanaka KK", currency="JPY")
    invoice = await _invoice(books, customer, "1006", "JPY")

    status, items = await _push(books, invoice)

    assert status is SyncRunStatus.FAILED  # its only record failed
    (item,) = items
    assert (item.outcome, item.error_code) == (ItemOutcome.FAILED, "CURRENCY_NOT_ENABLED")
    assert "JPY" in (item.message or "")
    assert _remote_invoices(books) == []


async def test_foreign_payment_pushed_marks_remote_invoice_paid_at_its_rate(books) -> None:
    _multicurrency(books, {"EUR": EUR_RATE})
    customer = await Customer.create(firm=books.firm, name="Dupont SA", currency="EUR")
    invoice = await _invoice(books, customer, "1007", "EUR")
    status, _ = await _push(books, invoice)
    assert status is SyncRunStatus.SUCCEEDED
    invoice_mapping = await _mapping(invoice)
    assert invoice_mapping is not None
    assert invoice_mapping.remote_id
    payment = await Payment.create(
        firm=books.firm,
        customer=customer,
        date=date(2026, 3, 5),
        amount=Decimal("100.00"),
        currency="EUR",
        exchange_rate=Decimal("1.2"),
    )
    await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal("100.00"))
    await apply_to_invoice(invoice, Decimal("100.00"))

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    pushed = [i for i in items if i.entity is Entity.PAYMENT and i.action == "CREATED"]
    assert [i.outcome for i in pushed] == [ItemOutcome.SUCCEEDED]
    assert _remote_balance(books, invoice_mapping.remote_id) == 0
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.PAID
    link = await ExternalMapping.get(entity=Entity.PAYMENT, local_id=payment.id)
    assert link.exchange_rate is not None
    assert abs(link.exchange_rate - Decimal("1.2")) < Decimal("0.0001")
    assert link.home_total == Decimal("120.00")


@pytest.mark.parametrize("sim", ["qbo"], indirect=True)
async def test_qbo_refusal_of_stale_customer_currency_is_a_per_record_mismatch(books) -> None:
    _multicurrency(books, {"EUR": EUR_RATE})
    # The QuickBooks customer of the same name is in USD (fixed once set); ours bills in EUR.
    books.customer("Dupont SA")
    customer = await Customer.create(firm=books.firm, name="Dupont SA", currency="EUR")
    invoice = await _invoice(books, customer, "1008", "EUR")

    status, items = await _push(books, invoice)

    assert status is SyncRunStatus.FAILED  # its only record failed
    (item,) = items
    assert (item.outcome, item.error_code) == (ItemOutcome.FAILED, "CUSTOMER_CURRENCY_MISMATCH")
    assert _remote_invoices(books) == []
    mapping = await _mapping(invoice)
    assert mapping is not None
    assert mapping.state is MappingState.ERROR


async def test_push_after_multicurrency_turned_on_reads_books_again_and_sends(books) -> None:
    customer = await Customer.create(firm=books.firm, name="Dupont SA", currency="EUR")
    invoice = await _invoice(books, customer, "1009", "EUR")
    first, _ = await _push(books, invoice)
    assert first is SyncRunStatus.FAILED
    _multicurrency(books, {"EUR": EUR_RATE})

    status, items = await _push(books, invoice)

    assert status is SyncRunStatus.SUCCEEDED
    assert [i.outcome for i in items] == [ItemOutcome.SUCCEEDED]
    assert len(_remote_invoices(books)) == 1
    await books.connection.refresh_from_db()
    assert stored_currencies(books.connection) == BooksCurrencies("USD", True, ("USD", "EUR"))


async def test_push_with_known_currencies_asks_the_platform_nothing_more(books) -> None:
    customer = await Customer.create(firm=books.firm, name="Acme Ltd", currency="USD")
    await _push(books, await _invoice(books, customer, "1010", "USD"))
    # Changed behind our back: only a refusal would make a run ask again.
    state: Any = books.sim.state(books.app)
    if _xero(books):
        state.add_currencies(books.company, {"GBP": 0.8})
    else:
        state.set_currencies(books.company, multicurrency=True, rates={"GBP": Decimal("1.25")})

    status, _ = await _push(books, await _invoice(books, customer, "1011", "USD"))

    assert status is SyncRunStatus.SUCCEEDED
    await books.connection.refresh_from_db()
    assert stored_currencies(books.connection) == BooksCurrencies("USD", False, ("USD",))


async def test_push_of_two_only_the_foreign_one_fails_and_the_other_is_sent(books) -> None:
    usd = await Customer.create(firm=books.firm, name="Acme Ltd", currency="USD")
    eur = await Customer.create(firm=books.firm, name="Dupont SA", currency="EUR")
    home = await _invoice(books, usd, "1012", "USD")
    foreign = await _invoice(books, eur, "1013", "EUR")
    run = await books._run(SyncKind.PUSH_INVOICES)
    target = SessionTarget(books.connection.id, books.company, books.connection.settings)

    async with books.kit.session(books.env, target) as session:
        status = await push_invoices(
            RunReporter(run, ListSink()), session, books.connection, [home.id, foreign.id]
        )

    assert status is SyncRunStatus.PARTIAL
    items = {i.local_id: i for i in await SyncRunItem.filter(run_id=run.id)}
    assert items[home.id].outcome is ItemOutcome.SUCCEEDED
    assert items[foreign.id].error_code == "CURRENCY_NOT_ENABLED"
    assert len(_remote_invoices(books)) == 1
    assert [c.get("DisplayName", c.get("Name")) for c in _remote_customers(books)] == ["Acme Ltd"]


@pytest.mark.parametrize("sim", ["qbo"], indirect=True)
async def test_qbo_refund_of_a_foreign_payment_is_sent_in_its_currency(books) -> None:
    _multicurrency(books, {"EUR": EUR_RATE})
    books.connection.settings = {**books.connection.settings, "refund_account_id": "3"}
    await books.connection.save(update_fields=["settings"])
    customer = await Customer.create(firm=books.firm, name="Dupont SA", currency="EUR")
    invoice = await _invoice(books, customer, "1014", "EUR")
    assert (await _push(books, invoice))[0] is SyncRunStatus.SUCCEEDED
    payment = await Payment.create(
        firm=books.firm,
        customer=customer,
        date=date(2026, 3, 5),
        amount=Decimal("100.00"),
        currency="EUR",
    )
    await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal("100.00"))
    await Refund.create(firm=books.firm, payment=payment, date=date(2026, 3, 6), amount=Decimal(5))

    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    state: Any = books.sim.state(books.app)
    (receipt,) = state.entities(books.company, "RefundReceipt")
    assert receipt["CurrencyRef"]["value"] == "EUR"
    refunds = [i.outcome for i in items if i.entity is Entity.REFUND]
    assert refunds == [ItemOutcome.SUCCEEDED]
