"""PaymentMethod list and CreditMemo applied to an invoice through a zero-amount payment."""

from __future__ import annotations

from integrations.quickbooks_online.simulator.testing import Connection, Payload

METHODS_QUERY = "SELECT * FROM PaymentMethod"


def _credit_line(item_id: str, amount: float) -> Payload:
    return {
        "Amount": amount,
        "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": {"ItemRef": {"value": item_id}},
    }


def _application(customer_id: str, invoice_id: str, memo_id: str, amount: float) -> Payload:
    return {
        "CustomerRef": {"value": customer_id},
        "TotalAmt": 0,
        "Line": [
            {"Amount": amount, "LinkedTxn": [{"TxnId": invoice_id, "TxnType": "Invoice"}]},
            {"Amount": amount, "LinkedTxn": [{"TxnId": memo_id, "TxnType": "CreditMemo"}]},
        ],
    }


async def test_payment_methods_new_company_has_seeded_methods_with_intuit_shape(
    qbo: Connection,
) -> None:
    rows = (await qbo.query(METHODS_QUERY)).json()["QueryResponse"]["PaymentMethod"]
    names = {row["Name"]: row for row in rows}
    assert {"Cash", "Check", "Visa", "MasterCard"} <= set(names)
    visa = names["Visa"]
    assert visa["Type"] == "CREDIT_CARD"
    assert visa["Active"] is True
    assert {"Id", "SyncToken", "MetaData"} <= set(visa)
    assert names["Cash"]["Type"] == "NON_CREDIT_CARD"


async def test_payment_method_create_duplicate_name_answers_6240(qbo: Connection) -> None:
    created = await qbo.create("PaymentMethod", {"Name": "Zelle"})
    assert created["Type"] == "NON_CREDIT_CARD"
    response = await qbo.post("paymentmethod", {"Name": "Zelle"})
    assert response.status_code == 400
    assert qbo.codes(response) == ["6240"]


async def test_payment_method_bad_type_is_refused(qbo: Connection) -> None:
    response = await qbo.post("paymentmethod", {"Name": "Wire", "Type": "WIRE"})
    assert response.status_code == 400


async def test_payment_with_payment_method_ref_echoes_the_value(qbo: Connection) -> None:
    customer = await qbo.customer("Method Co")
    invoice = await qbo.invoice(customer["Id"], 50.0)
    rows = (await qbo.query(METHODS_QUERY + " WHERE Name = 'Check'")).json()["QueryResponse"]
    check_id = rows["PaymentMethod"][0]["Id"]
    payment = await qbo.create(
        "Payment",
        {
            "CustomerRef": {"value": customer["Id"]},
            "TotalAmt": 50.0,
            "PaymentMethodRef": {"value": check_id},
            "Line": [
                {"Amount": 50.0, "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}]}
            ],
        },
    )
    assert payment["PaymentMethodRef"] == {"value": check_id}


async def test_payment_with_unknown_payment_method_is_refused(qbo: Connection) -> None:
    customer = await qbo.customer("Unknown Method Co")
    body = {
        "CustomerRef": {"value": customer["Id"]},
        "TotalAmt": 5.0,
        "PaymentMethodRef": {"value": "999"},
    }
    response = await qbo.post("payment", body)
    assert response.status_code == 400
    assert qbo.codes(response) == ["2500"]


async def test_credit_memo_applied_by_zero_payment_closes_invoice_balance(
    qbo: Connection,
) -> None:
    customer = await qbo.customer("Bad Debt Co")
    invoice = await qbo.invoice(customer["Id"], 80.0)
    memo = await qbo.create(
        "CreditMemo",
        {"CustomerRef": {"value": customer["Id"]}, "Line": [_credit_line("1", 80.0)]},
    )
    assert memo["TotalAmt"] == 80.0
    assert memo["RemainingCredit"] == 80.0
    payment = await qbo.create(
        "Payment", _application(customer["Id"], invoice["Id"], memo["Id"], 80.0)
    )
    assert payment["TotalAmt"] == 0
    assert payment["UnappliedAmt"] == 0
    after_invoice = (await qbo.get(f"invoice/{invoice['Id']}")).json()["Invoice"]
    after_memo = (await qbo.get(f"creditmemo/{memo['Id']}")).json()["CreditMemo"]
    assert after_invoice["Balance"] == 0
    assert after_memo["RemainingCredit"] == 0
    after_customer = (await qbo.get(f"customer/{customer['Id']}")).json()["Customer"]
    assert after_customer["Balance"] == 0


async def test_credit_memo_used_beyond_remaining_credit_is_refused(qbo: Connection) -> None:
    customer = await qbo.customer("Over Credit Co")
    invoice = await qbo.invoice(customer["Id"], 80.0)
    memo = await qbo.create(
        "CreditMemo",
        {"CustomerRef": {"value": customer["Id"]}, "Line": [_credit_line("1", 30.0)]},
    )
    response = await qbo.post(
        "payment", _application(customer["Id"], invoice["Id"], memo["Id"], 40.0)
    )
    assert response.status_code == 400
    untouched = (await qbo.get(f"invoice/{invoice['Id']}")).json()["Invoice"]
    assert untouched["Balance"] == 80.0


async def test_credit_memo_voided_payment_restores_credit_and_balance(qbo: Connection) -> None:
    customer = await qbo.customer("Undo Co")
    invoice = await qbo.invoice(customer["Id"], 20.0)
    memo = await qbo.create(
        "CreditMemo",
        {"CustomerRef": {"value": customer["Id"]}, "Line": [_credit_line("1", 20.0)]},
    )
    payment = await qbo.create(
        "Payment", _application(customer["Id"], invoice["Id"], memo["Id"], 20.0)
    )
    response = await qbo.post(
        "payment", {"Id": payment["Id"], "SyncToken": payment["SyncToken"]}, operation="void"
    )
    assert response.status_code == 200
    memo_after = (await qbo.get(f"creditmemo/{memo['Id']}")).json()["CreditMemo"]
    invoice_after = (await qbo.get(f"invoice/{invoice['Id']}")).json()["Invoice"]
    assert memo_after["RemainingCredit"] == 20.0
    assert invoice_after["Balance"] == 20.0
