"""Injected faults: the next N matching requests fail or misbehave in a chosen way."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Literal

from .jsonutil import JSON

FaultKind = Literal[
    "throttle", "server_error", "unavailable", "timeout", "latency", "drop_response"
]
FAULT_KINDS: tuple[FaultKind, ...] = (
    "throttle",
    "server_error",
    "unavailable",
    "timeout",
    "latency",
    "drop_response",
)
DropMode = Literal["disconnect", "bad_gateway"]
_ids = itertools.count(1)


@dataclass
class FaultRule:
    """One armed fault.

    `throttle` answers 429 with the 3001 body, `server_error` 500, `unavailable` 503,
    `timeout` waits `seconds` then answers 504, `latency` waits `seconds` then proceeds,
    `drop_response` lets the request run (and commit) but loses the answer: the client sees
    a broken connection (`disconnect`) or a 502 (`bad_gateway`).
    """

    kind: FaultKind
    remaining: int = 1
    method: str | None = None
    path: str | None = None
    seconds: float = 0.0
    drop_mode: DropMode = "disconnect"
    fault_id: int = field(default_factory=lambda: next(_ids))

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule applies to the request."""
        if self.remaining <= 0:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or re.search(self.path, path) is not None

    def describe(self) -> JSON:
        """JSON view for the control API."""
        return {
            "id": self.fault_id,
            "kind": self.kind,
            "remaining": self.remaining,
            "method": self.method,
            "path": self.path,
            "seconds": self.seconds,
            "drop_mode": self.drop_mode,
        }


class FaultInjector:
    """The armed faults, consumed first-armed first."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []

    def add(self, rule: FaultRule) -> FaultRule:
        """Arm a fault."""
        if rule.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {rule.kind!r}")
        if rule.remaining < 1:
            raise ValueError("count must be at least 1")
        if rule.path is not None:
            re.compile(rule.path)
        self.rules.append(rule)
        return rule

    def take(self, method: str, path: str) -> FaultRule | None:
        """Consume one use of the first matching fault."""
        for rule in self.rules:
            if rule.matches(method, path):
                rule.remaining -= 1
                if rule.remaining == 0:
                    self.rules.remove(rule)
                return rule
        return None

    def clear(self) -> None:
        """Disarm everything."""
        self.rules.clear()
