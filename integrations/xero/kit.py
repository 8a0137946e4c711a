"""Xero as the engine sees it: OAuth, sessions and webhooks for one deployment.

Environment ``simulator`` points every URL at the simulator mounted at ``/_sim/xero`` on the
Ledgersync app itself; ``production`` (and ``sandbox``, which Xero does not have separately)
point at Xero. Every API call spends the tenant's shared budget (60 a minute, 5 at once, 5,000 a
day) and feeds Xero's own remaining-call headers back into it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import cast

import httpx
from starlette.types import ASGIApp

from core.models.enums import Provider
from core.settings import ProviderEnvironment
from core.sync.ports import ProviderError, TokenSet, WebhookSignatureError
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

from .auth import ClientCredentials, XeroAuth, connections_of, stored_token_source
from .client import XeroClient
from .config import XeroConfig, XeroSettings, load_xero_settings, xero_config
from .provider import CAPABILITIES, XeroProvider
from .webhooks import SIGNATURE_HEADER, verify_and_parse
from .wire import remaining, retry_after

SLUG = "xero"
SIMULATOR_PATH = "/_sim/xero"
SIMULATOR_CLIENT_ID = "SIMULATORCLIENTID"
SIMULATOR_CLIENT_SECRET = "simulator-client-secret"  # noqa: S105 - the simulator's fake app
SIMULATOR_WEBHOOK_KEY = "TEST-ONLY-xero-webhook-key-not-real=="
LIMITER_SCOPE = "xero"


def budget_for(config: XeroConfig) -> RateBudget:
    """Xero's per-tenant limits as a shared rate budget."""
    limits = config.limits
    return RateBudget(
        rates=(Rate(limits.calls_per_minute, 60),),
        max_concurrent=limits.max_concurrent,
        daily_cap=limits.calls_per_day,
    )


class LimitHeadersTransport(httpx.AsyncBaseTransport):
    """Feeds ``X-MinLimit-Remaining`` / ``X-DayLimit-Remaining`` into the shared budget, so
    calls Xero counted that we did not (another app, a restart) are counted here too."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limiter: RateLimiter, key: str) -> None:
        self._inner = inner
        self._limiter = limiter
        self._key = key

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send, then report the remaining-call headers of the answer."""
        response = await self._inner.handle_async_request(request)
        minute = remaining(response.headers, "x-minlimit-remaining")
        day = remaining(response.headers, "x-daylimit-remaining")
        if minute is not None or day is not None:
            await self._limiter.observe_headers(
                self._key, remaining_minute=minute, remaining_day=day
            )
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()


SETTINGS_KEY = "xero-settings"


