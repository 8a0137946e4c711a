"""The Xero run of ``bench/push_invoices.py``: N invoices to the Xero simulator under Xero's limits.

The engine path is the real one: ``core.sync.push.push_invoices`` through a session of the
XeroKit, which spends the shared per-tenant budget (60 calls/min, 5 in flight, 5,000 a day).
The simulator enforces the same limits and answers every API call after a random latency.

The bound: one ``PUT /Invoices`` call carries at most 50 invoices and at most 60 calls start in
any 60-second window, so a sustained push cannot beat 60 x 50 = 3,000 invoices/min. The setup
calls (organisation, contact look-ups and creates) spend the same 60 calls a minute, so the
figure is scaled by the share of calls that carry invoices. From a cold start the first window is
empty: a run of at most 60 calls never waits for the minute limit, and only the 5-call
concurrency limit and the latency bound it (see :func:`cold_start_bound`).
"""

from __future__ import annotations

import asyncio
import math
import os
import platform
import random
import statistics
import time
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from core.crypto import SecretBox
from core.models import Connection, Firm, User
from core.models.enums import ConnectionStatus, Provider
from core.settings import Settings
from core.sync.session import ProviderEnv, SessionTarget
from core.sync.tokens import CredentialStore
from integrations.xero.kit import SIMULATOR_PATH, XeroKit
from integrations.xero.simulator import SimulatorSettings, create_app

PLATFORM = "Xero"
SECTION = "## push_invoices: Xero"
INVOICES_PER_CALL = 50
CALLS_PER_MINUTE = 60
CONCURRENT = 5
DAILY_CALLS = 5000
LIMITS = "on (60 calls/min, 5 concurrent, 5,000 calls/day, 50 invoices a call)"
API = "/api.xro/2.0/"


@dataclass
class XeroCallCounter:
    """Counts the simulator's API calls and invoice writes (an ASGI wrapper)."""

    app: Any
    requests: int = 0
    batches: int = 0
    throttled: int = 0
    latencies: list[float] = field(default_factory=list)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] == "http" and API in path:
            self.requests += 1
            self.batches += path.endswith("/Invoices") and scope["method"] in {"PUT", "POST"}
            started = time.perf_counter()

            async def observe(message: MutableMapping[str, Any]) -> None:
                if message["type"] == "http.response.start" and message["status"] == 429:
                    self.throttled += 1
                await send(message)

            await self.app(scope, receive, observe)
            self.latencies.append(time.perf_counter() - started)
            return
        await self.app(scope, receive, send)

    @property
    def mean(self) -> float:
        """Mean seconds a call took at the simulator."""
        return statistics.fmean(self.latencies) if self.latencies else 0.0


@dataclass
class XeroWorld:
    """One firm connected to one fresh Xero simulator (its own limits and limiter)."""

    env: ProviderEnv
    kit: XeroKit
    counter: XeroCallCounter
    simulator: Any
    firm: Firm
    user: User
    connection: Connection
    platform: str = PLATFORM
    engine_label: str = "engine (PUT /Invoices, 50 a call)"

    def session(self) -> Any:
        """A provider session for the connection."""
        tenant = self.connection.remote_company_id or ""
        return self.kit.session(self.env, SessionTarget(self.connection.id, tenant, {}))

    def remote_invoices(self) -> int:
        """Invoices in the simulated organisation."""
        return len(self.simulator.entities(self.connection.remote_company_id or "", "invoices"))


def _jittered(low: float, high: float) -> Any:
    """A sleeper for the simulator's latency hook: a random delay in [low, high] a call."""

    async def sleep(_: float) -> None:
        await asyncio.sleep(random.uniform(low, high))

    return sleep


