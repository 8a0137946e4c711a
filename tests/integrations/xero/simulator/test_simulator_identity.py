"""OAuth 2.0 consent, token exchange, rotation with grace, revocation and /connections."""

from __future__ import annotations

import base64
import json

import httpx

from integrations.xero.simulator import SimulatorSettings, SimulatorState, create_app
from integrations.xero.simulator.openapi_check import XeroSpecValidator, fixture
from integrations.xero.simulator.testing import (
    BASE_URL,
    SCOPE,
    Connected,
    FakeClock,
    authorize_params,
    connect,
    consent,
    exchange,
    refresh,
)


def _claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload + "=="))
    return decoded


async def test_authorize_consent_page_lists_every_organisation_as_checkbox(
    client: httpx.AsyncClient, settings: SimulatorSettings, sim: SimulatorState
) -> None:
    page = await client.get("/identity/connect/authorize", params=authorize_params(settings))

    assert page.status_code == 200
    assert page.text.count('type="checkbox" name="tenant"') == 2
    for org in sim.organisations.values():
        assert org.name in page.text
    assert "Allow access" in page.text


async def test_authorize_unknown_client_id_refused(
    client: httpx.AsyncClient, settings: SimulatorSettings
) -> None:
    params = authorize_params(settings) | {"client_id": "someone-else"}

    page = await client.get("/identity/connect/authorize", params=params)

    assert page.status_code == 400


