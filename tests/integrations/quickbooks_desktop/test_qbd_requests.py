"""Every qbXML request we build matches the element order of the schema-validated examples."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from lxml import etree

from core.models.enums import DocType
from core.sync.records import (
    Address,
    CustomerRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    PaymentApplicationRef,
    PaymentRecord,
)
from integrations.quickbooks_desktop import requests
from integrations.quickbooks_desktop.document_mapping import document_add, document_mod
from integrations.quickbooks_desktop.mapping import customer_add, customer_mod, item_add
from integrations.quickbooks_desktop.payment_mapping import payment_add
from integrations.quickbooks_desktop.qbxml import (
    amount_text,
    datetime_text,
    guid_for,
    message_set,
    parse,
    price_text,
    tags,
)
from tests.integrations.quickbooks_desktop.conftest import example_request

SINCE = datetime(2026, 1, 1)
ITERATOR_ID = "{6b474085-9943-46e2-ad71-d0a5aba9e948}"

ACME = CustomerRecord(
    local_id="c1",
    display_name="Acme Corp",
    idempotency_key="abc-0",
    email="ap@acme.example",
    phone="555-555-0100",
    company_name="Acme Corporation",
    address=Address(line1="1 Main St", city="Springfield", region="IL", postal_code="62701"),
)
INVOICE = InvoiceRecord(
    local_id="i1",
    doc_type=DocType.INVOICE,
    number="INV-1001",
    customer_remote_id="8000000E-1273520333",
    issue_date=date(2026, 7, 1),
    due_date=date(2026, 7, 31),
    idempotency_key="grp-0",
    memo="sync:inv_01J0EXAMPLE",
    lines=(
        InvoiceLineRecord(
            description="July retainer",
            quantity=Decimal("10"),
            unit_price=Decimal("150.00"),
            amount=Decimal("1500.00"),
            item_remote_id="80000002-1273542783",
        ),
    ),
)
PAYMENT = PaymentRecord(
    local_id="p1",
    customer_remote_id="8000000E-1273520333",
    date=date(2026, 7, 15),
    amount=Decimal("1500"),
    idempotency_key="pay-0",
    reference="CHK-4411",
    method_remote_id="80000001-1",
    deposit_account_remote_id="80000002-2",
    applications=(PaymentApplicationRef("7-1274221220", Decimal("1500")),),
)


def _in_example_order(ours: etree._Element, example: etree._Element, extras: set[str]) -> None:
    """Our children keep the example's relative order; ours adds only the named extras."""
    mine, theirs = tags(ours), tags(example)
    assert set(mine) - set(theirs) <= extras, set(mine) - set(theirs)
    assert [t for t in mine if t in theirs] == [t for t in theirs if t in mine]


def test_customer_query_start_matches_example_01() -> None:
    ours = requests.start_iterator(
        requests.list_query(
            "CustomerQueryRq",
            filters=requests.ListFilter(max_returned=100, active_status="All", from_modified=SINCE),
            owner_id="0",
        )
    )
    example = example_request("01_CustomerQueryRq_iterator_start.xml")

    assert tags(ours) == tags(example)
    assert ours.get("iterator") == "Start"


def test_customer_query_continue_resends_filters_like_example_02() -> None:
    start = requests.start_iterator(
        requests.list_query(
            "CustomerQueryRq",
            filters=requests.ListFilter(max_returned=100, active_status="All", from_modified=SINCE),
            owner_id="0",
        )
    )
    ours = requests.continue_iterator(start, ITERATOR_ID)
    example = example_request("02_CustomerQueryRq_iterator_continue.xml")

    assert tags(ours) == tags(example)
    assert (ours.get("iterator"), ours.get("iteratorID")) == ("Continue", ITERATOR_ID)
    assert [c.text for c in ours] == [c.text for c in start]
    assert start.get("iterator") == "Start"  # the Start request is left as it was


def test_customer_add_matches_example_04_with_external_guid() -> None:
    out = customer_add(ACME)
    example = example_request("04_CustomerAddRq.xml")[0]

    _in_example_order(out.body, example, {"ExternalGUID"})
    bill = out.body.find("BillAddress")
    assert bill is not None
    assert tags(bill) == tags(example.find("BillAddress"))
    assert [c.text for c in bill][:2] == ["Acme Corporation", "1 Main St"]
    assert out.body.findtext("ExternalGUID") == guid_for("abc-0")
    assert tags(out.body)[-1] == "ExternalGUID"  # after Email, as the schema orders them
    assert tags(requests.wrap(out.body)) == ["CustomerAdd"]


def test_invoice_query_start_matches_example_06() -> None:
    ours = requests.start_iterator(
        requests.txn_query(
            "InvoiceQueryRq",
            filters=requests.TxnFilter(max_returned=100, from_modified=SINCE),
            include_line_items=True,
            include_linked_txns=True,
            owner_id="0",
        )
    )
    example = example_request("06_InvoiceQueryRq_iterator_start.xml")

    assert tags(ours) == tags(example)
    assert tags(ours.find("ModifiedDateRangeFilter")) == ["FromModifiedDate"]


