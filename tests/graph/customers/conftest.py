"""Helpers for the customer and item GraphQL tests: create records through the API."""

from __future__ import annotations

from typing import Any

import pytest

CREATE_CUSTOMER = """
mutation Create($input: CreateCustomerInput!) {
  createCustomer(input: $input) {
    __typename
    ... on CreateCustomerSuccess { customer { id name } }
    ... on UserError { message code field }
  }
}
"""

CREATE_ITEM = """
mutation Create($input: CreateItemInput!) {
  createItem(input: $input) {
    __typename
    ... on CreateItemSuccess { item { id name } }
    ... on UserError { message code field }
  }
}
"""


@pytest.fixture
def new_customer(gql):  # type: ignore[no-untyped-def]
    """`await new_customer(name="Acme", client=other)` → the new customer's global ID."""

    async def create(client: Any = None, **fields: Any) -> str:
        data = await (client or gql).data(CREATE_CUSTOMER, {"input": fields})
        result = data["createCustomer"]
        assert result["__typename"] == "CreateCustomerSuccess", result
        customer_id: str = result["customer"]["id"]
        return customer_id

    return create


@pytest.fixture
def new_item(gql):  # type: ignore[no-untyped-def]
    """`await new_item(name="Audit", client=other)` → the new item's global ID."""

    async def create(client: Any = None, **fields: Any) -> str:
        data = await (client or gql).data(CREATE_ITEM, {"input": fields})
        result = data["createItem"]
        assert result["__typename"] == "CreateItemSuccess", result
        item_id: str = result["item"]["id"]
        return item_id

    return create
