"""Static facts about QuickBooks Online per environment: URLs, scopes, minor version, limits.

Choosing an environment changes base URLs only. Production and sandbox share Intuit's OAuth
endpoints and differ in the API host; the simulator serves everything under one base URL that
the caller passes in (it is never a default, so production settings cannot reach it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.settings import ProviderEnvironment

Environment = Literal["production", "sandbox", "simulator"]
ENVIRONMENTS: tuple[Environment, ...] = ("production", "sandbox", "simulator")

ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting"
MINOR_VERSION = 75
"""Intuit ignores minor versions below 75 since 2025-08-01; 75 is the default and minimum."""

AUTHORIZE_URL = "https://appcenter.intuit.com/connect/oauth2"
TOKEN_URL = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"  # noqa: S105 - a URL
REVOKE_URL = "https://developer.api.intuit.com/v2/oauth2/tokens/revoke"
PRODUCTION_API = "https://quickbooks.api.intuit.com"
SANDBOX_API = "https://sandbox-quickbooks.api.intuit.com"


@dataclass(frozen=True, slots=True)
class QboLimits:
    """Intuit's per-realm limits, which the shared rate limiter enforces before Intuit does."""

    requests_per_minute: int = 500
    max_concurrent: int = 10
    batch_requests_per_minute: int = 40
    batch_max_items: int = 30
    query_max_results: int = 1000
    cdc_max_objects: int = 1000
    cdc_lookback_days: int = 30
    throttle_backoff_seconds: float = 60.0
    request_id_max: int = 50
    batch_request_id_max: int = 36


@dataclass(frozen=True, slots=True)
class QboConfig:
    """Where to reach QuickBooks Online and what it allows."""

    environment: Environment
    authorize_url: str
    token_url: str
    revoke_url: str
    api_base_url: str
    scopes: tuple[str, ...] = (ACCOUNTING_SCOPE,)
    minor_version: int = MINOR_VERSION
    limits: QboLimits = QboLimits()

    def company_url(self, realm_id: str, path: str) -> str:
        """``{api}/v3/company/{realm}/{path}``."""
        return f"{self.api_base_url}/v3/company/{realm_id}/{path.lstrip('/')}"


def qbo_config(environment: Environment, *, simulator_base_url: str | None = None) -> QboConfig:
    """The configuration of one environment; ``simulator`` needs ``simulator_base_url``."""
    if environment == "production":
        return QboConfig(environment, AUTHORIZE_URL, TOKEN_URL, REVOKE_URL, PRODUCTION_API)
    if environment == "sandbox":
        return QboConfig(environment, AUTHORIZE_URL, TOKEN_URL, REVOKE_URL, SANDBOX_API)
    if environment == "simulator":
        if not simulator_base_url:
            raise ValueError("the simulator environment needs simulator_base_url")
        base = simulator_base_url.rstrip("/")
        return QboConfig(
            environment,
            f"{base}/connect/oauth2",
            f"{base}/oauth2/v1/tokens/bearer",
            f"{base}/v2/oauth2/tokens/revoke",
            base,
        )
    raise ValueError(f"unknown QuickBooks Online environment {environment!r}")


class QboSettings(BaseSettings):
    """The QuickBooks Online settings, from ``LEDGERSYNC_QBO_*`` environment variables."""

    model_config = SettingsConfigDict(
        env_prefix="LEDGERSYNC_QBO_", extra="ignore", case_sensitive=False, frozen=True
    )

    client_id: str | None = Field(default=None, description="The Intuit app's client id.")
    client_secret: SecretStr | None = Field(
        default=None, description="The Intuit app's client secret."
    )
    environment: ProviderEnvironment = Field(
        default=ProviderEnvironment.SIMULATOR,
        description="`production`, `sandbox` (Intuit's sandbox companies) or `simulator`.",
    )
    webhook_verifier_token: SecretStr | None = Field(
        default=None, description="The Intuit app's webhook verifier token."
    )


def load_qbo_settings(**overrides: object) -> QboSettings:
    """The settings from the environment (plus explicit overrides, for tests)."""
    return QboSettings(**overrides)  # type: ignore[arg-type]
