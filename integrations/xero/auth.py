"""OAuth 2.0 with Xero: consent URL, code exchange plus the organisations granted, rotating
refresh, revocation and disconnecting one organisation.

Built on the shared OAuth helpers of ``integrations.oauth``. One consent may grant several
organisations (tenants) at once; they are the rows of ``GET /connections`` filtered by the consent's
``authEventId``, which Xero puts in the access token's claims (read without verification: the token
is only ever sent back to Xero). Refresh tokens rotate on every use and the previous one stays
usable for a grace period; the fenced :class:`~core.sync.tokens.CredentialStore` stores the newest.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

import httpx

from core.sync.tokens import CredentialStore
from integrations.base import (
    AuthExpired,
    InvalidGrant,
    ProviderError,
    ProviderUnavailable,
    TokenSet,
    expires_after,
    utcnow,
)
from integrations.http import AccessTokenSource
from integrations.oauth import (
    OAuthApp,
    OAuthRefusal,
    StoredAccessToken,
    authorization_url,
    token_call,
)

from .config import XeroConfig
from .wire import RECONNECT_HINT, objects, parse_error, text

logger = logging.getLogger("ledgersync.xero.auth")

Clock = Callable[[], datetime]

REFRESH_IDLE_LIFETIME = timedelta(days=60)
"""A Xero refresh token dies after 60 days unused; every use starts the count again."""
AUTH_EVENT_CLAIM = "authentication_event_id"
EXTRA_AUTH_EVENT = "auth_event_id"
EXTRA_CONNECTIONS = "connections"
"""``TokenSet.extra`` key: JSON ``{tenantId: connectionId}`` of the organisations granted."""


@dataclass(frozen=True, slots=True)
class ClientCredentials:
    """The app's registration with Xero."""

    client_id: str
    client_secret: str
    redirect_uri: str

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, client_secret=***)"


@dataclass(frozen=True, slots=True)
class TenantConnection:
    """One row of ``GET /connections``: an organisation the user connected to this app."""

    id: str
    tenant_id: str
    tenant_name: str | None
    tenant_type: str | None
    auth_event_id: str | None


@dataclass(frozen=True, slots=True)
class Authorization:
    """A completed consent: its first tokens and the organisations it granted."""

    tokens: TokenSet
    connections: tuple[TenantConnection, ...]
    auth_event_id: str | None


def jwt_claims(token: str) -> dict[str, object]:
    """The claims of a JWT, read WITHOUT verifying it; empty when it is not a readable JWT."""
    parts = token.split(".")
    if len(parts) < 2:
        return {}
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload.encode()))
    except (binascii.Error, ValueError):
        return {}
    return {str(k): v for k, v in claims.items()} if isinstance(claims, dict) else {}


def parse_connections(body: object) -> list[TenantConnection]:
    """The rows of a ``GET /connections`` answer (rows without ids are skipped)."""
    return [
        TenantConnection(
            id=str(row.get("id")),
            tenant_id=str(row.get("tenantId")),
            tenant_name=text(row.get("tenantName")),
            tenant_type=text(row.get("tenantType")),
            auth_event_id=text(row.get("authEventId")),
        )
        for row in objects(body)
        if row.get("id") and row.get("tenantId")
    ]


def connections_of(tokens: TokenSet) -> dict[str, str]:
    """``{tenantId: connectionId}`` recorded on a token set by :meth:`XeroAuth.exchange_code`."""
    raw = tokens.extra.get(EXTRA_CONNECTIONS)
    try:
        parsed = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in parsed.items()} if isinstance(parsed, dict) else {}


