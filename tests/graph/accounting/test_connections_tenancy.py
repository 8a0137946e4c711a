"""Another firm can neither see nor change a firm's connections and mappings."""

from __future__ import annotations

import uuid

from core.models import Connection, ExternalMapping
from core.models.enums import ConnectionStatus, Entity, MappingState, Role

CONNECTION = "query($id: ID!) { connection(id: $id) { id status } }"
CONNECTIONS = "{ connections { id } }"
MAPPINGS = """
query($id: ID!) { mappings(connectionId: $id) { totalCount edges { node { remoteId } } } }"""
DISCONNECT = """
mutation($id: ID!) { disconnect(connectionId: $id) { __typename ... on UserError { code } } }"""
UPDATE_SETTINGS = """
mutation($id: ID!) {
  updateConnectionSettings(connectionId: $id, input: {syncEnabled: false}) {
    __typename ... on UserError { code }
  }
}"""
START_CONNECTION = """
mutation { startConnection(provider: QUICKBOOKS_ONLINE) {
  __typename ... on StartConnectionSuccess { authorizationUrl } } }"""


async def _connected_firm_a(connect) -> tuple[str, Connection]:
    outcome = await connect()
    connection = await Connection.get()
    await ExternalMapping.create(
        firm_id=connection.firm_id,  # type: ignore[attr-defined]
        provider=connection.provider,
        remote_company_id=connection.remote_company_id,
        entity=Entity.CUSTOMER,
        local_id=uuid.uuid4(),
        remote_id="58",
        state=MappingState.SYNCED,
        idempotency_key=uuid.uuid4().hex,
    )
    return outcome["connection"], connection


async def test_connection_reads_of_other_firm_show_nothing(connect, gql, gql_factory) -> None:
    connection_id, _ = await _connected_firm_a(connect)
    other = gql_factory(firm="firm-b", role=Role.MASTER_ADMIN)
    assert (await gql.data(MAPPINGS, {"id": connection_id}))["mappings"]["totalCount"] == 1
    assert (await other.data(CONNECTION, {"id": connection_id}))["connection"] is None
    assert (await other.data(CONNECTIONS))["connections"] == []
    mappings = (await other.data(MAPPINGS, {"id": connection_id}))["mappings"]
    assert mappings["totalCount"] == 0
    assert mappings["edges"] == []


async def test_connection_writes_with_other_firms_id_are_not_found(connect, gql_factory) -> None:
    connection_id, before = await _connected_firm_a(connect)
    other = gql_factory(firm="firm-b", role=Role.MASTER_ADMIN)
    for mutation in (DISCONNECT, UPDATE_SETTINGS):
        (result,) = (await other.data(mutation, {"id": connection_id})).values()
        assert result["__typename"] == "NotFoundError", mutation
        assert result["code"] == "NOT_FOUND"
    after = await Connection.get(id=before.id)
    assert after.status is ConnectionStatus.ACTIVE
    assert after.settings == before.settings
    assert after.credentials == before.credentials


async def test_start_connection_of_other_firm_leaves_first_firm_alone(
    connect, gql_factory, client
) -> None:
    await _connected_firm_a(connect)
    other = gql_factory(firm="firm-b", role=Role.MASTER_ADMIN)
    url = (await other.data(START_CONNECTION))["startConnection"]["authorizationUrl"]
    consent = await client.get(url)
    await client.get(consent.headers["location"])
    rows = await Connection.all().prefetch_related("firm")
    assert sorted(row.firm.external_id for row in rows) == ["firm-a", "firm-b"]
    assert all(row.status is ConnectionStatus.ACTIVE for row in rows)
