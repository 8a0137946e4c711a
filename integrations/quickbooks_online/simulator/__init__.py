"""A faithful in-memory QuickBooks Online simulator (OAuth 2.0, Accounting API v3, webhooks).

It mirrors Intuit's paths so the production client runs unchanged against another base URL,
answers with Intuit's JSON shapes and fault codes, enforces Intuit's per-realm limits when asked,
signs webhooks like Intuit, and can inject faults (429, 5xx, timeouts, latency, responses lost
after the write committed). A control API under `/_control/` drives it from tests and demos.

This package is never imported in production: only the `simulator` environment of the QuickBooks
Online provider configuration imports it, and nothing else in the service refers to it.
"""

from __future__ import annotations

from .app import create_app
from .clock import Clock, ManualClock, SystemClock
from .faults import FaultKind, FaultRule
from .settings import CompanySeed, RegisteredClient, SimulatorSettings
from .state import SimulatorState
from .webhooks import sign

__all__ = [
    "Clock",
    "CompanySeed",
    "FaultKind",
    "FaultRule",
    "ManualClock",
    "RegisteredClient",
    "SimulatorSettings",
    "SimulatorState",
    "SystemClock",
    "create_app",
    "sign",
]
