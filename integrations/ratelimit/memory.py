"""The in-process limiter for the embedded mode (one process, no Redis server).

Every check-and-record runs without an ``await`` in between, so on one event loop it is atomic
without a lock.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .base import Attempt, BaseRateLimiter
from .budget import RateBudget, Window
from .clock import Clock


@dataclass
class _KeyState:
    # Per window: call times, kept sorted (the clock is monotonic; filled calls use "now").
    calls: dict[str, list[float]] = field(default_factory=dict)
    # Lease id -> expiry time.
    leases: dict[str, float] = field(default_factory=dict)
    paused_until: float = 0.0


class InProcessRateLimiter(BaseRateLimiter):
    """Sliding-window counters and concurrency leases held in this process's memory."""

    def __init__(
        self,
        budget: RateBudget,
        *,
        clock: Clock | None = None,
        max_wait: float = 120.0,
        poll_interval: float = 0.05,
    ) -> None:
        super().__init__(budget, clock=clock, max_wait=max_wait, poll_interval=poll_interval)
        self._keys: dict[str, _KeyState] = {}

    def _now(self) -> float:
        return self._clock.monotonic()

    def _state(self, key: str) -> _KeyState:
        return self._keys.setdefault(key, _KeyState())

    @staticmethod
    def _trim(calls: list[float], now: float, seconds: float) -> None:
        # A call made at t stops counting at t + seconds (the same rule the Redis script uses).
        del calls[: bisect.bisect_right(calls, now - seconds)]

    async def _try_acquire(self, key: str, windows: tuple[Window, ...], lease: str) -> Attempt:
        now = self._now()
        state = self._state(key)
        wait = max(0.0, state.paused_until - now)
        for window in windows:
            calls = state.calls.setdefault(window.name, [])
            self._trim(calls, now, window.seconds)
            if len(calls) >= window.limit:
                # The call whose expiry brings the count back under the limit.
                wait = max(wait, calls[len(calls) - window.limit] + window.seconds - now)
        full = False
        cap = self._budget.max_concurrent
        if cap is not None:
            state.leases = {lid: exp for lid, exp in state.leases.items() if exp > now}
            full = len(state.leases) >= cap
        if wait > 0 or full:
            return Attempt(granted=False, wait=wait, concurrency_full=full)
        for window in windows:
            state.calls[window.name].append(now)
        if cap is not None:
            state.leases[lease] = now + self._budget.lease_ttl
        return Attempt(granted=True, at=now)

    async def _release(self, key: str, lease: str) -> None:
        self._state(key).leases.pop(lease, None)

    async def _renew(self, key: str, lease: str) -> None:
        leases = self._state(key).leases
        now = self._now()
        if leases.get(lease, now) > now:
            leases[lease] = now + self._budget.lease_ttl

    async def _used(self, key: str, window: Window) -> int:
        calls = self._state(key).calls.setdefault(window.name, [])
        self._trim(calls, self._now(), window.seconds)
        return len(calls)

    async def _pause_until(self, key: str, until: float, ttl: float) -> None:
        state = self._state(key)
        state.paused_until = max(state.paused_until, until)

    async def _fill(self, key: str, window: Window, used: int) -> None:
        now = self._now()
        calls = self._state(key).calls.setdefault(window.name, [])
        self._trim(calls, now, window.seconds)
        missing = used - len(calls)
        if missing > 0:
            calls.extend([now] * missing)
