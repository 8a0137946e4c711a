"""Batch payments: one deposit paying several invoices, one Payment per line carrying the batch's
id, all-or-nothing refusals, summarizeErrors, lock dates and the GET listings."""

from __future__ import annotations

from datetime import date

import httpx

from integrations.xero.simulator import SimulatorState
from integrations.xero.simulator.openapi_check import XeroSpecValidator
from integrations.xero.simulator.testing import Connected, create_invoice

INVOICES = "/api.xro/2.0/Invoices"
PAYMENTS = "/api.xro/2.0/Payments"
BATCHES = "/api.xro/2.0/BatchPayments"
NO_SUMMARY = {"summarizeErrors": "false"}


async def _invoice(
    client: httpx.AsyncClient, connected: Connected, number: str, status: str = "AUTHORISED"
) -> str:
    created = await create_invoice(
        client, connected, number=number, status=status, day="2026-01-15"
    )
    return str(created["InvoiceID"])


def _batch(*lines: tuple[str, float], day: str = "2026-02-01") -> dict[str, object]:
    return {
        "Account": {"Code": "090"},
        "Date": day,
        "Reference": "cheque 1042",
        "Payments": [{"Invoice": {"InvoiceID": i}, "Amount": amount} for i, amount in lines],
    }


async def test_batch_payment_pays_each_invoice_with_one_payment_per_line_carrying_the_batch_id(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    tenant = connected.tenant_ids[0]
    first = await _invoice(client, connected, "B-1")
    second = await _invoice(client, connected, "B-2")

    response = await client.put(
        BATCHES,
        json={"BatchPayments": [_batch((first, 100), (second, 40))]},
        params=NO_SUMMARY,
        headers=connected.headers(),
    )

    assert response.status_code == 200, response.text
    (batch,) = response.json()["BatchPayments"]
    batch_id = batch["BatchPaymentID"]
    assert batch["Type"] == "RECBATCH"
    assert batch["Status"] == "AUTHORISED"
    assert batch["TotalAmount"] == 140.0
    assert [(p["Invoice"]["InvoiceID"], p["Amount"]) for p in batch["Payments"]] == [
        (first, 100.0),
        (second, 40.0),
    ]
    assert sim.entity(tenant, "invoices", first)["Status"] == "PAID"
    assert sim.entity(tenant, "invoices", second)["AmountDue"] == 60.0
    assert len(sim.entities(tenant, "batch_payments")) == 1

    listed = await client.get(PAYMENTS, headers=connected.headers())
    payments = listed.json()["Payments"]
    assert sorted((p["Invoice"]["InvoiceID"], p["Amount"]) for p in payments) == sorted(
        [(first, 100.0), (second, 40.0)]
    )
    assert {p["BatchPaymentID"] for p in payments} == {batch_id}
    assert {p["BatchPayment"]["BatchPaymentID"] for p in payments} == {batch_id}
    assert {p["Reference"] for p in payments} == {"cheque 1042"}

    batches = await client.get(BATCHES, headers=connected.headers())
    assert [b["BatchPaymentID"] for b in batches.json()["BatchPayments"]] == [batch_id]
    assert ("PUT", BATCHES, 200) in validator.checked
    assert ("GET", BATCHES, 200) in validator.checked
    assert ("GET", PAYMENTS, 200) in validator.checked


async def test_a_batch_with_one_bad_line_saves_nothing_and_marks_the_line(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    tenant = connected.tenant_ids[0]
    good = await _invoice(client, connected, "B-3")
    small = await _invoice(client, connected, "B-4")
    draft = await _invoice(client, connected, "B-5", status="DRAFT")
    fine = await _invoice(client, connected, "B-6")

    response = await client.put(
        BATCHES,
        json={"BatchPayments": [_batch((good, 50), (small, 150)), _batch((fine, 10))]},
        params=NO_SUMMARY,
        headers=connected.headers(),
    )

    assert response.status_code == 200, response.text
    refused, saved = response.json()["BatchPayments"]
    messages = [e["Message"] for e in refused["ValidationErrors"]]
    assert messages == ["Payment amount exceeds the amount outstanding on this document"]
    assert "ValidationErrors" not in refused["Payments"][0]
    assert refused["Payments"][1]["ValidationErrors"][0]["Message"].startswith("Payment amount")
    assert sim.entity(tenant, "invoices", good)["AmountDue"] == 100.0
    assert saved["StatusAttributeString"] == "OK"
    assert sim.entity(tenant, "invoices", fine)["AmountDue"] == 90.0
    assert len(sim.entities(tenant, "batch_payments")) == 1
    assert len(sim.entities(tenant, "payments")) == 1

    summarized = await client.put(
        BATCHES,
        json={"BatchPayments": [_batch((good, 10), (draft, 10))]},
        headers=connected.headers(),
    )

    assert summarized.status_code == 400
    body = summarized.json()
    assert body["Type"] == "ValidationException"
    (element,) = body["Elements"]
    assert [e["Message"] for e in element["ValidationErrors"]] == [
        "Payments can only be made against Authorised documents"
    ]
    assert sim.entity(tenant, "invoices", good)["AmountDue"] == 100.0
    assert ("PUT", BATCHES, 400) in validator.checked


async def test_two_lines_on_one_invoice_count_together_against_its_amount_due(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    invoice = await _invoice(client, connected, "B-7")

    response = await client.put(
        BATCHES,
        json={"BatchPayments": [_batch((invoice, 60), (invoice, 60))]},
        params=NO_SUMMARY,
        headers=connected.headers(),
    )

    (refused,) = response.json()["BatchPayments"]
    assert [e["Message"] for e in refused["ValidationErrors"]] == [
        "Payment amount exceeds the amount outstanding on this document"
    ]
    assert sim.entity(connected.tenant_ids[0], "invoices", invoice)["AmountDue"] == 100.0


async def test_a_batch_dated_in_a_locked_period_is_refused(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    tenant = connected.tenant_ids[0]
    first = await _invoice(client, connected, "B-8")
    second = await _invoice(client, connected, "B-9")
    sim.set_lock_dates(tenant, period_lock_date=date(2026, 2, 28))

    response = await client.put(
        BATCHES,
        json={"BatchPayments": [_batch((first, 10), (second, 10), day="2026-02-15")]},
        params=NO_SUMMARY,
        headers=connected.headers(),
    )

    (refused,) = response.json()["BatchPayments"]
    assert [e["Message"] for e in refused["ValidationErrors"]] == [
        "The document date cannot be before the period lock date, currently set at 28-Feb-2026"
    ]
    assert sim.entities(tenant, "batch_payments") == []
    assert sim.entity(tenant, "invoices", first)["AmountDue"] == 100.0
    assert ("PUT", BATCHES, 200) in validator.checked
