"""The createCustomer mutation."""

from __future__ import annotations

import pytest

from core.models import Activity, Customer
from core.models.enums import Role
from core.services import customers as customer_service

CREATE = """
mutation Create($input: CreateCustomerInput!) {
  createCustomer(input: $input) {
    __typename
    ... on CreateCustomerSuccess {
      customer { id name email phone currency active billingAddress { line1 postalCode } }
    }
    ... on UserError { message code field }
  }
}
"""


async def test_create_customer_returns_normalized_customer(gql) -> None:
    data = await gql.data(
        CREATE,
        {
            "input": {
                "name": "  Acme Ltd ",
                "email": "ap@acme.test",
                "phone": "+1 555 0100",
                "currency": "cad",
                "billingAddress": {"line1": "1 Main St", "postalCode": "H2X 1Y4"},
            }
        },
    )
    customer = data["createCustomer"]["customer"]
    assert customer["name"] == "Acme Ltd"
    assert (customer["currency"], customer["active"]) == ("CAD", True)
    assert customer["billingAddress"] == {"line1": "1 Main St", "postalCode": "H2X 1Y4"}


async def test_create_customer_records_activity(gql_factory) -> None:
    client = gql_factory(role=Role.STAFF, user="u-staff")
    await client.data(CREATE, {"input": {"name": "Acme Ltd"}})
    activity = await Activity.get(action="customer.created")
    assert activity.description == "Customer Acme Ltd created by u-staff"
    assert activity.ip_address is not None


async def test_create_customer_by_staff_succeeds(gql_factory) -> None:
    data = await gql_factory(role=Role.STAFF).data(CREATE, {"input": {"name": "Acme"}})
    assert data["createCustomer"]["__typename"] == "CreateCustomerSuccess"


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"name": " "}, "name", "Name is required"),
        ({"name": "x" * 501}, "name", "at most 500 characters"),
        ({"name": "Acme", "email": "acme"}, "email", "not a valid email address"),
        ({"name": "Acme", "currency": "USS"}, "currency", "ISO 4217"),
        ({"name": "Acme", "currency": "dollars"}, "currency", "at most 3 characters"),
        (
            {"name": "Acme", "billingAddress": {"postalCode": "9" * 40}},
            "billingAddress.postalCode",
            "must be at most 32 characters",
        ),
    ],
)
async def test_create_customer_with_bad_input_is_validation_error(
    gql, fields, field, fragment
) -> None:
    data = await gql.data(CREATE, {"input": fields})
    result = data["createCustomer"]
    assert (result["__typename"], result["code"], result["field"]) == (
        "ValidationError",
        "VALIDATION",
        field,
    )
    assert fragment in result["message"]
    assert await Customer.all().count() == 0


async def test_create_customer_duplicate_name_is_duplicate_error(gql) -> None:
    await gql.data(CREATE, {"input": {"name": "Acme Ltd"}})
    data = await gql.data(CREATE, {"input": {"name": "acme ltd"}})
    result = data["createCustomer"]
    assert (result["__typename"], result["code"], result["field"]) == (
        "DuplicateError",
        "DUPLICATE",
        "name",
    )
    assert '"Acme Ltd"' in result["message"]


async def test_create_customer_same_name_in_other_firm_succeeds(gql, gql_factory) -> None:
    await gql.data(CREATE, {"input": {"name": "Acme"}})
    data = await gql_factory(firm="firm-b").data(CREATE, {"input": {"name": "Acme"}})
    assert data["createCustomer"]["__typename"] == "CreateCustomerSuccess"


async def test_create_customer_failure_mid_write_leaves_nothing(gql, monkeypatch) -> None:
    async def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(customer_service, "record_activity", broken)
    body = await gql.execute(CREATE, {"input": {"name": "Acme"}})
    assert body["errors"][0]["message"].startswith("Unexpected error")
    assert await Customer.all().count() == 0


async def test_create_customer_without_token_is_unauthenticated(client) -> None:
    payload = {"query": CREATE, "variables": {"input": {"name": "Acme"}}}
    response = await client.post("/graphql", json=payload)
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await Customer.all().count() == 0
