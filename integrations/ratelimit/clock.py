"""Time as a dependency, so waiting for a window to free can be tested without sleeping."""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Clock(Protocol):
    """Where a limiter reads time and how it waits."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (used inside one process)."""
        ...

    def time(self) -> float:
        """Seconds since the epoch (shared between processes through Redis)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait this many seconds."""
        ...


class SystemClock:
    """The real clocks and ``asyncio.sleep``."""

    def monotonic(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    def time(self) -> float:
        """``time.time()``."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        """``asyncio.sleep(seconds)``."""
        await asyncio.sleep(seconds)


class ManualClock:
    """A clock that moves only when someone sleeps on it or calls :meth:`advance`.

    ``sleep(s)`` yields to the event loop once, then moves time to at least ``start + s``. With
    many sleepers time only moves forward, so a sleeper may wake later than asked, never earlier;
    that keeps limiter tests conservative and instant.
    """

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._epoch = start
        self._now = 0.0

    def monotonic(self) -> float:
        """Seconds since the clock was made."""
        return self._now

    def time(self) -> float:
        """The start epoch plus :meth:`monotonic`."""
        return self._epoch + self._now

    def advance(self, seconds: float) -> None:
        """Move time forward without waiting."""
        if seconds < 0:
            raise ValueError("a clock cannot go back")
        self._now += seconds

    async def sleep(self, seconds: float) -> None:
        """Let other tasks run, then move time to the wake-up point."""
        target = self._now + max(0.0, seconds)
        await asyncio.sleep(0)
        self._now = max(self._now, target)