async def test_code_exchange_with_two_orgs_returns_tokens_and_both_connections(
    client: httpx.AsyncClient,
    settings: SimulatorSettings,
    tenant_ids: list[str],
    validator: XeroSpecValidator,
) -> None:
    query = await consent(client, settings, tenant_ids)
    assert query["state"] == ["xyz"]

    response = await exchange(client, settings, query["code"][0])

    assert response.status_code == 200
    tokens = response.json()
    assert tokens["expires_in"] == 1800
    assert tokens["token_type"] == "Bearer"
    assert tokens["scope"] == SCOPE
    assert tokens["refresh_token"]
    assert tokens["id_token"]
    conns = await client.get(
        "/connections", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert conns.status_code == 200
    assert sorted(row["tenantId"] for row in conns.json()) == sorted(tenant_ids)
    assert {row["tenantType"] for row in conns.json()} == {"ORGANISATION"}
    assert ("GET", "/connections", 200) in validator.checked
    assert ("POST", "/connect/token", 200) in validator.checked


async def test_connections_shape_matches_recorded_fixture(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    recorded = fixture("identity_GET_connections_200.json")[0]

    rows = (await client.get("/connections", headers=connected.headers())).json()

    assert set(recorded) <= set(rows[0])
    assert rows[0]["createdDateUtc"].count(".") == 1
    assert len(rows[0]["createdDateUtc"].split(".")[1]) == 7


async def test_code_reused_twice_second_time_invalid_grant(
    client: httpx.AsyncClient, settings: SimulatorSettings, tenant_ids: list[str]
) -> None:
    query = await consent(client, settings, tenant_ids[:1])
    first = await exchange(client, settings, query["code"][0])

    second = await exchange(client, settings, query["code"][0])

    assert first.status_code == 200
    assert second.status_code == 400
    assert second.json() == {"error": "invalid_grant"}


async def test_token_wrong_client_secret_invalid_client(
    client: httpx.AsyncClient, settings: SimulatorSettings, tenant_ids: list[str]
) -> None:
    query = await consent(client, settings, tenant_ids[:1])
    form = {"grant_type": "authorization_code", "code": query["code"][0]}
    form |= {"client_id": settings.client_id, "client_secret": "wrong"}

    response = await client.post("/connect/token", data=form)

    assert response.status_code == 400
    assert response.json() == {"error": "invalid_client"}


async def test_connections_auth_event_filter_returns_only_latest_consent(
    client: httpx.AsyncClient, settings: SimulatorSettings, tenant_ids: list[str]
) -> None:
    first = await connect(client, settings, tenant_ids[:1])
    second_query = await consent(client, settings, tenant_ids[1:])
    second = (await exchange(client, settings, second_query["code"][0])).json()
    event_id = str(_claims(second["access_token"])["authentication_event_id"])
    headers = {"Authorization": f"Bearer {second['access_token']}"}

    everything = (await client.get("/connections", headers=headers)).json()
    latest = (
        await client.get("/connections", headers=headers, params={"authEventId": event_id})
    ).json()

    assert len(everything) == 2
    assert [row["tenantId"] for row in latest] == tenant_ids[1:]
    assert latest[0]["authEventId"] == event_id
    assert first.access_token != second["access_token"]


async def test_auto_approve_grants_default_organisations_without_page(clock: FakeClock) -> None:
    settings = SimulatorSettings(
        default_organisations=("Acme Ltd",), auto_approve=True, clock=clock
    )
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as c:
        response = await c.get("/identity/connect/authorize", params=authorize_params(settings))
        assert response.status_code == 302
        code = httpx.URL(response.headers["location"]).params["code"]
        tokens = (await exchange(c, settings, code)).json()
        rows = (
            await c.get(
                "/connections", headers={"Authorization": f"Bearer {tokens['access_token']}"}
            )
        ).json()

    assert [row["tenantName"] for row in rows] == ["Acme Ltd"]


async def test_refresh_rotates_and_old_token_works_within_grace(
    client: httpx.AsyncClient, settings: SimulatorSettings, connected: Connected, clock: FakeClock
) -> None:
    rotated = (await refresh(client, settings, connected.refresh_token)).json()
    clock.advance(29 * 60)

    retried = await refresh(client, settings, connected.refresh_token)

    assert rotated["refresh_token"] != connected.refresh_token
    assert retried.status_code == 200
    assert retried.json()["refresh_token"] == rotated["refresh_token"]


async def test_refresh_old_token_after_grace_invalid_grant(
    client: httpx.AsyncClient, settings: SimulatorSettings, connected: Connected, clock: FakeClock
) -> None:
    rotated = (await refresh(client, settings, connected.refresh_token)).json()
    clock.advance(30 * 60)

    stale = await refresh(client, settings, connected.refresh_token)
    fresh = await refresh(client, settings, rotated["refresh_token"])

    assert stale.status_code == 400
    assert stale.json() == {"error": "invalid_grant"}
    assert fresh.status_code == 200


async def test_refresh_strict_mode_old_token_immediately_invalid_grant(clock: FakeClock) -> None:
    settings = SimulatorSettings(refresh_token_grace=0, clock=clock)
    app = create_app(settings)
    state: SimulatorState = app.state.simulator
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as c:
        connected = await connect(c, settings, list(state.organisations))
        first = await refresh(c, settings, connected.refresh_token)
        reused = await refresh(c, settings, connected.refresh_token)

    assert first.status_code == 200
    assert reused.status_code == 400
    assert reused.json() == {"error": "invalid_grant"}


async def test_refresh_unknown_token_invalid_grant(
    client: httpx.AsyncClient, settings: SimulatorSettings
) -> None:
    response = await refresh(client, settings, "not-a-token")

    assert response.status_code == 400
    assert response.json() == {"error": "invalid_grant"}


async def test_access_token_after_expiry_gets_401(
    client: httpx.AsyncClient, connected: Connected, clock: FakeClock
) -> None:
    clock.advance(1800)

    response = await client.get("/api.xro/2.0/Invoices", headers=connected.headers())

    assert response.status_code == 401
    assert response.json()["detail"] == "AuthenticationUnsuccessful"
    assert "invalid_token" in response.headers["www-authenticate"]


async def test_api_call_for_unconnected_tenant_gets_403(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    other = sim.create_organisation("Initech")

    response = await client.get("/api.xro/2.0/Invoices", headers=connected.headers(other.tenant_id))

    assert response.status_code == 403
    assert response.json()["detail"] == "AuthorizationUnsuccessful"


async def test_revoke_refresh_token_removes_connections_and_tokens(
    client: httpx.AsyncClient, settings: SimulatorSettings, connected: Connected
) -> None:
    form = {"token": connected.refresh_token}
    form |= {"client_id": settings.client_id, "client_secret": settings.client_secret}

    revoked = await client.post("/connect/revocation", data=form)

    assert revoked.status_code == 200
    assert (await refresh(client, settings, connected.refresh_token)).status_code == 400
    api = await client.get("/api.xro/2.0/Invoices", headers=connected.headers())
    assert api.status_code == 401


async def test_delete_connection_disconnects_one_tenant(
    client: httpx.AsyncClient, connected: Connected, tenant_ids: list[str]
) -> None:
    auth = {"Authorization": f"Bearer {connected.access_token}"}
    rows = (await client.get("/connections", headers=auth)).json()
    target = next(row for row in rows if row["tenantId"] == tenant_ids[0])

    deleted = await client.delete(f"/connections/{target['id']}", headers=auth)
    again = await client.delete(f"/connections/{target['id']}", headers=auth)

    assert deleted.status_code == 204
    assert again.status_code == 404
    remaining = (await client.get("/connections", headers=auth)).json()
    assert [row["tenantId"] for row in remaining] == tenant_ids[1:]
    gone = await client.get("/api.xro/2.0/Invoices", headers=connected.headers(tenant_ids[0]))
    assert gone.status_code == 403
