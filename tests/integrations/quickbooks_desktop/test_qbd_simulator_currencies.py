"""The simulated QuickBooks Desktop and currencies: a transaction is booked in its customer's
currency at the currency list's rate unless it has its own ExchangeRate, and a rate sent to a
company file without multicurrency is refused (3250, wording UNVERIFIED)."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from integrations.quickbooks_desktop.qbxml import message_set, parse
from integrations.quickbooks_desktop.responses import parse_response
from integrations.quickbooks_desktop.simulator import CompanyFile, process
from integrations.quickbooks_desktop.simulator.company import Clock


def _book(*, multicurrency: bool) -> CompanyFile:
    book = CompanyFile(clock=Clock(manual=True), multicurrency=multicurrency)
    book.rates["Euro"] = Decimal("1.1")
    return book


def _ask(book: CompanyFile, *nodes: etree._Element):  # type: ignore[no-untyped-def]
    for number, node in enumerate(nodes):
        node.set("requestID", str(number))
    result = process(book, message_set(list(nodes), (13, 0), on_error="continueOnError"))
    assert result.hresult == "", result.message
    return parse_response(result.response)


def _invoice_add(customer_id: str, item_id: str, rate: str | None = None) -> etree._Element:
    exchange = f"<ExchangeRate>{rate}</ExchangeRate>" if rate else ""
    return parse(
        f"<InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>{customer_id}</ListID></CustomerRef>"
        f"{exchange}<InvoiceLineAdd><ItemRef><ListID>{item_id}</ListID></ItemRef>"
        "<Quantity>1</Quantity><Rate>100</Rate></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>"
    )


def test_foreign_invoice_is_booked_at_the_list_rate_or_its_own() -> None:
    book = _book(multicurrency=True)
    customer = book.add_customer("Dupont", currency="Euro")
    item = book.add_item("Work")

    listed, own = _ask(
        book,
        _invoice_add(customer.stamp.id, item.stamp.id),
        _invoice_add(customer.stamp.id, item.stamp.id, "1.25"),
    )

    assert listed.rets[0].findtext("ExchangeRate") == "1.1"
    assert listed.rets[0].findtext("CurrencyRef/FullName") == "Euro"
    assert own.rets[0].findtext("ExchangeRate") == "1.25"
    assert own.rets[0].findtext("BalanceRemainingInHomeCurrency") == "125.00"


def test_rate_without_multicurrency_is_refused_and_nothing_is_added() -> None:
    book = _book(multicurrency=False)
    customer = book.add_customer("Acme")
    item = book.add_item("Work")

    (refused,) = _ask(book, _invoice_add(customer.stamp.id, item.stamp.id, "1.25"))

    assert refused.status.code == 3250
    assert book.documents == {}
