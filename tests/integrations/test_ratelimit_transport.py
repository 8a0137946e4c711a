"""The rate-limited transport: every call spends the budget; a 429 pauses the company."""

from __future__ import annotations

import httpx

from integrations.ratelimit import InProcessRateLimiter, ManualClock, Rate, RateBudget
from integrations.ratelimit.transport import RateLimitedTransport


def _app(status: int, headers: dict[str, str] | None = None) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, headers=headers or {}))


async def test_transport_call_beyond_budget_waits_for_window() -> None:
    clock = ManualClock()
    limiter = InProcessRateLimiter(RateBudget(rates=(Rate(2, 60),)), clock=clock)
    transport = RateLimitedTransport(_app(200), limiter, "realm-1")
    async with httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        for _ in range(3):
            await client.get("/x")
    assert clock.monotonic() >= 60


async def test_transport_429_penalizes_the_company() -> None:
    clock = ManualClock()
    limiter = InProcessRateLimiter(RateBudget(rates=(Rate(100, 60),)), clock=clock)
    transport = RateLimitedTransport(_app(429, {"Retry-After": "30"}), limiter, "realm-1")
    async with httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        first = await client.get("/x")
        assert first.status_code == 429
        start = clock.monotonic()
        await client.get("/x")
    assert clock.monotonic() - start >= 30
