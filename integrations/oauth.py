"""OAuth 2.0 consent URLs and token-endpoint calls shared by the providers.

The requests are built with authlib's RFC 6749 helpers and sent with our own httpx client, so
they travel through the same transports as every other provider call (the rate budget, the
in-process simulators). authlib's httpx integration is not used: it is built on httpx2, and
on httpx it falls back with a deprecation warning at import.

:class:`StoredAccessToken` is the access token their API clients call: taken from the fenced
credential store, and replaced once through the fence when the platform refuses it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal
from uuid import UUID

import httpx
from authlib.common.urls import url_decode
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request

from core.sync.tokens import CredentialStore
from integrations.base import ProviderError, ProviderUnavailable, TokenRefresher

Grant = Literal["authorization_code", "refresh_token"]


class OAuthRefusal(Exception):
    """The token endpoint answered with an OAuth error (``invalid_grant``, ``invalid_client``…)."""

    def __init__(self, error: str, description: str | None) -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error = error
        self.description = description


@dataclass(frozen=True, slots=True)
class OAuthApp:
    """Our app's registration at one provider, and how its token endpoint is called."""

    client_id: str
    client_secret: str
    redirect_uri: str
    scope: str
    transport: httpx.AsyncBaseTransport | None = None
    timeout: float = 30.0

    def __repr__(self) -> str:
        return f"OAuthApp(client_id={self.client_id!r}, client_secret=***)"

    def basic_auth(self) -> str:
        """The ``Authorization`` header of client_secret_basic authentication."""
        raw = f"{self.client_id}:{self.client_secret}".encode("latin1")
        return f"Basic {base64.b64encode(raw).decode()}"

    def http(self) -> httpx.AsyncClient:
        """A client over the app's transport (one per call: nothing leaks between calls)."""
        return httpx.AsyncClient(transport=self.transport, timeout=self.timeout)


def authorization_url(app: OAuthApp, authorize_url: str, state: str, **extra: str) -> str:
    """The consent URL: response_type=code, our client id, redirect URI, scope and state."""
    url: str = prepare_grant_uri(
        authorize_url,
        client_id=app.client_id,
        response_type="code",
        redirect_uri=app.redirect_uri,
        scope=app.scope,
        state=state,
        **extra,
    )
    return url


def _body(app: OAuthApp, grant: Grant, value: str) -> dict[str, str]:
    if grant == "authorization_code":
        encoded = prepare_token_request(grant, code=value, redirect_uri=app.redirect_uri)
    else:
        encoded = prepare_token_request(grant, refresh_token=value, scope=app.scope)
    return dict(url_decode(encoded))


def _token_answer(response: httpx.Response, platform: str) -> dict[str, object]:
    """The JSON object of a token answer, or OAuthRefusal for an OAuth error in it."""
    if response.status_code >= 500:
        raise ProviderUnavailable(f"{platform}'s token endpoint answered {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ProviderUnavailable(
            f"{platform}'s token endpoint answered HTTP {response.status_code} without a JSON "
            "object"
        )
    if "error" in body:
        description = body.get("error_description")
        raise OAuthRefusal(str(body["error"]), str(description) if description else None)
    return {str(k): v for k, v in body.items()}


async def token_call(
    app: OAuthApp,
    token_url: str,
    grant: Grant,
    value: str,
    *,
    headers: Mapping[str, str],
    oauth_error: Callable[[OAuthRefusal], ProviderError],
    platform: str,
) -> dict[str, object]:
    """Exchange a code or a refresh token at ``token_url``; return the token response.

    The client authenticates with HTTP Basic (client_secret_basic). The provider's
    ``oauth_error`` turns an OAuth error answer (e.g. ``invalid_grant``) into its
    ProviderError; network failures and malformed answers become ProviderUnavailable.
    """
    sent = {**headers, "Authorization": app.basic_auth()}
    async with app.http() as http:
        try:
            response = await http.post(token_url, data=_body(app, grant, value), headers=sent)
        except httpx.HTTPError as exc:  # a failed transport, a body that cannot be decoded
            raise ProviderUnavailable(f"{platform}'s token endpoint failed: {exc}") from exc
    try:
        return _token_answer(response, platform)
    except OAuthRefusal as exc:
        raise oauth_error(exc) from exc


class StoredAccessToken:
    """A connection's access token from the fenced credential store, as API clients call it.

    Calling it returns a token valid for at least the store's margin (refreshing first when
    needed); :meth:`refused` replaces a token the platform refused with one fenced refresh.
    """

    def __init__(
        self, store: CredentialStore, connection_id: UUID, refresher: TokenRefresher
    ) -> None:
        self._store = store
        self._connection_id = connection_id
        self._refresher = refresher

    async def __call__(self) -> str:
        """A valid access token."""
        tokens = await self._store.access_token(self._connection_id, self._refresher)
        return tokens.access_token

    async def refused(self, access_token: str) -> None:
        """The platform refused ``access_token`` (HTTP 401): refresh once, unless another
        caller already replaced it."""
        await self._store.replace_refused(self._connection_id, self._refresher, access_token)
