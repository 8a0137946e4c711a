"""`requestid`: a repeated write replays the original answer and never makes a second object."""

from __future__ import annotations

import httpx
import pytest

from integrations.quickbooks_online.simulator import ManualClock, SimulatorState
from integrations.quickbooks_online.simulator.testing import Connection, OAuthDriver


async def test_requestid_replay_returns_original_body_without_second_object(
    qbo: Connection, state: SimulatorState, clock: ManualClock
) -> None:
    first = await qbo.post("customer", {"DisplayName": "Once"}, requestid="req-1")
    clock.advance(5)

    second = await qbo.post("customer", {"DisplayName": "Once"}, requestid="req-1")

    assert second.status_code == 200
    assert second.content == first.content
    assert len(state.entities(qbo.realm_id, "Customer")) == 1


async def test_requestid_replay_of_a_fault_replays_the_fault(
    qbo: Connection, state: SimulatorState
) -> None:
    await qbo.customer("Taken")
    first = await qbo.post("customer", {"DisplayName": "Taken"}, requestid="req-2")

    second = await qbo.post("customer", {"DisplayName": "Other"}, requestid="req-2")

    assert first.status_code == second.status_code == 400
    assert second.content == first.content
    assert [c["DisplayName"] for c in state.entities(qbo.realm_id, "Customer")] == ["Taken"]


async def test_requestid_different_ids_create_two_objects(
    qbo: Connection, state: SimulatorState
) -> None:
    customer = await qbo.customer("Twice")

    await qbo.invoice(customer["Id"], params={"requestid": "a"})
    await qbo.invoice(customer["Id"], params={"requestid": "b"})

    assert len(state.entities(qbo.realm_id, "Invoice")) == 2


async def test_requestid_is_scoped_per_realm(oauth: OAuthDriver, state: SimulatorState) -> None:
    first = await oauth.connect()
    state.create_company("Second", realm_id="555")
    callback = await oauth.http.get(
        "/connect/oauth2",
        params={
            "client_id": "sim-client-id",
            "response_type": "code",
            "scope": "com.intuit.quickbooks.accounting",
            "redirect_uri": "http://localhost:8000/oauth/quickbooks/callback",
            "state": "s",
            "realmId": "555",
        },
    )
    code = httpx.URL(callback.headers["location"]).params["code"]
    tokens = (await oauth.exchange(code)).json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}

    await first.post("customer", {"DisplayName": "Same"}, requestid="shared")
    await oauth.http.post(
        "/v3/company/555/customer?requestid=shared", json={"DisplayName": "Same"}, headers=headers
    )

    assert len(state.entities(first.realm_id, "Customer")) == 1
    assert len(state.entities("555", "Customer")) == 1


async def test_dropped_response_after_commit_then_replay_yields_exactly_one_object(
    qbo: Connection, state: SimulatorState
) -> None:
    customer = await qbo.customer("Flaky Net")
    state.inject_fault("drop_response", method="POST", path=r"/invoice$")

    with pytest.raises(httpx.TransportError):
        await qbo.invoice(customer["Id"], DocNumber="D-1", params={"requestid": "inv-1"})
    assert len(state.entities(qbo.realm_id, "Invoice", DocNumber="D-1")) == 1

    replay = await qbo.post(
        "invoice",
        {
            "Line": [
                {
                    "Amount": 100.0,
                    "DetailType": "SalesItemLineDetail",
                    "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
                }
            ],
            "CustomerRef": {"value": customer["Id"]},
            "DocNumber": "D-1",
        },
        requestid="inv-1",
    )

    stored = state.entities(qbo.realm_id, "Invoice", DocNumber="D-1")
    assert replay.status_code == 200
    assert len(stored) == 1
    assert replay.json()["Invoice"]["Id"] == stored[0]["Id"]


async def test_dropped_response_bad_gateway_mode_answers_502_after_commit(
    qbo: Connection, state: SimulatorState
) -> None:
    state.inject_fault("drop_response", path=r"/customer$", drop_mode="bad_gateway")

    response = await qbo.post("customer", {"DisplayName": "Committed"}, requestid="c-1")
    replay = await qbo.post("customer", {"DisplayName": "Committed"}, requestid="c-1")

    assert response.status_code == 502
    assert replay.status_code == 200
    assert len(state.entities(qbo.realm_id, "Customer")) == 1


async def test_batch_requestid_replay_does_not_repeat_items(
    qbo: Connection, state: SimulatorState
) -> None:
    body = {
        "BatchItemRequest": [
            {"bId": "1", "operation": "create", "Customer": {"DisplayName": "B1"}},
            {"bId": "2", "operation": "create", "Customer": {"DisplayName": "B2"}},
        ]
    }

    first = await qbo.post("batch", body, requestid="batch-1")
    second = await qbo.post("batch", body, requestid="batch-1")

    assert second.content == first.content
    assert len(state.entities(qbo.realm_id, "Customer")) == 2
