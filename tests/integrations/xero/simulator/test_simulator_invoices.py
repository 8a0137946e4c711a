"""Invoices: batches, summarizeErrors, idempotency, incremental reads, paging, void/delete."""

from __future__ import annotations

import httpx
import pytest

from integrations.xero.simulator import ResponseDropped, SimulatorState
from integrations.xero.simulator.openapi_check import fixture
from integrations.xero.simulator.testing import Connected, FakeClock

URL = "/api.xro/2.0/Invoices"


def invoice(number: str, **extra: object) -> dict[str, object]:
    body: dict[str, object] = {
        "Type": "ACCREC",
        "Contact": {"Name": "Acme Customer"},
        "Date": "2026-01-31",
        "DueDate": "2026-02-28",
        "InvoiceNumber": number,
        "LineAmountTypes": "Exclusive",
        "Status": "AUTHORISED",
        "LineItems": [
            {
                "Description": "Consulting",
                "Quantity": 2,
                "UnitAmount": 50,
                "AccountCode": "200",
                "TaxType": "OUTPUT",
            }
        ],
    }
    body.update(extra)
    return body


async def put(
    client: httpx.AsyncClient, connected: Connected, *invoices: dict[str, object], **params: str
) -> httpx.Response:
    return await client.put(
        URL, json={"Invoices": list(invoices)}, params=params, headers=connected.headers()
    )


def numbered(sim: SimulatorState, tenant: str, number: str) -> list[dict[str, object]]:
    return [row for row in sim.entities(tenant, "invoices") if row["InvoiceNumber"] == number]


