"""Payments: applying to invoices, PAID when settled, over-payment, deletion, incremental reads."""

from __future__ import annotations

import httpx

from integrations.xero.simulator import SimulatorState
from integrations.xero.simulator.openapi_check import fixture
from integrations.xero.simulator.testing import Connected, FakeClock, create_invoice

INVOICES = "/api.xro/2.0/Invoices"
PAYMENTS = "/api.xro/2.0/Payments"


async def _invoice(
    client: httpx.AsyncClient, connected: Connected, number: str
) -> dict[str, object]:
    return await create_invoice(client, connected, number=number)


def _payment(invoice_id: object, amount: float) -> dict[str, object]:
    return {
        "Invoice": {"InvoiceID": invoice_id},
        "Account": {"Code": "090"},
        "Date": "2026-02-01",
        "Amount": amount,
        "Reference": "bank",
    }


async def test_payment_partial_then_full_marks_invoice_paid(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    inv = await _invoice(client, connected, "PAY-1")

    part = await client.put(
        PAYMENTS, json={"Payments": [_payment(inv["InvoiceID"], 40)]}, headers=connected.headers()
    )
    after_part = sim.entity(connected.tenant_ids[0], "invoices", str(inv["InvoiceID"]))
    rest = await client.put(
        PAYMENTS, json={"Payments": [_payment(inv["InvoiceID"], 60)]}, headers=connected.headers()
    )
    after_rest = sim.entity(connected.tenant_ids[0], "invoices", str(inv["InvoiceID"]))

    assert part.status_code == rest.status_code == 200
    assert (after_part["AmountPaid"], after_part["AmountDue"], after_part["Status"]) == (
        40.0,
        60.0,
        "AUTHORISED",
    )
    assert (after_rest["AmountPaid"], after_rest["AmountDue"], after_rest["Status"]) == (
        100.0,
        0.0,
        "PAID",
    )
    assert len(after_rest["Payments"]) == 2
    assert after_rest["FullyPaidOnDate"] == "/Date(1769904000000+0000)/"
    paid = rest.json()["Payments"][0]
    assert paid["Invoice"]["Status"] == "PAID"
    recorded = fixture("accounting_PUT_Payments_200.json")["Payments"][0]
    assert set(recorded) - {"ValidationErrors"} <= set(paid)


async def test_payment_exceeding_amount_due_is_element_error(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    inv = await _invoice(client, connected, "PAY-2")

    response = await client.put(
        PAYMENTS,
        params={"summarizeErrors": "false"},
        json={"Payments": [_payment(inv["InvoiceID"], 150)]},
        headers=connected.headers(),
    )

    assert response.status_code == 200
    element = response.json()["Payments"][0]
    assert element["StatusAttributeString"] == "ERROR"
    assert element["ValidationErrors"] == [
        {"Message": "Payment amount exceeds the amount outstanding on this document"}
    ]
    assert sim.entities(connected.tenant_ids[0], "payments") == []


async def test_payment_against_draft_invoice_refused(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    body = {
        "Invoices": [
            {"Type": "ACCREC", "Contact": {"Name": "D"}, "Status": "DRAFT", "LineItems": []}
        ]
    }
    draft = (await client.put(INVOICES, json=body, headers=connected.headers())).json()

    response = await client.put(
        PAYMENTS,
        json={"Payments": [_payment(draft["Invoices"][0]["InvoiceID"], 1)]},
        headers=connected.headers(),
    )

    assert response.status_code == 400
    assert response.json()["Elements"][0]["ValidationErrors"][0]["Message"] == (
        "Payments can only be made against Authorised documents"
    )


async def test_payment_delete_restores_invoice_to_authorised(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    inv = await _invoice(client, connected, "PAY-3")
    paid = await client.put(
        PAYMENTS, json={"Payments": [_payment(inv["InvoiceID"], 100)]}, headers=connected.headers()
    )
    payment_id = paid.json()["Payments"][0]["PaymentID"]

    deleted = await client.post(
        f"{PAYMENTS}/{payment_id}", json={"Status": "DELETED"}, headers=connected.headers()
    )

    assert deleted.status_code == 200
    assert deleted.json()["Payments"][0]["Status"] == "DELETED"
    recorded = fixture("accounting_POST_Payments_PaymentID_delete_200.json")
    assert set(recorded) == set(deleted.json())
    after = sim.entity(connected.tenant_ids[0], "invoices", str(inv["InvoiceID"]))
    assert (after["Status"], after["AmountPaid"], after["Payments"]) == ("AUTHORISED", 0.0, [])


async def test_payment_get_if_modified_since_and_paging(
    client: httpx.AsyncClient, connected: Connected, clock: FakeClock
) -> None:
    inv = await _invoice(client, connected, "PAY-4")
    await client.put(
        PAYMENTS, json={"Payments": [_payment(inv["InvoiceID"], 10)]}, headers=connected.headers()
    )
    clock.advance(600)
    await client.put(
        PAYMENTS,
        json={"Payments": [_payment(inv["InvoiceID"], 20), _payment(inv["InvoiceID"], 30)]},
        headers=connected.headers(),
    )

    later = await client.get(
        PAYMENTS,
        params={"page": 1, "pageSize": 1},
        headers=connected.headers() | {"If-Modified-Since": "2026-01-01T00:05:00Z"},
    )

    body = later.json()
    assert [p["Amount"] for p in body["Payments"]] == [20.0]
    assert body["pagination"]["itemCount"] == 2
    assert body["pagination"]["pageCount"] == 2
    recorded = fixture("accounting_GET_Payments_200.json")
    assert set(recorded) == set(body)
