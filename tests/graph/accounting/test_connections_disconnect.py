"""disconnect: revoke at the platform, REVOKED, tokens gone, mappings kept; reconnect restores."""

from __future__ import annotations

import uuid

import httpx

from core.models import Activity, Connection, ExternalMapping
from core.models.enums import ConnectionStatus, Entity, MappingState, Role

DISCONNECT = """
mutation($id: ID!) {
  disconnect(connectionId: $id) {
    __typename
    ... on DisconnectSuccess { connection { id status lastError reconnectHint } }
    ... on UserError { code message field }
  }
}"""
MAPPINGS = """
query($id: ID!) {
  mappings(connectionId: $id) { totalCount edges { node { entity localId remoteId state } } }
}"""
CONNECTIONS = "{ connections { id status remoteCompanyName } }"
START_CONNECTION = """
mutation { startConnection(provider: QUICKBOOKS_ONLINE) {
  ... on StartConnectionSuccess { authorizationUrl } } }"""


async def _seed_mapping(connection: Connection) -> ExternalMapping:
    return await ExternalMapping.create(
        firm_id=connection.firm_id,  # type: ignore[attr-defined]
        provider=connection.provider,
        remote_company_id=connection.remote_company_id,
        entity=Entity.INVOICE,
        local_id=uuid.uuid4(),
        remote_id="130",
        remote_number="1042",
        state=MappingState.SYNCED,
        idempotency_key=uuid.uuid4().hex,
    )


async def test_disconnect_revokes_grant_at_simulator_and_keeps_mappings(
    app, gql, connect, sim
) -> None:
    outcome = await connect(provider=sim.provider)
    await _seed_mapping(await Connection.get())
    data = await gql.data(DISCONNECT, {"id": outcome["connection"]})
    result = data["disconnect"]
    assert result["__typename"] == "DisconnectSuccess"
    assert result["connection"]["status"] == "REVOKED"
    assert result["connection"]["lastError"] is None
    assert result["connection"]["reconnectHint"]
    assert sim.grant_revoked(app)
    stored = await Connection.get()
    assert stored.credentials is None
    assert (await gql.data(MAPPINGS, {"id": outcome["connection"]}))["mappings"]["totalCount"] == 1
    assert await Activity.filter(action="connection.disconnected").count() == 1


async def test_disconnect_when_revoke_fails_still_revokes_locally(app, gql, connect) -> None:
    outcome = await connect()
    providers = app.state.runtime.providers

    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"error": "temporarily_unavailable"})

    providers.transport = httpx.MockTransport(refuse)
    result = (await gql.data(DISCONNECT, {"id": outcome["connection"]}))["disconnect"]
    assert result["connection"]["status"] == "REVOKED"
    assert result["connection"]["lastError"].startswith("Revoking the grant at QuickBooks Online")
    assert (await Connection.get()).credentials is None


async def test_disconnect_twice_changes_nothing_the_second_time(gql, connect) -> None:
    outcome = await connect()
    await gql.data(DISCONNECT, {"id": outcome["connection"]})
    again = (await gql.data(DISCONNECT, {"id": outcome["connection"]}))["disconnect"]
    assert again["connection"]["status"] == "REVOKED"
    assert await Activity.filter(action="connection.disconnected").count() == 1


async def test_disconnect_as_staff_is_forbidden(gql_factory, connect) -> None:
    outcome = await connect()
    staff = gql_factory(role=Role.STAFF)
    body = await staff.execute(DISCONNECT, {"id": outcome["connection"]})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await Connection.get()).status is ConnectionStatus.ACTIVE


async def test_disconnect_malformed_id_is_validation_error(gql) -> None:
    result = (await gql.data(DISCONNECT, {"id": "nope"}))["disconnect"]
    assert result["__typename"] == "ValidationError"
    assert result["field"] == "connectionId"


async def test_reconnect_same_company_reuses_connection_and_brings_mappings_back(
    gql, connect
) -> None:
    first = await connect()
    mapping = await _seed_mapping(await Connection.get())
    await gql.data(DISCONNECT, {"id": first["connection"]})
    second = await connect()
    assert second["status"] == "connected"
    assert second["connection"] == first["connection"]
    (connection,) = (await gql.data(CONNECTIONS))["connections"]
    assert connection["status"] == "ACTIVE"
    nodes = (await gql.data(MAPPINGS, {"id": second["connection"]}))["mappings"]["edges"]
    assert [n["node"]["remoteId"] for n in nodes] == [mapping.remote_id]


async def test_connect_to_another_company_revokes_the_previous_one(
    gql, connect, client, qbo
) -> None:
    first = await connect()
    other = qbo.create_company("Second Books LLC")
    start = await gql.data(START_CONNECTION)
    consent = await client.get(
        start["startConnection"]["authorizationUrl"] + f"&realmId={other.realm_id}"
    )
    await client.get(consent.headers["location"])
    rows = {row.remote_company_name: row for row in await Connection.all()}
    assert rows["Second Books LLC"].status is ConnectionStatus.ACTIVE
    previous = rows["Simulated Company"]
    assert previous.status is ConnectionStatus.REVOKED
    assert previous.credentials is None
    assert first["connection"] != ""
    revoked = [g for g in qbo.tokens.grants.values() if g.revoked]
    assert [g.realm_id for g in revoked] == [previous.remote_company_id]
