"""Xero currencies, pure: Organisation.BaseCurrency and /Currencies as the books' currencies,
the CurrencyRate sent only when a record has its own rate (never a default of 1) and what a saved
invoice or payment booked (on the recorded answers), the contact's DefaultCurrency, and the
refusal of a currency the organisation has not added."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from core.models.enums import DocType
from core.sync.records import (
    BooksCurrencies,
    CustomerRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    PaymentApplicationRef,
    PaymentRecord,
)
from integrations.base import CurrencyNotEnabled
from integrations.xero import document_mapping, mapping, payment_mapping
from integrations.xero.currencies import books_currencies_from
from integrations.xero.simulator.currency import not_subscribed
from integrations.xero.simulator.openapi_check import FIXTURES
from integrations.xero.wire import messages_to_error

LINE = InvoiceLineRecord("Work", Decimal("1"), Decimal("100"), Decimal("100"))


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def _invoice(rate: Decimal | None = None) -> InvoiceRecord:
    return InvoiceRecord(
        "i1",
        DocType.INVOICE,
        "INV-1",
        "c1",
        date(2026, 3, 1),
        "k1",
        (LINE,),
        currency="EUR",
        exchange_rate=rate,
    )


def test_base_currency_alone_is_multicurrency_off() -> None:
    facts = books_currencies_from({"BaseCurrency": "NZD"}, [{"Code": "NZD"}])

    assert facts == BooksCurrencies("NZD", False, ("NZD",))


def test_added_currencies_turn_multicurrency_on_base_first() -> None:
    facts = books_currencies_from({"BaseCurrency": "NZD"}, [{"Code": "USD"}, {"Code": "NZD"}])

    assert facts == BooksCurrencies("NZD", True, ("NZD", "USD"))


def test_no_currency_rate_is_sent_without_the_records_own_rate() -> None:
    body = document_mapping.invoice_to_xero(_invoice(), "200", {}).body

    assert "CurrencyRate" not in body


def test_own_rate_is_sent_as_xeros_inverse_rate_to_six_places() -> None:
    body = document_mapping.invoice_to_xero(_invoice(Decimal("1.1")), "200", {}).body

    assert body["CurrencyRate"] == Decimal("0.909091")


def test_payment_own_rate_is_sent_and_none_without_it() -> None:
    application = (PaymentApplicationRef("inv-1", Decimal("100")),)
    plain = PaymentRecord("p1", "c1", date(2026, 3, 2), Decimal("100"), "k", application)
    rated = PaymentRecord(
        "p1", "c1", date(2026, 3, 2), Decimal("100"), "k", application, exchange_rate=Decimal("2")
    )

    assert "CurrencyRate" not in payment_mapping.payment_to_xero(plain, "090").body
    assert payment_mapping.payment_to_xero(rated, "090").body["CurrencyRate"] == Decimal("0.5")


def test_recorded_invoice_answer_books_base_currency_at_one() -> None:
    (row,) = _load("accounting_PUT_Invoices_200.json")["Invoices"]

    booked = mapping.ref_of(row, "InvoiceID", "InvoiceNumber").booked

    assert booked is not None
    assert (booked.currency, booked.exchange_rate, booked.home_total) == (
        "NZD",
        Decimal(1),
        Decimal("40.00"),
    )


def test_recorded_payment_answer_books_its_amount_at_its_rate() -> None:
    row = _load("accounting_PUT_Payments_200.json")["Payments"][0]

    booked = mapping.ref_of(row, "PaymentID").booked

    assert booked is not None
    assert (booked.exchange_rate, booked.home_total) == (Decimal(1), Decimal("1.00"))


def test_foreign_answer_home_total_is_total_over_xeros_rate() -> None:
    booked = mapping.booked_of({"CurrencyCode": "EUR", "CurrencyRate": 0.8, "Total": 100.0})

    assert booked.exchange_rate == Decimal("1.25")
    assert booked.home_total == Decimal("125.00")


def test_contact_carries_the_customers_currency_as_default_currency() -> None:
    record = CustomerRecord("c1", "Dupont SA", "k", currency="EUR")

    assert mapping.customer_to_xero(record).body["DefaultCurrency"] == "EUR"


def test_currency_not_added_is_currency_not_enabled() -> None:
    error = messages_to_error([not_subscribed("JPY")])

    assert isinstance(error, CurrencyNotEnabled)
    assert error.code == "CURRENCY_NOT_ENABLED"
    assert error.hint
