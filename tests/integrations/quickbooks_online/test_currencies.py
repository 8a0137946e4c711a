"""QuickBooks Online currencies, pure: CurrencyPrefs and CompanyCurrency rows as the books'
currencies, what a written transaction says it booked (on the recorded invoice answer), the rate
sent only when the record has one, and the currency refusals as the engine's errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.models.enums import DocType
from core.sync.records import BooksCurrencies, InvoiceLineRecord, InvoiceRecord, PaymentRecord
from integrations.base import CurrencyNotEnabled, CustomerCurrencyMismatch
from integrations.quickbooks_online import mapping, payment_mapping
from integrations.quickbooks_online.currencies import books_currencies_from
from integrations.quickbooks_online.simulator import currency as simulated
from integrations.quickbooks_online.wire import FaultError, fault_to_error

from .conftest import load_json

LINE = InvoiceLineRecord("Work", Decimal("1"), Decimal("100"), Decimal("100"), "1")


def _invoice(rate: Decimal | None = None) -> InvoiceRecord:
    return InvoiceRecord(
        "i1",
        DocType.INVOICE,
        "1001",
        "58",
        date(2026, 3, 1),
        "k1",
        (LINE,),
        currency="EUR",
        exchange_rate=rate,
    )


def test_currency_prefs_off_are_the_home_currency_only() -> None:
    prefs = {"CurrencyPrefs": {"MultiCurrencyEnabled": False, "HomeCurrency": {"value": "USD"}}}

    assert books_currencies_from(prefs) == BooksCurrencies("USD", False, ("USD",))


def test_currency_prefs_on_list_home_first_then_active_company_currencies() -> None:
    prefs = {"CurrencyPrefs": {"MultiCurrencyEnabled": True, "HomeCurrency": {"value": "CAD"}}}
    rows = [
        {"Code": "EUR", "Active": True},
        {"Code": "GBP", "Active": False},
        {"Code": "USD"},
    ]

    assert books_currencies_from(prefs, rows) == BooksCurrencies("CAD", True, ("CAD", "EUR", "USD"))


def test_recorded_invoice_answer_without_multicurrency_books_no_rate() -> None:
    data = load_json("invoice_create_response.json")["Invoice"]

    ref = mapping.ref_of(data)

    assert ref.booked is not None
    assert (ref.booked.currency, ref.booked.exchange_rate, ref.booked.home_total) == (
        "USD",
        None,
        None,
    )


def test_invoice_answer_with_rate_books_its_home_total() -> None:
    data = {
        **load_json("invoice_create_response.json")["Invoice"],
        "CurrencyRef": {"value": "EUR"},
        "ExchangeRate": 1.1,
        "HomeTotalAmt": 110.0,
    }

    booked = mapping.ref_of(data).booked

    assert booked is not None
    assert (booked.currency, booked.exchange_rate, booked.home_total) == (
        "EUR",
        Decimal("1.1"),
        Decimal("110.0"),
    )


def test_payment_answer_without_home_total_is_total_at_the_rate() -> None:
    booked = mapping.booked_of(
        {"TotalAmt": 100, "ExchangeRate": "1.2345", "CurrencyRef": {"value": "EUR"}}
    )

    assert booked.home_total == Decimal("123.45")


def test_exchange_rate_is_sent_only_when_the_record_has_one() -> None:
    assert "ExchangeRate" not in mapping.invoice_to_qbo(_invoice()).body
    assert mapping.invoice_to_qbo(_invoice(Decimal("1.25"))).body["ExchangeRate"] == Decimal("1.25")
    payment = PaymentRecord("p1", "58", date(2026, 3, 2), Decimal("100"), "k2", currency="EUR")
    assert "ExchangeRate" not in payment_mapping.payment_to_qbo(payment).body


def test_simulated_currency_refusals_map_to_the_engines_errors() -> None:
    not_on = simulated.not_enabled("EUR", "USD")
    not_listed = simulated.not_listed("JPY")
    mismatch = simulated.customer_mismatch("EUR", "USD")

    def error(fault: object) -> object:
        assert isinstance(fault, simulated.QboError)
        return fault_to_error(FaultError(fault.code, fault.message, fault.detail, fault.element))

    assert isinstance(error(not_on), CurrencyNotEnabled)
    assert isinstance(error(not_listed), CurrencyNotEnabled)
    refused = error(mismatch)
    assert isinstance(refused, CustomerCurrencyMismatch)
    assert refused.code == "CUSTOMER_CURRENCY_MISMATCH"