class XeroKit:
    """Builds Xero OAuth clients, sessions and webhook parsers from the settings."""

    provider = Provider.XERO
    display_name = "Xero"
    slug = SLUG
    capabilities = CAPABILITIES

    def settings(self, env: ProviderEnv) -> XeroSettings:
        """The ``LEDGERSYNC_XERO_*`` settings, read once per process environment."""
        return provider_settings(env, SETTINGS_KEY, XeroSettings, load_xero_settings)

    def config(self, env: ProviderEnv) -> XeroConfig:
        """URLs, scopes and limits for the configured environment."""
        own = self.settings(env)
        legacy = own.legacy_scopes
        if own.environment is ProviderEnvironment.SIMULATOR:
            return xero_config(
                "simulator",
                simulator_base_url=env.settings.public_url + SIMULATOR_PATH,
                legacy_scopes=legacy,
            )
        return xero_config("production", legacy_scopes=legacy)

    def redirect_uri(self, env: ProviderEnv) -> str:
        """Where Xero sends the user back after consent."""
        return f"{env.settings.public_url}/oauth/{SLUG}/callback"

    def credentials(self, env: ProviderEnv) -> ClientCredentials:
        """The app's registration (the simulator's fake app when none is configured)."""
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

    def auth(self, env: ProviderEnv) -> XeroAuth:
        """Xero's identity endpoints for our app."""
        return XeroAuth(self.config(env), self.credentials(env), transport=env.transport)

    def oauth(self, env: ProviderEnv) -> XeroOAuth:
        """The OAuth client used by the connection flow."""
        simulated = self.settings(env).environment is ProviderEnvironment.SIMULATOR
        return XeroOAuth(self.auth(env), send_login_hint=simulated)

    def limiter(self, env: ProviderEnv) -> RateLimiter:
        """The shared per-tenant budget: Redis when configured, else one per process.

        ``remaining_today(tenant_id)`` on it is the tenant's calls left in the rolling day.
        """
        budget = budget_for(self.config(env))
        if env.redis is not None:
            return RedisRateLimiter(env.redis, budget, scope=LIMITER_SCOPE)
        key = "xero-limiter"
        limiter = env.extras.get(key)
        if limiter is None:
            limiter = InProcessRateLimiter(budget)
            env.extras[key] = limiter
        return cast(RateLimiter, limiter)

    def transport(self, env: ProviderEnv, tenant_id: str) -> httpx.AsyncBaseTransport:
        """The budgeted transport every call of one tenant goes through."""
        limiter = self.limiter(env)
        limits = self.config(env).limits
        inner = env.transport or httpx.AsyncHTTPTransport(retries=1)
        # The bearer is set inside the budget: the token is taken once the call may go.
        return RateLimitedTransport(
            BearerTransport(LimitHeadersTransport(inner, limiter, tenant_id)),
            limiter,
            tenant_id,
            retry_after=lambda response: retry_after(
                response.headers,
                minute=limits.minute_backoff_seconds,
                concurrent=limits.concurrent_backoff_seconds,
            ),
        )

    @asynccontextmanager
    async def session(self, env: ProviderEnv, target: SessionTarget) -> AsyncIterator[XeroProvider]:
        """A provider session for one connected organisation, spending the shared budget."""
        auth = self.auth(env)
        source = stored_token_source(env.credentials, target.connection_id, auth)
        settings = target.settings
        transport = self.transport(env, target.remote_company_id)
        limiter = self.limiter(env)
        tenant = target.remote_company_id

        async def calls_left() -> int | None:
            return await limiter.remaining_today(tenant)

        async with XeroClient(
            self.config(env), target.remote_company_id, source, transport=transport
        ) as client:
            yield XeroProvider(
                client,
                income_account_code=_text(settings.get("income_account_id")),
                default_item_id=_text(settings.get("default_item_id")),
                tax_type=_text(settings.get("default_tax_code")),
                calls_left=calls_left,
            )

    async def calls_remaining_today(self, env: ProviderEnv, remote_company_id: str) -> int | None:
        """Calls the organisation has left in Xero's rolling day (5,000), as the shared budget
        counts them (fed by Xero's own ``X-DayLimit-Remaining``)."""
        return await self.limiter(env).remaining_today(remote_company_id)

    def simulator_control(self, http: httpx.AsyncClient, app_url: str) -> SimulatorControl:
        """The control API of the simulator mounted on the app running at ``app_url``."""
        from .simulator.remote import XeroSimulatorControl

        return XeroSimulatorControl(http, app_url.rstrip("/") + SIMULATOR_PATH)

    def simulator_mount(
        self, env: ProviderEnv, webhook_client: Callable[[], httpx.AsyncClient]
    ) -> tuple[str, ASGIApp] | None:
        """The simulator to mount on the app (path, ASGI app), only in the simulator environment.

        It is registered for this app's client, callback URL and webhook key, and delivers its
        webhooks to ``{public_url}/webhooks/xero`` through ``webhook_client`` (in-process).
        """
        settings = env.settings
        if self.settings(env).environment is not ProviderEnvironment.SIMULATOR:
            return None
        # Imported here so production never loads the simulator.
        from .simulator import SimulatorSettings, create_app

        credentials = self.credentials(env)
        simulator = create_app(
            SimulatorSettings(
                client_id=credentials.client_id,
                client_secret=credentials.client_secret,
                redirect_uris=(self.redirect_uri(env),),
                auto_approve=settings.simulator_auto_approve,
                webhook_url=f"{settings.public_url.rstrip('/')}/webhooks/{SLUG}",
                webhook_key=self.webhook_key(env),
                http_client_factory=webhook_client,
            )
        )
        return SIMULATOR_PATH, simulator

    def webhook_key(self, env: ProviderEnv) -> str:
        """The webhook signing key (the simulator's fake key when unset in the simulator)."""
        own = self.settings(env)
        key = own.webhook_key
        if key is not None:
            return key.get_secret_value()
        if own.environment is not ProviderEnvironment.SIMULATOR:
            raise WebhookSignatureError("LEDGERSYNC_XERO_WEBHOOK_KEY is not set")
        return SIMULATOR_WEBHOOK_KEY

    def parse_webhook(
        self, env: ProviderEnv, headers: Mapping[str, str], body: bytes
    ) -> ChangeDelivery:
        """Verify ``x-xero-signature`` over the raw body, then parse.

        An intent-to-receive delivery parses to no notices: answer 200 with an empty body. On
        :class:`WebhookSignatureError` answer 401, also with an empty body.
        """
        signature = next((v for k, v in headers.items() if k.lower() == SIGNATURE_HEADER), None)
        return verify_and_parse(body, signature, self.webhook_key(env))


