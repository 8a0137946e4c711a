"""Credit notes: PUT /CreditNotes creates them with lines and totals (lock dates honoured), and
PUT /CreditNotes/{id}/Allocations moves their credit onto an invoice of the same contact, every
exchange checked against Xero's spec."""

from __future__ import annotations

from datetime import date

import httpx

from integrations.xero.simulator import SimulatorState
from integrations.xero.simulator.openapi_check import XeroSpecValidator
from integrations.xero.simulator.testing import Connected, create_invoice

INVOICES = "/api.xro/2.0/Invoices"
NOTES = "/api.xro/2.0/CreditNotes"
NO_SUMMARY = {"summarizeErrors": "false"}


async def _invoice(client: httpx.AsyncClient, connected: Connected, contact: str = "Payer") -> str:
    created = await create_invoice(client, connected, contact=contact, day="2026-01-15")
    return str(created["InvoiceID"])


def _note(amount: float, contact: str = "Payer", day: str = "2026-02-01") -> dict[str, object]:
    return {
        "Type": "ACCRECCREDIT",
        "Contact": {"Name": contact},
        "Status": "AUTHORISED",
        "Date": day,
        "LineAmountTypes": "NoTax",
        "LineItems": [{"Description": "Bad debt", "Quantity": 1, "UnitAmount": amount}],
    }


async def _create_note(client: httpx.AsyncClient, connected: Connected, amount: float) -> str:
    response = await client.put(
        NOTES, json={"CreditNotes": [_note(amount)]}, params=NO_SUMMARY, headers=connected.headers()
    )
    assert response.status_code == 200, response.text
    return str(response.json()["CreditNotes"][0]["CreditNoteID"])


def _allocation(invoice_id: str, amount: float) -> dict[str, object]:
    return {
        "Allocations": [
            {"Invoice": {"InvoiceID": invoice_id}, "Amount": amount, "Date": "2026-02-01"}
        ]
    }


