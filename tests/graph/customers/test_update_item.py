"""The updateItem mutation: partial updates, null clearing, errors and isolation."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from core.models import Item
from core.models.enums import Role
from core.services.amounts import PRICE
from graph.ids import decode_id, encode_id
from tests.graph.hostile import ABSURD_NUMBERS

UPDATE = """
mutation Update($id: ID!, $input: UpdateItemInput!) {
  updateItem(id: $id, input: $input) {
    __typename
    ... on UpdateItemSuccess { item { id name description unitPrice sku active } }
    ... on UserError { message code field }
  }
}
"""


async def _update(client, item_id: str, fields: dict) -> dict:
    data = await client.data(UPDATE, {"id": item_id, "input": fields})
    result: dict = data["updateItem"]
    return result


async def test_update_item_changes_only_given_fields(gql, new_item) -> None:
    item_id = await new_item(name="Audit", description="Yearly", unitPrice="100", sku="AU")
    result = await _update(gql, item_id, {"unitPrice": "120.5"})
    assert result["item"] == {
        "id": item_id,
        "name": "Audit",
        "description": "Yearly",
        "unitPrice": "120.50",
        "sku": "AU",
        "active": True,
    }


async def test_update_item_explicit_null_clears_optional_fields(gql, new_item) -> None:
    item_id = await new_item(name="Audit", description="Yearly", sku="AU")
    result = await _update(gql, item_id, {"description": None, "sku": None})
    assert (result["item"]["description"], result["item"]["sku"]) == (None, None)


async def test_update_item_null_unit_price_is_validation_error(gql, new_item) -> None:
    item_id = await new_item(name="Audit", unitPrice="5")
    result = await _update(gql, item_id, {"unitPrice": None})
    assert (result["__typename"], result["field"]) == ("ValidationError", "unitPrice")
    stored = await Item.get(id=decode_id(item_id, "Item"))
    assert stored.unit_price == Decimal("5.00")


async def test_update_item_duplicate_name_is_duplicate_error(gql, new_item) -> None:
    await new_item(name="Audit")
    other_id = await new_item(name="Payroll")
    result = await _update(gql, other_id, {"name": "audit"})
    assert result["__typename"] == "DuplicateError"


async def test_update_item_of_other_firm_is_not_found(gql_factory, new_item) -> None:
    item_id = await new_item(name="Audit")
    result = await _update(gql_factory(firm="firm-b"), item_id, {"unitPrice": "1"})
    assert (result["__typename"], result["code"]) == ("NotFoundError", "NOT_FOUND")
    stored = await Item.get(id=decode_id(item_id, "Item"))
    assert stored.unit_price == Decimal("0.00")


async def test_update_item_unknown_id_is_not_found(gql) -> None:
    result = await _update(gql, encode_id("Item", uuid.uuid4()), {"name": "X"})
    assert result["__typename"] == "NotFoundError"


async def test_update_item_with_customer_id_is_validation_error(gql, new_customer) -> None:
    customer_id = await new_customer(name="Acme")
    result = await _update(gql, customer_id, {"name": "X"})
    assert (result["__typename"], result["field"]) == ("ValidationError", "id")


async def test_update_item_by_staff_succeeds(gql_factory, new_item) -> None:
    item_id = await new_item(name="Audit")
    result = await _update(gql_factory(role=Role.STAFF), item_id, {"active": False})
    assert result["item"]["active"] is False


async def test_update_item_without_token_is_unauthenticated(client, new_item) -> None:
    item_id = await new_item(name="Audit")
    payload = {"query": UPDATE, "variables": {"id": item_id, "input": {"name": "X"}}}
    response = await client.post("/graphql", json=payload)
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("price", ABSURD_NUMBERS)
async def test_update_item_absurd_price_is_validation_error_and_keeps_price(
    gql, new_item, price
) -> None:
    item_id = await new_item(name="Audit", unitPrice="100")
    result = await _update(gql, item_id, {"unitPrice": price})
    assert (result["__typename"], result["field"]) == ("ValidationError", "unitPrice")
    assert PRICE.describe() in result["message"]
    assert (await Item.get(id=decode_id(item_id, "Item"))).unit_price == Decimal("100")
