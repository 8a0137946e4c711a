"""The createItem mutation."""

from __future__ import annotations

import pytest

from core.models import Activity, Item
from core.models.enums import Role
from core.services import items as item_service
from core.services.amounts import PRICE
from tests.graph.hostile import ABSURD_NUMBERS, JSON_NUMBER_LITERALS, NUMBER, execute_escaped

CREATE = """
mutation Create($input: CreateItemInput!) {
  createItem(input: $input) {
    __typename
    ... on CreateItemSuccess { item { id name description unitPrice sku active } }
    ... on UserError { message code field }
  }
}
"""


async def test_create_item_returns_item(gql) -> None:
    data = await gql.data(
        CREATE,
        {"input": {"name": " Audit ", "description": "Yearly", "unitPrice": "250", "sku": "AU"}},
    )
    item = data["createItem"]["item"]
    assert (item["name"], item["unitPrice"], item["sku"], item["active"]) == (
        "Audit",
        "250.00",
        "AU",
        True,
    )


async def test_create_item_by_staff_succeeds_and_is_audited(gql_factory) -> None:
    data = await gql_factory(role=Role.STAFF, user="u-staff").data(
        CREATE, {"input": {"name": "Audit"}}
    )
    assert data["createItem"]["__typename"] == "CreateItemSuccess"
    activity = await Activity.get(action="item.created")
    assert activity.description == "Item Audit created by u-staff"


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"name": ""}, "name", "Name is required"),
        ({"name": "x" * 256}, "name", "at most 255 characters"),
        ({"name": "Audit", "unitPrice": "-1"}, "unitPrice", "cannot be negative"),
        ({"name": "Audit", "unitPrice": "0.001"}, "unitPrice", "at most 2 decimal places"),
        ({"name": "Audit", "sku": "s" * 101}, "sku", "at most 100 characters"),
    ],
)
async def test_create_item_with_bad_input_is_validation_error(gql, fields, field, fragment) -> None:
    data = await gql.data(CREATE, {"input": fields})
    result = data["createItem"]
    assert (result["__typename"], result["field"]) == ("ValidationError", field)
    assert fragment in result["message"]
    assert await Item.all().count() == 0


async def test_create_item_with_non_numeric_price_is_refused(gql) -> None:
    body = await gql.execute(CREATE, {"input": {"name": "Audit", "unitPrice": "abc"}})
    assert body["errors"]
    assert await Item.all().count() == 0


async def test_create_item_duplicate_name_is_duplicate_error(gql) -> None:
    await gql.data(CREATE, {"input": {"name": "Audit"}})
    data = await gql.data(CREATE, {"input": {"name": "AUDIT"}})
    assert data["createItem"]["__typename"] == "DuplicateError"
    assert '"Audit"' in data["createItem"]["message"]


async def test_create_item_failure_mid_write_leaves_nothing(gql, monkeypatch) -> None:
    async def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(item_service, "record_activity", broken)
    body = await gql.execute(CREATE, {"input": {"name": "Audit"}})
    assert body["errors"][0]["message"].startswith("Unexpected error")
    assert await Item.all().count() == 0


async def test_create_item_without_token_is_unauthenticated(client) -> None:
    payload = {"query": CREATE, "variables": {"input": {"name": "Audit"}}}
    response = await client.post("/graphql", json=payload)
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("price", ABSURD_NUMBERS)
async def test_create_item_absurd_price_names_field_and_range(gql, price) -> None:
    data = await gql.data(CREATE, {"input": {"name": "Audit", "unitPrice": price}})
    result = data["createItem"]
    assert (result["__typename"], result["code"], result["field"]) == (
        "ValidationError",
        "VALIDATION",
        "unitPrice",
    )
    assert PRICE.describe() in result["message"]
    assert await Item.all().count() == 0


@pytest.mark.parametrize("literal", JSON_NUMBER_LITERALS)
async def test_create_item_price_as_huge_json_number_is_validation_error(gql, literal) -> None:
    body = await execute_escaped(
        gql, CREATE, {"input": {"name": "Audit", "unitPrice": NUMBER}}, literal
    )
    assert (body["data"]["createItem"]["__typename"], body["data"]["createItem"]["field"]) == (
        "ValidationError",
        "unitPrice",
    )


async def test_create_item_negative_zero_price_is_stored_as_zero(gql) -> None:
    data = await gql.data(CREATE, {"input": {"name": "Audit", "unitPrice": "-0"}})
    assert data["createItem"]["item"]["unitPrice"] == "0.00"
