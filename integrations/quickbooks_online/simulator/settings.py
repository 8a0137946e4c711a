"""Configuration of one simulator instance (built once and passed explicitly)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta, timezone, tzinfo
from typing import Literal

import httpx

from .clock import Clock, SystemClock

RotationMode = Literal["grace", "strict"]
WebhookFormat = Literal["legacy", "cloudevents"]
Sleep = Callable[[float], Awaitable[None]]
ClientFactory = Callable[[], httpx.AsyncClient]


@dataclass(frozen=True)
class RegisteredClient:
    """An app registered with the simulated Intuit developer portal."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]


@dataclass(frozen=True)
class CompanySeed:
    """A company (realm) that exists when the simulator starts."""

    realm_id: str
    name: str
    closing_date: date | None = None


DEFAULT_CLIENT = RegisteredClient(
    client_id="sim-client-id",
    client_secret="sim-client-secret",  # noqa: S106 - a fake app known only to the simulator
    redirect_uris=("http://localhost:8000/oauth/quickbooks/callback",),
)
DEFAULT_COMPANY = CompanySeed(realm_id="9341453050298576", name="Simulated Company")


@dataclass
class SimulatorSettings:
    """Everything that changes how the simulator behaves.

    Values marked UNVERIFIED in the provider fact sheet are settings here so a test can
    pin either reading.
    """

    clients: tuple[RegisteredClient, ...] = (DEFAULT_CLIENT,)
    companies: tuple[CompanySeed, ...] = (DEFAULT_COMPANY,)
    # OAuth
    auto_approve: bool = False
    rotation: RotationMode = "grace"
    # How long a superseded refresh token keeps working is UNVERIFIED; a few minutes is the
    # commonly reported behaviour.
    refresh_grace_seconds: float = 300.0
    auth_code_ttl_seconds: float = 300.0
    access_token_ttl_seconds: int = 3600
    refresh_token_ttl_seconds: int = 8_726_400
    refresh_token_hard_ttl_seconds: int = 5 * 365 * 86_400
    # Limits
    enforce_limits: bool = False
    requests_per_minute: int = 500
    max_concurrent: int = 10
    batch_requests_per_minute: int = 40
    batch_max_items: int = 30
    latency_seconds: float | tuple[float, float] | None = None
    # Time
    clock: Clock = field(default_factory=SystemClock)
    sleep: Sleep = field(default=asyncio.sleep)
    # Intuit reports times in the company's zone; sandbox companies are US Pacific.
    company_timezone: tzinfo = field(default=timezone(timedelta(hours=-7)))
    # Change data capture
    cdc_max_lookback_days: int = 30
    cdc_max_objects: int = 1000
    # Webhooks
    webhook_url: str | None = None
    webhook_verifier_token: str = "sim-verifier-token"  # noqa: S105 - simulator-only
    webhook_format: WebhookFormat = "legacy"
    webhooks_on_api_writes: bool = False
    webhook_client_factory: ClientFactory | None = None
    webhook_batch_window_seconds: float = 0.0
    cloudevents_source: str = "intuit.simulator"
    # Whether the void verb is "voided" or "void" is UNVERIFIED.
    cloudevents_void_verb: str = "voided"
    # Rules
    case_insensitive_names: bool = True
    control_api: bool = True
    random_seed: int | None = None

    def client(self, client_id: str) -> RegisteredClient | None:
        """Return the registered client with this id, if any."""
        return next((c for c in self.clients if c.client_id == client_id), None)
