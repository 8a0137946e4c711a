"""syncCustomer: create, then sparse update, one customer."""

from __future__ import annotations

import pytest

from core.models import Customer, Firm
from core.models.enums import Role
from tests.graph.accounting.conftest import simulator_of
from tests.graph.accounting.push_support import RecordingQueue, gid, run_queued

SYNC_CUSTOMER = """
mutation($id: ID!) {
  syncCustomer(customerId: $id) {
    __typename
    ... on SyncCustomerSuccess { run { kind status } }
    ... on UserError { code message }
  }
}"""
CUSTOMER_STATUS = "query($id: ID!) { customer(id: $id) { syncStatus { status remoteId } } }"


@pytest.fixture
def queue(app) -> RecordingQueue:
    recording = RecordingQueue()
    app.state.runtime.queue = recording
    return recording


async def test_sync_customer_creates_then_updates_without_duplicate(
    app, gql_factory, connect, queue
) -> None:
    await connect()
    firm = await Firm.get(external_id="firm-a")
    customer = await Customer.create(firm=firm, name="Acme Ltd", email="ap@acme.test")
    staff = gql_factory(role=Role.STAFF)
    data = await staff.data(SYNC_CUSTOMER, {"id": gid("Customer", customer.id)})
    assert data["syncCustomer"]["run"]["kind"] == "PUSH_CUSTOMERS"
    assert (await run_queued(app, queue))[0]["status"] == "SUCCEEDED"
    await Customer.filter(id=customer.id).update(phone="555-0100")
    await staff.data(SYNC_CUSTOMER, {"id": gid("Customer", customer.id)})
    assert (await run_queued(app, queue))[0]["status"] == "SUCCEEDED"
    qbo = simulator_of(app)
    remote = [c for realm in qbo.realms for c in qbo.entities(realm, "Customer")]
    assert len(remote) == 1
    assert remote[0]["PrimaryPhone"]["FreeFormNumber"] == "555-0100"
    status = await staff.data(CUSTOMER_STATUS, {"id": gid("Customer", customer.id)})
    assert status["customer"]["syncStatus"] == {"status": "SYNCED", "remoteId": remote[0]["Id"]}


async def test_sync_customer_unknown_id_is_not_found(gql, connect, queue) -> None:
    await connect()
    missing = gid("Customer", "00000000-0000-0000-0000-000000000000")
    data = await gql.data(SYNC_CUSTOMER, {"id": missing})
    assert data["syncCustomer"]["__typename"] == "NotFoundError"
    assert queue.jobs == []
