"""planSync: a plan of syncInvoices or syncCustomer, read back with syncPlan; the books are left
as they were, and bad scopes get typed errors."""

from __future__ import annotations

import pytest

from core.models import (
    Connection,
    Customer,
    ExternalMapping,
    Firm,
    ProviderRequest,
    SyncPlan,
    SyncRun,
)
from tests.graph.accounting.conftest import simulator_of
from tests.graph.accounting.desktop_support import desktop
from tests.graph.accounting.push_support import RecordingQueue, gid, seed_invoice

PLAN_SYNC = """
mutation($connection: ID!, $scope: PlanScopeInput!) {
  planSync(connectionId: $connection, scope: $scope) {
    __typename
    ... on PlanSyncSuccess {
      plan { id status actions { action records } writeCalls { operation calls } }
    }
    ... on UserError { code field }
  }
}"""
SYNC_PLAN = """
query($id: ID!) {
  syncPlan(id: $id) {
    status runError dailyCallsRemaining
    items(first: 10) { edges { node { entity localId action requested reason errorCode } } }
  }
}"""


@pytest.fixture
def queue(app) -> RecordingQueue:
    recording = RecordingQueue()
    app.state.runtime.queue = recording
    return recording


async def _connection_gid() -> str:
    firm = await Firm.get(external_id="firm-a")
    connection = await Connection.get(firm=firm)
    return gid("AccountingConnection", connection.id)


async def test_plan_sync_invoices_plans_each_record_and_writes_nothing(
    app, gql, connect, queue
) -> None:
    await connect()
    invoice = await seed_invoice("1")
    scope = {"kind": "SYNC_INVOICES", "invoiceIds": [gid("Invoice", invoice.id)]}

    data = await gql.data(PLAN_SYNC, {"connection": await _connection_gid(), "scope": scope})

    plan = data["planSync"]["plan"]
    assert plan["status"] == "READY"
    assert {a["action"]: a["records"] for a in plan["actions"]} == {"CREATE": 2}
    calls = {c["operation"]: c["calls"] for c in plan["writeCalls"]}
    assert calls == {"create_customers": 1, "create_invoices": 1}
    read = await gql.data(SYNC_PLAN, {"id": plan["id"]})
    nodes = [e["node"] for e in read["syncPlan"]["items"]["edges"]]
    by_id = {n["localId"]: n for n in nodes}
    assert by_id[gid("Invoice", invoice.id)]["action"] == "CREATE"
    assert by_id[gid("Invoice", invoice.id)]["requested"] is True
    customer = gid("Customer", invoice.customer_id)  # type: ignore[attr-defined]
    assert (by_id[customer]["action"], by_id[customer]["requested"]) == ("CREATE", False)
    qbo = simulator_of(app)
    assert [r for realm in qbo.realms for r in qbo.entities(realm, "Invoice")] == []
    assert [r for realm in qbo.realms for r in qbo.entities(realm, "Customer")] == []
    assert await ExternalMapping.all().count() == 0
    assert await SyncRun.all().count() == 0
    assert queue.jobs == []


async def test_plan_sync_customer_plans_create(gql, connect, queue) -> None:
    await connect()
    firm = await Firm.get(external_id="firm-a")
    customer = await Customer.create(firm=firm, name="Acme Ltd")
    scope = {"kind": "SYNC_CUSTOMER", "customerId": gid("Customer", customer.id)}

    data = await gql.data(PLAN_SYNC, {"connection": await _connection_gid(), "scope": scope})

    assert data["planSync"]["plan"]["actions"] == [{"action": "CREATE", "records": 1}]


async def test_plan_sync_unknown_invoice_is_not_found_and_stores_no_plan(gql, connect) -> None:
    await connect()
    missing = gid("Invoice", "00000000-0000-0000-0000-000000000000")
    scope = {"kind": "SYNC_INVOICES", "invoiceIds": [missing]}

    data = await gql.data(PLAN_SYNC, {"connection": await _connection_gid(), "scope": scope})

    assert (data["planSync"]["__typename"], data["planSync"]["field"]) == (
        "NotFoundError",
        "invoiceIds",
    )
    assert await SyncPlan.all().count() == 0


async def test_plan_sync_customer_without_id_is_validation_error(gql, connect) -> None:
    await connect()
    scope = {"kind": "SYNC_CUSTOMER"}

    data = await gql.data(PLAN_SYNC, {"connection": await _connection_gid(), "scope": scope})

    assert (data["planSync"]["code"], data["planSync"]["field"]) == ("VALIDATION", "customerId")


async def test_plan_sync_other_connection_id_is_not_found(gql, connect) -> None:
    await connect()
    invoice = await seed_invoice("1")
    other = gid("AccountingConnection", "00000000-0000-0000-0000-000000000000")
    scope = {"kind": "SYNC_INVOICES", "invoiceIds": [gid("Invoice", invoice.id)]}

    data = await gql.data(PLAN_SYNC, {"connection": other, "scope": scope})

    assert (data["planSync"]["code"], data["planSync"]["field"]) == ("NOT_FOUND", "connectionId")


async def test_sync_plan_of_unknown_id_is_null(gql, connect) -> None:
    await connect()
    missing = gid("SyncPlan", "00000000-0000-0000-0000-000000000000")
    assert (await gql.data(SYNC_PLAN, {"id": missing}))["syncPlan"] is None


async def test_plan_sync_desktop_is_plan_unavailable_and_queues_nothing(gql, client) -> None:
    qbd = await desktop(gql, client)
    invoice = await seed_invoice("1", firm=qbd.connection_firm)
    scope = {"kind": "SYNC_INVOICES", "invoiceIds": [gid("Invoice", invoice.id)]}

    data = await gql.data(PLAN_SYNC, {"connection": qbd.setup["connectionId"], "scope": scope})

    assert data["planSync"]["code"] == "PLAN_UNAVAILABLE"
    assert await SyncPlan.all().count() == 0
    assert await ProviderRequest.all().count() == 0
    assert qbd.invoices() == []


async def test_plan_sync_and_sync_plan_of_another_firm_are_refused(
    gql, gql_factory, connect
) -> None:
    await connect()
    invoice = await seed_invoice("1")
    scope = {"kind": "SYNC_INVOICES", "invoiceIds": [gid("Invoice", invoice.id)]}
    connection = await _connection_gid()
    plan = (await gql.data(PLAN_SYNC, {"connection": connection, "scope": scope}))["planSync"]
    other = gql_factory(firm="firm-b")

    stolen = await other.data(PLAN_SYNC, {"connection": connection, "scope": scope})
    read = await other.data(SYNC_PLAN, {"id": plan["plan"]["id"]})

    assert stolen["planSync"]["__typename"] == "InvalidStateError"  # firm B has no connection
    assert read["syncPlan"] is None
    assert await SyncPlan.all().count() == 1
