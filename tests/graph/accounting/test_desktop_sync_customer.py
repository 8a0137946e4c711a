"""syncCustomer of a customer already synced to QuickBooks Desktop, edited with updateCustomer,
through the simulated Web Connector: the edit reaches the company file as a CustomerMod with the
stored EditSequence; a customer changed in QuickBooks meanwhile (3200) is re-read and sent again
once; changed again before the retry, it is a FAILED item with QuickBooks' code and a hint."""

from __future__ import annotations

import httpx
import pytest

from core.models import Customer, ExternalMapping
from core.models.enums import Entity, MappingState, SyncRunStatus
from core.settings import Settings
from tests.graph.accounting.desktop_support import SYNC_RUN, Desktop, desktop
from tests.graph.accounting.push_support import gid
from tests.graph.accounting.test_connections_desktop import _run_of

UPDATE_CUSTOMER = """
mutation($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) {
  __typename ... on UserError { code message }
} }"""
SYNC_CUSTOMER = """
mutation($id: ID!) { syncCustomer(customerId: $id) {
  __typename ... on SyncCustomerSuccess { run { id status } }
  ... on UserError { code message }
} }"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runs these tests queue need a worker: the in-process one, on every path."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def _synced_customer(qbd: Desktop) -> tuple[Customer, str]:
    """A customer synced with its first invoice; it and its ListID."""
    run = await qbd.until_finished(await qbd.push("1042"))
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    customer = await Customer.get(name="Customer 1042")
    mapping = await ExternalMapping.get(entity=Entity.CUSTOMER, local_id=customer.id)
    assert mapping.remote_id in qbd.company.customers
    return customer, mapping.remote_id or ""


async def _edit_and_sync(qbd: Desktop, customer: Customer, email: str) -> list[dict[str, str]]:
    """updateCustomer then syncCustomer through the Web Connector; the run's items."""
    cid = gid("Customer", customer.id)
    edited = await qbd.gql.data(UPDATE_CUSTOMER, {"id": cid, "input": {"email": email}})
    assert edited["updateCustomer"]["__typename"] == "UpdateCustomerSuccess", edited
    queued = (await qbd.gql.data(SYNC_CUSTOMER, {"id": cid}))["syncCustomer"]
    assert queued["__typename"] == "SyncCustomerSuccess", queued
    run_id = await _run_of(queued)
    await qbd.waiting(run_id)
    await qbd.until_finished(run_id)
    view = (await qbd.gql.data(SYNC_RUN, {"id": gid("SyncRun", run_id)}))["syncRun"]
    return [edge["node"] for edge in view["items"]["edges"]]


async def test_desktop_sync_customer_edit_reaches_the_company_file_with_its_sequence(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    customer, list_id = await _synced_customer(qbd)
    before = qbd.company.customers[list_id].stamp.edit_sequence
    qbd.company.clock.advance(60)

    items = await _edit_and_sync(qbd, customer, "billing@ridgeline.example")

    remote = qbd.company.customers[list_id]
    assert [(i["outcome"], i["remoteId"]) for i in items] == [("SUCCEEDED", list_id)]
    assert remote.email == "billing@ridgeline.example"
    [mod] = [r for r in qbd.handed if "<CustomerModRq" in r]
    assert f"<EditSequence>{before}</EditSequence>" in mod
    mapping = await ExternalMapping.get(entity=Entity.CUSTOMER, local_id=customer.id)
    assert mapping.remote_version == remote.stamp.edit_sequence != before


async def test_desktop_sync_customer_stale_sequence_is_reread_and_sent_once_more(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    customer, list_id = await _synced_customer(qbd)
    qbd.company.clock.advance(60)
    qbd.connector.faults.edit_before_mods = 1  # someone edits the customer in QuickBooks

    items = await _edit_and_sync(qbd, customer, "billing@ridgeline.example")

    remote = qbd.company.customers[list_id]
    assert [i["outcome"] for i in items] == ["SUCCEEDED"], items
    assert remote.email == "billing@ridgeline.example"
    assert len([r for r in qbd.handed if "<CustomerModRq" in r]) == 2
    assert len([r for r in qbd.handed if f"<ListID>{list_id}</ListID>" in r and "QueryRq" in r])
    mapping = await ExternalMapping.get(entity=Entity.CUSTOMER, local_id=customer.id)
    assert mapping.remote_version == remote.stamp.edit_sequence


async def test_desktop_sync_customer_stale_twice_is_a_failed_item_and_keeps_the_link(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    customer, list_id = await _synced_customer(qbd)
    stored = (
        await ExternalMapping.get(entity=Entity.CUSTOMER, local_id=customer.id)
    ).remote_version
    qbd.company.clock.advance(60)
    qbd.connector.faults.edit_before_mods = 2

    [item] = await _edit_and_sync(qbd, customer, "billing@ridgeline.example")

    assert (item["outcome"], item["errorCode"]) == ("FAILED", "QBD-3200"), item
    assert "changed in QuickBooks" in (item["hint"] or ""), item
    assert len([r for r in qbd.handed if "<CustomerModRq" in r]) == 2, "retried once, not more"
    assert qbd.company.customers[list_id].email is None
    mapping = await ExternalMapping.get(entity=Entity.CUSTOMER, local_id=customer.id)
    assert (mapping.state, mapping.remote_version) == (MappingState.SYNCED, stored)
    assert mapping.last_error_code == "QBD-3200"
