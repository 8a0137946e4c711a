"""OAuth 2.0 token-endpoint calls shared by the providers (authlib's httpx client)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError

from integrations.base import ProviderError, ProviderUnavailable

Grant = Literal["authorization_code", "refresh_token"]


async def token_call(
    client: AsyncOAuth2Client,
    token_url: str,
    grant: Grant,
    value: str,
    *,
    headers: Mapping[str, str],
    oauth_error: Callable[[OAuthError], ProviderError],
    platform: str,
) -> dict[str, object]:
    """Exchange a code or a refresh token at ``token_url``; return the token response.

    The provider's ``oauth_error`` turns an OAuth error answer (e.g. ``invalid_grant``) into its
    ProviderError; network failures and malformed answers become ProviderUnavailable.
    """
    async with client:
        try:
            if grant == "authorization_code":
                token = await client.fetch_token(
                    token_url, grant_type="authorization_code", code=value, headers=dict(headers)
                )
            else:
                token = await client.refresh_token(
                    token_url, refresh_token=value, headers=dict(headers)
                )
        except OAuthError as exc:
            raise oauth_error(exc) from exc
        except (httpx.HTTPStatusError, httpx.TransportError, ValueError) as exc:
            raise ProviderUnavailable(f"{platform}'s token endpoint failed: {exc}") from exc
    return {str(k): v for k, v in dict(token).items()}
