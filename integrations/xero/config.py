"""Static facts about Xero per environment: URLs, scopes and the per-tenant limits.

Xero has no sandbox host (a demo company stands in for one), so ``sandbox`` shares production's
URLs. The simulator serves every host under one base URL the caller passes in; it is never a
default, so production settings cannot reach it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.settings import ProviderEnvironment

Environment = Literal["production", "sandbox", "simulator"]

AUTHORIZE_URL = "https://login.xero.com/identity/connect/authorize"
TOKEN_URL = "https://identity.xero.com/connect/token"  # noqa: S105 - a URL
REVOKE_URL = "https://identity.xero.com/connect/revocation"
CONNECTIONS_URL = "https://api.xero.com/connections"
ACCOUNTING_URL = "https://api.xero.com/api.xro/2.0"

#: Apps created on or after 2026-03-02 must ask for granular scopes (no accounting.transactions).
GRANULAR_SCOPES: tuple[str, ...] = (
    "openid",
    "profile",
    "email",
    "offline_access",
    "accounting.contacts",
    "accounting.settings",
    "accounting.invoices",
    "accounting.payments",
)
#: Older apps keep the broad scope until they migrate (Xero's deadline is about Sept 2027).
LEGACY_SCOPES: tuple[str, ...] = (
    "openid",
    "profile",
    "email",
    "offline_access",
    "accounting.transactions",
    "accounting.contacts",
    "accounting.settings",
)


@dataclass(frozen=True, slots=True)
class XeroLimits:
    """Xero's per-tenant limits, which the shared rate limiter enforces before Xero does."""

    calls_per_minute: int = 60
    max_concurrent: int = 5
    calls_per_day: int = 5000
    batch_max_items: int = 50
    page_size: int = 100
    max_page_size: int = 1000
    #: The IDs= filter overflows the query string at about 52 GUIDs.
    ids_per_request: int = 40
    idempotency_key_max: int = 128
    #: Back-off when a 429 carries no Retry-After: the minute window, or 1 s for concurrency.
    minute_backoff_seconds: float = 60.0
    concurrent_backoff_seconds: float = 1.0


@dataclass(frozen=True, slots=True)
class XeroConfig:
    """Where to reach Xero and what it allows."""

    environment: Environment
    authorize_url: str
    token_url: str
    revoke_url: str
    connections_url: str
    accounting_url: str
    scopes: tuple[str, ...] = GRANULAR_SCOPES
    limits: XeroLimits = XeroLimits()

    def api_url(self, path: str) -> str:
        """``{api.xro/2.0}/{path}``."""
        return f"{self.accounting_url}/{path.lstrip('/')}"


def xero_config(
    environment: Environment,
    *,
    simulator_base_url: str | None = None,
    legacy_scopes: bool = False,
) -> XeroConfig:
    """The configuration of one environment; ``simulator`` needs ``simulator_base_url``."""
    scopes = LEGACY_SCOPES if legacy_scopes else GRANULAR_SCOPES
    if environment in ("production", "sandbox"):
        return XeroConfig(
            environment,
            AUTHORIZE_URL,
            TOKEN_URL,
            REVOKE_URL,
            CONNECTIONS_URL,
            ACCOUNTING_URL,
            scopes=scopes,
        )
    if environment == "simulator":
        if not simulator_base_url:
            raise ValueError("the simulator environment needs simulator_base_url")
        base = simulator_base_url.rstrip("/")
        return XeroConfig(
            environment,
            f"{base}/identity/connect/authorize",
            f"{base}/connect/token",
            f"{base}/connect/revocation",
            f"{base}/connections",
            f"{base}/api.xro/2.0",
            scopes=scopes,
        )
    raise ValueError(f"unknown Xero environment {environment!r}")


class XeroSettings(BaseSettings):
    """The Xero settings, from ``LEDGERSYNC_XERO_*`` environment variables."""

    model_config = SettingsConfigDict(
        env_prefix="LEDGERSYNC_XERO_", extra="ignore", case_sensitive=False, frozen=True
    )

    client_id: str | None = Field(default=None, description="The Xero app's client id.")
    client_secret: SecretStr | None = Field(
        default=None, description="The Xero app's client secret."
    )
    environment: ProviderEnvironment = Field(
        default=ProviderEnvironment.SIMULATOR, description="`production` or `simulator`."
    )
    webhook_key: SecretStr | None = Field(
        default=None, description="The Xero app's webhook signing key."
    )
    legacy_scopes: bool = Field(
        default=False,
        description="Ask Xero for the legacy scopes (accounting.transactions) instead of the "
        "granular ones apps created from March 2026 must use.",
    )


def load_xero_settings(**overrides: object) -> XeroSettings:
    """The settings from the environment (plus explicit overrides, for tests)."""
    return XeroSettings(**overrides)  # type: ignore[arg-type]
