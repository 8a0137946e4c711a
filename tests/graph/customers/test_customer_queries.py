"""The customers and customer queries: paging, filters, sync status, isolation, query count."""

from __future__ import annotations

import uuid

import pytest

from core.models import Connection, ExternalMapping, Firm
from core.models.enums import ConnectionStatus, Entity, MappingState, Provider, Role
from graph.ids import decode_id, encode_id
from tests.graph.hostile import FORGED_CURSORS

CUSTOMERS = """
query List($first: Int, $after: String, $search: String, $active: Boolean) {
  customers(first: $first, after: $after, search: $search, active: $active) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id name email phone currency active createdAt updatedAt
      billingAddress { line1 line2 city region postalCode country }
      syncStatus { status remoteId lastError }
    } }
  }
}
"""

CUSTOMER = """
query One($id: ID!) {
  customer(id: $id) {
    id name email currency active
    billingAddress { line1 city postalCode country }
    syncStatus { status remoteId }
  }
}
"""

DEACTIVATE = """
mutation Off($id: ID!) {
  updateCustomer(id: $id, input: {active: false}) { __typename }
}
"""


def _names(data: dict) -> list[str]:
    return [edge["node"]["name"] for edge in data["customers"]["edges"]]


async def test_customers_lists_newest_first_with_all_fields(gql, new_customer) -> None:
    await new_customer(name="Acme", email="ap@acme.test", currency="eur")
    await new_customer(name="Globex", billingAddress={"line1": "1 Main St", "city": "Springfield"})
    data = await gql.data(CUSTOMERS)
    nodes = [edge["node"] for edge in data["customers"]["edges"]]
    assert [n["name"] for n in nodes] == ["Globex", "Acme"]
    assert nodes[1]["currency"] == "EUR"
    assert nodes[1]["billingAddress"] is None
    assert nodes[0]["billingAddress"] == {
        "line1": "1 Main St",
        "line2": None,
        "city": "Springfield",
        "region": None,
        "postalCode": None,
        "country": None,
    }
    assert nodes[0]["syncStatus"] == {"status": "NOT_SYNCED", "remoteId": None, "lastError": None}
    assert data["customers"]["totalCount"] == 2


async def test_customers_pages_follow_the_cursor(gql, new_customer) -> None:
    for name in ("A", "B", "C"):
        await new_customer(name=name)
    first = await gql.data(CUSTOMERS, {"first": 2})
    assert _names(first) == ["C", "B"]
    assert first["customers"]["pageInfo"]["hasNextPage"] is True
    after = first["customers"]["pageInfo"]["endCursor"]
    second = await gql.data(CUSTOMERS, {"first": 2, "after": after})
    assert _names(second) == ["A"]
    assert second["customers"]["pageInfo"]["hasNextPage"] is False


async def test_customers_search_matches_name_or_email_ignoring_case(gql, new_customer) -> None:
    await new_customer(name="Acme Ltd")
    await new_customer(name="Globex", email="billing@ACME.test")
    await new_customer(name="Initech")
    data = await gql.data(CUSTOMERS, {"search": "acme"})
    assert sorted(_names(data)) == ["Acme Ltd", "Globex"]


async def test_customers_active_filter_selects_by_state(gql, new_customer) -> None:
    old = await new_customer(name="Old")
    await new_customer(name="Current")
    await gql.data(DEACTIVATE, {"id": old})
    assert _names(await gql.data(CUSTOMERS, {"active": True})) == ["Current"]
    assert _names(await gql.data(CUSTOMERS, {"active": False})) == ["Old"]
    assert len(_names(await gql.data(CUSTOMERS))) == 2


async def test_customers_of_other_firm_are_not_listed(gql, gql_factory, new_customer) -> None:
    await new_customer(name="Acme")
    data = await gql_factory(firm="firm-b").data(CUSTOMERS)
    assert data["customers"]["edges"] == []
    assert data["customers"]["totalCount"] == 0


async def test_customers_with_bad_first_is_clear_top_level_error(gql) -> None:
    body = await gql.execute(CUSTOMERS, {"first": 500})
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "`first` must be between 1 and 200" in body["errors"][0]["message"]


