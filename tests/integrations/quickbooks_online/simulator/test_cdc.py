"""Change data capture: what changed since a moment, in the recorded shape."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from integrations.quickbooks_online.simulator import ManualClock, SimulatorState
from integrations.quickbooks_online.simulator.testing import Connection

FixtureJson = Callable[[str], Any]


async def test_cdc_returns_changed_entities_in_recorded_shape(
    qbo: Connection, clock: ManualClock, fixture_json: FixtureJson
) -> None:
    old = await qbo.customer("Before")
    clock.advance(600)
    since = clock.now()
    clock.advance(1)
    fresh = await qbo.customer("After")
    invoice = await qbo.invoice(old["Id"])

    response = await qbo.get(
        "cdc", entities="Invoice,Customer,Payment", changedSince=since.isoformat()
    )

    recorded = fixture_json("cdc_response.json")
    body = response.json()
    assert response.status_code == 200
    assert set(body) == set(recorded)
    assert set(body["CDCResponse"][0]) == set(recorded["CDCResponse"][0])
    invoices, customers, payments = body["CDCResponse"][0]["QueryResponse"]
    assert set(invoices) == set(recorded["CDCResponse"][0]["QueryResponse"][0]) - {"Estimate"} | {
        "Invoice"
    }
    assert [i["Id"] for i in invoices["Invoice"]] == [invoice["Id"]]
    # The new invoice changes the old customer's balance but not its SyncToken-bearing fields.
    assert [c["Id"] for c in customers["Customer"]] == [fresh["Id"]]
    assert payments == {}


async def test_cdc_reports_deleted_transactions_as_tombstones(
    qbo: Connection, clock: ManualClock
) -> None:
    customer = await qbo.customer("Deleter")
    invoice = await qbo.invoice(customer["Id"])
    since = clock.now()
    clock.advance(5)
    await qbo.post("invoice", {"Id": invoice["Id"], "SyncToken": "0"}, operation="delete")

    response = await qbo.get("cdc", entities="Invoice", changedSince=since.isoformat())

    (rows,) = response.json()["CDCResponse"][0]["QueryResponse"]
    assert rows["Invoice"][0]["status"] == "Deleted"
    assert rows["Invoice"][0]["Id"] == invoice["Id"]


async def test_cdc_lookback_over_30_days_answers_fault(qbo: Connection, clock: ManualClock) -> None:
    since = clock.now() - timedelta(days=31)

    response = await qbo.get("cdc", entities="Customer", changedSince=since.isoformat())

    assert response.status_code == 400
    assert "30 days" in response.json()["Fault"]["Error"][0]["Detail"]


async def test_cdc_caps_objects_per_response(
    qbo: Connection, state: SimulatorState, clock: ManualClock
) -> None:
    state.settings.cdc_max_objects = 3
    since = clock.now()
    for i in range(5):
        clock.advance(1)
        await qbo.customer(f"N{i}")

    response = await qbo.get("cdc", entities="Customer", changedSince=since.isoformat())

    rows = response.json()["CDCResponse"][0]["QueryResponse"][0]["Customer"]
    assert [r["DisplayName"] for r in rows] == ["N0", "N1", "N2"]


async def test_cdc_without_changed_since_answers_2020(qbo: Connection) -> None:
    response = await qbo.get("cdc", entities="Customer")

    assert qbo.codes(response) == ["2020"]
