"""The book-list queries (AccountQuery, ItemQuery, PaymentMethodQuery): their request shapes,
the simulated company file's answers, and the pure mapping of what comes back."""

from __future__ import annotations

from lxml import etree

from core.sync.books import AccountGroup
from integrations.quickbooks_desktop import book_mapping
from integrations.quickbooks_desktop.qbxml import Element, message_set, parse
from integrations.quickbooks_desktop.responses import Answer, parse_response
from integrations.quickbooks_desktop.simulator import CompanyFile, process

ITEM_QUERY_RS = """<ItemQueryRs statusCode="0" statusSeverity="Info" statusMessage="Status OK">
<ItemServiceRet><ListID>80000010-1</ListID><Name>Consulting</Name><FullName>Consulting</FullName>
<IsActive>true</IsActive></ItemServiceRet>
<ItemOtherChargeRet><ListID>80000011-1</ListID><Name>Fee</Name><FullName>Fees:Late fee</FullName>
<IsActive>true</IsActive></ItemOtherChargeRet>
<ItemSubtotalRet><ListID>80000012-1</ListID><Name>Subtotal</Name><IsActive>true</IsActive>
</ItemSubtotalRet>
<ItemNonInventoryRet><ListID>80000013-1</ListID><Name>Old</Name><IsActive>false</IsActive>
</ItemNonInventoryRet>
</ItemQueryRs>"""


def _ask(company: CompanyFile, *requests: Element) -> list[Answer]:
    for number, request in enumerate(requests):
        request.set("requestID", str(number))
    processed = process(company, message_set(list(requests), (13, 0)))
    assert processed.hresult == "", processed.message
    return parse_response(processed.response)


def test_book_queries_ask_for_active_records_in_schema_order() -> None:
    for request in (
        book_mapping.account_query(),
        book_mapping.item_query(),
        book_mapping.payment_method_query(),
    ):
        assert [child.tag for child in request] == ["ActiveStatus"]
        assert request.findtext("ActiveStatus") == "ActiveOnly"
        assert request.get("iterator") is None


def test_simulated_company_answers_the_book_queries_with_its_active_lists() -> None:
    company = CompanyFile()
    item = company.add_item("Consulting")
    accounts, items, methods = _ask(
        company,
        book_mapping.account_query(),
        book_mapping.item_query(),
        book_mapping.payment_method_query(),
    )

    assert [a.tag for a in (accounts, items, methods)] == [
        "AccountQueryRs",
        "ItemQueryRs",
        "PaymentMethodQueryRs",
    ]
    names = {ret.findtext("Name"): ret for ret in accounts.rets}
    assert "Old Checking" not in names
    funds = names["Undeposited Funds"]
    assert funds.findtext("AccountType") == "OtherCurrentAsset"
    assert funds.findtext("SpecialAccountType") == "UndepositedFunds"
    assert [ret.findtext("ListID") for ret in items.rets] == [item.stamp.id]
    assert [ret.tag for ret in methods.rets] == ["PaymentMethodRet"] * 4
    assert "Barter" not in {ret.findtext("Name") for ret in methods.rets}


def test_simulated_company_filters_accounts_by_account_type() -> None:
    request = book_mapping.account_query()
    etree.SubElement(request, "AccountType").text = "Bank"
    (answer,) = _ask(CompanyFile(), request)
    assert [ret.findtext("Name") for ret in answer.rets] == ["Checking"]


def test_simulated_company_refuses_book_query_children_out_of_order() -> None:
    request = book_mapping.payment_method_query()
    request.insert(0, etree.Element("PaymentMethodType"))
    request[0].text = "Cash"
    processed = process(CompanyFile(), message_set([request], (13, 0)))
    assert processed.hresult == "0x80040400"


def test_account_mapping_groups_by_account_type_and_offers_list_ids() -> None:
    answers = _ask(CompanyFile(), book_mapping.account_query())
    accounts = [book_mapping.account_from_ret(ret) for ret in answers[0].rets]
    by_name = {a.name: a for a in accounts if a is not None}
    assert by_name["Services"].id == "80000005-1"
    assert by_name["Services"].group is AccountGroup.INCOME
    assert by_name["Checking"].group is AccountGroup.BANK
    assert by_name["Undeposited Funds"].group is AccountGroup.OTHER_ASSET
    assert by_name["Bad Debt"].group is AccountGroup.EXPENSE
    assert by_name["Accounts Receivable"].group is AccountGroup.OTHER


def test_item_mapping_offers_only_active_items_a_line_can_carry() -> None:
    rets = parse(ITEM_QUERY_RS)
    items = [book_mapping.item_from_ret(ret) for ret in rets]
    offered = [(i.id, i.name) for i in items if i is not None]
    assert offered == [("80000010-1", "Consulting"), ("80000011-1", "Fees:Late fee")]


def test_payment_method_mapping_keeps_the_name_and_the_active_flag() -> None:
    (answer,) = _ask(CompanyFile(), book_mapping.payment_method_query())
    methods = [book_mapping.payment_method_from_ret(ret) for ret in answer.rets]
    assert [(m.name, m.active) for m in methods if m is not None][:2] == [
        ("Cash", True),
        ("Check", True),
    ]
