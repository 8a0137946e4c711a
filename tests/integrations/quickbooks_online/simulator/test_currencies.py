"""Multicurrency in the simulated QuickBooks Online: CurrencyPrefs and the currency list, the
switch that cannot be turned off, customers whose currency is fixed, rates, and the refusals."""

from __future__ import annotations

from typing import Any

import httpx

from integrations.quickbooks_online.simulator.testing import Connection


def _invoice(customer_id: str, **extra: Any) -> dict[str, Any]:
    line = {
        "Amount": 100.0,
        "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
    }
    return {"Line": [line], "CustomerRef": {"value": customer_id}, **extra}


async def _euro(client: httpx.AsyncClient, qbo: Connection) -> httpx.Response:
    return await client.post(
        f"/_control/companies/{qbo.realm_id}/currencies",
        json={"multicurrency": True, "rates": {"EUR": "1.1"}},
    )


async def test_preferences_say_home_currency_and_switch_off_by_default(qbo: Connection) -> None:
    response = await qbo.get("preferences")

    prefs = response.json()["Preferences"]["CurrencyPrefs"]
    assert prefs == {"MultiCurrencyEnabled": False, "HomeCurrency": {"value": "USD"}}


async def test_control_turns_multicurrency_on_and_lists_the_currency(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    answer = await _euro(client, qbo)
    rows = (await qbo.query("SELECT * FROM CompanyCurrency")).json()["QueryResponse"]

    assert answer.json()["CurrencyPrefs"]["MultiCurrencyEnabled"] is True
    assert [r["Code"] for r in rows["CompanyCurrency"]] == ["EUR"]
    off = await client.post(
        f"/_control/companies/{qbo.realm_id}/currencies", json={"multicurrency": False}
    )
    assert off.status_code == 400


async def test_foreign_customer_without_multicurrency_is_refused(qbo: Connection) -> None:
    response = await qbo.post(
        "customer", {"DisplayName": "Dupont", "CurrencyRef": {"value": "EUR"}}
    )

    assert qbo.codes(response) == ["6000"]
    assert "Multicurrency" in response.json()["Fault"]["Error"][0]["Detail"]


async def test_invoice_takes_its_customers_currency_and_the_day_rate(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    await _euro(client, qbo)
    customer = await qbo.customer("Dupont", CurrencyRef={"value": "EUR"})

    plain = (await qbo.post("invoice", _invoice(customer["Id"]))).json()["Invoice"]
    rated = (await qbo.post("invoice", _invoice(customer["Id"], ExchangeRate=1.25))).json()

    assert (plain["CurrencyRef"]["value"], plain["ExchangeRate"], plain["HomeTotalAmt"]) == (
        "EUR",
        1.1,
        110.0,
    )
    assert rated["Invoice"]["HomeTotalAmt"] == 125.0


async def test_invoice_in_another_currency_than_its_customer_is_refused(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    await _euro(client, qbo)
    customer = await qbo.customer("Acme")

    response = await qbo.post("invoice", _invoice(customer["Id"], CurrencyRef={"value": "EUR"}))

    assert qbo.codes(response) == ["6000"]
    assert "currency of the customer" in response.json()["Fault"]["Error"][0]["Detail"]


async def test_customer_currency_cannot_change_once_set(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    await _euro(client, qbo)
    customer = await qbo.customer("Dupont", CurrencyRef={"value": "EUR"})

    response = await qbo.post(
        "customer",
        {
            "Id": customer["Id"],
            "SyncToken": customer["SyncToken"],
            "sparse": True,
            "CurrencyRef": {"value": "USD"},
        },
    )

    assert qbo.codes(response) == ["6000"]
