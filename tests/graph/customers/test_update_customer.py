"""The updateCustomer mutation: partial updates, null clearing, errors and isolation."""

from __future__ import annotations

import uuid
from datetime import date

from core.models import Activity, Customer, Invoice
from core.models.enums import Role
from graph.ids import decode_id, encode_id

UPDATE = """
mutation Update($id: ID!, $input: UpdateCustomerInput!) {
  updateCustomer(id: $id, input: $input) {
    __typename
    ... on UpdateCustomerSuccess {
      customer {
        id name email phone currency active
        billingAddress { line1 line2 city region postalCode country }
      }
    }
    ... on UserError { message code field }
  }
}
"""

FULL = {
    "name": "Acme",
    "email": "ap@acme.test",
    "phone": "555",
    "billingAddress": {"line1": "1 Main St", "city": "Paris", "country": "France"},
}


async def _update(client, customer_id: str, fields: dict) -> dict:
    data = await client.data(UPDATE, {"id": customer_id, "input": fields})
    result: dict = data["updateCustomer"]
    return result


async def test_update_customer_changes_only_given_fields(gql, new_customer) -> None:
    customer_id = await new_customer(**FULL)
    result = await _update(gql, customer_id, {"phone": "777"})
    customer = result["customer"]
    assert (customer["name"], customer["email"], customer["phone"]) == (
        "Acme",
        "ap@acme.test",
        "777",
    )
    assert customer["billingAddress"]["city"] == "Paris"


async def test_update_customer_explicit_null_clears_optional_field(gql, new_customer) -> None:
    customer_id = await new_customer(**FULL)
    result = await _update(gql, customer_id, {"email": None})
    assert result["customer"]["email"] is None
    assert result["customer"]["phone"] == "555"


async def test_update_customer_address_lines_change_one_by_one(gql, new_customer) -> None:
    customer_id = await new_customer(**FULL)
    result = await _update(gql, customer_id, {"billingAddress": {"city": "Lyon", "line1": None}})
    assert result["customer"]["billingAddress"] == {
        "line1": None,
        "line2": None,
        "city": "Lyon",
        "region": None,
        "postalCode": None,
        "country": "France",
    }


async def test_update_customer_null_address_clears_every_line(gql, new_customer) -> None:
    customer_id = await new_customer(**FULL)
    result = await _update(gql, customer_id, {"billingAddress": None})
    assert result["customer"]["billingAddress"] is None
    stored = await Customer.get(id=decode_id(customer_id, "Customer"))
    assert (stored.address_line1, stored.city, stored.country) == (None, None, None)


async def test_update_customer_null_name_is_validation_error(gql, new_customer) -> None:
    customer_id = await new_customer(name="Acme")
    result = await _update(gql, customer_id, {"name": None})
    assert (result["__typename"], result["field"]) == ("ValidationError", "name")


async def test_update_customer_bad_email_is_validation_error(gql, new_customer) -> None:
    customer_id = await new_customer(**FULL)
    result = await _update(gql, customer_id, {"email": "nope", "phone": "999"})
    assert (result["__typename"], result["field"]) == ("ValidationError", "email")
    stored = await Customer.get(id=decode_id(customer_id, "Customer"))
    assert stored.phone == "555"


async def test_update_customer_duplicate_name_is_duplicate_error(gql, new_customer) -> None:
    await new_customer(name="Acme")
    other_id = await new_customer(name="Globex")
    result = await _update(gql, other_id, {"name": "ACME"})
    assert (result["__typename"], result["code"]) == ("DuplicateError", "DUPLICATE")


async def test_update_customer_currency_with_invoices_is_invalid_state(gql, new_customer) -> None:
    customer_id = await new_customer(name="Acme")
    customer = await Customer.get(id=decode_id(customer_id, "Customer"))
    await Invoice.create(
        firm_id=customer.firm_id,  # type: ignore[attr-defined]
        customer=customer,
        number="1001",
        issue_date=date(2025, 3, 1),
    )
    result = await _update(gql, customer_id, {"currency": "EUR"})
    assert (result["__typename"], result["field"]) == ("InvalidStateError", "currency")


async def test_update_customer_of_other_firm_is_not_found(gql_factory, new_customer) -> None:
    customer_id = await new_customer(name="Acme")
    result = await _update(gql_factory(firm="firm-b"), customer_id, {"name": "Taken"})
    assert (result["__typename"], result["code"]) == ("NotFoundError", "NOT_FOUND")
    stored = await Customer.get(id=decode_id(customer_id, "Customer"))
    assert stored.name == "Acme"


async def test_update_customer_unknown_id_is_not_found(gql) -> None:
    result = await _update(gql, encode_id("Customer", uuid.uuid4()), {"name": "X"})
    assert result["__typename"] == "NotFoundError"


async def test_update_customer_malformed_id_is_validation_error(gql) -> None:
    result = await _update(gql, "garbage", {"name": "X"})
    assert (result["__typename"], result["field"]) == ("ValidationError", "id")


async def test_update_customer_by_staff_succeeds_and_is_audited(gql_factory, new_customer) -> None:
    customer_id = await new_customer(name="Acme")
    staff = gql_factory(role=Role.STAFF, user="u-staff")
    result = await _update(staff, customer_id, {"active": False})
    assert result["customer"]["active"] is False
    activity = await Activity.get(action="customer.updated")
    assert activity.description == "Customer Acme updated by u-staff (active)"


async def test_update_customer_without_token_is_unauthenticated(client, new_customer) -> None:
    customer_id = await new_customer(name="Acme")
    payload = {"query": UPDATE, "variables": {"id": customer_id, "input": {"name": "X"}}}
    response = await client.post("/graphql", json=payload)
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await Customer.get(id=decode_id(customer_id, "Customer"))).name == "Acme"
