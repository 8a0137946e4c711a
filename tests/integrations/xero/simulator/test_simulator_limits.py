"""Per-tenant limits: headers on every response, 429 with Retry-After and the problem named."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from integrations.xero.simulator import SimulatorSettings, SimulatorState, create_app
from integrations.xero.simulator.testing import BASE_URL, Connected, FakeClock, connect

URL = "/api.xro/2.0/Accounts"


@pytest.fixture
def settings(clock: FakeClock) -> SimulatorSettings:
    return SimulatorSettings(
        default_organisations=("Acme Ltd", "Globex Pty"),
        clock=clock,
        enforce_limits=True,
        minute_limit=3,
        day_limit=5,
    )


async def test_limit_headers_count_down_per_tenant(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    first = await client.get(URL, headers=connected.headers())
    second = await client.get(URL, headers=connected.headers())
    other = await client.get(URL, headers=connected.headers(connected.tenant_ids[1]))

    assert first.headers["X-MinLimit-Remaining"] == "2"
    assert second.headers["X-MinLimit-Remaining"] == "1"
    assert second.headers["X-DayLimit-Remaining"] == "3"
    assert other.headers["X-MinLimit-Remaining"] == "2"
    assert int(second.headers["X-AppMinLimit-Remaining"]) == 10000 - 2


async def test_limit_minute_exceeded_429_with_retry_after(
    client: httpx.AsyncClient, connected: Connected, clock: FakeClock
) -> None:
    for _ in range(3):
        assert (await client.get(URL, headers=connected.headers())).status_code == 200
        clock.advance(10)

    refused = await client.get(URL, headers=connected.headers())
    clock.advance(31)
    allowed = await client.get(URL, headers=connected.headers())

    assert refused.status_code == 429
    assert refused.headers["X-Rate-Limit-Problem"] == "minute"
    assert refused.headers["Retry-After"] == "30"
    assert allowed.status_code == 200


async def test_limit_daily_exceeded_429_until_window_rolls(
    client: httpx.AsyncClient, connected: Connected, clock: FakeClock
) -> None:
    for _ in range(5):
        assert (await client.get(URL, headers=connected.headers())).status_code == 200
        clock.advance(61)

    refused = await client.get(URL, headers=connected.headers())

    assert refused.status_code == 429
    assert refused.headers["X-Rate-Limit-Problem"] == "day"
    assert refused.headers["X-DayLimit-Remaining"] == "0"
    assert int(refused.headers["Retry-After"]) == 24 * 3600 - 5 * 61


async def test_limit_concurrent_sixth_call_refused_while_five_in_flight(clock: FakeClock) -> None:
    gate = asyncio.Event()
    all_in = asyncio.Event()
    holding: list[float] = []

    async def held(seconds: float) -> None:
        holding.append(seconds)
        if len(holding) == 5:
            all_in.set()
        await gate.wait()

    settings = SimulatorSettings(clock=clock, enforce_limits=True, sleep=held)
    app = create_app(settings)
    state: SimulatorState = app.state.simulator
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as c:
        connected = await connect(c, settings, list(state.organisations))
        tenant = connected.tenant_ids[0]
        state.inject_fault("latency", count=5, path=URL, seconds=1)
        slow = [asyncio.create_task(c.get(URL, headers=connected.headers())) for _ in range(5)]
        await all_in.wait()
        assert state.limiter.in_flight(tenant) == 5

        refused = await c.get(URL, headers=connected.headers())
        gate.set()
        finished = await asyncio.gather(*slow)

    assert refused.status_code == 429
    assert refused.headers["X-Rate-Limit-Problem"] == "concurrent"
    assert refused.headers["Retry-After"] == "1"
    assert [r.status_code for r in finished] == [200] * 5
    assert state.limiter.in_flight(tenant) == 0


async def test_limits_off_still_report_headers(clock: FakeClock) -> None:
    settings = SimulatorSettings(clock=clock, minute_limit=1)
    app = create_app(settings)
    state: SimulatorState = app.state.simulator
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as c:
        connected = await connect(c, settings, list(state.organisations))
        responses = [await c.get(URL, headers=connected.headers()) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert responses[-1].headers["X-MinLimit-Remaining"] == "0"