class XeroOAuth:
    """Adapts :class:`XeroAuth` to the engine's OAuth protocol."""

    def __init__(self, auth: XeroAuth, *, send_login_hint: bool = False) -> None:
        self._auth = auth
        self._send_login_hint = send_login_hint

    def authorization_url(self, state: str, *, login_hint: str | None = None) -> str:
        """Xero's consent URL carrying our signed state."""
        # Only the simulator hears who signs in: it gives each firm its own company.
        extra = {"login_hint": login_hint} if login_hint and self._send_login_hint else {}
        url, _ = self._auth.authorization_url(state, **extra)
        return url

    async def exchange_code(self, params: Mapping[str, str]) -> Grant:
        """Exchange the code; the companies are every organisation this consent granted, in
        Xero's order (``id`` = tenantId, ``connection_ref`` = the Xero connection id)."""
        authorization = await self._auth.exchange_code(
            dict(params), expected_state=params.get("state", "")
        )
        companies = tuple(
            RemoteCompany(id=c.tenant_id, name=c.tenant_name, connection_ref=c.id)
            for c in authorization.connections
        )
        return Grant(tokens=authorization.tokens, companies=companies)

    async def refresh(self, tokens: TokenSet) -> TokenSet:
        """Refresh (the refresh token rotates)."""
        return await self._auth.refresh(tokens)

    async def revoke(self, tokens: TokenSet) -> None:
        """Disconnect: delete the Xero connections this consent granted, then revoke the
        refresh token. A connection that cannot be deleted (expired access token) is still
        ended by the revocation."""
        for connection_id in connections_of(tokens).values():
            try:
                await self._auth.delete_connection(tokens.access_token, connection_id)
            except ProviderError:
                break  # the revocation below ends it anyway
        await self._auth.revoke(tokens.refresh_token or tokens.access_token)

    async def supersede(self, previous: TokenSet, current: TokenSet, company_id: str) -> None:
        """Leave the previous organisation by deleting its Xero connection with the current
        tokens. The previous refresh token is not revoked: Xero's revocation ends every
        connection the user gave this app, the new organisation's included."""
        for connection in await self._auth.list_connections(current.access_token):
            if connection.tenant_id == company_id:
                await self._auth.delete_connection(current.access_token, connection.id)

    async def select_company(self, tokens: TokenSet, company_id: str) -> TokenSet:
        """Keep one organisation of a multi-organisation consent: the others' Xero connections
        are deleted and the returned tokens remember only the one kept (store them)."""
        granted = connections_of(tokens)
        if company_id not in granted:
            raise ValueError("that organisation was not granted by this consent")
        for tenant_id, connection_id in granted.items():
            if tenant_id != company_id:
                await self._auth.delete_connection(tokens.access_token, connection_id)
        extra = {**tokens.extra, "connections": json.dumps({company_id: granted[company_id]})}
        return TokenSet(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            access_expires_at=tokens.access_expires_at,
            refresh_expires_at=tokens.refresh_expires_at,
            refresh_hard_expires_at=tokens.refresh_hard_expires_at,
            extra=extra,
        )


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
