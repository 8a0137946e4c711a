"""Throttling (429/3001) on an injected clock, and injected faults."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from lxml import etree

from integrations.quickbooks_online.simulator import (
    FaultKind,
    ManualClock,
    SimulatorSettings,
    SimulatorState,
    create_app,
)
from integrations.quickbooks_online.simulator.testing import Connection

FixturePath = Callable[[str], Path]

INTUIT_NS = {"i": "http://schema.intuit.com/finance/v3"}


@pytest.fixture
def settings(clock: ManualClock) -> SimulatorSettings:
    return SimulatorSettings(
        clock=clock, auto_approve=True, enforce_limits=True, requests_per_minute=5
    )


def recorded_throttle(fixture_path: FixturePath) -> dict[str, str | None]:
    root = etree.parse(str(fixture_path("error_429_3001_throttle_exceeded.xml"))).getroot()
    fault = root.find("i:Fault", INTUIT_NS)
    error = fault.find("i:Error", INTUIT_NS)
    return {
        "type": fault.get("type"),
        "code": error.get("code"),
        "Message": error.findtext("i:Message", namespaces=INTUIT_NS),
        "Detail": error.findtext("i:Detail", namespaces=INTUIT_NS),
    }


async def test_throttle_over_requests_per_minute_answers_429_with_3001_body(
    qbo: Connection, clock: ManualClock, fixture_path: FixturePath
) -> None:
    statuses = [(await qbo.get("item/1")).status_code for _ in range(5)]

    response = await qbo.get("item/1")

    recorded = recorded_throttle(fixture_path)
    fault = response.json()["Fault"]
    assert statuses == [200] * 5
    assert response.status_code == 429
    assert fault["type"] == recorded["type"]
    assert fault["Error"][0]["code"] == recorded["code"]
    assert fault["Error"][0]["Message"] == recorded["Message"]
    assert fault["Error"][0]["Detail"] == recorded["Detail"]


async def test_throttle_window_reopens_after_a_minute_on_injected_clock(
    qbo: Connection, clock: ManualClock
) -> None:
    for _ in range(5):
        await qbo.get("item/1")
    assert (await qbo.get("item/1")).status_code == 429

    clock.advance(60)

    assert (await qbo.get("item/1")).status_code == 200


async def test_throttle_xml_accept_gets_intuit_xml_body(
    qbo: Connection, fixture_path: FixturePath
) -> None:
    for _ in range(5):
        await qbo.get("item/1")

    response = await qbo.http.get(
        qbo.url("item/1"), headers={**qbo.headers, "Accept": "application/xml"}
    )

    root = etree.fromstring(response.content)
    error = root.find("i:Fault/i:Error", INTUIT_NS)
    assert response.status_code == 429
    assert error.get("code") == "3001"
    assert (
        error.findtext("i:Message", namespaces=INTUIT_NS)
        == recorded_throttle(fixture_path)["Message"]
    )


async def test_throttle_batch_calls_per_minute_limit(
    qbo: Connection, state: SimulatorState
) -> None:
    state.settings.requests_per_minute = 500
    state.settings.batch_requests_per_minute = 2
    body = {"BatchItemRequest": [{"bId": "1", "Query": "SELECT COUNT(*) FROM Item"}]}

    statuses = [(await qbo.post("batch", body)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert (await qbo.get("item/1")).status_code == 200


async def test_throttle_more_than_max_concurrent_answers_429(
    qbo: Connection, state: SimulatorState
) -> None:
    state.settings.requests_per_minute = 500
    state.settings.max_concurrent = 3
    state.settings.latency_seconds = 1.0
    gate = asyncio.Event()

    async def held(_: float) -> None:
        await gate.wait()

    state.settings.sleep = held
    running = [asyncio.create_task(qbo.get("item/1")) for _ in range(3)]
    for _ in range(100):
        if state.throttle.in_flight(qbo.realm_id) == 3:
            break
        await asyncio.sleep(0)

    extra = await qbo.get("item/1")
    gate.set()
    finished = await asyncio.gather(*running)

    assert extra.status_code == 429
    assert [r.status_code for r in finished] == [200, 200, 200]
    assert state.throttle.in_flight(qbo.realm_id) == 0


async def test_limits_off_by_default() -> None:
    app = create_app(SimulatorSettings())
    state = app.state.simulator

    assert state.settings.enforce_limits is False
    assert (state.settings.requests_per_minute, state.settings.max_concurrent) == (500, 10)
    assert state.settings.batch_requests_per_minute == 40


@pytest.mark.parametrize(
    ("kind", "status"), [("throttle", 429), ("server_error", 500), ("unavailable", 503)]
)
async def test_injected_fault_answers_status_for_next_request_only(
    qbo: Connection, state: SimulatorState, kind: FaultKind, status: int
) -> None:
    state.settings.enforce_limits = False
    state.inject_fault(kind, count=1, method="GET", path=r"/item/")

    faulty = await qbo.get("item/1")
    other = await qbo.get("account/1")
    healthy = await qbo.get("item/1")

    assert faulty.status_code == status
    assert other.status_code == 200
    assert healthy.status_code == 200


async def test_injected_server_error_has_intuit_system_fault_body(
    qbo: Connection, state: SimulatorState
) -> None:
    state.inject_fault("server_error")

    response = await qbo.get("item/1")

    assert response.json()["Fault"]["type"] == "SystemFault"


async def test_injected_timeout_waits_then_answers_504(
    qbo: Connection, state: SimulatorState
) -> None:
    waited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)

    state.settings.sleep = fake_sleep
    state.inject_fault("timeout", seconds=130)

    response = await qbo.get("item/1")

    assert response.status_code == 504
    assert waited == [130]


async def test_injected_timeout_hangs_past_client_deadline(
    qbo: Connection, state: SimulatorState
) -> None:
    state.inject_fault("timeout", seconds=30)

    with pytest.raises(TimeoutError):
        await asyncio.wait_for(qbo.get("item/1"), timeout=0.01)


async def test_injected_latency_delays_then_proceeds(
    qbo: Connection, state: SimulatorState
) -> None:
    waited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)

    state.settings.sleep = fake_sleep
    state.inject_fault("latency", seconds=2.5, count=2)

    responses = [await qbo.get("item/1") for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert waited == [2.5, 2.5]


async def test_configured_latency_range_applies_to_api_calls(
    qbo: Connection, state: SimulatorState
) -> None:
    waited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)

    state.settings.sleep = fake_sleep
    state.settings.latency_seconds = (0.01, 0.02)

    await qbo.get("item/1")

    assert len(waited) == 1
    assert 0.01 <= waited[0] <= 0.02


async def test_drop_response_disconnect_raises_transport_error(
    qbo: Connection, state: SimulatorState
) -> None:
    state.inject_fault("drop_response")

    with pytest.raises(httpx.RemoteProtocolError):
        await qbo.get("item/1")
