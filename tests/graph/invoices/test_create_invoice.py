"""The createInvoice mutation."""

from __future__ import annotations

import pytest

from core.models import Activity, Invoice
from core.services.amounts import PRICE, QUANTITY, TAX_RATE
from tests.graph.hostile import ABSURD_NUMBERS, JSON_NUMBER_LITERALS, NUMBER, execute_escaped

CREATE = """
mutation Create($input: CreateInvoiceInput!) {
  createInvoice(input: $input) {
    __typename
    ... on CreateInvoiceSuccess {
      invoice {
        id docType number status currency issueDate dueDate subtotal taxTotal total
        amountPaid balance customer { name }
        lines { position description quantity unitPrice taxRate amount item { name } }
      }
    }
    ... on UserError { message code field }
  }
}
"""


async def test_create_invoice_with_taxed_lines_computes_totals_in_decimal(gql, books, to_gid):
    customer = await books.customer(currency="EUR")
    data = await gql.data(
        CREATE,
        {
            "input": {
                "customerId": to_gid("Customer", customer.id),
                "issueDate": "2026-03-01",
                "dueDate": "2026-03-31",
                "lines": [
                    {
                        "description": "Consulting",
                        "quantity": "3",
                        "unitPrice": "19.99",
                        "taxRate": "8.25",
                    },
                ],
            }
        },
    )
    invoice = data["createInvoice"]["invoice"]
    assert (invoice["subtotal"], invoice["taxTotal"], invoice["total"]) == (
        "59.97",
        "4.95",
        "64.92",
    )
    assert invoice["balance"] == "64.92"
    assert (invoice["status"], invoice["docType"], invoice["currency"]) == (
        "DRAFT",
        "INVOICE",
        "EUR",
    )
    assert invoice["customer"] == {"name": "Acme"}
    assert invoice["lines"][0]["amount"] == "59.97"


async def test_create_invoice_line_with_item_takes_item_text_and_price(gql, books, to_gid):
    customer = await books.customer()
    item = await books.item(name="Widget", price="12.50", text="Blue widget")
    data = await gql.data(
        CREATE,
        {
            "input": {
                "customerId": to_gid("Customer", customer.id),
                "lines": [{"itemId": to_gid("Item", item.id), "quantity": "2"}],
            }
        },
    )
    line = data["createInvoice"]["invoice"]["lines"][0]
    assert (line["description"], line["unitPrice"], line["amount"]) == (
        "Blue widget",
        "12.50",
        "25.00",
    )
    assert line["item"] == {"name": "Widget"}


async def test_create_invoice_without_number_numbers_after_highest_numeric(gql, books, to_gid):
    customer = await books.customer()
    await books.invoice(customer, number="1041")
    await books.invoice(customer, number="INV-9999")
    await books.invoice(customer, number="7", doc_type="ESTIMATE")
    variables = {
        "input": {
            "customerId": to_gid("Customer", customer.id),
            "lines": [{"description": "Work", "unitPrice": "10"}],
        }
    }
    first = await gql.data(CREATE, variables)
    second = await gql.data(CREATE, variables)
    estimate = await gql.data(CREATE, {"input": {**variables["input"], "docType": "ESTIMATE"}})
    assert first["createInvoice"]["invoice"]["number"] == "1042"
    assert second["createInvoice"]["invoice"]["number"] == "1043"
    assert estimate["createInvoice"]["invoice"]["number"] == "8"


async def test_create_invoice_records_activity(gql, books, to_gid):
    customer = await books.customer()
    await gql.data(
        CREATE,
        {
            "input": {
                "customerId": to_gid("Customer", customer.id),
                "number": "A-1",
                "lines": [{"description": "Work", "unitPrice": "10"}],
            }
        },
    )
    activity = await Activity.get(action="invoice.created")
    assert activity.description.startswith("Invoice A-1 created by ")
    assert activity.firm_id == books.firm.id  # type: ignore[attr-defined]


async def test_create_invoice_due_before_issue_is_refused(gql, books, to_gid):
    customer = await books.customer()
    data = await gql.data(
        CREATE,
        {
            "input": {
                "customerId": to_gid("Customer", customer.id),
                "issueDate": "2026-03-10",
                "dueDate": "2026-03-09",
                "lines": [{"description": "Work", "unitPrice": "10"}],
            }
        },
    )
    assert data["createInvoice"]["code"] == "VALIDATION"
    assert data["createInvoice"]["field"] == "dueDate"
    assert await Invoice.all().count() == 0


async def test_create_invoice_bad_line_values_name_the_field(gql, books, to_gid):
    customer = await books.customer()
    cases = [
        ({"description": "W", "quantity": "0", "unitPrice": "1"}, "lines[0].quantity"),
        ({"description": "W", "unitPrice": "-1"}, "lines[0].unitPrice"),
        ({"description": "W", "unitPrice": "1.005"}, "lines[0].unitPrice"),
        ({"description": "W", "unitPrice": "1", "taxRate": "101"}, "lines[0].taxRate"),
        ({"unitPrice": "1"}, "lines[0].description"),
        ({"description": "W"}, "lines[0].unitPrice"),
    ]
    for line, field in cases:
        data = await gql.data(
            CREATE,
            {"input": {"customerId": to_gid("Customer", customer.id), "lines": [line]}},
        )
        assert (data["createInvoice"]["code"], data["createInvoice"]["field"]) == (
            "VALIDATION",
            field,
        )
    assert await Invoice.all().count() == 0


async def test_create_invoice_duplicate_number_is_refused(gql, books, to_gid):
    customer = await books.customer()
    await books.invoice(customer, number="1042")
    data = await gql.data(
        CREATE,
        {
            "input": {
                "customerId": to_gid("Customer", customer.id),
                "number": "1042",
                "lines": [{"description": "Work", "unitPrice": "10"}],
            }
        },
    )
    assert data["createInvoice"]["code"] == "DUPLICATE"
    assert await Invoice.all().count() == 1


