"""Fault injection: the next N matching requests fail, stall, or lose the response after commit."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum

import httpx
from starlette.responses import JSONResponse, Response

from .settings import SimulatorSettings


class FaultKind(StrEnum):
    """What an injected fault does to a request."""

    RATE_LIMITED = "429"
    SERVER_ERROR = "500"
    UNAVAILABLE = "503"
    HANG = "hang"
    LATENCY = "latency"
    DROP_AFTER_COMMIT = "drop_after_commit"


class ResponseDropped(httpx.ReadError):
    """The connection broke after the server committed the write; the client saw no response.

    In-process (ASGITransport) this reaches the client exactly as a transport error would.
    """


class SimulatedTimeout(httpx.ReadTimeout):
    """The server never answered within the client's patience."""


@dataclass
class Fault:
    """One injected fault, consumed by the next ``remaining`` requests that match it."""

    kind: FaultKind
    remaining: int = 1
    method: str | None = None
    path: str | None = None
    seconds: float | None = None
    retry_after: int = 1
    problem: str = "minute"
    id: int = 0
    hits: list[str] = field(default_factory=list)

    def matches(self, method: str, path: str) -> bool:
        """Whether a request is one this fault targets (``path`` is a prefix match)."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or path.startswith(self.path)

    def describe(self) -> dict[str, object]:
        """A JSON-friendly view for the control API."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "remaining": self.remaining,
            "method": self.method,
            "path": self.path,
            "seconds": self.seconds,
            "hits": list(self.hits),
        }


class FaultInjector:
    """Holds pending faults in injection order; the first matching one wins."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)

    def add(self, fault: Fault) -> Fault:
        """Queue a fault and return it with its id set."""
        fault.id = next(self._ids)
        self._faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """Consume one use of the first fault that matches this request."""
        for fault in self._faults:
            if fault.remaining > 0 and fault.matches(method, path):
                fault.remaining -= 1
                fault.hits.append(f"{method} {path}")
                if fault.remaining == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def pending(self) -> list[Fault]:
        """Faults that still have uses left."""
        return list(self._faults)

    def clear(self) -> None:
        """Forget every pending fault."""
        self._faults.clear()


def _error_response(fault: Fault) -> Response:
    if fault.kind is FaultKind.RATE_LIMITED:
        return Response(
            status_code=429,
            headers={"Retry-After": str(fault.retry_after), "X-Rate-Limit-Problem": fault.problem},
        )
    status = int(fault.kind.value)
    title = "Internal Server Error" if status == 500 else "Service Unavailable"
    body = {"Title": title, "Status": status, "Detail": "Injected by the simulator"}
    return JSONResponse(body, status_code=status)


async def run_with_fault(
    fault: Fault | None,
    settings: SimulatorSettings,
    handler: Callable[[], Awaitable[Response]],
) -> Response:
    """Run ``handler`` under ``fault``: replace, delay, stall, or run it and lose the answer."""
    if fault is None:
        return await handler()
    if fault.kind in (FaultKind.RATE_LIMITED, FaultKind.SERVER_ERROR, FaultKind.UNAVAILABLE):
        return _error_response(fault)
    if fault.kind is FaultKind.LATENCY:
        await settings.sleep(fault.seconds or 0.0)
        return await handler()
    if fault.kind is FaultKind.HANG:
        await settings.sleep(fault.seconds if fault.seconds is not None else settings.hang_seconds)
        raise SimulatedTimeout("simulated: no response before the client timed out")
    await handler()
    raise ResponseDropped("simulated: connection dropped after the write was committed")