async def connect_xero(
    settings: Settings, limits: bool, latency: tuple[float, float] | None, firm_name: str
) -> XeroWorld:
    """A fresh Xero simulator, the OAuth dance through it, and an ACTIVE connection."""
    kit = XeroKit()
    env = ProviderEnv(
        settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys))
    )
    sim_settings = SimulatorSettings(
        auto_approve=True, enforce_limits=limits, webhooks_for_api_writes=False
    )
    if latency is not None:
        # The hook runs only when latency_seconds is set; the sleeper picks the real delay.
        sim_settings.latency_seconds = sum(latency) / 2
        sim_settings.sleep = _jittered(*latency)
    simulator = create_app(sim_settings)
    counter = XeroCallCounter(simulator)
    env.transport = httpx.ASGITransport(app=Starlette(routes=[Mount(SIMULATOR_PATH, counter)]))
    oauth = kit.oauth(env)
    async with httpx.AsyncClient(transport=env.transport) as browser:
        consent = await browser.get(oauth.authorization_url("bench"))
    query = parse_qs(urlparse(consent.headers["location"]).query)
    grant = await oauth.exchange_code({k: v[0] for k, v in query.items()})
    firm = await Firm.create(external_id=firm_name, name=firm_name)
    user = await User.create(external_id=f"{firm_name}-user", name="Bench")
    connection = await Connection.create(
        firm=firm,
        provider=Provider.XERO,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=grant.companies[0].id,
    )
    await env.credentials.store(connection, grant.tokens)
    return XeroWorld(env, kit, counter, simulator.state.simulator, firm, user, connection)


def sustained_bound(count: int, calls: int) -> float:
    """Invoices/min a long push cannot beat: 60 calls/min x 50 invoices, scaled by the share of
    the run's calls that carry invoices (setup calls spend the same 60 a minute)."""
    invoice_calls = math.ceil(count / INVOICES_PER_CALL)
    share = invoice_calls / max(calls, invoice_calls, 1)
    return CALLS_PER_MINUTE * INVOICES_PER_CALL * share


def cold_start_bound(count: int, calls: int, latency: float) -> float:
    """Invoices/min no client can beat for this run, starting with an empty minute window.

    Call k (from 0) cannot start before 60 x floor(k / 60); with at most 5 in flight, the calls
    take at least ceil(calls / 5) latencies end to end. The larger of the two bounds the run.
    """
    windows = 60.0 * math.floor(max(calls - 1, 0) / CALLS_PER_MINUTE) + latency
    concurrency = math.ceil(calls / CONCURRENT) * latency
    return count / max(windows, concurrency, 1e-9) * 60


def report_xero(options: Any, engine: Any) -> str:
    """The Xero results as a Markdown section of bench/RESULTS.md (also printed)."""
    sustained = sustained_bound(engine.invoices, engine.requests)
    cold = cold_start_bound(engine.invoices, engine.requests, engine.mean_request_seconds)
    latency = (
        f"{options.latency[0] * 1000:.0f}-{options.latency[1] * 1000:.0f} ms a call"
        if options.latency
        else "none"
    )
    versus = (
        f"{engine.per_minute / sustained:.0%} | {engine.per_minute / cold:.0%}"
        if options.limits
        else "n/a | n/a"
    )
    return "\n".join(
        [
            SECTION,
            "",
            f"Recorded {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on "
            f"{platform.node() or 'this machine'}: {os.cpu_count()} CPU cores "
            f"({platform.processor() or platform.machine()}), Python "
            f"{platform.python_version()}, SQLite in a temporary folder.",
            "",
            f"Parameters: {options.count} invoices over {options.customers} customers; simulator "
            f"limits {LIMITS if options.limits else 'off'}; latency {latency}.",
            "",
            f"Bounds: sustained {sustained:.0f} invoices/min = 60 calls/min x 50 invoices a call "
            f"(3,000/min) x {math.ceil(engine.invoices / INVOICES_PER_CALL)} invoice calls / "
            f"{engine.requests} calls in all (the setup calls spend the same per-minute "
            f"budget). Cold-start bound for this run: {cold:.0f} invoices/min (call k cannot "
            f"start before 60 s x floor(k/60), and at most 5 are in flight, each taking the "
            f"mean call time).",
            "",
            "| run | invoices | seconds | API calls | invoice calls | 429s | mean call "
            "| invoices/min | vs sustained bound | vs cold-start bound | remote invoices |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {engine.name} | {engine.invoices} | {engine.seconds:.1f} | {engine.requests} "
            f"| {engine.batches} | {engine.throttled} "
            f"| {engine.mean_request_seconds * 1000:.0f} ms "
            f"| {engine.per_minute:.0f} | {versus} | {engine.remote_invoices} |",
            "",
        ]
    )
