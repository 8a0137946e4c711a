"""Pure mapping rules: truncation warnings, line shapes, sparse bodies, query quoting."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from core.sync.records import (
    Address,
    CustomerRecord,
    DocType,
    InvoiceLineRecord,
    InvoiceRecord,
    PushOutcome,
    RemoteRef,
)
from integrations.base import RemoteValidation
from integrations.quickbooks_online import mapping

from .conftest import load_json


def _invoice(**overrides: object) -> InvoiceRecord:
    line = InvoiceLineRecord(
        description="d" * 4005,
        quantity=Decimal("1.5"),
        unit_price=Decimal("10.00"),
        amount=Decimal("15.00"),
        item_remote_id="7",
        sku="SKU-7",
    )
    values: dict[str, object] = {
        "local_id": "l1",
        "doc_type": DocType.INVOICE,
        "number": "N" * 30,
        "customer_remote_id": "3",
        "issue_date": date(2026, 1, 2),
        "idempotency_key": "k1",
        "lines": (line,),
        "due_date": date(2026, 2, 1),
    }
    values.update(overrides)
    return InvoiceRecord(**values)  # type: ignore[arg-type]


def test_mapping_customer_long_name_is_cut_to_500_with_warning() -> None:
    record = CustomerRecord(
        "c1",
        "A" * 510,
        "k",
        email="a@example.com",
        address=Address(line1="1 Main St", city="Springfield", region="IL"),
    )
    out = mapping.customer_to_qbo(record)
    assert len(str(out.body["DisplayName"])) == 500
    assert out.warnings == ("DisplayName was cut from 510 to 500 characters",)
    assert out.body["PrimaryEmailAddr"] == {"Address": "a@example.com"}
    assert out.body["BillAddr"] == {
        "Line1": "1 Main St",
        "City": "Springfield",
        "CountrySubDivisionCode": "IL",
    }


def test_mapping_display_name_forbidden_characters_replaced_with_warning() -> None:
    warnings: list[str] = []
    assert mapping.clean_display_name("Ann:\tB\nC", warnings) == "Ann- B C"
    assert len(warnings) == 1


def test_mapping_invoice_cuts_description_and_doc_number_and_keeps_sku_out_of_line() -> None:
    out = mapping.invoice_to_qbo(_invoice())
    (line,) = out.body["Line"]  # type: ignore[misc]
    assert len(line["Description"]) == 4000
    assert line["SalesItemLineDetail"] == {
        "ItemRef": {"value": "7"},
        "Qty": Decimal("1.5"),
        "UnitPrice": Decimal("10.00"),
    }
    assert out.body["DocNumber"] == "N" * 21
    assert len(out.warnings) == 2
    assert out.body["DueDate"] == "2026-02-01"


def test_mapping_invoice_matches_recorded_minimal_request_shape() -> None:
    recorded = next(
        e
        for e in load_json("_qbo_api_vcr_index.json")
        if e["file"] == "invoice_create_response.json"
    )
    request = json.loads(recorded["request_body"])
    out = mapping.invoice_to_qbo(_invoice(number=None))
    (line,) = out.body["Line"]  # type: ignore[misc]
    assert set(request["Line"][0]) <= set(line)
    assert line["DetailType"] == request["Line"][0]["DetailType"]
    assert out.body["CustomerRef"] == {"value": "3"}


def test_mapping_invoice_without_item_or_lines_is_refused() -> None:
    line = InvoiceLineRecord("x", Decimal(1), Decimal(1), Decimal(1))
    with pytest.raises(ValueError, match="no QuickBooks item"):
        mapping.invoice_to_qbo(_invoice(lines=(line,)))
    with pytest.raises(ValueError, match="at least one line"):
        mapping.invoice_to_qbo(_invoice(lines=()))


def test_mapping_estimate_entity_and_doc_type() -> None:
    assert mapping.doc_entity(DocType.ESTIMATE) == "Estimate"
    assert mapping.doc_entity(DocType.INVOICE) == "Invoice"


def test_mapping_sparse_update_strips_subtotal_and_marks_sparse() -> None:
    data = load_json("invoice_create_response.json")["Invoice"]
    body = mapping.sparse_update({"Line": data["Line"]}, "266", "0")
    assert body["sparse"] is True
    assert (body["Id"], body["SyncToken"]) == ("266", "0")
    assert [line["DetailType"] for line in body["Line"]] == ["SalesItemLineDetail"]  # type: ignore[union-attr]


def test_mapping_quote_escapes_apostrophes_for_queries() -> None:
    assert mapping.quote("Amy's") == "'Amy\\'s'"
    assert mapping.ids_in(["1", "2"]) == "('1', '2')"


def test_push_outcome_holds_exactly_one_of_ref_and_error() -> None:
    ok = PushOutcome.success(RemoteRef("1", "A", "0"), ["cut"])
    assert ok.ok
    assert ok.warnings == ("cut",)
    failed = PushOutcome.failure(RemoteValidation("bad"))
    assert not failed.ok
    with pytest.raises(ValueError, match="exactly one"):
        PushOutcome()