async def test_credit_notes_are_created_with_totals_and_their_whole_total_as_remaining_credit(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    tenant = connected.tenant_ids[0]

    response = await client.put(
        NOTES,
        json={"CreditNotes": [_note(70), _note(5, contact="Other")]},
        params=NO_SUMMARY,
        headers=connected.headers(),
    )

    assert response.status_code == 200, response.text
    first, second = response.json()["CreditNotes"]
    assert (first["Type"], first["Status"], first["StatusAttributeString"]) == (
        "ACCRECCREDIT",
        "AUTHORISED",
        "OK",
    )
    assert (first["Total"], first["RemainingCredit"]) == (70.0, 70.0)
    assert first["LineItems"][0]["LineAmount"] == 70.0
    assert first["CreditNoteNumber"] != second["CreditNoteNumber"]
    assert second["Contact"]["Name"] == "Other"
    assert len(sim.entities(tenant, "credit_notes")) == 2
    listed = await client.get(f"{NOTES}/{first['CreditNoteID']}", headers=connected.headers())
    assert listed.json()["CreditNotes"][0]["RemainingCredit"] == 70.0
    assert ("PUT", NOTES, 200) in validator.checked


async def test_a_refused_credit_note_is_marked_or_summarized_and_not_saved(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    tenant = connected.tenant_ids[0]
    bad = {**_note(10), "LineItems": [{"Description": "x", "UnitAmount": 10, "ItemCode": "NOPE"}]}

    marked = await client.put(
        NOTES,
        json={"CreditNotes": [bad, _note(20)]},
        params=NO_SUMMARY,
        headers=connected.headers(),
    )
    summarized = await client.put(NOTES, json={"CreditNotes": [bad]}, headers=connected.headers())

    assert marked.status_code == 200, marked.text
    refused, saved = marked.json()["CreditNotes"]
    assert refused["StatusAttributeString"] == "ERROR"
    assert [e["Message"] for e in refused["ValidationErrors"]] == ["Item code 'NOPE' is not valid"]
    assert saved["StatusAttributeString"] == "OK"
    assert summarized.status_code == 400
    assert summarized.json()["Type"] == "ValidationException"
    assert len(sim.entities(tenant, "credit_notes")) == 1
    assert ("PUT", NOTES, 400) in validator.checked


async def test_a_credit_note_dated_in_a_locked_period_is_refused(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    tenant = connected.tenant_ids[0]
    sim.set_lock_dates(tenant, period_lock_date=date(2026, 2, 28))

    response = await client.put(
        NOTES, json={"CreditNotes": [_note(10)]}, params=NO_SUMMARY, headers=connected.headers()
    )

    (refused,) = response.json()["CreditNotes"]
    assert [e["Message"] for e in refused["ValidationErrors"]] == [
        "The document date cannot be before the period lock date, currently set at 28-Feb-2026"
    ]
    assert sim.entities(tenant, "credit_notes") == []
    assert ("PUT", NOTES, 200) in validator.checked


async def test_allocating_the_whole_balance_marks_invoice_and_credit_note_paid(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    tenant = connected.tenant_ids[0]
    invoice_id = await _invoice(client, connected)
    sim.record_payment(tenant, invoice_id, 30.0)
    note_id = await _create_note(client, connected, 70)
    path = f"{NOTES}/{note_id}/Allocations"

    response = await client.put(
        path, json=_allocation(invoice_id, 70), params=NO_SUMMARY, headers=connected.headers()
    )

    assert response.status_code == 200, response.text
    (allocation,) = response.json()["Allocations"]
    assert allocation["Amount"] == 70.0
    assert allocation["Invoice"]["InvoiceID"] == invoice_id
    invoice = sim.entity(tenant, "invoices", invoice_id)
    assert (invoice["Status"], invoice["AmountDue"], invoice["AmountCredited"]) == (
        "PAID",
        0.0,
        70.0,
    )
    assert invoice["AmountPaid"] == 30.0
    note = sim.entity(tenant, "credit_notes", note_id)
    assert (note["Status"], note["RemainingCredit"]) == ("PAID", 0.0)
    assert [a["Amount"] for a in note["Allocations"]] == [70.0]
    read = await client.get(f"{NOTES}/{note_id}", headers=connected.headers())
    assert read.json()["CreditNotes"][0]["Status"] == "PAID"
    assert ("PUT", "/api.xro/2.0/CreditNotes/{CreditNoteID}/Allocations", 200) in [
        (m, p.replace(note_id, "{CreditNoteID}"), s) for m, p, s in validator.checked
    ]


async def test_a_partial_allocation_leaves_both_authorised_with_what_remains(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    tenant = connected.tenant_ids[0]
    invoice_id = await _invoice(client, connected)
    note_id = await _create_note(client, connected, 40)

    response = await client.put(
        f"{NOTES}/{note_id}/Allocations",
        json=_allocation(invoice_id, 25),
        params=NO_SUMMARY,
        headers=connected.headers(),
    )

    assert response.status_code == 200, response.text
    invoice = sim.entity(tenant, "invoices", invoice_id)
    assert (invoice["Status"], invoice["AmountDue"]) == ("AUTHORISED", 75.0)
    note = sim.entity(tenant, "credit_notes", note_id)
    assert (note["Status"], note["RemainingCredit"]) == ("AUTHORISED", 15.0)
    voided = await client.post(
        f"{INVOICES}/{invoice_id}", json={"Status": "VOIDED"}, headers=connected.headers()
    )
    assert voided.status_code == 400


async def test_allocations_beyond_the_credit_or_the_amount_due_or_to_another_contact_are_refused(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    tenant = connected.tenant_ids[0]
    invoice_id = await _invoice(client, connected)
    other_id = await _invoice(client, connected, contact="Someone else")
    small = await _create_note(client, connected, 20)
    large = await _create_note(client, connected, 150)
    headers = connected.headers()

    too_much = await client.put(
        f"{NOTES}/{small}/Allocations", json=_allocation(invoice_id, 30), headers=headers
    )
    over_due = await client.put(
        f"{NOTES}/{large}/Allocations",
        json=_allocation(invoice_id, 120),
        params=NO_SUMMARY,
        headers=headers,
    )
    elsewhere = await client.put(
        f"{NOTES}/{small}/Allocations",
        json=_allocation(other_id, 10),
        params=NO_SUMMARY,
        headers=headers,
    )
    missing = await client.put(
        f"{NOTES}/00000000-0000-0000-0000-00000000abcd/Allocations",
        json=_allocation(invoice_id, 1),
        headers=headers,
    )

    assert too_much.status_code == 400
    (element,) = too_much.json()["Elements"]
    assert [e["Message"] for e in element["ValidationErrors"]] == [
        "Allocation amount exceeds the remaining credit on the credit note"
    ]
    (refused,) = over_due.json()["Allocations"]
    assert refused["StatusAttributeString"] == "ERROR"
    assert [e["Message"] for e in refused["ValidationErrors"]] == [
        "Allocation amount exceeds the amount outstanding on this document"
    ]
    (other,) = elsewhere.json()["Allocations"]
    assert [e["Message"] for e in other["ValidationErrors"]] == [
        "The credit note and the invoice must belong to the same contact"
    ]
    assert missing.status_code == 404
    assert sim.entity(tenant, "invoices", invoice_id)["AmountDue"] == 100.0
    assert sim.entity(tenant, "credit_notes", small)["RemainingCredit"] == 20.0
    assert sim.entity(tenant, "credit_notes", large)["RemainingCredit"] == 150.0
    statuses = {(m, s) for m, p, s in validator.checked if p.endswith("/Allocations")}
    assert {("PUT", 400), ("PUT", 200)} <= statuses
