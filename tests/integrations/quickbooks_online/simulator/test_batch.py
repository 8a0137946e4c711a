"""Batch: independent items, per-item faults, HTTP 200, and the item limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from integrations.quickbooks_online.simulator import SimulatorState
from integrations.quickbooks_online.simulator.testing import Connection

FixtureJson = Callable[[str], Any]


async def test_batch_mixed_items_answer_per_item_like_recorded_batch(
    qbo: Connection, fixture_json: FixtureJson
) -> None:
    customer = await qbo.customer("Batch Co")
    invoice = await qbo.invoice(customer["Id"])
    await qbo.post("invoice", {"Id": invoice["Id"], "SyncToken": "0", "sparse": True})

    response = await qbo.post(
        "batch",
        {
            "BatchItemRequest": [
                {"bId": "bid1", "operation": "create", "Customer": {"DisplayName": "Boraski"}},
                {"bId": "bid2", "operation": "delete", "Invoice": {"Id": "129", "SyncToken": "0"}},
                {
                    "bId": "bid3",
                    "operation": "update",
                    "Invoice": {
                        "sparse": True,
                        "Id": invoice["Id"],
                        "SyncToken": "0",
                        "PrivateNote": "late",
                    },
                },
                {"bId": "bid4", "Query": "SELECT * FROM Customer ORDERBY Id MAXRESULTS 2"},
                {"bId": "bid5", "operation": "create", "Customer": {"DisplayName": "Batch Co"}},
            ]
        },
    )

    recorded = fixture_json("batch_response.json")
    body = response.json()
    items = {item["bId"]: item for item in body["BatchItemResponse"]}
    rec = {item["bId"]: item for item in recorded["BatchItemResponse"]}
    assert response.status_code == 200
    assert set(body) == set(recorded)
    assert set(items["bid1"]) == {"Customer", "bId"}
    assert set(items["bid2"]) == set(rec["bid2"])
    assert set(items["bid2"]["Fault"]["Error"][0]) == set(rec["bid2"]["Fault"]["Error"][0])
    assert items["bid2"]["Fault"]["Error"][0]["code"] == "610"
    assert items["bid3"]["Fault"]["Error"][0]["code"] == "5010"
    assert set(items["bid4"]["QueryResponse"]) == set(rec["bid4"]["QueryResponse"]) - {
        "SalesReceipt"
    } | {"Customer"}
    assert items["bid4"]["QueryResponse"]["maxResults"] == 2
    assert items["bid5"]["Fault"]["Error"][0]["code"] == "6240"


async def test_batch_successful_create_is_stored(qbo: Connection, state: SimulatorState) -> None:
    await qbo.post(
        "batch",
        {
            "BatchItemRequest": [
                {"bId": "1", "operation": "create", "Customer": {"DisplayName": "X"}}
            ]
        },
    )

    assert [c["DisplayName"] for c in state.entities(qbo.realm_id, "Customer")] == ["X"]


async def test_batch_more_than_30_items_rejected_without_side_effects(
    qbo: Connection, state: SimulatorState
) -> None:
    items = [
        {"bId": str(i), "operation": "create", "Customer": {"DisplayName": f"C{i}"}}
        for i in range(31)
    ]

    response = await qbo.post("batch", {"BatchItemRequest": items})

    assert response.status_code == 400
    assert "Fault" in response.json()
    assert state.entities(qbo.realm_id, "Customer") == []


async def test_batch_exactly_30_items_accepted(qbo: Connection) -> None:
    items = [{"bId": str(i), "Query": "SELECT COUNT(*) FROM Item"} for i in range(30)]

    response = await qbo.post("batch", {"BatchItemRequest": items})

    assert response.status_code == 200
    assert len(response.json()["BatchItemResponse"]) == 30
