"""OAuth 2.0 with Intuit: consent URL, code exchange, refresh (rotating tokens), revoke.

Built on the shared OAuth helpers of ``integrations.oauth``. Every token call asks for the refresh
token's 5-year hard expiry (``x-include-refresh-token-hard-expires-in``). The company id
(``realmId``) comes from the consent callback, never from the token response. :class:`QboAuth`
implements the engine's :class:`~core.sync.ports.TokenRefresher`, so the fenced
:class:`~core.sync.tokens.CredentialStore` drives every refresh and always stores the newest refresh
token.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import parse_qs, urlparse
from uuid import UUID

import httpx

from core.sync.tokens import CredentialStore
from integrations.base import (
    InvalidGrant,
    ProviderError,
    ProviderUnavailable,
    TokenSet,
    expires_after,
    utcnow,
)
from integrations.oauth import (
    OAuthApp,
    OAuthRefusal,
    StoredAccessToken,
    authorization_url,
    token_call,
)

from .config import QboConfig

logger = logging.getLogger("ledgersync.qbo.auth")

HARD_EXPIRY_HEADER = "x-include-refresh-token-hard-expires-in"
RECONNECT_HINT = "Reconnect QuickBooks Online from the connection settings."
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class ClientCredentials:
    """The app's registration with Intuit."""

    client_id: str
    client_secret: str
    redirect_uri: str

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, client_secret=***)"


@dataclass(frozen=True, slots=True)
class Authorization:
    """The result of a completed consent: the company connected and its first tokens."""

    realm_id: str
    tokens: TokenSet


class QboAuth:
    """Intuit's OAuth endpoints for one registered app; implements ``TokenRefresher``."""

    def __init__(
        self,
        config: QboConfig,
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
        self, callback: str | Mapping[str, str], *, expected_state: str
    ) -> Authorization:
        """Finish the consent: check ``state``, read ``realmId``, exchange the code for tokens.

        ``callback`` is the full callback URL or its query parameters.
        """
        params = _callback_params(callback)
        if "error" in params:
            raise InvalidGrant(
                f"QuickBooks Online consent was not given: {params['error']}", hint=RECONNECT_HINT
            )
        if params.get("state") != expected_state:
            raise ValueError("the OAuth callback's state does not match the one issued")
        code, realm_id = params.get("code"), params.get("realmId")
        if not code or not realm_id:
            raise ValueError("the OAuth callback lacks code or realmId")
        body = await self._token_call("authorization_code", code)
        return Authorization(realm_id=realm_id, tokens=self._token_set(body, previous=None))

    async def refresh(self, tokens: TokenSet) -> TokenSet:
        """Exchange the refresh token; the answer may carry a new (rotated) refresh token."""
        if not tokens.refresh_token:
            raise InvalidGrant("the connection holds no refresh token", hint=RECONNECT_HINT)
        body = await self._token_call("refresh_token", tokens.refresh_token)
        return self._token_set(body, previous=tokens)

    async def revoke(self, token: str) -> None:
        """Revoke the grant the token (refresh or access) belongs to: disconnects the company."""
        app = self._app()
        async with app.http() as client:
            try:
                # Intuit wants JSON here, not the form body of RFC 7009.
                response = await client.post(
                    self._config.revoke_url,
                    json={"token": token},
                    headers={"Accept": "application/json", "Authorization": app.basic_auth()},
                )
            except httpx.HTTPError as exc:  # a failed transport, a body that cannot be decoded
                raise ProviderUnavailable(f"Intuit's revoke endpoint failed: {exc}") from exc
        if response.status_code >= 500:
            raise ProviderUnavailable(f"Intuit's revoke endpoint answered {response.status_code}")
        if response.status_code >= 400:
            raise ProviderError(
                f"Intuit refused to revoke the token (HTTP {response.status_code})",
                code="QBO-REVOKE",
            )

    async def _token_call(
        self, grant: Literal["authorization_code", "refresh_token"], value: str
    ) -> dict[str, object]:
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
            HARD_EXPIRY_HEADER: "true",
        }
        return await token_call(
            self._app(),
            self._config.token_url,
            grant,
            value,
            headers=headers,
            oauth_error=_oauth_error,
            platform="Intuit",
        )

    def _token_set(self, body: Mapping[str, object], previous: TokenSet | None) -> TokenSet:
        now = self._clock()
        access = body.get("access_token")
        if not isinstance(access, str) or not access:
            raise ProviderUnavailable("Intuit's token endpoint answered without an access_token")
        refresh = body.get("refresh_token")
        refresh_token = refresh if isinstance(refresh, str) and refresh else None
        if refresh_token is None and previous is not None:
            refresh_token = previous.refresh_token
        access_expires = expires_after(body.get("expires_in", 3600), now) or now
        refresh_expires = expires_after(body.get("x_refresh_token_expires_in"), now)
        hard_expires = expires_after(body.get("x_refresh_token_hard_expires_in"), now)
        if hard_expires is None and previous is not None:
            hard_expires = previous.refresh_hard_expires_at
        return TokenSet(
            access_token=access,
            refresh_token=refresh_token,
            access_expires_at=access_expires,
            refresh_expires_at=refresh_expires,
            refresh_hard_expires_at=hard_expires,
            extra=dict(previous.extra) if previous is not None else {},
        )


def _callback_params(callback: str | Mapping[str, str]) -> dict[str, str]:
    if isinstance(callback, str):
        return {k: v[0] for k, v in parse_qs(urlparse(callback).query).items()}
    return dict(callback)


def _oauth_error(exc: OAuthRefusal) -> ProviderError:
    error = exc.error
    description = exc.description or ""
    if error == "invalid_grant":
        logger.warning("Intuit refused a grant: %s", description or error)
        return InvalidGrant(
            f"Intuit refused the grant: {description or error}", hint=RECONNECT_HINT
        )
    return ProviderError(
        f"Intuit's token endpoint answered {error}: {description}".rstrip(": "),
        code=f"QBO-OAUTH-{error.upper() or 'ERROR'}",
        hint="Check the app's client id, secret and redirect URI in the QuickBooks settings.",
    )


def stored_token_source(
    store: CredentialStore, connection_id: UUID, auth: QboAuth
) -> StoredAccessToken:
    """An access-token source backed by the fenced credential store (refreshes when due, and
    once more when the platform refuses a token)."""
    return StoredAccessToken(store, connection_id, auth)