async def test_create_invoice_for_other_firms_customer_is_not_found(gql, books, firm_b, to_gid):
    _client_b, books_b = firm_b
    foreign_customer = await books_b.customer()
    foreign_item = await books_b.item()
    own_customer = await books.customer()
    data = await gql.data(
        CREATE,
        {
            "input": {
                "customerId": to_gid("Customer", foreign_customer.id),
                "lines": [{"description": "Work", "unitPrice": "10"}],
            }
        },
    )
    assert (data["createInvoice"]["code"], data["createInvoice"]["field"]) == (
        "NOT_FOUND",
        "customerId",
    )
    data = await gql.data(
        CREATE,
        {
            "input": {
                "customerId": to_gid("Customer", own_customer.id),
                "lines": [{"itemId": to_gid("Item", foreign_item.id)}],
            }
        },
    )
    assert (data["createInvoice"]["code"], data["createInvoice"]["field"]) == (
        "NOT_FOUND",
        "lines[0].itemId",
    )
    assert await Invoice.all().count() == 0


async def test_create_invoice_malformed_customer_id_is_validation_error(gql, books):
    data = await gql.data(
        CREATE, {"input": {"customerId": "nope", "lines": [{"description": "W", "unitPrice": "1"}]}}
    )
    assert (data["createInvoice"]["code"], data["createInvoice"]["field"]) == (
        "VALIDATION",
        "customerId",
    )


async def test_create_invoice_without_token_is_unauthenticated(client):
    response = await client.post(
        "/graphql",
        json={"query": CREATE, "variables": {"input": {"customerId": "x", "lines": []}}},
    )
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await Invoice.all().count() == 0


@pytest.mark.parametrize(
    ("line_field", "rule", "value"),
    [
        *(("quantity", QUANTITY, value) for value in ABSURD_NUMBERS),
        *(("unitPrice", PRICE, value) for value in ABSURD_NUMBERS[:4]),
        *(("taxRate", TAX_RATE, value) for value in ABSURD_NUMBERS[:4]),
    ],
)
async def test_create_invoice_absurd_line_number_names_field_and_range(
    gql, books, to_gid, line_field, rule, value
):
    customer = await books.customer()
    line = {"description": "Audit", "quantity": "1", "unitPrice": "10", line_field: value}
    data = await gql.data(
        CREATE, {"input": {"customerId": to_gid("Customer", customer.id), "lines": [line]}}
    )
    result = data["createInvoice"]
    assert (result["__typename"], result["field"]) == ("ValidationError", f"lines[0].{line_field}")
    assert rule.describe() in result["message"]
    assert await Invoice.all().count() == 0


@pytest.mark.parametrize("literal", JSON_NUMBER_LITERALS)
async def test_create_invoice_quantity_as_huge_json_number_is_validation_error(
    gql, books, to_gid, literal
):
    customer = await books.customer()
    variables = {
        "input": {
            "customerId": to_gid("Customer", customer.id),
            "lines": [{"description": "Audit", "quantity": NUMBER, "unitPrice": "10"}],
        }
    }
    body = await execute_escaped(gql, CREATE, variables, literal)
    assert body["data"]["createInvoice"]["field"] == "lines[0].quantity"


async def test_create_invoice_line_amount_over_the_maximum_is_refused(gql, books, to_gid):
    customer = await books.customer()
    line = {"description": "Audit", "quantity": "9999999999", "unitPrice": "999999999999"}
    data = await gql.data(
        CREATE, {"input": {"customerId": to_gid("Customer", customer.id), "lines": [line]}}
    )
    assert data["createInvoice"]["field"] == "lines[0].quantity"
    assert "999,999,999,999.99" in data["createInvoice"]["message"]


CREATE_WITH_RATE = """
mutation Create($input: CreateInvoiceInput!) {
  createInvoice(input: $input) {
    __typename
    ... on CreateInvoiceSuccess { invoice { id currency exchangeRate } }
    ... on UserError { message code field }
  }
}
"""


async def test_create_invoice_with_exchange_rate_keeps_it_and_without_leaves_it_null(
    gql, books, to_gid
):
    customer = await books.customer(currency="EUR")
    line = {"description": "Audit", "quantity": "1", "unitPrice": "10"}
    base = {"customerId": to_gid("Customer", customer.id), "lines": [line]}

    rated = await gql.data(CREATE_WITH_RATE, {"input": {**base, "exchangeRate": "1.0850"}})
    plain = await gql.data(CREATE_WITH_RATE, {"input": base})

    invoice = rated["createInvoice"]["invoice"]
    assert (invoice["currency"], invoice["exchangeRate"]) == ("EUR", "1.0850000000")
    assert plain["createInvoice"]["invoice"]["exchangeRate"] is None
    stored = await Invoice.get(number="1")
    assert stored.exchange_rate is not None


@pytest.mark.parametrize("rate", ["0", "-1.5", "12345678901.5", "1.00000000001"])
async def test_create_invoice_bad_exchange_rate_is_a_validation_error_and_creates_nothing(
    gql, books, to_gid, rate
):
    customer = await books.customer(currency="EUR")
    line = {"description": "Audit", "quantity": "1", "unitPrice": "10"}
    data = await gql.data(
        CREATE_WITH_RATE,
        {
            "input": {
                "customerId": to_gid("Customer", customer.id),
                "lines": [line],
                "exchangeRate": rate,
            }
        },
    )
    result = data["createInvoice"]
    assert (result["code"], result["field"]) == ("VALIDATION", "exchangeRate")
    assert await Invoice.all().count() == 0
