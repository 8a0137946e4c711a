"""Lock dates: invoices, quotes and payments dated on or before the later of PeriodLockDate and
EndOfYearLockDate are refused per element, drafts are not, and the control API sets and clears
the dates; every Accounting API exchange checked against Xero's spec."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from integrations.xero.simulator import SimulatorError, SimulatorState
from integrations.xero.simulator.openapi_check import XeroSpecValidator
from integrations.xero.simulator.testing import Connected

INVOICES = "/api.xro/2.0/Invoices"
QUOTES = "/api.xro/2.0/Quotes"
PAYMENTS = "/api.xro/2.0/Payments"
EOY_LOCKED = "The document date cannot be before the end of year lock date, currently set at "
PERIOD_LOCKED = "The document date cannot be before the period lock date, currently set at "
NO_ERRORS = {"summarizeErrors": "false"}


def _invoice(number: str, day: str, status: str = "AUTHORISED") -> dict[str, object]:
    return {
        "Type": "ACCREC",
        "Contact": {"Name": "Locked Ltd"},
        "InvoiceNumber": number,
        "Date": day,
        "DueDate": "2026-06-30",
        "Status": status,
        "LineAmountTypes": "NoTax",
        "LineItems": [{"Description": "x", "Quantity": 1, "UnitAmount": 100, "AccountCode": "200"}],
    }


def _quote(number: str, day: str, status: str = "SENT") -> dict[str, object]:
    return {
        "Contact": {"Name": "Locked Ltd"},
        "QuoteNumber": number,
        "Date": day,
        "Status": status,
        "LineAmountTypes": "NOTAX",
        "LineItems": [{"Description": "x", "Quantity": 1, "UnitAmount": 10, "AccountCode": "200"}],
    }


def _payment(invoice_id: object, day: str) -> dict[str, object]:
    return {
        "Invoice": {"InvoiceID": invoice_id},
        "Account": {"Code": "090"},
        "Date": day,
        "Amount": 10,
    }


def _messages(element: dict[str, object]) -> list[str]:
    errors = element.get("ValidationErrors")
    assert isinstance(errors, list)
    return [str(error["Message"]) for error in errors]


async def _put(
    client: httpx.AsyncClient, connected: Connected, url: str, key: str, *elements: object
) -> list[dict[str, object]]:
    response = await client.put(
        url, json={key: list(elements)}, params=NO_ERRORS, headers=connected.headers()
    )
    assert response.status_code == 200, response.text
    rows: list[dict[str, object]] = response.json()[key]
    return rows


async def _lock(
    client: httpx.AsyncClient, tenant: str, period: str | None, end_of_year: str | None
) -> httpx.Response:
    body = {"periodLockDate": period, "endOfYearLockDate": end_of_year}
    return await client.post(f"/_control/organisations/{tenant}/lock-dates", json=body)


async def test_invoices_dated_on_or_before_the_lock_date_fail_per_element_drafts_pass(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    tenant = connected.tenant_ids[0]
    locked = await _lock(client, tenant, None, "2026-03-31")
    assert locked.status_code == 200

    on_lock, after, draft, submitted = await _put(
        client,
        connected,
        INVOICES,
        "Invoices",
        _invoice("L-1", "2026-03-31"),
        _invoice("L-2", "2026-04-01"),
        _invoice("L-3", "2026-01-15", status="DRAFT"),
        _invoice("L-4", "2026-01-15", status="SUBMITTED"),
    )

    assert on_lock["StatusAttributeString"] == "ERROR"
    assert _messages(on_lock) == [EOY_LOCKED + "31-Mar-2026"]
    assert on_lock["HasErrors"] is True
    assert [r["StatusAttributeString"] for r in (after, draft, submitted)] == ["OK"] * 3
    numbers = {r["InvoiceNumber"] for r in sim.entities(tenant, "invoices")}
    assert numbers == {"L-2", "L-3", "L-4"}
    assert ("PUT", INVOICES, 200) in validator.checked


@pytest.mark.parametrize(
    ("period", "end_of_year", "expected"),
    [
        ("2026-03-31", "2025-12-31", PERIOD_LOCKED + "31-Mar-2026"),
        ("2025-12-31", "2026-03-31", EOY_LOCKED + "31-Mar-2026"),
        ("2026-03-31", "2026-03-31", EOY_LOCKED + "31-Mar-2026"),
    ],
)
async def test_the_later_lock_date_binds_and_a_summarized_write_is_a_validation_exception(
    client: httpx.AsyncClient,
    connected: Connected,
    validator: XeroSpecValidator,
    period: str,
    end_of_year: str,
    expected: str,
) -> None:
    await _lock(client, connected.tenant_ids[0], period, end_of_year)

    response = await client.put(
        INVOICES,
        json={"Invoices": [_invoice("S-1", "2026-02-01")]},
        headers=connected.headers(),
    )

    assert response.status_code == 400
    body = response.json()
    assert body["Type"] == "ValidationException"
    (element,) = body["Elements"]
    assert _messages(element) == [expected]
    assert ("PUT", INVOICES, 400) in validator.checked


async def test_posted_invoice_in_a_locked_period_cannot_be_edited_or_voided_until_unlocked(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    tenant = connected.tenant_ids[0]
    (created,) = await _put(client, connected, INVOICES, "Invoices", _invoice("E-1", "2026-02-10"))
    invoice_id = created["InvoiceID"]
    sim.set_lock_dates(tenant, period_lock_date=date(2026, 2, 28))
    url = f"{INVOICES}/{invoice_id}"

    edited = await client.post(
        url, json={"Reference": "later"}, params=NO_ERRORS, headers=connected.headers()
    )
    moved = await client.post(
        url, json={"Date": "2026-03-02"}, params=NO_ERRORS, headers=connected.headers()
    )
    voided = await client.post(
        url, json={"Status": "VOIDED"}, params=NO_ERRORS, headers=connected.headers()
    )

    expected = ["Document cannot be edited as it is currently dated before period lock date"]
    for response in (edited, moved, voided):
        assert response.status_code == 200
        (row,) = response.json()["Invoices"]
        assert _messages(row) == expected
    kept = sim.entity(tenant, "invoices", str(invoice_id))
    assert (kept["Status"], kept["Reference"], kept["DateString"]) == (
        "AUTHORISED",
        "",
        "2026-02-10T00:00:00",
    )
    with pytest.raises(SimulatorError, match="period lock date"):
        sim.void_invoice(tenant, str(invoice_id))

    sim.set_lock_dates(tenant)
    reopened = await client.post(
        url, json={"Status": "VOIDED"}, params=NO_ERRORS, headers=connected.headers()
    )

    assert reopened.json()["Invoices"][0]["StatusAttributeString"] == "OK"
    assert sim.entity(tenant, "invoices", str(invoice_id))["Status"] == "VOIDED"


async def test_payments_dated_in_a_locked_period_fail_and_cannot_be_deleted(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    tenant = connected.tenant_ids[0]
    (invoice,) = await _put(client, connected, INVOICES, "Invoices", _invoice("P-1", "2026-04-02"))
    (early,) = await _put(
        client, connected, PAYMENTS, "Payments", _payment(invoice["InvoiceID"], "2026-03-15")
    )
    await _lock(client, tenant, "2026-03-31", None)

    refused, accepted = await _put(
        client,
        connected,
        PAYMENTS,
        "Payments",
        _payment(invoice["InvoiceID"], "2026-03-31"),
        _payment(invoice["InvoiceID"], "2026-04-03"),
    )
    deleted = await client.post(
        f"{PAYMENTS}/{early['PaymentID']}", json={"Status": "DELETED"}, headers=connected.headers()
    )

    assert _messages(refused) == [PERIOD_LOCKED + "31-Mar-2026"]
    assert refused["StatusAttributeString"] == "ERROR"
    assert accepted["StatusAttributeString"] == "OK"
    assert deleted.status_code == 400
    assert "before period lock date" in deleted.text
    payments = sim.entities(tenant, "payments")
    assert [(p["Status"], p["Amount"]) for p in payments] == [("AUTHORISED", 10.0)] * 2
    paid = sim.entity(tenant, "invoices", str(invoice["InvoiceID"]))
    assert paid["AmountPaid"] == 20.0
    assert ("POST", f"{PAYMENTS}/{early['PaymentID']}", 400) in validator.checked
    with pytest.raises(SimulatorError, match="currently set at 31-Mar-2026"):
        sim.record_payment(tenant, str(invoice["InvoiceID"]), 5, date="2026-01-01")


async def test_quotes_past_draft_dated_in_a_locked_period_fail_drafts_pass(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    tenant = connected.tenant_ids[0]
    sim.set_lock_dates(tenant, end_of_year_lock_date=date(2026, 3, 31))

    sent, draft, later = await _put(
        client,
        connected,
        QUOTES,
        "Quotes",
        _quote("Q-1", "2026-03-01"),
        _quote("Q-2", "2026-03-01", status="DRAFT"),
        _quote("Q-3", "2026-04-01"),
    )

    assert _messages(sent) == [EOY_LOCKED + "31-Mar-2026"]
    assert [draft["StatusAttributeString"], later["StatusAttributeString"]] == ["OK", "OK"]
    assert {q["QuoteNumber"] for q in sim.entities(tenant, "quotes")} == {"Q-2", "Q-3"}


async def test_control_lock_dates_set_read_and_clear(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    tenant = connected.tenant_ids[0]
    url = f"/_control/organisations/{tenant}/lock-dates"

    unset = await client.get(url)
    both = await _lock(client, tenant, "2026-03-31", "2025-12-31")
    read = await client.get(url)
    bad = await _lock(client, tenant, "31/03/2026", None)
    cleared = await client.post(url, json={})
    unknown = await client.get("/_control/organisations/no-such-tenant/lock-dates")

    assert unset.json() == {}
    assert both.json() == read.json()
    assert read.json() == {
        "PeriodLockDate": "/Date(1774915200000+0000)/",
        "EndOfYearLockDate": "/Date(1767139200000+0000)/",
    }
    assert bad.status_code == 400
    assert cleared.json() == {}
    org = sim.organisation(tenant)
    assert (org.period_lock_date, org.end_of_year_lock_date) == (None, None)
    assert unknown.status_code == 404
    other = sim.organisation(connected.tenant_ids[1])
    assert (other.period_lock_date, other.end_of_year_lock_date) == (None, None)
