"""Xero's per-tenant call limits: rolling minute and day windows, concurrency, app-wide minute."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from .settings import SimulatorSettings

MINUTE = 60.0
DAY = 24 * 3600.0


@dataclass
class Refusal:
    """Why a call was refused: the limit's name and the Retry-After seconds (None: no header)."""

    problem: str
    retry_after: int | None


@dataclass
class _TenantUsage:
    minute: deque[float] = field(default_factory=deque)
    day: deque[float] = field(default_factory=deque)
    in_flight: int = 0


def _trim(window: deque[float], now: float, span: float) -> None:
    while window and window[0] <= now - span:
        window.popleft()


def _retry_after(window: deque[float], now: float, span: float) -> int:
    return max(1, math.ceil(window[0] + span - now))


class RateLimiter:
    """Counts calls per tenant in rolling windows, the way Xero's limits are described.

    Time comes from the settings' clock so tests move time instead of sleeping.
    """

    def __init__(self, settings: SimulatorSettings) -> None:
        self._settings = settings
        self._tenants: dict[str, _TenantUsage] = {}
        self._app_minute: deque[float] = deque()

    def _usage(self, tenant_id: str) -> _TenantUsage:
        return self._tenants.setdefault(tenant_id, _TenantUsage())

    def _trim_all(self, usage: _TenantUsage, now: float) -> None:
        _trim(usage.minute, now, MINUTE)
        _trim(usage.day, now, DAY)
        _trim(self._app_minute, now, MINUTE)

    def _refusal(self, usage: _TenantUsage, now: float) -> Refusal | None:
        s = self._settings
        names = s.rate_limit_problem_names
        if len(usage.day) >= s.day_limit:
            return Refusal(names["day"], _retry_after(usage.day, now, DAY))
        if len(usage.minute) >= s.minute_limit:
            return Refusal(names["minute"], _retry_after(usage.minute, now, MINUTE))
        if len(self._app_minute) >= s.app_minute_limit:
            return Refusal(names["appminute"], _retry_after(self._app_minute, now, MINUTE))
        if usage.in_flight >= s.concurrent_limit:
            return Refusal(names["concurrent"], s.concurrent_retry_after)
        return None

    def acquire(self, tenant_id: str) -> Refusal | None:
        """Count a call for ``tenant_id`` and hold a concurrency slot, or name the refusing limit.

        A refused call is not counted, matching Xero where a 429 does not consume quota. With
        ``enforce_limits`` off calls are still counted so the headers stay truthful.
        """
        now = self._settings.clock()
        usage = self._usage(tenant_id)
        self._trim_all(usage, now)
        refusal = self._refusal(usage, now)
        if refusal is not None and self._settings.enforce_limits:
            return refusal
        usage.minute.append(now)
        usage.day.append(now)
        self._app_minute.append(now)
        usage.in_flight += 1
        return None

    def release(self, tenant_id: str) -> None:
        """Give back the concurrency slot taken by :meth:`acquire`."""
        usage = self._usage(tenant_id)
        usage.in_flight = max(0, usage.in_flight - 1)

    def in_flight(self, tenant_id: str) -> int:
        """Calls for ``tenant_id`` currently being served."""
        return self._usage(tenant_id).in_flight

    def headers(self, tenant_id: str | None) -> dict[str, str]:
        """The remaining-quota headers Xero puts on every response.

        Tenantless calls (such as /connections) carry only the app-wide header, as on Xero.
        """
        s = self._settings
        now = s.clock()
        _trim(self._app_minute, now, MINUTE)
        result = {
            "X-AppMinLimit-Remaining": str(max(0, s.app_minute_limit - len(self._app_minute)))
        }
        if tenant_id is not None:
            usage = self._usage(tenant_id)
            self._trim_all(usage, now)
            result["X-MinLimit-Remaining"] = str(max(0, s.minute_limit - len(usage.minute)))
            result["X-DayLimit-Remaining"] = str(max(0, s.day_limit - len(usage.day)))
        return result
