"""connections, connection(id) and mappings: shapes, filters, pages and query counts."""

from __future__ import annotations

import uuid

import pytest

from core.models import Connection, ExternalMapping
from core.models.enums import Entity, MappingState
from core.settings import ProviderEnvironment
from core.sync.payment_methods import UNMATCHED_STATE_KEY
from graph.ids import encode_id

MAPPINGS = """
query($id: ID!, $entity: Entity, $first: Int, $after: String) {
  mappings(connectionId: $id, entity: $entity, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { entity localId remoteId remoteNumber remoteVersion state lastError } }
  }
}"""
CONNECTION = """
query($id: ID!) {
  connection(id: $id) {
    id provider status createdAt connectedBy { externalId }
    settings { lockAfterSync autoSync paymentMethods }
    unmatchedPaymentMethods
  }
}"""
CONNECTIONS = "{ connections { id connectedBy { externalId } } }"


async def _seed(connection: Connection, count: int, entity: Entity = Entity.CUSTOMER) -> None:
    for n in range(count):
        await ExternalMapping.create(
            firm_id=connection.firm_id,  # type: ignore[attr-defined]
            provider=connection.provider,
            remote_company_id=connection.remote_company_id,
            entity=entity,
            local_id=uuid.uuid4(),
            remote_id=str(100 + n),
            remote_version="0",
            state=MappingState.SYNCED,
            idempotency_key=uuid.uuid4().hex,
        )


async def test_connection_by_id_shows_default_settings(gql, connect) -> None:
    outcome = await connect()
    shown = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]
    assert shown["provider"] == "QUICKBOOKS_ONLINE"
    assert shown["settings"] == {"lockAfterSync": True, "autoSync": "OFF", "paymentMethods": []}
    assert shown["connectedBy"]["externalId"] == "user-a"
    assert shown["unmatchedPaymentMethods"] == []


async def test_connection_shows_the_payment_methods_the_last_sync_could_not_match(
    gql, connect
) -> None:
    outcome = await connect()
    connection = await Connection.get()
    connection.sync_state = {**connection.sync_state, UNMATCHED_STATE_KEY: ["Zelle"]}
    await connection.save(update_fields=["sync_state"])

    shown = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]

    assert shown["unmatchedPaymentMethods"] == ["Zelle"]


async def test_connection_with_malformed_id_is_bad_request(gql) -> None:
    body = await gql.execute(CONNECTION, {"id": encode_id("Invoice", uuid.uuid4())})
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_mappings_filtered_by_entity_and_paged(gql, connect) -> None:
    outcome = await connect()
    connection = await Connection.get()
    await _seed(connection, 3)
    await _seed(connection, 2, Entity.INVOICE)
    page = await gql.data(MAPPINGS, {"id": outcome["connection"], "entity": "CUSTOMER", "first": 2})
    mappings = page["mappings"]
    assert mappings["totalCount"] == 3
    assert mappings["pageInfo"]["hasNextPage"] is True
    rest = await gql.data(
        MAPPINGS,
        {
            "id": outcome["connection"],
            "entity": "CUSTOMER",
            "after": mappings["pageInfo"]["endCursor"],
        },
    )
    assert len(rest["mappings"]["edges"]) == 1
    node = mappings["edges"][0]["node"]
    assert node["entity"] == "CUSTOMER"
    assert node["state"] == "SYNCED"


@pytest.mark.parametrize("size", [2, 20])
async def test_mappings_query_count_does_not_grow_with_page_size(
    gql, connect, count_queries, size
) -> None:
    outcome = await connect()
    await _seed(await Connection.get(), 20)
    await gql.data(MAPPINGS, {"id": outcome["connection"], "first": 1})
    with count_queries() as small:
        await gql.data(MAPPINGS, {"id": outcome["connection"], "first": 1})
    with count_queries() as large:
        await gql.data(MAPPINGS, {"id": outcome["connection"], "first": size})
    assert large.count == small.count


async def test_connections_list_batches_connected_by(gql, connect, count_queries) -> None:
    await connect()
    await Connection.create(
        firm_id=(await Connection.get()).firm_id,  # type: ignore[attr-defined]
        provider="XERO",
        status="REVOKED",
        connected_by_id=(await Connection.get()).connected_by_id,  # type: ignore[attr-defined]
    )
    with count_queries() as counter:
        data = await gql.data(CONNECTIONS)
    assert len(data["connections"]) == 2
    users = [c["connectedBy"]["externalId"] for c in data["connections"]]
    assert users == ["user-a", "user-a"]
    # viewer resolution, the connection list, one batched user lookup
    assert counter.count <= 6


@pytest.mark.parametrize(
    "environment", [ProviderEnvironment.PRODUCTION, ProviderEnvironment.SANDBOX]
)
async def test_simulator_is_not_mounted_outside_the_simulator_environment(
    settings, environment, monkeypatch
) -> None:
    import httpx

    from core.app import create_app

    # Each provider reads its own settings (QuickBooks Desktop has no sandbox: production).
    monkeypatch.setenv("LEDGERSYNC_QBO_ENVIRONMENT", environment.value)
    monkeypatch.setenv("LEDGERSYNC_XERO_ENVIRONMENT", environment.value)
    monkeypatch.setenv("LEDGERSYNC_XERO_WEBHOOK_KEY", "k")
    monkeypatch.setenv("LEDGERSYNC_QBD_ENVIRONMENT", "production")

    app = create_app(settings.model_copy(update={"run_embedded_worker": False}))
    assert not any(getattr(r, "path", "").startswith("/_sim") for r in app.routes)
    async with app.router.lifespan_context(app):
        assert app.state.runtime.providers.transport is None
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            qbo = await http.get("/_sim/qbo/connect/oauth2")
            xero = await http.get("/_sim/xero/identity/connect/authorize")
    assert (qbo.status_code, xero.status_code) == (404, 404)