async def test_customers_with_foreign_cursor_is_clear_top_level_error(gql) -> None:
    body = await gql.execute(CUSTOMERS, {"after": "not-a-cursor"})
    assert "`after` is not a cursor from this list" in body["errors"][0]["message"]


async def test_customers_without_token_is_unauthenticated(client) -> None:
    response = await client.post("/graphql", json={"query": CUSTOMERS})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_customers_query_count_does_not_grow_with_page_size(
    gql, new_customer, count_queries
) -> None:
    await new_customer(name="Seed")
    # With a connection, syncStatus also reads the mappings: both lookups must stay batched.
    firm = await Firm.get(external_id="firm-a")
    await Connection.create(firm=firm, provider=Provider.XERO, remote_company_id="tenant-1")
    with count_queries() as small:
        await gql.data(CUSTOMERS, {"first": 1})
    for number in range(12):
        await new_customer(name=f"Customer {number}")
    with count_queries() as large:
        data = await gql.data(CUSTOMERS, {"first": 13})
    assert len(data["customers"]["edges"]) == 13
    assert large.count == small.count, large.statements
    assert any("external_mapping" in sql for sql in large.statements)


async def test_customer_by_id_returns_it(gql, new_customer) -> None:
    customer_id = await new_customer(
        name="Acme", email="ap@acme.test", billingAddress={"postalCode": "75001"}
    )
    data = await gql.data(CUSTOMER, {"id": customer_id})
    assert data["customer"]["name"] == "Acme"
    assert data["customer"]["billingAddress"]["postalCode"] == "75001"
    assert data["customer"]["currency"] == "USD"


async def test_customer_shows_sync_status_of_current_company(gql, new_customer) -> None:
    customer_id = await new_customer(name="Acme")
    firm = await Firm.get(external_id="firm-a")
    await Connection.create(
        firm=firm,
        provider=Provider.XERO,
        status=ConnectionStatus.ACTIVE,
        remote_company_id="tenant-1",
    )
    await ExternalMapping.create(
        firm=firm,
        provider=Provider.XERO,
        remote_company_id="tenant-1",
        entity=Entity.CUSTOMER,
        local_id=decode_id(customer_id, "Customer"),
        remote_id="contact-9",
        state=MappingState.SYNCED,
        idempotency_key=uuid.uuid4().hex,
    )
    data = await gql.data(CUSTOMER, {"id": customer_id})
    assert data["customer"]["syncStatus"] == {"status": "SYNCED", "remoteId": "contact-9"}


async def test_customer_unknown_id_is_null(gql) -> None:
    data = await gql.data(CUSTOMER, {"id": encode_id("Customer", uuid.uuid4())})
    assert data["customer"] is None


async def test_customer_of_other_firm_is_null(gql, gql_factory, new_customer) -> None:
    customer_id = await new_customer(name="Acme")
    data = await gql_factory(firm="firm-b", role=Role.FIRM_ADMIN).data(
        CUSTOMER, {"id": customer_id}
    )
    assert data["customer"] is None


async def test_customer_malformed_id_is_bad_request(gql) -> None:
    body = await gql.execute(CUSTOMER, {"id": "%%%"})
    assert body["data"]["customer"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "is not a valid Customer ID" in body["errors"][0]["message"]


async def test_customer_with_item_id_is_bad_request(gql, new_item) -> None:
    item_id = await new_item(name="Audit")
    body = await gql.execute(CUSTOMER, {"id": item_id})
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "is the ID of an Item, not of a Customer" in body["errors"][0]["message"]


async def test_customer_without_token_is_unauthenticated(client) -> None:
    variables = {"id": encode_id("Customer", uuid.uuid4())}
    response = await client.post("/graphql", json={"query": CUSTOMER, "variables": variables})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("cursor", FORGED_CURSORS)
async def test_customers_with_forged_cursor_is_bad_request_or_a_page(gql, cursor) -> None:
    body = await gql.execute(CUSTOMERS, {"after": cursor})
    if body.get("errors"):
        assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    else:
        assert body["data"]["customers"]["edges"] == []


async def test_customer_with_an_overlong_id_is_bad_request_without_echoing_it(gql) -> None:
    body = await gql.execute(CUSTOMER, {"id": "Q" * 100_000})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "QQQQ" not in error["message"]
