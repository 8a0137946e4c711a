"""startConnection and the OAuth callback: consent URL, one connection per firm, outcomes."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from core.app import create_app
from core.models import Activity, Connection, Firm, Membership
from core.models.enums import ConnectionStatus, Provider, Role

START_CONNECTION = """
mutation($provider: Provider!) {
  startConnection(provider: $provider) {
    __typename
    ... on StartConnectionSuccess { authorizationUrl provider }
    ... on UserError { code message field }
  }
}"""
CONNECTIONS = """
{ connections { id provider status remoteCompanyId remoteCompanyName refreshHardExpiresAt
    reconnectHint connectedBy { externalId } } }"""


async def test_start_connection_as_admin_returns_consent_url_with_signed_state(gql) -> None:
    data = await gql.data(START_CONNECTION, {"provider": "QUICKBOOKS_ONLINE"})
    result = data["startConnection"]
    assert result["__typename"] == "StartConnectionSuccess"
    url = urlparse(result["authorizationUrl"])
    query = parse_qs(url.query)
    assert url.path == "/_sim/qbo/connect/oauth2"
    assert query["redirect_uri"] == ["http://testserver/oauth/quickbooks/callback"]
    assert query["state"][0].count(".") == 2  # a signed token, not a bare nonce
    assert await Connection.all().count() == 0  # nothing is stored before the callback


async def test_start_connection_as_staff_is_forbidden(gql_factory) -> None:
    staff = gql_factory(role=Role.STAFF)
    body = await staff.execute(START_CONNECTION, {"provider": "QUICKBOOKS_ONLINE"})
    assert body["data"] is None or body["data"]["startConnection"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_start_connection_with_other_provider_connected_is_conflict(gql) -> None:
    await gql.data("{ viewer { firm { id } } }")
    firm = await Firm.get(external_id="firm-a")
    await Connection.create(
        firm=firm, provider=Provider.XERO, status=ConnectionStatus.ACTIVE, remote_company_id="t1"
    )
    data = await gql.data(START_CONNECTION, {"provider": "QUICKBOOKS_ONLINE"})
    result = data["startConnection"]
    assert result["__typename"] == "ConnectionConflictError"
    assert result["code"] == "CONNECTION_CONFLICT"
    assert "XERO" in result["message"]


async def test_start_connection_with_other_provider_revoked_is_allowed(gql, connect) -> None:
    await gql.data("{ viewer { firm { id } } }")
    firm = await Firm.get(external_id="firm-a")
    await Connection.create(
        firm=firm, provider=Provider.XERO, status=ConnectionStatus.REVOKED, remote_company_id="t1"
    )
    outcome = await connect()
    assert outcome["status"] == "connected"


async def test_callback_after_consent_stores_active_connection_with_company_name(
    app, gql, connect, sim
) -> None:
    outcome = await connect(provider=sim.provider)
    assert outcome["status"] == "connected"
    (connection,) = (await gql.data(CONNECTIONS))["connections"]
    assert connection["id"] == outcome["connection"]
    assert connection["status"] == "ACTIVE"
    assert connection["provider"] == sim.provider
    assert connection["remoteCompanyName"] == sim.company_name
    assert connection["remoteCompanyId"] in sim.company_ids(app)
    # Intuit's refresh tokens have a hard expiry; Xero's only expire unused.
    assert (connection["refreshHardExpiresAt"] is not None) is (sim.provider == "QUICKBOOKS_ONLINE")
    assert connection["reconnectHint"] is None
    assert connection["connectedBy"]["externalId"] == "user-a"
    stored = await Connection.get()
    assert stored.credentials
    assert "access_token" not in stored.credentials  # encrypted at rest
    activity = await Activity.get(action="connection.connected")
    assert activity.description.startswith(f"{sim.display_name} connected by ")


async def test_callback_replayed_is_refused_and_connects_nothing_more(client, gql) -> None:
    data = await gql.data(START_CONNECTION, {"provider": "QUICKBOOKS_ONLINE"})
    first = await client.get(data["startConnection"]["authorizationUrl"])
    callback = first.headers["location"]
    assert (await client.get(callback)).status_code == 303
    replay = await client.get(callback)
    query = parse_qs(urlparse(replay.headers["location"]).query)
    assert query["status"] == ["error"]
    assert query["error"] == ["INVALID_STATE"]
    assert await Connection.all().count() == 1


async def test_callback_with_consent_denied_redirects_with_error(client, gql) -> None:
    data = await gql.data(START_CONNECTION, {"provider": "QUICKBOOKS_ONLINE"})
    state = parse_qs(urlparse(data["startConnection"]["authorizationUrl"]).query)["state"][0]
    response = await client.get(
        "/oauth/quickbooks/callback", params={"error": "access_denied", "state": state}
    )
    assert response.status_code == 303
    query = parse_qs(urlparse(response.headers["location"]).query)
    assert query["error"] == ["CONSENT_DENIED"]
    assert await Connection.all().count() == 0


async def test_callback_with_bad_code_stores_nothing_and_leaks_no_code(client, gql, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    data = await gql.data(START_CONNECTION, {"provider": "QUICKBOOKS_ONLINE"})
    state = parse_qs(urlparse(data["startConnection"]["authorizationUrl"]).query)["state"][0]
    response = await client.get(
        "/oauth/quickbooks/callback",
        params={"code": "SECRET-CODE-1", "state": state, "realmId": "9341453050298576"},
    )
    location = response.headers["location"]
    assert parse_qs(urlparse(location).query)["error"] == ["PROVIDER_ERROR"]
    assert "SECRET-CODE-1" not in location
    # The test's own browser logs the URL it requested; everything else must not.
    server_side = [
        r.getMessage()
        for r in caplog.records
        if "GET http://testserver/oauth/" not in r.getMessage()
    ]
    assert not [m for m in server_side if "SECRET-CODE-1" in m]
    assert await Connection.all().count() == 0


async def test_callback_for_unknown_provider_redirects_with_error(client) -> None:
    response = await client.get("/oauth/nowhere/callback", params={"state": "x"})
    assert response.status_code == 303
    query = parse_qs(urlparse(response.headers["location"]).query)
    assert query["error"] == ["UNSUPPORTED_PROVIDER"]


async def test_callback_redirects_to_configured_app_url(settings) -> None:
    changed = {"app_url": "https://billing.example/x?tab=1", "run_embedded_worker": False}
    app = create_app(settings.model_copy(update=changed))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.get("/oauth/quickbooks/callback", params={"state": "bad"})
    assert response.headers["location"].startswith("https://billing.example/x?tab=1&status=error")


async def test_callback_after_user_lost_admin_role_connects_nothing(client, gql) -> None:
    data = await gql.data(START_CONNECTION, {"provider": "QUICKBOOKS_ONLINE"})
    consent = await client.get(data["startConnection"]["authorizationUrl"])
    await Membership.all().update(role=Role.STAFF)
    response = await client.get(consent.headers["location"])
    query = parse_qs(urlparse(response.headers["location"]).query)
    assert query["error"] == ["FORBIDDEN"]
    assert await Connection.all().count() == 0


@pytest.mark.parametrize("realm", ["9" * 129, "934\x00145", "934\n145"])
async def test_callback_with_a_malformed_realm_id_is_invalid_callback(client, gql, realm) -> None:
    data = await gql.data(START_CONNECTION, {"provider": "QUICKBOOKS_ONLINE"})
    callback = httpx.URL(
        (await client.get(data["startConnection"]["authorizationUrl"])).headers["location"]
    )
    response = await client.get(callback.copy_merge_params({"realmId": realm}))
    assert response.status_code == 303
    query = parse_qs(urlparse(response.headers["location"]).query)
    assert query["error"] == ["INVALID_CALLBACK"]
    assert await Connection.all().count() == 0