def test_invoice_add_matches_example_07() -> None:
    out = document_add(INVOICE)
    example = example_request("07_InvoiceAddRq.xml")[0]

    _in_example_order(out.body, example, {"ExternalGUID"})
    assert tags(out.body).index("ExternalGUID") < tags(out.body).index("InvoiceLineAdd")
    line, example_line = out.body.find("InvoiceLineAdd"), example.find("InvoiceLineAdd")
    assert line is not None
    assert example_line is not None
    assert tags(line) == tags(example_line)
    assert [line.findtext("Quantity"), line.findtext("Rate")] == ["10", "150"]


def test_receive_payment_query_matches_example_09() -> None:
    ours = requests.txn_query(
        "ReceivePaymentQueryRq",
        filters=requests.TxnFilter(max_returned=100, from_modified=SINCE),
        include_line_items=True,
        include_linked_txns=True,
    )
    example = example_request("09_ReceivePaymentQueryRq_iterator_start.xml")

    assert tags(ours) == tags(example)


def test_receive_payment_add_matches_example_10_with_applications() -> None:
    out = payment_add(PAYMENT)
    example = example_request("10_ReceivePaymentAddRq.xml")[0]

    _in_example_order(out.body, example, {"ExternalGUID"})
    applied = out.body.find("AppliedToTxnAdd")
    assert applied is not None
    assert tags(applied) == tags(example.find("AppliedToTxnAdd"))
    assert applied.findtext("PaymentAmount") == "1500.00"
    assert tags(out.body)[-2:] == ["ExternalGUID", "AppliedToTxnAdd"]


def test_receive_payment_add_without_applications_turns_auto_apply_off() -> None:
    out = payment_add(PaymentRecord("p2", "80000001-1", date(2026, 1, 2), Decimal("5"), "k-0"))

    assert out.body.findtext("IsAutoApply") == "false"
    assert out.body.find("AppliedToTxnAdd") is None


def test_estimate_add_uses_estimate_elements_in_schema_order() -> None:
    estimate = InvoiceRecord(**{**_fields(INVOICE), "doc_type": DocType.ESTIMATE})

    out = document_add(estimate)

    assert out.body.tag == "EstimateAdd"
    assert tags(out.body) == [
        "CustomerRef",
        "TxnDate",
        "RefNumber",
        "DueDate",
        "Memo",
        "ExternalGUID",
        "EstimateLineAdd",
    ]


def test_invoice_mod_sends_ids_first_and_every_line_as_new() -> None:
    out = document_mod("7-1274221220", "1274221220", INVOICE)

    assert tags(out.body)[:3] == ["TxnID", "EditSequence", "CustomerRef"]
    line = out.body.find("InvoiceLineMod")
    assert line is not None
    assert tags(line)[:2] == ["TxnLineID", "ItemRef"]
    assert line.findtext("TxnLineID") == "-1"
    assert "ExternalGUID" not in tags(out.body)


def test_customer_mod_starts_with_list_id_and_edit_sequence() -> None:
    out = customer_mod("8000001B-1405768916", "1405768916", ACME)

    assert tags(out.body)[:3] == ["ListID", "EditSequence", "Name"]


def test_item_service_add_has_sales_or_purchase_then_external_guid() -> None:
    from core.sync.records import ItemRecord

    out = item_add(ItemRecord("t1", "Consulting", "it-0", unit_price=Decimal("150")), "8000-INC")

    assert tags(out.body) == ["Name", "SalesOrPurchase", "ExternalGUID"]
    sales = out.body.find("SalesOrPurchase")
    assert sales is not None
    assert tags(sales) == ["Price", "AccountRef"]


def test_long_names_and_ref_numbers_are_clipped_with_warnings() -> None:
    record = CustomerRecord("c2", "N" * 60 + ":x", "k-1")
    out = customer_add(record)
    invoice = document_add(InvoiceRecord(**{**_fields(INVOICE), "number": "2026-000000123"}))

    assert len(out.body.findtext("Name") or "") == 41
    assert ":" not in (out.body.findtext("Name") or "")
    assert len(out.warnings) == 2
    assert invoice.body.findtext("RefNumber") == "2026-000000"
    assert any("RefNumber" in w for w in invoice.warnings)


def test_message_set_continues_on_error_with_request_ids() -> None:
    first = requests.host_query()
    first.set("requestID", "a:0")
    second = requests.company_query()
    second.set("requestID", "b:0")

    text = message_set([first, second], (13, 0))

    assert text.startswith('<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?>')
    root = parse(text)
    msgs = root.find("QBXMLMsgsRq")
    assert msgs is not None
    assert msgs.get("onError") == "continueOnError"
    assert [child.get("requestID") for child in msgs] == ["a:0", "b:0"]


def test_void_and_delete_requests_name_the_transaction() -> None:
    assert tags(requests.txn_void("Invoice", "7-1")) == ["TxnVoidType", "TxnID"]
    assert tags(requests.txn_del("ReceivePayment", "9-1")) == ["TxnDelType", "TxnID"]


def test_values_follow_qbxml_types() -> None:
    assert amount_text(Decimal("150.5")) == "150.50"
    assert price_text(Decimal("10.000")) == "10"
    assert price_text(Decimal("0.123456")) == "0.12346"
    assert datetime_text(datetime(2026, 1, 1, 8, 30, 5, 123)) == "2026-01-01T08:30:05+00:00"
    assert guid_for("abc-0") == guid_for("abc-0") != guid_for("abc-1")
    assert guid_for("abc-0").startswith("{")
    assert len(guid_for("abc-0")) == 38


def _fields(record: InvoiceRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}
