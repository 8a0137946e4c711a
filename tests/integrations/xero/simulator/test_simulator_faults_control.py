"""Fault injection and the /_control API."""

from __future__ import annotations

import httpx
import pytest

from integrations.xero.simulator import (
    ResponseDropped,
    SimulatedTimeout,
    SimulatorSettings,
    SimulatorState,
    create_app,
)
from integrations.xero.simulator.testing import BASE_URL, Connected, FakeClock, connect, refresh

URL = "/api.xro/2.0/Invoices"


@pytest.mark.parametrize(("kind", "status"), [("429", 429), ("500", 500), ("503", 503)])
async def test_fault_status_answers_next_matching_request_only(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState, kind: str, status: int
) -> None:
    sim.inject_fault(kind, method="GET", path=URL, retry_after=7)

    other = await client.get("/api.xro/2.0/Contacts", headers=connected.headers())
    faulted = await client.get(URL, headers=connected.headers())
    healed = await client.get(URL, headers=connected.headers())

    assert other.status_code == 200
    assert faulted.status_code == status
    assert healed.status_code == 200
    if status == 429:
        assert faulted.headers["Retry-After"] == "7"
        assert faulted.headers["X-Rate-Limit-Problem"] == "minute"


async def test_fault_count_applies_to_n_requests(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    sim.inject_fault("503", count=2)

    codes = [(await client.get(URL, headers=connected.headers())).status_code for _ in range(3)]

    assert codes == [503, 503, 200]


async def test_fault_hang_raises_client_timeout_without_waiting(
    connected: Connected, client: httpx.AsyncClient, sim: SimulatorState
) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    sim.settings.sleep = fake_sleep
    sim.inject_fault("hang", path=URL)

    with pytest.raises(SimulatedTimeout):
        await client.get(URL, headers=connected.headers())
    assert slept == [30.0]


async def test_fault_on_token_endpoint_drops_refresh_after_rotation(
    client: httpx.AsyncClient,
    settings: SimulatorSettings,
    connected: Connected,
    sim: SimulatorState,
) -> None:
    sim.inject_fault("drop_after_commit", path="/connect/token")
    with pytest.raises(ResponseDropped):
        await refresh(client, settings, connected.refresh_token)

    retried = await refresh(client, settings, connected.refresh_token)

    assert retried.status_code == 200


async def test_control_create_org_then_list_entities_by_field(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    created = await client.post("/_control/organisations", json={"name": "Umbrella"})
    tenant = created.json()["tenantId"]
    listed = await client.get("/_control/organisations")
    await client.put(
        URL,
        json={
            "Invoices": [
                {
                    "Type": "ACCREC",
                    "Contact": {"Name": "Z"},
                    "InvoiceNumber": "C-1",
                    "LineItems": [],
                }
            ]
        },
        headers=connected.headers(),
    )

    found = await client.get(
        f"/_control/organisations/{connected.tenant_ids[0]}/invoices",
        params={"InvoiceNumber": "C-1"},
    )

    assert tenant in {row["tenantId"] for row in listed.json()}
    assert sim.organisation(tenant).name == "Umbrella"
    assert len(found.json()) == 1
    assert found.json()[0]["Status"] == "DRAFT"


async def test_control_pay_void_rename_and_errors(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    tenant = connected.tenant_ids[0]
    body = {
        "Invoices": [
            {
                "Type": "ACCREC",
                "Contact": {"Name": "Ctl"},
                "Status": "AUTHORISED",
                "LineItems": [
                    {
                        "Description": "x",
                        "Quantity": 1,
                        "UnitAmount": 20,
                        "AccountCode": "200",
                        "TaxType": "NONE",
                    }
                ],
            }
        ]
    }
    first = (await client.put(URL, json=body, headers=connected.headers())).json()["Invoices"][0]
    second = (await client.put(URL, json=body, headers=connected.headers())).json()["Invoices"][0]
    base = f"/_control/organisations/{tenant}"

    paid = await client.post(f"{base}/invoices/{first['InvoiceID']}/payments", json={"amount": 20})
    void_paid = await client.post(f"{base}/invoices/{first['InvoiceID']}/void")
    voided = await client.post(f"{base}/invoices/{second['InvoiceID']}/void")
    contact_id = first["Contact"]["ContactID"]
    renamed = await client.post(f"{base}/contacts/{contact_id}/rename", json={"name": "Ctl 2"})
    missing = await client.get(f"{base}/invoices/3fa85f64-5717-4562-b3fc-2c963f66afa6")

    assert paid.status_code == 200
    assert sim.entity(tenant, "invoices", first["InvoiceID"])["Status"] == "PAID"
    assert void_paid.status_code == 400
    assert voided.json()["Status"] == "VOIDED"
    assert renamed.json()["Name"] == "Ctl 2"
    assert missing.status_code == 404


async def test_control_faults_endpoint_adds_lists_and_clears(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    added = await client.post("/_control/faults", json={"kind": "500", "count": 2, "path": URL})
    cleared = await client.delete("/_control/faults")
    after = await client.get(URL, headers=connected.headers())

    assert added.json()[0]["remaining"] == 2
    assert cleared.json() == []
    assert after.status_code == 200


async def test_latency_setting_sleeps_before_each_api_call(clock: FakeClock) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    settings = SimulatorSettings(clock=clock, latency_seconds=0.25, sleep=fake_sleep)
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as c:
        connected = await connect(c, settings, list(app.state.simulator.organisations))
        await c.get(URL, headers=connected.headers())
        await c.get(URL, headers=connected.headers())

    assert slept == [0.25, 0.25]
