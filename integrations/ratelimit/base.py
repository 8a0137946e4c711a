"""The limiter seam (a Protocol) and the waiting loop both backends share.

A backend only answers one question atomically — "may this call start now, and if not, for how
long must it wait?" — and records the call when the answer is yes. Waiting, deadlines and
releasing the concurrency lease live here, so both backends wait in exactly the same way.
"""

from __future__ import annotations

import abc
import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .budget import DEFAULT_CLASS, Grant, RateBudget, RateBudgetExhausted, Window
from .clock import Clock, SystemClock

logger = logging.getLogger("ledgersync.ratelimit")

# Never sleep less than this: a wait computed from floats can round to a value that does not
# move the clock, and the loop would spin.
MIN_DELAY = 0.001

#: What :meth:`BaseRateLimiter.room` answers when no window of the period applies.
UNLIMITED_ROOM = 1_000_000

#: The name of the tasks that renew held leases.
RENEWAL_TASK = "ledgersync-lease-renewal"


@dataclass(frozen=True, slots=True)
class Attempt:
    """A backend's answer: granted (``at`` the backend time it counted the call), or the seconds
    until the windows and any pause allow a call.

    ``concurrency_full`` means every concurrency lease is held; no one knows when one will be
    returned, so the caller polls.
    """

    granted: bool
    wait: float = 0.0
    concurrency_full: bool = False
    at: float = 0.0


@runtime_checkable
class RateLimiter(Protocol):
    """One shared budget per remote company, keyed by realm or tenant id."""

    @property
    def budget(self) -> RateBudget:
        """The limits this limiter enforces for every key."""
        ...

    def slot(
        self,
        key: str,
        cost_classes: Iterable[str] = (DEFAULT_CLASS,),
        *,
        max_wait: float | None = None,
    ) -> AbstractAsyncContextManager[Grant]:
        """Wait for a free request slot in every window and a concurrency lease; hold the lease."""
        ...

    async def penalize(self, key: str, retry_after: float) -> None:
        """The provider said 429: no worker starts a call for this key for ``retry_after`` s."""
        ...

    async def observe_headers(
        self, key: str, *, remaining_minute: int | None = None, remaining_day: int | None = None
    ) -> None:
        """Count as used whatever the provider says is used beyond our own count."""
        ...

    async def remaining_today(self, key: str) -> int | None:
        """Calls left in the rolling 24 hours, or None when the budget has no daily cap."""
        ...

    async def can_afford(self, key: str, calls: int) -> bool:
        """Whether ``calls`` more calls fit in today's cap (always True without a cap)."""
        ...

    async def room(
        self, key: str, cost_classes: Iterable[str] = (DEFAULT_CLASS,), *, period: float = 60.0
    ) -> int:
        """Calls of these classes the windows of at least ``period`` seconds allow now."""
        ...


