"""Entities: shapes against recorded payloads, updates, and Intuit's validation faults."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from integrations.quickbooks_online.simulator import SimulatorState
from integrations.quickbooks_online.simulator.testing import Connection, Payload

FixtureJson = Callable[[str], Any]

SERVICE_LINE: Payload = {
    "Amount": 100.0,
    "DetailType": "SalesItemLineDetail",
    "SalesItemLineDetail": {"ItemRef": {"value": "1", "name": "Services"}},
}
INVOICE_BODY: Payload = {"Line": [SERVICE_LINE], "CustomerRef": {"value": "1"}}
ADDRESS = {"Id": "2", "Line1": "4581 Finch St.", "City": "Bayshore", "PostalCode": "94326"}


async def test_customer_create_minimal_body_matches_recorded_keys(
    qbo: Connection, fixture_json: FixtureJson
) -> None:
    recorded = fixture_json("customer_create_response.json")

    response = await qbo.post("customer", {"DisplayName": "Doe5, Jane"}, requestid="r1")

    body = response.json()
    assert response.status_code == 200
    assert set(body) == set(recorded)
    assert set(body["Customer"]) == set(recorded["Customer"])
    assert set(body["Customer"]["MetaData"]) == set(recorded["Customer"]["MetaData"])
    assert body["Customer"]["SyncToken"] == "0"
    assert isinstance(body["Customer"]["Id"], str)


async def test_customer_read_returns_stored_customer(qbo: Connection) -> None:
    created = await qbo.customer("Jack Moe")

    response = await qbo.get(f"customer/{created['Id']}", minorversion="75")

    assert response.status_code == 200
    assert response.json()["Customer"] == created


async def test_customer_read_unknown_id_answers_610(qbo: Connection) -> None:
    response = await qbo.get("customer/999")

    assert response.status_code == 400
    assert qbo.codes(response) == ["610"]


@pytest.mark.parametrize("entity_id", ["abc", "12a", "-1", "²"])
async def test_customer_read_non_numeric_id_answers_2030_invalid_id(
    qbo: Connection, entity_id: str
) -> None:
    response = await qbo.get(f"customer/{entity_id}")

    assert response.status_code == 400
    assert qbo.codes(response) == ["2030"]
    assert response.json()["Fault"]["Error"][0]["Message"] == "Invalid ID"


async def test_invoice_update_with_non_numeric_id_answers_2030(qbo: Connection) -> None:
    await qbo.customer("Id Co")

    response = await qbo.post("invoice", {**INVOICE_BODY, "Id": "inv-1", "SyncToken": "0"})

    assert response.status_code == 400
    assert qbo.codes(response) == ["2030"]


async def test_customer_sparse_update_keeps_other_fields_and_bumps_synctoken(
    qbo: Connection, fixture_json: FixtureJson
) -> None:
    created = await qbo.customer("Jack Moe", PrimaryPhone={"FreeFormNumber": "(415) 444-1234"})

    response = await qbo.post(
        "customer",
        {"Id": created["Id"], "SyncToken": "0", "sparse": True, "CompanyName": "Moe Inc"},
    )

    updated = response.json()["Customer"]
    recorded = fixture_json("customer_update_response.json")["Customer"]
    assert set(recorded) <= set(updated)
    assert updated["SyncToken"] == "1"
    assert updated["CompanyName"] == "Moe Inc"
    assert updated["PrimaryPhone"] == {"FreeFormNumber": "(415) 444-1234"}
    assert updated["MetaData"]["CreateTime"] == created["MetaData"]["CreateTime"]


async def test_customer_full_update_clears_omitted_writable_fields(qbo: Connection) -> None:
    created = await qbo.customer("Jack Moe", CompanyName="Moe Inc")

    response = await qbo.post(
        "customer", {"Id": created["Id"], "SyncToken": "0", "DisplayName": "Jack Moe"}
    )

    assert "CompanyName" not in response.json()["Customer"]


async def test_customer_update_stale_synctoken_answers_5010_like_batch_fixture(
    qbo: Connection, fixture_json: FixtureJson
) -> None:
    created = await qbo.customer("Jack Moe")
    await qbo.post("customer", {"Id": created["Id"], "SyncToken": "0", "sparse": True})

    response = await qbo.post(
        "customer", {"Id": created["Id"], "SyncToken": "0", "sparse": True, "Notes": "x"}
    )

    recorded = fixture_json("batch_response.json")["BatchItemResponse"][2]["Fault"]
    body = response.json()
    assert response.status_code == 400
    assert set(body) == {"Fault", "time"}
    assert set(body["Fault"]) == set(recorded)
    assert set(body["Fault"]["Error"][0]) == set(recorded["Error"][0])
    assert body["Fault"]["Error"][0]["code"] == "5010"
    assert body["Fault"]["Error"][0]["Message"] == recorded["Error"][0]["Message"]


async def test_customer_duplicate_display_name_answers_6240_with_existing_id(
    qbo: Connection, fixture_json: FixtureJson
) -> None:
    first = await qbo.customer("Weiskopf Consulting")

    response = await qbo.post("customer", {"DisplayName": "weiskopf  consulting"})

    recorded = fixture_json("error_400_6240_duplicate_name.json")
    error = response.json()["Fault"]["Error"][0]
    assert response.status_code == 400
    assert set(recorded["Fault"]["Error"][0]) <= set(error)
    assert error["code"] == "6240"
    assert error["Message"] == recorded["Fault"]["Error"][0]["Message"]
    assert error["Detail"] == f"The name supplied already exists. : Id={first['Id']}"


async def test_customer_rename_to_taken_name_answers_6240(qbo: Connection) -> None:
    await qbo.customer("Alpha")
    beta = await qbo.customer("Beta")

    response = await qbo.post(
        "customer", {"Id": beta["Id"], "SyncToken": "0", "sparse": True, "DisplayName": "Alpha"}
    )

    assert qbo.codes(response) == ["6240"]


@pytest.mark.parametrize(
    ("name", "code"),
    [("a" * 501, "2050"), ("Parent:Child", "6000"), ("Tab\there", "6000"), ("Line\nbreak", "6000")],
)
async def test_customer_invalid_display_name_answers_fault(
    qbo: Connection, name: str, code: str
) -> None:
    response = await qbo.post("customer", {"DisplayName": name})

    assert response.status_code == 400
    assert qbo.codes(response) == [code]


async def test_customer_display_name_of_500_chars_is_accepted(qbo: Connection) -> None:
    created = await qbo.customer("b" * 500)

    assert len(created["DisplayName"]) == 500


async def test_customer_without_any_name_answers_2020(qbo: Connection) -> None:
    response = await qbo.post("customer", {"Notes": "nameless"})

    assert qbo.codes(response) == ["2020"]


async def test_invoice_create_minimal_body_matches_recorded_keys(
    qbo: Connection, fixture_json: FixtureJson
) -> None:
    await qbo.customer("Amy's Bird Sanctuary", BillAddr=ADDRESS, ShipAddr=ADDRESS)
    recorded = fixture_json("invoice_create_response.json")

    response = await qbo.post("invoice", INVOICE_BODY)

    body = response.json()
    invoice = body["Invoice"]
    assert set(body) == set(recorded)
    # CustomField is the recording sandbox's own custom field definition.
    assert set(invoice) == set(recorded["Invoice"]) - {"CustomField"}
    assert [line["DetailType"] for line in invoice["Line"]] == [
        "SalesItemLineDetail",
        "SubTotalLineDetail",
    ]
    assert set(invoice["Line"][0]) == set(recorded["Invoice"]["Line"][0])
    assert invoice["CustomerRef"] == {"value": "1", "name": "Amy's Bird Sanctuary"}


async def test_invoice_totals_are_computed_by_the_server(qbo: Connection) -> None:
    customer = await qbo.customer("Totals Ltd")
    lines = [
        {
            "Amount": amount,
            "DetailType": "SalesItemLineDetail",
            "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
        }
        for amount in (0.1, 0.2, 10)
    ]

    invoice = await qbo.create(
        "Invoice",
        {"Line": lines, "CustomerRef": {"value": customer["Id"]}, "TotalAmt": 999, "Balance": 5},
    )

    assert invoice["TotalAmt"] == pytest.approx(10.3)
    assert invoice["Balance"] == pytest.approx(10.3)
    assert invoice["Line"][-1] == {
        "Amount": pytest.approx(10.3),
        "DetailType": "SubTotalLineDetail",
        "SubTotalLineDetail": {},
    }


async def test_invoice_update_echoing_subtotal_line_does_not_double_count(qbo: Connection) -> None:
    customer = await qbo.customer("Echo Co")
    invoice = await qbo.invoice(customer["Id"], 40.0)

    response = await qbo.post("invoice", {**invoice, "PrivateNote": "edited"})

    updated = response.json()["Invoice"]
    assert updated["TotalAmt"] == 40.0
    assert len(updated["Line"]) == 2


async def test_invoice_duplicate_docnumber_answers_6140(qbo: Connection) -> None:
    customer = await qbo.customer("Doc Co")
    first = await qbo.invoice(customer["Id"], DocNumber="INV-7")

    response = await qbo.post("invoice", {**INVOICE_BODY, "DocNumber": "INV-7"})

    assert response.status_code == 400
    assert qbo.codes(response) == ["6140"]
    assert f"TxnId={first['Id']}" in response.json()["Fault"]["Error"][0]["Detail"]


async def test_invoice_duplicate_docnumber_allowed_with_include_flag(
    qbo: Connection, state: SimulatorState
) -> None:
    customer = await qbo.customer("Doc Co")
    await qbo.invoice(customer["Id"], DocNumber="INV-7")

    await qbo.invoice(customer["Id"], DocNumber="INV-7", params={"include": "allowduplicatedocnum"})

    assert len(state.entities(qbo.realm_id, "Invoice", DocNumber="INV-7")) == 2


async def test_estimate_without_docnumber_gets_the_next_estimate_number(qbo: Connection) -> None:
    customer = await qbo.customer("Quote Co")

    first = await qbo.post("estimate", {**INVOICE_BODY, "CustomerRef": {"value": customer["Id"]}})
    second = await qbo.post("estimate", {**INVOICE_BODY, "CustomerRef": {"value": customer["Id"]}})

    assert first.status_code == 200
    assert first.json()["Estimate"]["DocNumber"] == "1001"
    assert second.json()["Estimate"]["DocNumber"] == "1002"


async def test_invoice_docnumber_longer_than_21_answers_2050(qbo: Connection) -> None:
    await qbo.customer("Long Co")

    response = await qbo.post("invoice", {**INVOICE_BODY, "DocNumber": "X" * 22})

    assert qbo.codes(response) == ["2050"]


async def test_invoice_line_description_longer_than_4000_answers_2050(qbo: Connection) -> None:
    await qbo.customer("Wordy Co")
    line = {**SERVICE_LINE, "Description": "d" * 4001}

    response = await qbo.post("invoice", {**INVOICE_BODY, "Line": [line]})

    assert qbo.codes(response) == ["2050"]


async def test_invoice_unknown_customer_answers_2500(qbo: Connection) -> None:
    response = await qbo.post("invoice", {**INVOICE_BODY, "CustomerRef": {"value": "77"}})

    assert qbo.codes(response) == ["2500"]


async def test_invoice_dated_in_closed_period_answers_6210(
    qbo: Connection, state: SimulatorState
) -> None:
    await qbo.customer("Closed Co")
    state.close_books(qbo.realm_id, date(2026, 1, 31))

    response = await qbo.post("invoice", {**INVOICE_BODY, "TxnDate": "2026-01-31"})

    error = response.json()["Fault"]["Error"][0]
    assert response.status_code == 400
    assert error["code"] == "6210"
    assert "account period has closed" in error["Detail"]
    assert state.entities(qbo.realm_id, "Invoice") == []


async def test_invoice_update_moving_out_of_closed_period_answers_6210(
    qbo: Connection, state: SimulatorState
) -> None:
    customer = await qbo.customer("Closed Co")
    invoice = await qbo.invoice(customer["Id"], TxnDate="2026-01-15")
    state.close_books(qbo.realm_id, date(2026, 1, 31))

    response = await qbo.post(
        "invoice",
        {"Id": invoice["Id"], "SyncToken": "0", "sparse": True, "TxnDate": "2026-02-15"},
    )

    assert qbo.codes(response) == ["6210"]


async def test_invoice_after_closing_date_is_accepted(
    qbo: Connection, state: SimulatorState
) -> None:
    customer = await qbo.customer("Open Co")
    state.close_books(qbo.realm_id, date(2026, 1, 31))

    invoice = await qbo.invoice(customer["Id"], TxnDate="2026-02-01")

    assert invoice["TxnDate"] == "2026-02-01"


async def test_invoice_void_matches_recorded_void_response(
    qbo: Connection, fixture_json: FixtureJson
) -> None:
    customer = await qbo.customer("Void Co", BillAddr=ADDRESS, ShipAddr=ADDRESS)
    invoice = await qbo.invoice(customer["Id"])

    response = await qbo.post("invoice", {"Id": invoice["Id"], "SyncToken": "0"}, operation="void")

    recorded = fixture_json("invoice_void_response.json")["Invoice"]
    voided = response.json()["Invoice"]
    assert set(voided) == set(recorded) - {"CustomField"}
    assert voided["SyncToken"] == "1"
    assert voided["PrivateNote"] == "Voided"
    assert voided["TotalAmt"] == 0
    assert voided["Balance"] == 0
    assert all(line["Amount"] == 0 for line in voided["Line"])


async def test_item_service_without_income_account_answers_2020(qbo: Connection) -> None:
    response = await qbo.post("item", {"Name": "Consulting", "Type": "Service"})

    assert response.status_code == 400
    assert qbo.codes(response) == ["2020"]
    assert response.json()["Fault"]["Error"][0]["element"] == "IncomeAccountRef"


async def test_item_with_income_account_is_created(qbo: Connection) -> None:
    item = await qbo.create(
        "Item", {"Name": "Consulting", "Type": "Service", "IncomeAccountRef": {"value": "1"}}
    )

    assert item["IncomeAccountRef"] == {"value": "1", "name": "Services"}


async def test_payment_applied_to_invoice_updates_balance_and_linked_txn(
    qbo: Connection, state: SimulatorState
) -> None:
    customer = await qbo.customer("Payer Co")
    invoice = await qbo.invoice(customer["Id"], 250.0)

    payment = await qbo.create(
        "Payment",
        {
            "CustomerRef": {"value": customer["Id"]},
            "TotalAmt": 100.0,
            "Line": [
                {"Amount": 100.0, "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}]}
            ],
        },
    )

    after = (await qbo.get(f"invoice/{invoice['Id']}")).json()["Invoice"]
    assert payment["UnappliedAmt"] == 0
    assert after["Balance"] == 150.0
    assert after["TotalAmt"] == 250.0
    assert after["LinkedTxn"] == [{"TxnId": payment["Id"], "TxnType": "Payment"}]
    assert after["SyncToken"] == "1"
    cust = (await qbo.get(f"customer/{customer['Id']}")).json()["Customer"]
    assert cust["Balance"] == 150.0


async def test_payment_more_than_open_balance_answers_6000(qbo: Connection) -> None:
    customer = await qbo.customer("Over Co")
    invoice = await qbo.invoice(customer["Id"], 50.0)

    response = await qbo.post(
        "payment",
        {
            "CustomerRef": {"value": customer["Id"]},
            "TotalAmt": 60.0,
            "Line": [
                {"Amount": 60.0, "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}]}
            ],
        },
    )

    assert qbo.codes(response) == ["6000"]


async def test_payment_void_restores_invoice_balance(qbo: Connection) -> None:
    customer = await qbo.customer("Refund Co")
    invoice = await qbo.invoice(customer["Id"], 80.0)
    payment = await qbo.create(
        "Payment",
        {
            "CustomerRef": {"value": customer["Id"]},
            "TotalAmt": 80.0,
            "Line": [
                {"Amount": 80.0, "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}]}
            ],
        },
    )

    response = await qbo.post(
        "payment",
        {"Id": payment["Id"], "SyncToken": "0", "sparse": True},
        operation="update",
        include="void",
    )

    voided = response.json()["Payment"]
    after = (await qbo.get(f"invoice/{invoice['Id']}")).json()["Invoice"]
    assert voided["TotalAmt"] == 0
    assert voided["PrivateNote"] == "Voided"
    assert after["Balance"] == 80.0
    assert after["LinkedTxn"] == []


async def test_invoice_delete_hides_it_from_reads(qbo: Connection) -> None:
    customer = await qbo.customer("Gone Co")
    invoice = await qbo.invoice(customer["Id"])

    response = await qbo.post(
        "invoice", {"Id": invoice["Id"], "SyncToken": "0"}, operation="delete"
    )

    assert response.json()["Invoice"] == {"domain": "QBO", "status": "Deleted", "Id": invoice["Id"]}
    assert qbo.codes(await qbo.get(f"invoice/{invoice['Id']}")) == ["610"]


async def test_customer_delete_is_not_supported(qbo: Connection) -> None:
    customer = await qbo.customer("Keep Co")

    response = await qbo.post(
        "customer", {"Id": customer["Id"], "SyncToken": "0"}, operation="delete"
    )

    assert response.status_code == 400
    assert qbo.codes(response) == ["2010"]


async def test_refund_receipt_requires_deposit_account(qbo: Connection) -> None:
    customer = await qbo.customer("Refunded Co")
    body = {**INVOICE_BODY, "CustomerRef": {"value": customer["Id"]}}

    missing = await qbo.post("refundreceipt", body)
    created = await qbo.post("refundreceipt", {**body, "DepositToAccountRef": {"value": "3"}})

    assert qbo.codes(missing) == ["2020"]
    assert created.json()["RefundReceipt"]["TotalAmt"] == 100.0


async def test_write_with_malformed_json_answers_2010(qbo: Connection) -> None:
    response = await qbo.http.post(qbo.url("customer"), content=b"{not json", headers=qbo.headers)

    assert response.status_code == 400
    assert qbo.codes(response) == ["2010"]
