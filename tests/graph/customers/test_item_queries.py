"""The items and item queries: paging, search, isolation, errors and query count."""

from __future__ import annotations

import uuid

from graph.ids import encode_id

ITEMS = """
query List($first: Int, $after: String, $search: String) {
  items(first: $first, after: $after, search: $search) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name description unitPrice sku active createdAt updatedAt } }
  }
}
"""

ITEM = """
query One($id: ID!) {
  item(id: $id) { id name description unitPrice sku active }
}
"""


def _names(data: dict) -> list[str]:
    return [edge["node"]["name"] for edge in data["items"]["edges"]]


async def test_items_lists_newest_first_with_decimal_prices(gql, new_item) -> None:
    await new_item(name="Audit", unitPrice="1500.5", sku="AUD")
    await new_item(name="Payroll")
    data = await gql.data(ITEMS)
    nodes = [edge["node"] for edge in data["items"]["edges"]]
    assert [n["name"] for n in nodes] == ["Payroll", "Audit"]
    assert (nodes[1]["unitPrice"], nodes[1]["sku"], nodes[1]["active"]) == ("1500.50", "AUD", True)
    assert nodes[0]["unitPrice"] == "0.00"


async def test_items_pages_follow_the_cursor(gql, new_item) -> None:
    for name in ("A", "B", "C"):
        await new_item(name=name)
    first = await gql.data(ITEMS, {"first": 2})
    assert _names(first) == ["C", "B"]
    after = first["items"]["pageInfo"]["endCursor"]
    second = await gql.data(ITEMS, {"first": 2, "after": after})
    assert _names(second) == ["A"]
    assert second["items"]["pageInfo"]["hasNextPage"] is False


async def test_items_search_matches_name_or_sku_ignoring_case(gql, new_item) -> None:
    await new_item(name="Tax return")
    await new_item(name="Payroll", sku="tax-2")
    await new_item(name="Audit")
    data = await gql.data(ITEMS, {"search": "TAX"})
    assert sorted(_names(data)) == ["Payroll", "Tax return"]


async def test_items_of_other_firm_are_not_listed(gql_factory, new_item) -> None:
    await new_item(name="Audit")
    data = await gql_factory(firm="firm-b").data(ITEMS)
    assert data["items"]["edges"] == []
    assert data["items"]["totalCount"] == 0


async def test_items_without_token_is_unauthenticated(client) -> None:
    response = await client.post("/graphql", json={"query": ITEMS})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_items_query_count_does_not_grow_with_page_size(gql, new_item, count_queries) -> None:
    await new_item(name="Seed")
    with count_queries() as small:
        await gql.data(ITEMS, {"first": 1})
    for number in range(12):
        await new_item(name=f"Item {number}")
    with count_queries() as large:
        data = await gql.data(ITEMS, {"first": 13})
    assert len(data["items"]["edges"]) == 13
    assert large.count == small.count, large.statements


async def test_item_by_id_returns_it(gql, new_item) -> None:
    item_id = await new_item(name="Audit", description="Yearly audit", unitPrice="99.99")
    data = await gql.data(ITEM, {"id": item_id})
    assert data["item"] == {
        "id": item_id,
        "name": "Audit",
        "description": "Yearly audit",
        "unitPrice": "99.99",
        "sku": None,
        "active": True,
    }


async def test_item_unknown_id_is_null(gql) -> None:
    data = await gql.data(ITEM, {"id": encode_id("Item", uuid.uuid4())})
    assert data["item"] is None


async def test_item_of_other_firm_is_null(gql_factory, new_item) -> None:
    item_id = await new_item(name="Audit")
    data = await gql_factory(firm="firm-b").data(ITEM, {"id": item_id})
    assert data["item"] is None


async def test_item_malformed_id_is_bad_request(gql) -> None:
    body = await gql.execute(ITEM, {"id": "not-an-id"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "is not a valid Item ID" in body["errors"][0]["message"]