class BaseRateLimiter(abc.ABC):
    """The waiting loop; subclasses supply the atomic check-and-record and the bookkeeping."""

    def __init__(
        self,
        budget: RateBudget,
        *,
        clock: Clock | None = None,
        max_wait: float = 120.0,
        poll_interval: float = 0.05,
    ) -> None:
        if max_wait < 0 or poll_interval <= 0:
            raise ValueError("max_wait must be >= 0 and poll_interval > 0")
        self._budget = budget
        self._clock: Clock = clock or SystemClock()
        self._max_wait = max_wait
        self._poll_interval = poll_interval

    @property
    def budget(self) -> RateBudget:
        """The limits this limiter enforces for every key."""
        return self._budget

    @abc.abstractmethod
    async def _try_acquire(self, key: str, windows: tuple[Window, ...], lease: str) -> Attempt:
        """Atomically: grant and record the call and lease, or say how long to wait."""

    @abc.abstractmethod
    async def _release(self, key: str, lease: str) -> None:
        """Return the concurrency lease."""

    @abc.abstractmethod
    async def _renew(self, key: str, lease: str) -> None:
        """Push a held lease's expiry ``lease_ttl`` from now (a lapsed lease is not taken back)."""

    @abc.abstractmethod
    async def _used(self, key: str, window: Window) -> int:
        """Calls counted in the window right now."""

    @abc.abstractmethod
    async def _pause_until(self, key: str, until: float, ttl: float) -> None:
        """Raise the key's pause to ``until`` (never lower it)."""

    @abc.abstractmethod
    async def _fill(self, key: str, window: Window, used: int) -> None:
        """Make the window count at least ``used`` calls, adding calls stamped now if needed."""

    @abc.abstractmethod
    def _now(self) -> float:
        """The backend's time base (monotonic in one process, the epoch across processes)."""

    def slot(
        self,
        key: str,
        cost_classes: Iterable[str] = (DEFAULT_CLASS,),
        *,
        max_wait: float | None = None,
    ) -> AbstractAsyncContextManager[Grant]:
        """Wait (by sleeping) for a slot, then hold a concurrency lease until the block exits.

        Raises :class:`RateBudgetExhausted` at once when the known wait exceeds ``max_wait``
        (the limiter's default when None), or once polling for a lease has used it up.
        Raises ``ValueError`` for a cost class the budget does not declare.
        """
        windows = self._budget.windows_for(cost_classes)
        limit = self._max_wait if max_wait is None else max_wait
        return self._slot(key, windows, limit)

    @asynccontextmanager
    async def _slot(
        self, key: str, windows: tuple[Window, ...], max_wait: float
    ) -> AsyncIterator[Grant]:
        lease = uuid.uuid4().hex
        started = self._clock.monotonic()
        while True:
            attempt = await self._try_acquire(key, windows, lease)
            if attempt.granted:
                counted_at = attempt.at
                break
            waited = self._clock.monotonic() - started
            delay = self._delay_for(key, attempt, waited, max_wait)
            await self._clock.sleep(delay)
        renewing = (
            asyncio.create_task(self._keep_lease(key, lease), name=RENEWAL_TASK)
            if self._budget.max_concurrent is not None
            else None
        )
        try:
            yield Grant(key=key, waited=self._clock.monotonic() - started, at=counted_at)
        finally:
            if renewing is not None:
                renewing.cancel()
            await self._release(key, lease)

    async def _keep_lease(self, key: str, lease: str) -> None:
        """Renew a held lease every third of its lifetime, for as long as the call runs.

        Real time, not the limiter's clock: the renewals keep a lease alive for the call's real
        duration, so a worker that dies frees its leases within ``lease_ttl`` rather than after
        the longest call could take. A failed renewal is logged and tried again.
        """
        interval = self._budget.lease_ttl / 3
        while True:
            await asyncio.sleep(interval)
            try:
                await self._renew(key, lease)
            except Exception:  # the lease may lapse; the call itself must go on
                logger.warning("could not renew a concurrency lease", extra={"rate_key": key})

    def _delay_for(self, key: str, attempt: Attempt, waited: float, max_wait: float) -> float:
        if attempt.wait > 0:
            if waited + attempt.wait > max_wait:
                raise RateBudgetExhausted(key, attempt.wait, "window full or paused")
            return max(attempt.wait, MIN_DELAY)
        if waited + self._poll_interval > max_wait:
            raise RateBudgetExhausted(key, self._poll_interval, "all concurrent slots in use")
        return self._poll_interval

    async def penalize(self, key: str, retry_after: float) -> None:
        """The provider said 429: every worker holds calls for this key for ``retry_after`` s.

        A later, shorter penalty never shortens a longer one already in force.
        """
        seconds = max(0.0, float(retry_after))
        logger.warning("rate limit penalty", extra={"rate_key": key, "retry_after": seconds})
        if seconds > 0:
            await self._pause_until(key, self._now() + seconds, seconds)

    async def observe_headers(
        self, key: str, *, remaining_minute: int | None = None, remaining_day: int | None = None
    ) -> None:
        """Sync with headers like Xero's X-MinLimit-Remaining / X-DayLimit-Remaining.

        When the provider says fewer calls remain than we counted (another app, a restart),
        calls stamped now are added so the local count matches; a larger remainder is ignored,
        because our own count may include calls the provider has not seen yet. Values for a
        window the budget does not have are ignored.
        """
        for window, remaining in (
            (self._budget.minute_window(), remaining_minute),
            (self._budget.day_window(), remaining_day),
        ):
            if window is None or remaining is None:
                continue
            used = window.limit - max(0, min(int(remaining), window.limit))
            if used > 0:
                await self._fill(key, window, used)

    async def remaining_today(self, key: str) -> int | None:
        """Calls left in the rolling 24 hours, or None when the budget has no daily cap."""
        window = self._budget.day_window()
        if window is None:
            return None
        return max(0, window.limit - await self._used(key, window))

    async def can_afford(self, key: str, calls: int) -> bool:
        """Whether ``calls`` more calls fit in today's cap (always True without a cap)."""
        if calls < 0:
            raise ValueError("calls must be >= 0")
        remaining = await self.remaining_today(key)
        return remaining is None or calls <= remaining

    async def room(
        self, key: str, cost_classes: Iterable[str] = (DEFAULT_CLASS,), *, period: float = 60.0
    ) -> int:
        """How many more calls of these classes the windows of ``period`` seconds or longer allow
        right now (0 when one is full), without counting a call.

        Shorter windows (QBO's 10 a second), a pause after a 429 and the concurrency cap are
        left out: they hold a call back for a moment, not for the rest of a minute. A caller
        choosing between call shapes (a batch call, or single requests beside it) asks this.
        """
        windows = [w for w in self._budget.windows_for(cost_classes) if w.seconds >= period]
        free = [w.limit - await self._used(key, w) for w in windows]
        return max(0, min(free)) if free else UNLIMITED_ROOM