class XeroAuth:
    """Xero's identity endpoints for one registered app; implements ``TokenRefresher``."""

    def __init__(
        self,
        config: XeroConfig,
        credentials: ClientCredentials,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        clock: Clock = utcnow,
    ) -> None:
        self._config = config
        self._credentials = credentials
        self._transport = transport
        self._timeout = timeout
        self._clock = clock

    @property
    def config(self) -> XeroConfig:
        """URLs, scopes and limits in use."""
        return self._config

    def _app(self) -> OAuthApp:
        return OAuthApp(
            client_id=self._credentials.client_id,
            client_secret=self._credentials.client_secret,
            redirect_uri=self._credentials.redirect_uri,
            scope=" ".join(self._config.scopes),
            transport=self._transport,
            timeout=self._timeout,
        )

    def authorization_url(self, state: str | None = None, **extra: str) -> tuple[str, str]:
        """The consent URL to send the user to, and the ``state`` to check on the callback (a
        random one when none is given); ``extra`` adds query parameters."""
        used_state = state or secrets.token_urlsafe(22)
        url = authorization_url(self._app(), self._config.authorize_url, used_state, **extra)
        return url, used_state

    async def exchange_code(
        self, params: Mapping[str, str], *, expected_state: str
    ) -> Authorization:
        """Finish the consent: check ``state``, exchange the code, list the tenants granted."""
        if "error" in params:
            raise InvalidGrant(
                f"Xero consent was not given: {params['error']}", hint=RECONNECT_HINT
            )
        if params.get("state") != expected_state:
            raise ValueError("the OAuth callback's state does not match the one issued")
        code = params.get("code")
        if not code:
            raise ValueError("the OAuth callback lacks a code")
        body = await self._token_call("authorization_code", code)
        tokens = self._token_set(body, previous=None)
        event = text(jwt_claims(tokens.access_token).get(AUTH_EVENT_CLAIM))
        connections = await self.list_connections(tokens.access_token, auth_event_id=event)
        extra = {EXTRA_CONNECTIONS: json.dumps({c.tenant_id: c.id for c in connections})}
        if event:
            extra[EXTRA_AUTH_EVENT] = event
        tokens = TokenSet(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            access_expires_at=tokens.access_expires_at,
            refresh_expires_at=tokens.refresh_expires_at,
            extra=extra,
        )
        return Authorization(tokens, tuple(connections), event)

    async def refresh(self, tokens: TokenSet) -> TokenSet:
        """Exchange the refresh token for a new pair (the refresh token rotates every time)."""
        if not tokens.refresh_token:
            raise InvalidGrant("the connection holds no refresh token", hint=RECONNECT_HINT)
        body = await self._token_call("refresh_token", tokens.refresh_token)
        return self._token_set(body, previous=tokens)

    async def revoke(self, token: str) -> None:
        """Revoke a refresh token: Xero then ends the app's connections for that user."""
        response = await self._identity_request(
            "POST",
            self._config.revoke_url,
            data={"token": token},
            auth=httpx.BasicAuth(self._credentials.client_id, self._credentials.client_secret),
        )
        if response.status_code >= 400:
            raise ProviderError(
                f"Xero refused to revoke the token (HTTP {response.status_code})",
                code="XERO-REVOKE",
            )

    async def list_connections(
        self, access_token: str, *, auth_event_id: str | None = None
    ) -> list[TenantConnection]:
        """``GET /connections``: the organisations this token may call (one consent's, if
        ``auth_event_id`` is given)."""
        params = {"authEventId": auth_event_id} if auth_event_id else None
        response = await self._identity_request(
            "GET", self._config.connections_url, params=params, bearer=access_token
        )
        if response.status_code >= 400:
            raise parse_error(response.status_code, response.headers, response.content)
        try:
            return parse_connections(response.json())
        except ValueError as exc:
            raise ProviderUnavailable("Xero's connections answer is not JSON") from exc

    async def delete_connection(self, access_token: str, connection_ref: str) -> bool:
        """``DELETE /connections/{id}``: disconnect one organisation (``id`` is the connection
        id, not the tenant id). False when it was already gone."""
        url = f"{self._config.connections_url}/{connection_ref}"
        response = await self._identity_request("DELETE", url, bearer=access_token)
        if response.status_code == 404:
            return False
        if response.status_code >= 400:
            raise parse_error(response.status_code, response.headers, response.content)
        return True

    async def _identity_request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        bearer: str | None = None,
        auth: httpx.Auth | None = None,
    ) -> httpx.Response:
        headers = {"Accept": "application/json"}
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        async with httpx.AsyncClient(transport=self._transport, timeout=self._timeout) as http:
            try:
                response = await http.request(
                    method, url, params=params, data=data, headers=headers, auth=auth
                )
            except httpx.HTTPError as exc:  # a failed transport, a body that cannot be decoded
                raise ProviderUnavailable(f"Xero's identity service failed: {exc}") from exc
        if response.status_code >= 500:
            raise ProviderUnavailable(f"Xero's identity service answered {response.status_code}")
        return response

    async def _token_call(
        self, grant: Literal["authorization_code", "refresh_token"], value: str
    ) -> dict[str, object]:
        headers = {"Accept": "application/json"}
        return await token_call(
            self._app(),
            self._config.token_url,
            grant,
            value,
            headers=headers,
            oauth_error=_oauth_error,
            platform="Xero",
        )

    def _token_set(self, body: Mapping[str, object], previous: TokenSet | None) -> TokenSet:
        now = self._clock()
        access = body.get("access_token")
        if not isinstance(access, str) or not access:
            raise ProviderUnavailable("Xero's token endpoint answered without an access_token")
        refresh = body.get("refresh_token")
        refresh_token = refresh if isinstance(refresh, str) and refresh else None
        if refresh_token is None and previous is not None:
            refresh_token = previous.refresh_token
        return TokenSet(
            access_token=access,
            refresh_token=refresh_token,
            access_expires_at=expires_after(body.get("expires_in", 1800), now) or now,
            refresh_expires_at=now + REFRESH_IDLE_LIFETIME if refresh_token else None,
            extra=dict(previous.extra) if previous is not None else {},
        )


def _oauth_error(exc: OAuthRefusal) -> ProviderError:
    error = exc.error
    description = exc.description or ""
    if error == "invalid_grant":
        logger.warning("Xero refused a grant: %s", description or error)
        return InvalidGrant(f"Xero refused the grant: {description or error}", hint=RECONNECT_HINT)
    return ProviderError(
        f"Xero's token endpoint answered {error}: {description}".rstrip(": "),
        code=f"XERO-OAUTH-{error.upper() or 'ERROR'}",
        hint="Check the app's client id, secret and redirect URI in the Xero settings.",
    )


def stored_token_source(
    store: CredentialStore, connection_id: UUID, auth: XeroAuth
) -> StoredAccessToken:
    """An access-token source backed by the fenced credential store (refreshes when due, and
    once more when the platform refuses a token)."""
    return StoredAccessToken(store, connection_id, auth)


__all__ = [
    "AccessTokenSource",
    "AuthExpired",
    "Authorization",
    "ClientCredentials",
    "TenantConnection",
    "XeroAuth",
    "connections_of",
    "jwt_claims",
    "parse_connections",
    "stored_token_source",
]
