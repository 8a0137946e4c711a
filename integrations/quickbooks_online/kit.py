"""QuickBooks Online as the engine sees it: OAuth, sessions and webhooks for one deployment.

Environment ``simulator`` points every URL at the simulator mounted at ``/_sim/qbo`` on the
Ledgersync app itself; ``production`` and ``sandbox`` point at Intuit. Nothing else changes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from functools import partial
from typing import cast

import httpx
from starlette.types import ASGIApp

from core.models.enums import Provider
from core.settings import ProviderEnvironment
from core.sync.ports import TokenSet, WebhookSignatureError
from core.sync.records import ChangeDelivery
from core.sync.session import Grant, ProviderEnv, RemoteCompany, SessionTarget
from integrations.http import BearerTransport
from integrations.provider_settings import provider_settings
from integrations.ratelimit import (
    InProcessRateLimiter,
    Rate,
    RateBudget,
    RateLimiter,
    RedisRateLimiter,
)
from integrations.ratelimit.transport import RateLimitedTransport
from integrations.simulators import SimulatorControl

from .auth import ClientCredentials, QboAuth, stored_token_source
from .client import QboClient
from .config import QboConfig, QboSettings, load_qbo_settings, qbo_config
from .provider import CAPABILITIES, QuickBooksOnlineProvider
from .webhooks import verify_and_parse

SLUG = "quickbooks"
SIMULATOR_PATH = "/_sim/qbo"
SIMULATOR_CLIENT_ID = "sim-client-id"
SIMULATOR_CLIENT_SECRET = "sim-client-secret"  # noqa: S105 - the simulator's fake app
SIMULATOR_VERIFIER_TOKEN = "sim-verifier-token"  # noqa: S105 - the simulator's fake key


REQUEST_MARGIN = 10
"""Calls a minute kept in reserve: we count a call when its slot is granted, Intuit when it
arrives, so a slow early request can land inside a later window and tip it over the limit."""


def budget_for(config: QboConfig) -> RateBudget:
    """Intuit's per-realm limits as a shared rate budget (with a small safety margin)."""
    limits = config.limits
    return RateBudget(
        rates=(Rate(limits.requests_per_minute - REQUEST_MARGIN, 60), Rate(10, 1)),
        max_concurrent=limits.max_concurrent,
        classes={"batch": (Rate(limits.batch_requests_per_minute, 60),)},
    )


BATCH_CLASSES = ("default", "batch")


def _classify(request: httpx.Request) -> tuple[str, ...]:
    return BATCH_CLASSES if request.url.path.endswith("/batch") else ("default",)


SETTINGS_KEY = "qbo-settings"


