"""Currencies in the simulated Xero: the Organisation's BaseCurrency and /Currencies, currencies
added with their day rates through the control API, a document in a currency not added refused
per element, and the rate a document and a payment are saved at; every Accounting API exchange
checked against Xero's spec."""

from __future__ import annotations

import httpx

from integrations.xero.simulator import SimulatorState
from integrations.xero.simulator.openapi_check import XeroSpecValidator
from integrations.xero.simulator.testing import Connected

API = "/api.xro/2.0"
NO_ERRORS = {"summarizeErrors": "false"}


def _invoice(number: str, currency: str, **extra: object) -> dict[str, object]:
    return {
        "Type": "ACCREC",
        "Contact": {"Name": "Dupont SA"},
        "InvoiceNumber": number,
        "Date": "2026-04-01",
        "DueDate": "2026-04-30",
        "Status": "AUTHORISED",
        "LineAmountTypes": "NoTax",
        "CurrencyCode": currency,
        "LineItems": [{"Description": "x", "Quantity": 1, "UnitAmount": 100, "AccountCode": "200"}],
        **extra,
    }


async def _put_invoices(
    client: httpx.AsyncClient, connected: Connected, *elements: object
) -> list[dict[str, object]]:
    response = await client.put(
        f"{API}/Invoices",
        json={"Invoices": list(elements)},
        params=NO_ERRORS,
        headers=connected.headers(),
    )
    assert response.status_code == 200, response.text
    rows: list[dict[str, object]] = response.json()["Invoices"]
    return rows


async def test_organisation_and_currencies_show_the_base_and_added_currencies(
    client: httpx.AsyncClient, connected: Connected, validator: XeroSpecValidator
) -> None:
    tenant = connected.tenant_ids[0]
    before = await client.get(f"{API}/Currencies", headers=connected.headers())
    added = await client.post(
        f"/_control/organisations/{tenant}/currencies", json={"rates": {"EUR": 0.9}}
    )
    after = await client.get(f"{API}/Currencies", headers=connected.headers())
    organisation = await client.get(f"{API}/Organisation", headers=connected.headers())

    assert [c["Code"] for c in before.json()["Currencies"]] == ["USD"]
    assert added.json() == {"base": "USD", "rates": {"EUR": 0.9}}
    assert [c["Code"] for c in after.json()["Currencies"]] == ["USD", "EUR"]
    assert organisation.json()["Organisations"][0]["BaseCurrency"] == "USD"
    assert ("GET", f"{API}/Organisation", 200) in validator.checked
    assert ("GET", f"{API}/Currencies", 200) in validator.checked


async def test_invoice_in_a_currency_not_added_fails_per_element(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    tenant = connected.tenant_ids[0]

    refused, kept = await _put_invoices(
        client, connected, _invoice("C-1", "EUR"), _invoice("C-2", "USD")
    )

    assert refused["StatusAttributeString"] == "ERROR"
    messages = [e["Message"] for e in refused["ValidationErrors"]]  # type: ignore[attr-defined]
    assert messages == ["Organisation is not subscribed to currency EUR"]
    assert kept["StatusAttributeString"] == "OK"
    assert [r["InvoiceNumber"] for r in sim.entities(tenant, "invoices")] == ["C-2"]


async def test_invoice_takes_the_day_rate_unless_it_has_its_own_and_a_payment_too(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    tenant = connected.tenant_ids[0]
    sim.add_currencies(tenant, {"EUR": 0.9})

    day, own = await _put_invoices(
        client,
        connected,
        _invoice("R-1", "EUR"),
        _invoice("R-2", "EUR", CurrencyRate=0.8),
    )
    paid = await client.put(
        f"{API}/Payments",
        json={
            "Payments": [
                {
                    "Invoice": {"InvoiceID": own["InvoiceID"]},
                    "Account": {"Code": "090"},
                    "Date": "2026-04-02",
                    "Amount": 100,
                    "CurrencyRate": 0.75,
                }
            ]
        },
        headers=connected.headers(),
    )

    assert (day["CurrencyRate"], own["CurrencyRate"]) == (0.9, 0.8)
    payment = paid.json()["Payments"][0]
    assert payment["CurrencyRate"] == 0.75
    (invoice,) = [r for r in sim.entities(tenant, "invoices") if r["InvoiceNumber"] == "R-2"]
    assert invoice["Status"] == "PAID"
