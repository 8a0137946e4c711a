"""Settings for the Xero simulator: identity, limits, webhooks and the seams tests inject."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

Clock = Callable[[], float]
Sleeper = Callable[[float], Awaitable[None]]
ClientFactory = Callable[[], httpx.AsyncClient]
#: See :mod:`.observe`: sees every exchange (request, response) before the response leaves.
ExchangeObserver = Callable[[httpx.Request, httpx.Response], None]

DEFAULT_SCOPES = (
    "openid profile email offline_access accounting.transactions accounting.contacts "
    "accounting.settings"
)


def _default_client_factory() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=5.0)


@dataclass
class SimulatorSettings:
    """Everything that shapes one simulator instance.

    Defaults follow Xero's documented behaviour; items PROVIDERS.md marks UNVERIFIED are settings
    so a test can pin the other reading.
    """

    client_id: str = "SIMULATORCLIENTID"
    client_secret: str = "simulator-client-secret"  # noqa: S105 - a fixture value, not a secret
    #: Empty means any redirect URI is accepted (handy for the demo).
    redirect_uris: tuple[str, ...] = ()
    #: Grant ``default_organisations`` without showing the consent page.
    auto_approve: bool = False
    #: Organisations created at start-up; the consent page offers all organisations.
    default_organisations: tuple[str, ...] = ("Demo Company (Global)",)
    user_email: str = "demo.user@example.com"
    access_token_ttl: int = 1800
    auth_code_ttl: float = 300.0
    #: How long a rotated refresh token stays usable; 0 is strict single use.
    refresh_token_grace: float = 1800.0
    refresh_token_idle_ttl: float = 60 * 24 * 3600.0
    #: UNVERIFIED: whether a reuse inside the grace window returns the same successor token.
    grace_reuse_returns_same_token: bool = True

    enforce_limits: bool = False
    minute_limit: int = 60
    day_limit: int = 5000
    concurrent_limit: int = 5
    app_minute_limit: int = 10000
    #: UNVERIFIED whether Xero sends Retry-After on concurrent-limit 429s; None omits it.
    concurrent_retry_after: int | None = 1
    #: Values of X-Rate-Limit-Problem; "minute" and "day" have been seen in the wild.
    rate_limit_problem_names: dict[str, str] = field(
        default_factory=lambda: {
            "minute": "minute",
            "day": "day",
            "concurrent": "concurrent",
            "appminute": "appminute",
        }
    )
    #: Added to every API call (benchmarks).
    latency_seconds: float = 0.0
    #: How long a "hang" fault waits before the simulated client timeout.
    hang_seconds: float = 30.0

    page_size: int = 100
    max_page_size: int = 1000
    #: Without summarizeErrors, Xero answers 400 if any element fails (the valid ones are kept).
    summarize_errors_default: bool = True
    #: UNVERIFIED: POST /Invoices matching an existing invoice by InvoiceNumber.
    match_invoice_number_on_post: bool = True
    provider_name: str = "Ledgersync Xero Simulator"
    resource_base_url: str = "https://api.xero.com/api.xro/2.0"

    webhook_url: str | None = None
    webhook_key: str = "TEST-ONLY-xero-webhook-key-not-real=="
    #: Also emit webhooks for writes made through the Accounting API, as Xero does.
    webhooks_for_api_writes: bool = True
    #: Intent-to-receive deliveries cycle through this pattern; True means a bad signature.
    itr_bad_signature_pattern: tuple[bool, ...] = (False, True, False, True)

    clock: Clock = time.time
    sleep: Sleeper = asyncio.sleep
    http_client_factory: ClientFactory = _default_client_factory
    #: Tests set this to check every exchange against Xero's OpenAPI documents, whichever
    #: process the client runs in; None (the default) observes nothing.
    exchange_observer: ExchangeObserver | None = None