async def test_invoice_put_computes_totals_and_xero_dates(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    response = await put(client, connected, invoice("INV-1"))

    assert response.status_code == 200
    created = response.json()["Invoices"][0]
    assert (created["SubTotal"], created["TotalTax"], created["Total"]) == (100.0, 15.0, 115.0)
    assert (created["AmountDue"], created["AmountPaid"]) == (115.0, 0.0)
    assert created["Date"] == "/Date(1769817600000+0000)/"
    assert created["DateString"] == "2026-01-31T00:00:00"
    assert created["StatusAttributeString"] == "OK"
    recorded = fixture("accounting_PUT_Invoices_200.json")
    assert set(recorded) == set(response.json())
    assert set(recorded["Invoices"][0]) <= set(created)


async def test_invoice_batch_summarize_false_mixes_ok_and_error_with_200(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    bad_account = invoice(
        "INV-2",
        LineItems=[{"Description": "x", "Quantity": 1, "UnitAmount": 5, "AccountCode": "999"}],
    )

    response = await put(
        client, connected, invoice("INV-1"), bad_account, invoice("INV-1"), summarizeErrors="false"
    )

    assert response.status_code == 200
    rows = response.json()["Invoices"]
    assert [row["StatusAttributeString"] for row in rows] == ["OK", "ERROR", "ERROR"]
    assert rows[1]["ValidationErrors"] == [
        {"Message": "Account code '999' is not a valid code for this document."}
    ]
    assert rows[2]["ValidationErrors"] == [{"Message": "Invoice # must be unique."}]
    assert rows[1]["HasErrors"] is True
    assert rows[1]["InvoiceID"] == "00000000-0000-0000-0000-000000000000"
    assert len(sim.entities(connected.tenant_ids[0], "invoices")) == 1


async def test_invoice_batch_default_summarized_400_but_valid_ones_created(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    response = await put(client, connected, invoice("INV-7"), invoice("INV-8", Contact={}))

    assert response.status_code == 400
    body = response.json()
    assert body["Type"] == "ValidationException"
    assert body["ErrorNumber"] == 10
    assert len(body["Elements"]) == 1
    assert "identify the contact" in body["Elements"][0]["ValidationErrors"][0]["Message"]
    assert [r["InvoiceNumber"] for r in sim.entities(connected.tenant_ids[0], "invoices")] == [
        "INV-7"
    ]


async def test_invoice_idempotency_key_replays_original_response(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    headers = connected.headers() | {"Idempotency-Key": "push-42"}
    body = {"Invoices": [invoice("INV-9")]}

    first = await client.put(URL, json=body, headers=headers)
    second = await client.put(URL, json=body, headers=headers)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert len(numbered(sim, connected.tenant_ids[0], "INV-9")) == 1


async def test_invoice_dropped_after_commit_retry_with_key_returns_original(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    sim.inject_fault("drop_after_commit", method="PUT", path=URL)
    headers = connected.headers() | {"Idempotency-Key": "push-43"}
    body = {"Invoices": [invoice("INV-10")]}

    with pytest.raises(ResponseDropped):
        await client.put(URL, json=body, headers=headers)
    stored = numbered(sim, connected.tenant_ids[0], "INV-10")
    retried = await client.put(URL, json=body, headers=headers)

    assert len(stored) == 1
    assert retried.status_code == 200
    assert retried.json()["Invoices"][0]["InvoiceID"] == stored[0]["InvoiceID"]
    assert len(numbered(sim, connected.tenant_ids[0], "INV-10")) == 1


async def test_invoice_dropped_after_commit_retry_without_key_is_refused_as_duplicate(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    sim.inject_fault("drop_after_commit", method="PUT", path=URL)
    with pytest.raises(ResponseDropped):
        await put(client, connected, invoice("INV-11"))

    retried = await put(client, connected, invoice("INV-11"))

    assert retried.status_code == 400
    assert len(numbered(sim, connected.tenant_ids[0], "INV-11")) == 1


async def test_invoice_get_if_modified_since_returns_only_later_changes(
    client: httpx.AsyncClient, connected: Connected, clock: FakeClock
) -> None:
    await put(client, connected, invoice("INV-20"))
    clock.advance(600)
    await put(client, connected, invoice("INV-21"))

    response = await client.get(
        URL, headers=connected.headers() | {"If-Modified-Since": "2026-01-01T00:05:00Z"}
    )

    assert [row["InvoiceNumber"] for row in response.json()["Invoices"]] == ["INV-21"]


async def test_invoice_get_pages_of_100_with_pagination_block(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    batch = [invoice(f"P-{n:03d}") for n in range(105)]
    assert (await put(client, connected, *batch)).status_code == 200

    page1 = (await client.get(URL, params={"page": 1}, headers=connected.headers())).json()
    page2 = (await client.get(URL, params={"page": 2}, headers=connected.headers())).json()
    small = (
        await client.get(URL, params={"page": 3, "pageSize": 50}, headers=connected.headers())
    ).json()

    assert len(page1["Invoices"]) == 100
    assert [row["InvoiceNumber"] for row in page2["Invoices"]] == [
        f"P-{n}" for n in range(100, 105)
    ]
    assert page1["pagination"] == {"page": 1, "pageSize": 100, "pageCount": 2, "itemCount": 105}
    assert [row["InvoiceNumber"] for row in small["Invoices"]] == [
        f"P-{n}" for n in range(100, 105)
    ]


async def test_invoice_where_and_order_are_applied(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    await put(client, connected, invoice("W-1"), invoice("W-2", Status="DRAFT"))

    response = await client.get(
        URL,
        params={"where": 'Status=="DRAFT"', "order": "InvoiceNumber DESC"},
        headers=connected.headers(),
    )

    assert [row["InvoiceNumber"] for row in response.json()["Invoices"]] == ["W-2"]


async def test_invoice_void_authorised_without_payments_becomes_voided(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    created = (await put(client, connected, invoice("V-1"))).json()["Invoices"][0]

    voided = await client.post(
        f"{URL}/{created['InvoiceID']}",
        json={"Invoices": [{"Status": "VOIDED"}]},
        headers=connected.headers(),
    )

    assert voided.status_code == 200
    assert voided.json()["Invoices"][0]["Status"] == "VOIDED"


async def test_invoice_void_with_payment_refused_with_xero_message(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    created = (await put(client, connected, invoice("V-2"))).json()["Invoices"][0]
    sim.record_payment(connected.tenant_ids[0], created["InvoiceID"], 10)

    voided = await client.post(
        URL,
        json={"Invoices": [{"InvoiceID": created["InvoiceID"], "Status": "VOIDED"}]},
        headers=connected.headers(),
    )

    assert voided.status_code == 400
    message = voided.json()["Elements"][0]["ValidationErrors"][0]["Message"]
    assert message == (
        "This document cannot be edited as it has a payment or credit note allocated to it."
    )
    assert sim.entity(connected.tenant_ids[0], "invoices", created["InvoiceID"])["Status"] == (
        "AUTHORISED"
    )


async def test_invoice_draft_can_be_deleted_but_not_voided(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    created = (await put(client, connected, invoice("D-1", Status="DRAFT"))).json()["Invoices"][0]
    target = f"{URL}/{created['InvoiceID']}"

    voided = await client.post(
        target, json={"Invoices": [{"Status": "VOIDED"}]}, headers=connected.headers()
    )
    deleted = await client.post(
        target, json={"Invoices": [{"Status": "DELETED"}]}, headers=connected.headers()
    )

    assert voided.status_code == 400
    assert deleted.status_code == 200
    assert deleted.json()["Invoices"][0]["Status"] == "DELETED"


async def test_invoice_authorised_cannot_be_deleted(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    created = (await put(client, connected, invoice("D-2"))).json()["Invoices"][0]

    response = await client.post(
        f"{URL}/{created['InvoiceID']}",
        json={"Invoices": [{"Status": "DELETED"}]},
        headers=connected.headers(),
    )

    assert response.status_code == 400


async def test_invoice_post_with_number_updates_instead_of_duplicating(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    await put(client, connected, invoice("U-1"))

    response = await client.post(
        URL, json={"Invoices": [invoice("U-1", Reference="PO-7")]}, headers=connected.headers()
    )

    assert response.status_code == 200
    rows = numbered(sim, connected.tenant_ids[0], "U-1")
    assert len(rows) == 1
    assert rows[0]["Reference"] == "PO-7"


async def test_invoice_inclusive_amounts_split_tax_out(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    body = invoice(
        "T-1",
        LineAmountTypes="Inclusive",
        LineItems=[
            {
                "Description": "x",
                "Quantity": 1,
                "UnitAmount": 115,
                "AccountCode": "200",
                "TaxType": "OUTPUT",
            }
        ],
    )

    created = (await put(client, connected, body)).json()["Invoices"][0]

    assert (created["SubTotal"], created["TotalTax"], created["Total"]) == (100.0, 15.0, 115.0)


async def test_invoice_get_unknown_id_404(client: httpx.AsyncClient, connected: Connected) -> None:
    response = await client.get(
        f"{URL}/3fa85f64-5717-4562-b3fc-2c963f66afa6", headers=connected.headers()
    )

    assert response.status_code == 404


async def test_invoice_list_shape_matches_fixture_keys(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    await put(client, connected, invoice("S-1"))
    recorded = fixture("accounting_GET_Invoices_200.json")

    body = (await client.get(URL, params={"page": 1}, headers=connected.headers())).json()

    assert set(body) == set(recorded)
    sample = set(recorded["Invoices"][0]) - {"RepeatingInvoiceID"}
    assert sample <= set(body["Invoices"][0])
