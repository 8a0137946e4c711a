"""OAuth 2.0: consent, code exchange, refresh rotation, revoke, and the API's 401."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from integrations.quickbooks_online.simulator import ManualClock, SimulatorSettings, SimulatorState
from integrations.quickbooks_online.simulator.testing import Connection, OAuthDriver

FixtureJson = Callable[[str], Any]

REDIRECT_URI = "http://localhost:8000/oauth/quickbooks/callback"
AUTHORIZE_PARAMS = {
    "client_id": "sim-client-id",
    "response_type": "code",
    "scope": "com.intuit.quickbooks.accounting openid",
    "redirect_uri": REDIRECT_URI,
    "state": "abc",
}


async def test_authorize_code_exchange_returns_intuit_token_fields(
    oauth: OAuthDriver, state: SimulatorState
) -> None:
    callback = await oauth.authorize_code("s-42")
    assert callback["state"] == "s-42"
    assert callback["realmId"] in state.realms

    response = await oauth.exchange(callback["code"])

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "access_token",
        "refresh_token",
        "token_type",
        "expires_in",
        "x_refresh_token_expires_in",
    }
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["x_refresh_token_expires_in"] == 8726400


async def test_token_hard_expiry_header_present_adds_hard_expires_in(oauth: OAuthDriver) -> None:
    callback = await oauth.authorize_code()

    response = await oauth.exchange(
        callback["code"], **{"x-include-refresh-token-hard-expires-in": "true"}
    )

    assert response.json()["x_refresh_token_hard_expires_in"] == 5 * 365 * 86400


async def test_authorize_code_reused_answers_invalid_grant(oauth: OAuthDriver) -> None:
    callback = await oauth.authorize_code()
    assert (await oauth.exchange(callback["code"])).status_code == 200

    again = await oauth.exchange(callback["code"])

    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


async def test_authorize_code_expired_answers_invalid_grant(
    oauth: OAuthDriver, clock: ManualClock
) -> None:
    callback = await oauth.authorize_code()
    clock.advance(301)

    response = await oauth.exchange(callback["code"])

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def test_token_bad_client_secret_answers_invalid_client(
    client: httpx.AsyncClient, oauth: OAuthDriver
) -> None:
    callback = await oauth.authorize_code()

    response = await client.post(
        "/oauth2/v1/tokens/bearer",
        data={
            "grant_type": "authorization_code",
            "code": callback["code"],
            "redirect_uri": REDIRECT_URI,
        },
        auth=("sim-client-id", "wrong"),
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_consent_page_authorize_button_redirects_with_code_state_and_realm() -> None:
    from httpx import ASGITransport, AsyncClient

    from integrations.quickbooks_online.simulator import create_app

    app = create_app(SimulatorSettings(auto_approve=False))
    async with AsyncClient(transport=ASGITransport(app=app), base_url="https://sim.test") as http:
        page = await http.get("/connect/oauth2", params=AUTHORIZE_PARAMS)
        assert page.status_code == 200
        assert "<form" in page.text
        assert "Authorize" in page.text
        realm_id = next(iter(app.state.simulator.realms))
        form = {**AUTHORIZE_PARAMS, "realm_id": realm_id, "decision": "approve"}
        del form["response_type"]

        response = await http.post("/connect/oauth2", data=form)

    assert response.status_code == 302
    query = parse_qs(urlparse(response.headers["location"]).query)
    assert query["state"] == ["abc"]
    assert query["realmId"] == [realm_id]
    assert query["code"][0]


async def test_authorize_unregistered_redirect_uri_shows_error_without_redirect(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(
        "/connect/oauth2", params={**AUTHORIZE_PARAMS, "redirect_uri": "https://evil.example/cb"}
    )

    assert response.status_code == 400
    assert "location" not in response.headers


async def test_refresh_default_mode_rotates_and_old_token_works_within_grace(
    oauth: OAuthDriver, qbo: Connection, clock: ManualClock
) -> None:
    first = await oauth.refresh(qbo.refresh_token)
    assert first.status_code == 200
    newest = first.json()["refresh_token"]
    assert newest != qbo.refresh_token

    clock.advance(60)
    retry = await oauth.refresh(qbo.refresh_token)

    assert retry.status_code == 200
    assert retry.json()["refresh_token"] == newest


async def test_refresh_default_mode_old_token_after_grace_answers_invalid_grant(
    oauth: OAuthDriver, qbo: Connection, clock: ManualClock
) -> None:
    assert (await oauth.refresh(qbo.refresh_token)).status_code == 200
    clock.advance(301)

    response = await oauth.refresh(qbo.refresh_token)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


@pytest.fixture
def strict_settings(clock: ManualClock) -> SimulatorSettings:
    return SimulatorSettings(clock=clock, auto_approve=True, rotation="strict")


async def test_refresh_strict_mode_old_token_answers_invalid_grant_at_once(
    strict_settings: SimulatorSettings,
) -> None:
    from httpx import ASGITransport, AsyncClient

    from integrations.quickbooks_online.simulator import create_app

    app = create_app(strict_settings)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="https://sim.test") as http:
        code = parse_qs(
            urlparse(
                (await http.get("/connect/oauth2", params=AUTHORIZE_PARAMS)).headers["location"]
            ).query
        )["code"][0]
        tokens = (
            await http.post(
                "/oauth2/v1/tokens/bearer",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": REDIRECT_URI,
                },
                auth=("sim-client-id", "sim-client-secret"),
            )
        ).json()
        data = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
        auth = ("sim-client-id", "sim-client-secret")
        rotated = await http.post("/oauth2/v1/tokens/bearer", data=data, auth=auth)
        reused = await http.post("/oauth2/v1/tokens/bearer", data=data, auth=auth)
        newest = await http.post(
            "/oauth2/v1/tokens/bearer",
            data={"grant_type": "refresh_token", "refresh_token": rotated.json()["refresh_token"]},
            auth=auth,
        )

    assert rotated.status_code == 200
    assert reused.status_code == 400
    assert reused.json() == {
        "error": "invalid_grant",
        "error_description": "Incorrect or invalid refresh token",
    }
    assert newest.status_code == 200


async def test_refresh_unknown_token_answers_invalid_grant(oauth: OAuthDriver) -> None:
    response = await oauth.refresh("AB11-not-a-token")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def test_revoke_refresh_token_disconnects_grant(
    client: httpx.AsyncClient, oauth: OAuthDriver, qbo: Connection
) -> None:
    response = await client.post(
        "/v2/oauth2/tokens/revoke",
        json={"token": qbo.refresh_token},
        auth=("sim-client-id", "sim-client-secret"),
    )
    assert response.status_code == 200

    refreshed = await oauth.refresh(qbo.refresh_token)
    api = await qbo.get(f"companyinfo/{qbo.realm_id}")

    assert refreshed.json()["error"] == "invalid_grant"
    assert api.status_code == 401


async def test_revoke_bad_client_answers_invalid_client(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    response = await client.post(
        "/v2/oauth2/tokens/revoke", json={"token": qbo.refresh_token}, auth=("x", "y")
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_api_expired_access_token_answers_lowercase_401_like_fixture(
    qbo: Connection, clock: ManualClock, fixture_json: FixtureJson
) -> None:
    clock.advance(3601)

    response = await qbo.get("customer/1")

    recorded = fixture_json("error_401_3200_authentication_failed.json")
    body = response.json()
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="Intuit", error="invalid_token"'
    assert set(body) == set(recorded)
    assert set(body["fault"]) == set(recorded["fault"])
    assert set(body["fault"]["error"][0]) == set(recorded["fault"]["error"][0])
    assert body["fault"]["type"] == "AUTHENTICATION"
    assert body["fault"]["error"][0]["code"] == "3200"
    assert body["fault"]["error"][0]["detail"].startswith("Token expired: ")
    assert isinstance(body["time"], int)


async def test_api_refreshed_access_token_works_after_expiry(
    oauth: OAuthDriver, qbo: Connection, clock: ManualClock
) -> None:
    clock.advance(3601)
    tokens = (await oauth.refresh(qbo.refresh_token)).json()
    qbo.access_token = tokens["access_token"]

    response = await qbo.get(f"companyinfo/{qbo.realm_id}")

    assert response.status_code == 200
    assert response.json()["CompanyInfo"]["Id"] == "1"


async def test_api_token_for_other_realm_answers_403(
    qbo: Connection, state: SimulatorState
) -> None:
    other = state.create_company("Other Co", realm_id="1234")

    response = await qbo.http.get(f"/v3/company/{other.realm_id}/customer/1", headers=qbo.headers)

    assert response.status_code == 403
    assert qbo.codes(response) == ["3100"]


async def test_discovery_document_points_at_simulator(
    client: httpx.AsyncClient, fixture_json: FixtureJson
) -> None:
    response = await client.get("/.well-known/openid_configuration")

    recorded = fixture_json("oauth_discovery_document.json")
    body = response.json()
    for key in ("authorization_endpoint", "token_endpoint", "revocation_endpoint"):
        assert body[key].startswith("https://sim.test/")
        assert urlparse(body[key]).path == urlparse(recorded[key]).path
