"""The shared OAuth token calls: request shape, error answers, and no deprecated imports."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest

from integrations.base import InvalidGrant, ProviderError, ProviderUnavailable
from integrations.oauth import OAuthApp, OAuthRefusal, authorization_url, token_call

REPO = Path(__file__).resolve().parents[2]
TOKEN_URL = "https://idp.example/token"


def _app(handler) -> OAuthApp:
    return OAuthApp(
        client_id="client-1",
        client_secret="s3cret",
        redirect_uri="https://ls.example/oauth/cb",
        scope="accounting offline_access",
        transport=httpx.MockTransport(handler),
    )


def _refusal(exc: OAuthRefusal) -> ProviderError:
    if exc.error == "invalid_grant":
        return InvalidGrant(f"refused: {exc.description}")
    return ProviderError(exc.error, code="OAUTH")


async def _call(handler, grant="authorization_code", value="code-1") -> dict[str, object]:
    return await token_call(
        _app(handler),
        TOKEN_URL,
        grant,
        value,
        headers={"Accept": "application/json"},
        oauth_error=_refusal,
        platform="The platform",
    )


async def test_token_call_code_grant_sends_basic_auth_code_and_redirect_uri() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"access_token": "a", "refresh_token": "r"})

    body = await _call(handler)

    assert body == {"access_token": "a", "refresh_token": "r"}
    [request] = seen
    form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
    assert form == {
        "grant_type": "authorization_code",
        "code": "code-1",
        "redirect_uri": "https://ls.example/oauth/cb",
    }
    expected = base64.b64encode(b"client-1:s3cret").decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert request.headers["accept"] == "application/json"


async def test_token_call_refresh_grant_sends_the_refresh_token_and_scope() -> None:
    forms: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        forms.append({k: v[0] for k, v in parse_qs(request.content.decode()).items()})
        return httpx.Response(200, json={"access_token": "a2"})

    await _call(handler, grant="refresh_token", value="r-1")

    assert forms == [
        {
            "grant_type": "refresh_token",
            "refresh_token": "r-1",
            "scope": "accounting offline_access",
        }
    ]


async def test_token_call_oauth_error_answer_goes_through_the_providers_mapping() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": "invalid_grant", "error_description": "gone"})

    with pytest.raises(InvalidGrant, match="refused: gone"):
        await _call(handler)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(503, text="down"),
        httpx.Response(400, text="<html>not json</html>"),
        httpx.Response(200, json=["not", "an", "object"]),
    ],
)
async def test_token_call_server_error_or_non_json_answer_is_unavailable(answer) -> None:
    with pytest.raises(ProviderUnavailable):
        await _call(lambda request: answer)


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError, httpx.ReadTimeout, httpx.DecodingError, httpx.TooManyRedirects],
)
async def test_token_call_http_failure_is_unavailable(failure: type[httpx.HTTPError]) -> None:
    """Every httpx failure becomes the provider's error: the engine never sees httpx's."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise failure("failed", request=request)

    with pytest.raises(ProviderUnavailable, match="token endpoint failed"):
        await _call(handler)


def test_authorization_url_carries_client_redirect_scope_state_and_extras() -> None:
    url = authorization_url(
        _app(lambda r: httpx.Response(200)), "https://idp.example/auth", "st-1", login_hint="f"
    )

    query = parse_qs(httpx.URL(url).query.decode())
    assert {k: v[0] for k, v in query.items()} == {
        "response_type": "code",
        "client_id": "client-1",
        "redirect_uri": "https://ls.example/oauth/cb",
        "scope": "accounting offline_access",
        "state": "st-1",
        "login_hint": "f",
    }


def test_importing_the_app_and_the_cli_warns_of_nothing_deprecated() -> None:
    code = "import core.app, core.cli, workers.settings"
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
