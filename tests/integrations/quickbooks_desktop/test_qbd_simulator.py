"""The simulated QuickBooks answers qbXML as QuickBooks does: statuses, order, iterators."""

from __future__ import annotations

import pytest
from lxml import etree

from integrations.quickbooks_desktop import requests
from integrations.quickbooks_desktop.qbxml import element, message_set, parse
from integrations.quickbooks_desktop.responses import parse_response
from integrations.quickbooks_desktop.simulator import CompanyFile, first_exchange, process
from integrations.quickbooks_desktop.simulator.company import Clock
from tests.integrations.quickbooks_desktop.conftest import example_text


def company() -> CompanyFile:
    return CompanyFile(clock=Clock(manual=True))


def ask(book: CompanyFile, *nodes: etree._Element, on_error: str = "continueOnError"):  # type: ignore[no-untyped-def]
    for number, node in enumerate(nodes):
        node.set("requestID", str(number))
    result = process(book, message_set(list(nodes), (13, 0), on_error=on_error))
    assert result.hresult == "", result.message
    return parse_response(result.response)


def test_every_example_request_is_accepted_as_well_formed_and_in_order() -> None:
    book = company()
    book.add_customer("Acme Corp")
    book.add_item("Consulting")
    for name in (
        "01_CustomerQueryRq_iterator_start.xml",
        "04_CustomerAddRq.xml",
        "06_InvoiceQueryRq_iterator_start.xml",
        "07_InvoiceAddRq.xml",
        "09_ReceivePaymentQueryRq_iterator_start.xml",
    ):
        result = process(book, example_text(name))

        assert result.hresult == "", (name, result.message)


def test_element_out_of_schema_order_fails_the_whole_set_with_the_parse_hresult() -> None:
    book = company()
    text = example_text("04_CustomerAddRq.xml").replace(
        "<Name>Acme Corp</Name>\n        <CompanyName>Acme Corporation</CompanyName>",
        "<CompanyName>Acme Corporation</CompanyName>\n        <Name>Acme Corp</Name>",
    )

    result = process(book, text)

    assert result.hresult == "0x80040400"
    assert book.customers == {}


def test_statuses_per_request_with_continue_on_error() -> None:
    book = company()
    existing = book.add_customer("Taken")
    add = requests.wrap(element("CustomerAdd"))
    name = etree.SubElement(add[0], "Name")
    name.text = "Taken"
    missing = requests.list_query("CustomerQueryRq", list_ids=["80000099-1"])
    nothing = requests.list_query("CustomerQueryRq", full_names=["Nobody"])
    mod = requests.wrap(element("CustomerMod"))
    for tag, value in (("ListID", existing.stamp.id), ("EditSequence", "1")):
        etree.SubElement(mod[0], tag).text = value

    answers = ask(book, add, missing, nothing, mod)

    assert [a.status.code for a in answers] == [3100, 3120, 1, 3200]
    assert [a.request_id for a in answers] == ["0", "1", "2", "3"]


def test_stop_on_error_leaves_the_requests_after_a_failure_unprocessed() -> None:
    book = company()
    missing = requests.list_query("CustomerQueryRq", list_ids=["80000099-1"])
    host = requests.host_query()

    answers = ask(book, missing, host, on_error="stopOnError")

    assert [a.status.code for a in answers] == [3120]


def test_payment_over_the_balance_is_refused_with_3210_and_bad_reference_with_3140() -> None:
    book = company()
    customer = book.add_customer("Payer")
    item = book.add_item("Work")
    invoice = parse(
        "<InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>"
        f"{customer.stamp.id}</ListID></CustomerRef><InvoiceLineAdd><ItemRef><ListID>"
        f"{item.stamp.id}</ListID></ItemRef><Quantity>1</Quantity><Rate>50</Rate>"
        "</InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>"
    )
    [created] = ask(book, invoice)
    txn_id = created.rets[0].findtext("TxnID")
    pay = parse(
        "<ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><ListID>"
        f"{customer.stamp.id}</ListID></CustomerRef><TotalAmount>80.00</TotalAmount>"
        f"<AppliedToTxnAdd><TxnID>{txn_id}</TxnID><PaymentAmount>80.00</PaymentAmount>"
        "</AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>"
    )
    bad_ref = parse(
        "<InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>80000099-9</ListID></CustomerRef>"
        "<InvoiceLineAdd><Desc>x</Desc></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>"
    )

    refused, unknown = ask(book, pay, bad_ref)

    assert refused.status.code == 3210
    assert "cannot pay more" in refused.status.message
    assert unknown.status.code == 3140
    assert book.payments == {}


def test_iterators_page_with_remaining_counts_and_expire_with_the_session() -> None:
    book = company()
    for n in range(5):
        book.add_customer(f"C{n}")
    filters = requests.ListFilter(max_returned=2, active_status="All")
    start = requests.start_iterator(requests.list_query("CustomerQueryRq", filters=filters))

    [first] = ask(book, start)
    [second] = ask(book, requests.continue_iterator(start, first.iterator_id or ""))
    other = requests.list_query(
        "CustomerQueryRq", filters=requests.ListFilter(max_returned=3, active_status="All")
    )
    [mismatch] = ask(book, requests.continue_iterator(other, first.iterator_id or ""))
    book.end_session()
    [expired] = ask(book, requests.continue_iterator(start, first.iterator_id or ""))

    assert (len(first.rets), first.remaining) == (2, 3)
    assert (len(second.rets), second.remaining) == (2, 1)
    assert mismatch.status.code == 3175
    assert expired.status.code == 3170


def test_first_exchange_reports_host_company_file_id_and_multicurrency() -> None:
    book = company()
    book.multicurrency = True
    book.home_currency = "Canadian Dollar"

    answers = parse_response(first_exchange(book))

    host, company_rs, prefs = answers
    assert [a.status.code for a in answers] == [0, 0, 0]
    assert "13.0" in [v.text for v in host.rets[0].findall("SupportedQBXMLVersion")]
    assert company_rs.rets[0].findtext("DataExtRet/DataExtValue") == book.file_id
    assert prefs.rets[0].findtext("MultiCurrencyPreferences/IsMultiCurrencyOn") == "true"
    assert prefs.rets[0].findtext("MultiCurrencyPreferences/HomeCurrencyRef/FullName") == (
        "Canadian Dollar"
    )


def test_edit_sequence_changes_with_every_change_and_names_stay_unique() -> None:
    book = company()
    customer = book.add_customer("Once")
    before = customer.stamp.edit_sequence

    book.touch(customer.stamp)

    assert customer.stamp.edit_sequence != before
    with pytest.raises(ValueError, match="already in use"):
        book.add_customer("once")
