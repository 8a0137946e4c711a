"""The updateInvoice mutation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.models import Activity, Invoice, InvoiceLine
from core.models.enums import InvoiceStatus
from core.services.amounts import QUANTITY
from tests.graph.hostile import ABSURD_NUMBERS

UPDATE = """
mutation Update($id: ID!, $input: UpdateInvoiceInput!) {
  updateInvoice(id: $id, input: $input) {
    __typename
    ... on UpdateInvoiceSuccess {
      invoice { number memo dueDate subtotal taxTotal total balance status
                lines { position description amount } }
    }
    ... on UserError { message code field }
  }
}
"""


async def test_update_invoice_lines_replace_the_set_and_recompute_totals(gql, books, to_gid):
    customer = await books.customer()
    invoice = await books.invoice(
        customer,
        number="1042",
        status=InvoiceStatus.DRAFT,
        lines=(("1", "100.00", "0"), ("2", "5.00", "0")),
    )
    data = await gql.data(
        UPDATE,
        {
            "id": to_gid("Invoice", invoice.id),
            "input": {
                "memo": "Thanks",
                "lines": [
                    {
                        "description": "Only line",
                        "quantity": "3",
                        "unitPrice": "19.99",
                        "taxRate": "8.25",
                    }
                ],
            },
        },
    )
    updated = data["updateInvoice"]["invoice"]
    assert (updated["subtotal"], updated["taxTotal"], updated["total"], updated["balance"]) == (
        "59.97",
        "4.95",
        "64.92",
        "64.92",
    )
    assert updated["lines"] == [{"position": 0, "description": "Only line", "amount": "59.97"}]
    assert updated["memo"] == "Thanks"
    assert await InvoiceLine.filter(invoice_id=invoice.id).count() == 1
    assert await Activity.filter(action="invoice.updated").count() == 1


async def test_update_invoice_header_only_keeps_lines(gql, books, to_gid):
    customer = await books.customer()
    invoice = await books.invoice(customer, number="1042", status=InvoiceStatus.SENT)
    data = await gql.data(
        UPDATE,
        {
            "id": to_gid("Invoice", invoice.id),
            "input": {"number": "1042-B", "dueDate": "2026-02-20"},
        },
    )
    updated = data["updateInvoice"]["invoice"]
    assert (updated["number"], updated["dueDate"], updated["total"]) == (
        "1042-B",
        "2026-02-20",
        "100.00",
    )
    assert len(updated["lines"]) == 1


async def test_update_invoice_locked_is_refused_with_invoice_locked(gql, books, to_gid):
    customer = await books.customer()
    invoice = await books.invoice(customer, number="1042", locked=True)
    data = await gql.data(
        UPDATE,
        {
            "id": to_gid("Invoice", invoice.id),
            "input": {"memo": "x", "lines": [{"description": "W", "unitPrice": "1"}]},
        },
    )
    assert data["updateInvoice"]["__typename"] == "InvoiceLockedError"
    assert data["updateInvoice"]["code"] == "INVOICE_LOCKED"
    stored = await Invoice.get(id=invoice.id)
    assert (stored.memo, stored.total) == (None, Decimal("100.00"))
    assert await InvoiceLine.filter(invoice_id=invoice.id).count() == 1


async def test_update_invoice_paid_or_void_is_invalid_state(gql, books, to_gid):
    customer = await books.customer()
    for number, status in (("1", InvoiceStatus.PAID), ("2", InvoiceStatus.VOID)):
        invoice = await books.invoice(customer, number=number, status=status)
        data = await gql.data(UPDATE, {"id": to_gid("Invoice", invoice.id), "input": {"memo": "x"}})
        assert data["updateInvoice"]["code"] == "INVALID_STATE"


async def test_update_invoice_total_below_amount_paid_is_refused(gql, books, to_gid):
    customer = await books.customer()
    invoice = await books.invoice(customer, number="1042", status=InvoiceStatus.PARTIAL)
    await Invoice.filter(id=invoice.id).update(
        amount_paid=Decimal("60.00"), balance=Decimal("40.00")
    )
    data = await gql.data(
        UPDATE,
        {
            "id": to_gid("Invoice", invoice.id),
            "input": {"lines": [{"description": "Smaller", "unitPrice": "50.00"}]},
        },
    )
    assert (data["updateInvoice"]["code"], data["updateInvoice"]["field"]) == (
        "VALIDATION",
        "lines",
    )
    stored = await Invoice.get(id=invoice.id)
    assert (stored.total, stored.balance) == (Decimal("100.00"), Decimal("40.00"))
    assert await InvoiceLine.filter(invoice_id=invoice.id).count() == 1


async def test_update_invoice_down_to_amount_paid_marks_it_paid(gql, books, to_gid):
    customer = await books.customer()
    invoice = await books.invoice(customer, number="1042", status=InvoiceStatus.PARTIAL)
    await Invoice.filter(id=invoice.id).update(
        amount_paid=Decimal("60.00"), balance=Decimal("40.00")
    )
    data = await gql.data(
        UPDATE,
        {
            "id": to_gid("Invoice", invoice.id),
            "input": {"lines": [{"description": "Agreed", "unitPrice": "60.00"}]},
        },
    )
    assert (
        data["updateInvoice"]["invoice"]["status"],
        data["updateInvoice"]["invoice"]["balance"],
    ) == (
        "PAID",
        "0.00",
    )


async def test_update_invoice_bad_line_changes_nothing(gql, books, to_gid):
    customer = await books.customer()
    invoice = await books.invoice(customer, number="1042", status=InvoiceStatus.DRAFT)
    data = await gql.data(
        UPDATE,
        {
            "id": to_gid("Invoice", invoice.id),
            "input": {
                "memo": "changed",
                "lines": [
                    {"description": "ok", "unitPrice": "1"},
                    {"description": "bad", "quantity": "-1", "unitPrice": "1"},
                ],
            },
        },
    )
    assert data["updateInvoice"]["field"] == "lines[1].quantity"
    stored = await Invoice.get(id=invoice.id)
    assert (stored.memo, stored.total) == (None, Decimal("100.00"))
    assert await InvoiceLine.filter(invoice_id=invoice.id).count() == 1


async def test_update_invoice_of_other_firm_is_not_found(gql, books, firm_b, to_gid):
    _client_b, books_b = firm_b
    foreign = await books_b.invoice(
        await books_b.customer(), number="1042", status=InvoiceStatus.DRAFT
    )
    data = await gql.data(UPDATE, {"id": to_gid("Invoice", foreign.id), "input": {"memo": "mine"}})
    assert data["updateInvoice"]["code"] == "NOT_FOUND"
    assert (await Invoice.get(id=foreign.id)).memo is None


async def test_update_invoice_without_token_is_unauthenticated(client):
    response = await client.post(
        "/graphql", json={"query": UPDATE, "variables": {"id": "x", "input": {}}}
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("quantity", ABSURD_NUMBERS)
async def test_update_invoice_absurd_quantity_names_field_and_changes_nothing(
    gql, books, to_gid, quantity
):
    invoice = await books.invoice(await books.customer(), number="1042", status=InvoiceStatus.DRAFT)
    data = await gql.data(
        UPDATE,
        {
            "id": to_gid("Invoice", invoice.id),
            "input": {"lines": [{"description": "x", "quantity": quantity, "unitPrice": "1"}]},
        },
    )
    result = data["updateInvoice"]
    assert (result["__typename"], result["field"]) == ("ValidationError", "lines[0].quantity")
    assert QUANTITY.describe() in result["message"]
    assert (await Invoice.get(id=invoice.id)).total == Decimal("100.00")


UPDATE_RATE = """
mutation Update($id: ID!, $input: UpdateInvoiceInput!) {
  updateInvoice(id: $id, input: $input) {
    __typename
    ... on UpdateInvoiceSuccess { invoice { exchangeRate memo } }
    ... on UserError { message code field }
  }
}
"""


async def test_update_invoice_exchange_rate_is_replaced_and_other_fields_kept(gql, books, to_gid):
    customer = await books.customer(currency="EUR")
    invoice = await books.invoice(customer, number="7", status=InvoiceStatus.DRAFT, currency="EUR")

    data = await gql.data(
        UPDATE_RATE, {"id": to_gid("Invoice", invoice.id), "input": {"exchangeRate": "0.95"}}
    )

    assert data["updateInvoice"]["invoice"]["exchangeRate"] == "0.9500000000"
    assert (await Invoice.get(id=invoice.id)).exchange_rate == Decimal("0.95")


async def test_update_invoice_bad_exchange_rate_changes_nothing(gql, books, to_gid):
    customer = await books.customer(currency="EUR")
    invoice = await books.invoice(customer, number="8", status=InvoiceStatus.DRAFT, currency="EUR")

    data = await gql.data(
        UPDATE_RATE,
        {"id": to_gid("Invoice", invoice.id), "input": {"exchangeRate": "0", "memo": "new"}},
    )

    assert (data["updateInvoice"]["code"], data["updateInvoice"]["field"]) == (
        "VALIDATION",
        "exchangeRate",
    )
    stored = await Invoice.get(id=invoice.id)
    assert (stored.exchange_rate, stored.memo) == (None, None)
