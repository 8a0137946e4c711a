"""Every recorded or example qbXML response maps through the pure mapping into core records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.models.enums import DocType
from core.sync.ports import DuplicateName, RemoteValidation, StaleVersion
from core.sync.records import RemoteDocStatus
from integrations.quickbooks_desktop.config import OWNER_ID
from integrations.quickbooks_desktop.document_mapping import document_from_ret
from integrations.quickbooks_desktop.mapping import (
    company_facts,
    customer_from_ret,
    item_from_ret,
    ref_of,
)
from integrations.quickbooks_desktop.payment_mapping import payment_from_ret
from integrations.quickbooks_desktop.qbxml import parse
from integrations.quickbooks_desktop.responses import error_for, parse_response, warning_for
from tests.integrations.quickbooks_desktop.conftest import example_text, fixture_text


def test_customer_query_page_maps_to_remote_customer_with_iterator_state() -> None:
    [answer] = parse_response(example_text("03_CustomerQueryRs_page.xml"))

    customer = customer_from_ret(answer.rets[0])

    assert (answer.request_id, answer.remaining, answer.more) == ("cust-1", 1, True)
    assert answer.iterator_id == "{6b474085-9943-46e2-ad71-d0a5aba9e948}"
    assert customer.id == "8000001B-1405768916"
    assert customer.version == "1405768916"
    assert customer.display_name == "mrjoecustomer"
    assert customer.company_name == "Joes Garage"
    assert customer.email == "joecustomer@gmail.com"
    assert customer.address is not None
    assert customer.address.line1 == "123 Main St."
    assert customer.address.city == "Mountain View"
    assert customer.active is True
    assert customer.updated_at is not None
    assert customer.updated_at.utcoffset() is not None


def test_customer_add_name_in_use_maps_to_duplicate_name_with_hint() -> None:
    [answer] = parse_response(example_text("05_CustomerAddRs_error_3100.xml"))

    error = error_for(answer.status)

    assert isinstance(error, DuplicateName)
    assert error.code == "QBD-3100"
    assert error.hint
    assert "unique" in error.hint
    assert "Acme Corp" in error.message


def test_invoice_add_response_maps_to_open_remote_invoice() -> None:
    [answer] = parse_response(example_text("08_InvoiceAddRs.xml"))

    invoice = document_from_ret(answer.rets[0], DocType.INVOICE)
    ref = ref_of(answer.rets[0])

    assert error_for(answer.status) is None
    assert (ref.id, ref.number, ref.version) == ("7-1274221220", "INV-1001", "1274221220")
    assert invoice.total == Decimal("1500.00")
    assert invoice.balance == Decimal("1500.00")
    assert invoice.status is RemoteDocStatus.OPEN
    assert invoice.customer_remote_id == "8000000E-1273520333"
    assert invoice.lines[0].description == "July retainer"
    assert invoice.lines[0].quantity == Decimal("10")
    assert invoice.due_date is not None
    assert invoice.due_date.isoformat() == "2026-07-31"


def test_receive_payment_invalid_amount_maps_to_remote_validation() -> None:
    [answer] = parse_response(example_text("11_ReceivePaymentAddRs_error_3210.xml"))

    error = error_for(answer.status)

    assert isinstance(error, RemoteValidation)
    assert not isinstance(error, StaleVersion)
    assert error.code == "QBD-3210"
    assert "cannot pay more" in error.message


def test_query_no_match_is_an_empty_result_not_an_error() -> None:
    [answer] = parse_response(example_text("12_QueryRs_no_match_statusCode_1.xml"))

    assert error_for(answer.status) is None
    assert answer.rets == ()
    assert answer.more is False


def test_customer_mod_stale_edit_sequence_maps_to_stale_version() -> None:
    [answer] = parse_response(example_text("13_CustomerModRs_error_3200_stale_editsequence.xml"))

    error = error_for(answer.status)

    assert isinstance(error, StaleVersion)
    assert error.retryable


def test_real_customer_add_response_maps_to_remote_customer() -> None:
    [answer] = parse_response(fixture_text("real_qbwc_gem_CustomerAddRs.xml"))

    customer = customer_from_ret(answer.rets[0])

    assert answer.request_id is None
    assert customer.display_name == "mrjoecustomer"
    assert ref_of(answer.rets[0]).version == "1405768916"


def test_real_object_not_found_maps_to_per_record_error() -> None:
    [answer] = parse_response(fixture_text("real_qbwc_gem_CustomerQueryRs_error_3120.xml"))

    error = error_for(answer.status)

    assert isinstance(error, RemoteValidation)
    assert error.code == "QBD-3120"
    assert error.hint


def test_real_warning_is_recorded_and_the_answer_used() -> None:
    [answer] = parse_response(fixture_text("real_qbwc_gem_CustomerQueryRs_warn_500.xml"))

    assert error_for(answer.status) is None
    warning = warning_for(answer.status)
    assert warning is not None
    assert warning.startswith("QuickBooks warning 500")


def test_real_first_exchange_maps_to_company_facts_despite_damaged_markup() -> None:
    text = fixture_text("real_qbwc_gem_strHCPResponse_HostQuery_CompanyQuery_PreferencesQuery.xml")

    facts = company_facts(parse(text, recover=True), OWNER_ID)

    assert facts.company_name == "myCompany"
    assert facts.product_name == "QuickBooks Pro 2014"
    assert facts.country == "US"
    assert "13.0" in facts.supported_versions
    assert facts.currencies.enabled is False
    assert facts.automatic_login is False
    assert facts.file_id is None  # the FileID is under another application's OwnerID


def test_company_facts_read_file_id_under_our_owner_id_and_multicurrency() -> None:
    text = (
        "<QBXML><QBXMLMsgsRs><CompanyQueryRs statusCode='0'><CompanyRet>"
        "<CompanyName>Acme Books</CompanyName><DataExtRet>"
        f"<OwnerID>{OWNER_ID.lower()}</OwnerID><DataExtName>FileID</DataExtName>"
        "<DataExtType>STR255TYPE</DataExtType><DataExtValue>{ABC}</DataExtValue></DataExtRet>"
        "</CompanyRet></CompanyQueryRs><PreferencesQueryRs statusCode='0'><PreferencesRet>"
        "<MultiCurrencyPreferences><IsMultiCurrencyOn>true</IsMultiCurrencyOn>"
        "<HomeCurrencyRef><FullName>Canadian Dollar</FullName></HomeCurrencyRef>"
        "</MultiCurrencyPreferences></PreferencesRet></PreferencesQueryRs></QBXMLMsgsRs></QBXML>"
    )

    facts = company_facts(parse(text), OWNER_ID)

    assert facts.file_id == "{ABC}"
    assert facts.currencies.enabled is True
    assert facts.currencies.home == "CAD"


def test_payment_and_item_rets_map_to_records() -> None:
    text = (
        "<QBXML><QBXMLMsgsRs><ReceivePaymentQueryRs statusCode='0'><ReceivePaymentRet>"
        "<TxnID>9-1</TxnID><TimeModified>2026-07-15T10:00:00-05:00</TimeModified>"
        "<EditSequence>77</EditSequence><CustomerRef><ListID>8-1</ListID></CustomerRef>"
        "<TxnDate>2026-07-15</TxnDate><RefNumber>CHK-1</RefNumber>"
        "<TotalAmount>120.00</TotalAmount><UnusedPayment>20.00</UnusedPayment>"
        "<AppliedToTxnRet><TxnID>7-1</TxnID><TxnType>Invoice</TxnType>"
        "<Amount>-100.00</Amount></AppliedToTxnRet></ReceivePaymentRet>"
        "</ReceivePaymentQueryRs><ItemServiceQueryRs statusCode='0'><ItemServiceRet>"
        "<ListID>80-1</ListID><Name>Consulting</Name><IsActive>true</IsActive>"
        "<SalesOrPurchase><Desc>Hourly</Desc><Price>150.00</Price></SalesOrPurchase>"
        "</ItemServiceRet></ItemServiceQueryRs></QBXMLMsgsRs></QBXML>"
    )
    payment_answer, item_answer = parse_response(text)

    payment = payment_from_ret(payment_answer.rets[0])
    item = item_from_ret(item_answer.rets[0])

    assert payment.amount == Decimal("120.00")
    assert payment.unapplied == Decimal("20.00")
    assert payment.applications[0].invoice_remote_id == "7-1"
    assert payment.applications[0].amount == Decimal("100.00")
    assert (item.name, item.unit_price, item.description) == (
        "Consulting",
        Decimal("150"),
        "Hourly",
    )


@pytest.mark.parametrize(
    ("memo", "subtotal", "balance", "paid", "status"),
    [
        ("VOID: mistake", "0.00", "0.00", "false", RemoteDocStatus.VOID),
        (None, "100.00", "0.00", "true", RemoteDocStatus.PAID),
        (None, "100.00", "40.00", "false", RemoteDocStatus.PARTIAL),
    ],
)
def test_invoice_status_follows_amounts_and_flags(memo, subtotal, balance, paid, status) -> None:
    memo_xml = f"<Memo>{memo}</Memo>" if memo else ""
    text = (
        f"<InvoiceRet><TxnID>7-9</TxnID><Subtotal>{subtotal}</Subtotal>"
        f"<SalesTaxTotal>0.00</SalesTaxTotal><BalanceRemaining>{balance}</BalanceRemaining>"
        f"{memo_xml}<IsPaid>{paid}</IsPaid></InvoiceRet>"
    )

    assert document_from_ret(parse(text)).status is status
