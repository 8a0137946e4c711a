"""What a rate budget is: the limits of one remote company, declared by a provider's config.

The limiter itself never knows which provider it serves; a provider's ``config.py`` builds a
:class:`RateBudget` from its published limits and hands it over.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DEFAULT_CLASS = "default"
DAY_SECONDS = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class Rate:
    """At most ``limit`` calls in any rolling period of ``per`` seconds."""

    limit: int
    per: float

    def __post_init__(self) -> None:
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 1:
            raise ValueError(f"a rate limit must be a positive whole number, not {self.limit!r}")
        if not math.isfinite(self.per) or self.per <= 0:
            raise ValueError(
                f"a rate period must be a positive number of seconds, not {self.per!r}"
            )


@dataclass(frozen=True, slots=True)
class Window:
    """One rolling window the limiter counts in; ``name`` is stable and used in storage keys."""

    name: str
    limit: int
    seconds: float


@dataclass(frozen=True)
class RateBudget:
    """The limits of one remote company (a QBO realm, a Xero tenant).

    ``rates`` apply to every call. ``classes`` adds windows that only calls of that class also
    count in (QBO batch calls: 40/min on top of the 500/min every call counts in).
    ``daily_cap`` is a rolling 24-hour window over every call. ``max_concurrent`` caps calls in
    flight; a held lease is renewed every third of ``lease_ttl`` while its call runs and expires
    ``lease_ttl`` seconds after the last renewal, so a worker that dies mid-call frees its slots
    within that time (a push keeps several calls in flight: a dead worker must not block the
    company for as long as its longest call could take).
    """

    rates: tuple[Rate, ...] = ()
    max_concurrent: int | None = None
    classes: Mapping[str, tuple[Rate, ...]] = field(default_factory=dict)
    daily_cap: int | None = None
    lease_ttl: float = 30.0

    def __post_init__(self) -> None:
        if self.max_concurrent is not None and self.max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1 (or None for no cap)")
        if self.daily_cap is not None and self.daily_cap < 1:
            raise ValueError("daily_cap must be at least 1 (or None for no cap)")
        if not math.isfinite(self.lease_ttl) or self.lease_ttl <= 0:
            raise ValueError("lease_ttl must be a positive number of seconds")
        for name in self.classes:
            if not name or name == DEFAULT_CLASS or ":" in name:
                raise ValueError(f"invalid cost class name {name!r}")
        seen: set[str] = set()
        for window in self._all_windows():
            if window.name in seen:
                raise ValueError(f"two rates of one class share the period of {window.name!r}")
            seen.add(window.name)

    def _class_windows(self, name: str, rates: Iterable[Rate]) -> list[Window]:
        return [Window(f"{name}:{rate.per:g}s", rate.limit, rate.per) for rate in rates]

    def _all_windows(self) -> list[Window]:
        windows = self._class_windows(DEFAULT_CLASS, self.rates)
        for name, rates in self.classes.items():
            windows.extend(self._class_windows(name, rates))
        if self.daily_cap is not None:
            windows.append(Window("day", self.daily_cap, DAY_SECONDS))
        return windows

    def windows_for(self, cost_classes: Iterable[str]) -> tuple[Window, ...]:
        """The windows a call of these classes counts in.

        Every call is a default call and counts toward the daily cap; naming ``"default"`` is
        allowed and changes nothing. An unknown class is a programming error: ``ValueError``.
        """
        windows = self._class_windows(DEFAULT_CLASS, self.rates)
        for name in dict.fromkeys(cost_classes):
            if name == DEFAULT_CLASS:
                continue
            if name not in self.classes:
                raise ValueError(
                    f"unknown cost class {name!r}; the budget declares {sorted(self.classes)}"
                )
            windows.extend(self._class_windows(name, self.classes[name]))
        if self.daily_cap is not None:
            windows.append(Window("day", self.daily_cap, DAY_SECONDS))
        return tuple(windows)

    def minute_window(self) -> Window | None:
        """The default 60-second window, which a provider's "remaining this minute" describes."""
        for window in self._class_windows(DEFAULT_CLASS, self.rates):
            if window.seconds == 60:
                return window
        return None

    def day_window(self) -> Window | None:
        """The daily-cap window, if the budget has one."""
        if self.daily_cap is None:
            return None
        return Window("day", self.daily_cap, DAY_SECONDS)


@dataclass(frozen=True, slots=True)
class Grant:
    """What ``slot()`` yields.

    ``waited`` is how long the caller waited, in seconds of the limiter's clock; ``at`` is the
    time the call was counted, in the backend's time base (the clock's ``monotonic()`` in
    process, its ``time()`` in Redis).
    """

    key: str
    waited: float
    at: float


class RateBudgetExhausted(Exception):
    """No slot could be had within the caller's ``max_wait``; try again after ``retry_after`` s.

    Raised before sleeping when the wait is known to be too long (a spent daily cap, a long
    pause), so a job can hand the call back to the queue with a deferral instead of holding a
    worker asleep.
    """

    def __init__(self, key: str, retry_after: float, reason: str) -> None:
        super().__init__(
            f"rate budget for {key!r} is spent ({reason}); retry in {retry_after:.1f}s"
        )
        self.key = key
        self.retry_after = retry_after
        self.reason = reason