class QuickBooksOnlineKit:
    """Builds QuickBooks Online OAuth clients, sessions and webhook parsers from the settings."""

    provider = Provider.QUICKBOOKS_ONLINE
    display_name = "QuickBooks Online"
    slug = SLUG
    capabilities = CAPABILITIES

    def settings(self, env: ProviderEnv) -> QboSettings:
        """The ``LEDGERSYNC_QBO_*`` settings, read once per process environment."""
        return provider_settings(env, SETTINGS_KEY, QboSettings, load_qbo_settings)

    def config(self, env: ProviderEnv) -> QboConfig:
        """URLs and limits for the configured environment."""
        environment = self.settings(env).environment
        if environment is ProviderEnvironment.SIMULATOR:
            return qbo_config(
                "simulator", simulator_base_url=env.settings.public_url + SIMULATOR_PATH
            )
        if environment is ProviderEnvironment.PRODUCTION:
            return qbo_config("production")
        return qbo_config("sandbox")

    def redirect_uri(self, env: ProviderEnv) -> str:
        """Where Intuit sends the user back after consent."""
        return f"{env.settings.public_url}/oauth/{SLUG}/callback"

    def credentials(self, env: ProviderEnv) -> ClientCredentials:
        """The app's registration (the simulator's fake app in the simulator environment)."""
        settings = self.settings(env)
        if settings.client_id and settings.client_secret:
            return ClientCredentials(
                settings.client_id,
                settings.client_secret.get_secret_value(),
                self.redirect_uri(env),
            )
        return ClientCredentials(
            SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET, self.redirect_uri(env)
        )

    def auth(self, env: ProviderEnv) -> QboAuth:
        """Intuit's token endpoints for our app."""
        return QboAuth(self.config(env), self.credentials(env), transport=env.transport)

    def oauth(self, env: ProviderEnv) -> QboOAuth:
        """The OAuth client used by the connection flow."""
        simulated = self.settings(env).environment is ProviderEnvironment.SIMULATOR
        return QboOAuth(self.auth(env), send_login_hint=simulated)

    def limiter(self, env: ProviderEnv) -> RateLimiter:
        """The shared per-realm budget: Redis when configured, else one per process."""
        budget = budget_for(self.config(env))
        if env.redis is not None:
            return RedisRateLimiter(env.redis, budget, scope="quickbooks_online")
        key = "qbo-limiter"
        limiter = env.extras.get(key)
        if limiter is None:
            limiter = InProcessRateLimiter(budget)
            env.extras[key] = limiter
        return cast(RateLimiter, limiter)

    @asynccontextmanager
    async def session(
        self, env: ProviderEnv, target: SessionTarget
    ) -> AsyncIterator[QuickBooksOnlineProvider]:
        """A provider session for one connected realm, spending the shared budget."""
        inner = env.transport or httpx.AsyncHTTPTransport(retries=1)
        limiter = self.limiter(env)
        realm = target.remote_company_id
        # The bearer is set inside the budget: the token is taken once the call may go.
        transport = RateLimitedTransport(BearerTransport(inner), limiter, realm, classify=_classify)
        auth = self.auth(env)
        source = stored_token_source(env.credentials, target.connection_id, auth)
        settings = target.settings
        async with QboClient(
            self.config(env), target.remote_company_id, source, transport=transport
        ) as client:
            yield QuickBooksOnlineProvider(
                client,
                default_income_account_id=_text(settings.get("income_account_id")),
                default_item_id=_text(settings.get("default_item_id")),
                batch_room=partial(limiter.room, realm, BATCH_CLASSES),
            )

    async def calls_remaining_today(self, env: ProviderEnv, remote_company_id: str) -> int | None:
        """Intuit has no daily call cap: None."""
        return None

    def simulator_control(self, http: httpx.AsyncClient, app_url: str) -> SimulatorControl:
        """The control API of the simulator mounted on the app running at ``app_url``."""
        from .simulator.remote import QboSimulatorControl

        return QboSimulatorControl(http, app_url.rstrip("/") + SIMULATOR_PATH)

    def simulator_mount(
        self, env: ProviderEnv, webhook_client: Callable[[], httpx.AsyncClient]
    ) -> tuple[str, ASGIApp] | None:
        """The simulator to mount on the app (path, ASGI app), only in the simulator environment.

        It is registered for this app's client, callback and webhook URL, so the flows work
        unchanged; ``webhook_client`` delivers its webhooks to the app in-process.
        """
        settings = env.settings
        own = self.settings(env)
        if own.environment is not ProviderEnvironment.SIMULATOR:
            return None
        # Imported here so production never loads the simulator.
        from .simulator import SimulatorSettings, create_app
        from .simulator.settings import RegisteredClient

        public = settings.public_url.rstrip("/")
        credentials = self.credentials(env)
        verifier = own.webhook_verifier_token
        simulator = create_app(
            SimulatorSettings(
                clients=(
                    RegisteredClient(
                        credentials.client_id, credentials.client_secret, (self.redirect_uri(env),)
                    ),
                ),
                auto_approve=settings.simulator_auto_approve,
                webhook_url=f"{public}/webhooks/{SLUG}",
                webhook_verifier_token=(
                    verifier.get_secret_value() if verifier else SIMULATOR_VERIFIER_TOKEN
                ),
                webhook_client_factory=webhook_client,
            )
        )
        return SIMULATOR_PATH, simulator

    def parse_webhook(
        self, env: ProviderEnv, headers: Mapping[str, str], body: bytes
    ) -> ChangeDelivery:
        """Verify ``intuit-signature`` over the raw body, then parse either format."""
        own = self.settings(env)
        token = own.webhook_verifier_token
        if token is None:
            if own.environment is not ProviderEnvironment.SIMULATOR:
                raise WebhookSignatureError("LEDGERSYNC_QBO_WEBHOOK_VERIFIER_TOKEN is not set")
            secret = SIMULATOR_VERIFIER_TOKEN
        else:
            secret = token.get_secret_value()
        return verify_and_parse(body, headers.get("intuit-signature"), secret)


class QboOAuth:
    """Adapts :class:`QboAuth` to the engine's OAuth protocol."""

    def __init__(self, auth: QboAuth, *, send_login_hint: bool = False) -> None:
        self._auth = auth
        self._send_login_hint = send_login_hint

    def authorization_url(self, state: str, *, login_hint: str | None = None) -> str:
        """Intuit's consent URL carrying our signed state."""
        # Only the simulator hears who signs in: it gives each firm its own company.
        extra = {"login_hint": login_hint} if login_hint and self._send_login_hint else {}
        url, _ = self._auth.authorization_url(state, **extra)
        return url

    async def exchange_code(self, params: Mapping[str, str]) -> Grant:
        """Exchange the callback's code; the realm comes from ``realmId``."""
        authorization = await self._auth.exchange_code(
            dict(params), expected_state=params.get("state", "")
        )
        return Grant(
            tokens=authorization.tokens,
            companies=(RemoteCompany(id=authorization.realm_id),),
        )

    async def refresh(self, tokens: TokenSet) -> TokenSet:
        """Refresh (the refresh token rotates)."""
        return await self._auth.refresh(tokens)

    async def revoke(self, tokens: TokenSet) -> None:
        """Revoke the grant (by its refresh token, else the access token)."""
        await self._auth.revoke(tokens.refresh_token or tokens.access_token)

    async def supersede(self, previous: TokenSet, current: TokenSet, company_id: str) -> None:
        """Intuit's grants are per realm: revoking the previous one leaves the new one alone."""
        await self.revoke(previous)

    async def select_company(self, tokens: TokenSet, company_id: str) -> TokenSet:
        """A consent reaches exactly one realm, so there is nothing to choose: tokens unchanged."""
        return tokens


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
