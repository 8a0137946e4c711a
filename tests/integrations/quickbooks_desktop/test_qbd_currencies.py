"""QuickBooks Desktop currencies, pure: the reported preference as the books' currencies (the
edition's country when multicurrency is off), ExchangeRate sent in schema order only for a
foreign currency in a multicurrency file, and what a written transaction booked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.models.enums import DocType
from core.sync.records import BooksCurrencies, InvoiceLineRecord, InvoiceRecord, PaymentRecord
from integrations.quickbooks_desktop.document_mapping import document_add
from integrations.quickbooks_desktop.mapping import Currencies, booked_of, ref_of
from integrations.quickbooks_desktop.payment_mapping import payment_add
from integrations.quickbooks_desktop.qbxml import parse
from integrations.quickbooks_desktop.responses import parse_response
from integrations.quickbooks_desktop.simulator.order import order_error
from tests.integrations.quickbooks_desktop.conftest import example_text

LINE = InvoiceLineRecord("Work", Decimal("1"), Decimal("100"), Decimal("100"), "80000001-1")
ON = Currencies(enabled=True, home="USD", reported=True)


def _invoice(currency: str, rate: Decimal | None) -> InvoiceRecord:
    return InvoiceRecord(
        "i1",
        DocType.INVOICE,
        "1001",
        "8000000E-1",
        date(2026, 7, 1),
        "k1",
        (LINE,),
        currency=currency,
        exchange_rate=rate,
    )


def test_preference_before_any_report_is_unknown() -> None:
    assert Currencies().books() is None


def test_reported_preference_is_the_books_currencies() -> None:
    off = Currencies(enabled=False, home="USD", reported=True)

    assert off.books() == BooksCurrencies("USD", False)
    assert ON.books() == BooksCurrencies("USD", True)


def test_exchange_rate_goes_in_schema_order_for_a_foreign_invoice() -> None:
    body = document_add(_invoice("EUR", Decimal("1.25")), None, ON).body

    assert body.findtext("ExchangeRate") == "1.25"
    assert order_error(body) is None


def test_no_exchange_rate_for_home_currency_or_without_multicurrency() -> None:
    off = Currencies(enabled=False, home="USD", reported=True)

    assert (
        document_add(_invoice("USD", Decimal("1.25")), None, ON).body.find("ExchangeRate") is None
    )
    assert (
        document_add(_invoice("EUR", Decimal("1.25")), None, off).body.find("ExchangeRate") is None
    )
    assert document_add(_invoice("EUR", None), None, ON).body.find("ExchangeRate") is None


def test_payment_exchange_rate_follows_total_amount() -> None:
    record = PaymentRecord(
        "p1",
        "8000000E-1",
        date(2026, 7, 2),
        Decimal("100"),
        "k2",
        currency="EUR",
        exchange_rate=Decimal("1.3"),
    )

    body = payment_add(record, ON).body

    assert body.findtext("ExchangeRate") == "1.3"
    assert order_error(body) is None


def test_recorded_invoice_answer_without_multicurrency_books_nothing() -> None:
    [answer] = parse_response(example_text("08_InvoiceAddRs.xml"))

    assert ref_of(answer.rets[0]).booked is None


def test_foreign_payment_answer_books_its_home_amount() -> None:
    ret = parse(
        "<ReceivePaymentRet><TxnID>9-1</TxnID><TotalAmount>100.00</TotalAmount>"
        "<CurrencyRef><FullName>Euro</FullName></CurrencyRef><ExchangeRate>1.3</ExchangeRate>"
        "<TotalAmountInHomeCurrency>130.00</TotalAmountInHomeCurrency></ReceivePaymentRet>"
    )

    booked = booked_of(ret)

    assert booked is not None
    assert (booked.currency, booked.exchange_rate, booked.home_total) == (
        "EUR",
        Decimal("1.3"),
        Decimal("130.00"),
    )
