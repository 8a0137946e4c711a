"""Per-realm limits: requests per minute, concurrent requests, batch calls per minute."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .settings import SimulatorSettings

WINDOW_SECONDS = 60.0


@dataclass
class _RealmUsage:
    requests: deque[float] = field(default_factory=deque)
    batches: deque[float] = field(default_factory=deque)
    in_flight: int = 0


class Throttle:
    """Sliding one-minute windows on the injected monotonic clock."""

    def __init__(self, settings: SimulatorSettings) -> None:
        self._settings = settings
        self._usage: dict[str, _RealmUsage] = {}

    def try_acquire(self, realm_id: str, *, is_batch: bool) -> bool:
        """Count a request in, or return False when a limit is reached (nothing is counted)."""
        settings = self._settings
        usage = self._usage.setdefault(realm_id, _RealmUsage())
        now = settings.clock.monotonic()
        for window in (usage.requests, usage.batches):
            while window and now - window[0] >= WINDOW_SECONDS:
                window.popleft()
        if (
            usage.in_flight >= settings.max_concurrent
            or len(usage.requests) >= settings.requests_per_minute
            or (is_batch and len(usage.batches) >= settings.batch_requests_per_minute)
        ):
            return False
        usage.requests.append(now)
        if is_batch:
            usage.batches.append(now)
        usage.in_flight += 1
        return True

    def release(self, realm_id: str) -> None:
        """A request finished."""
        usage = self._usage.get(realm_id)
        if usage is not None and usage.in_flight > 0:
            usage.in_flight -= 1

    def in_flight(self, realm_id: str) -> int:
        """Requests currently running for this realm."""
        usage = self._usage.get(realm_id)
        return usage.in_flight if usage else 0
