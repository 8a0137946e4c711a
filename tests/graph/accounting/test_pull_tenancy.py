"""Another firm cannot start pulls, imports or syncs on a firm's connection."""

from __future__ import annotations

from core.models import SyncRun
from core.models.enums import Role
from tests.graph.accounting.pull_support import connected, record_jobs

PULL_MUTATIONS = {
    name: f"mutation($id: ID!) {{ {name}(connectionId: $id) "
    "{ __typename ... on UserError { code } } }"
    for name in ("syncPayments", "importCustomers", "importInvoices", "syncNow")
}


async def test_pull_mutations_with_other_firms_connection_are_not_found(
    app, connect, gql_factory
) -> None:
    connection_id, _ = await connected(connect)
    queue = record_jobs(app)
    other = gql_factory(firm="firm-b", role=Role.MASTER_ADMIN)

    for name, mutation in PULL_MUTATIONS.items():
        result = (await other.data(mutation, {"id": connection_id}))[name]
        assert result["__typename"] == "NotFoundError", name
        assert result["code"] == "NOT_FOUND", name

    assert queue.jobs == []
    assert await SyncRun.all().count() == 0
