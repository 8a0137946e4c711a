"""The payments query: filters, applications, refunds, firm isolation and query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.models import Payment, PaymentApplication, Refund

PAYMENTS = """
query List($first: Int, $invoiceId: ID, $customerId: ID) {
  payments(first: $first, invoiceId: $invoiceId, customerId: $customerId) {
    totalCount
    edges { node {
      reference amount currency origin refundedAmount
      customer { name }
      applications { amount invoice { number balance } }
      refunds { amount reason }
    } }
  }
}
"""


async def _pay(books, customer, reference: str, *applications) -> Payment:
    payment = await Payment.create(
        firm=books.firm,
        customer=customer,
        date=date(2026, 1, 10),
        amount=sum((amount for _i, amount in applications), Decimal("0.00")) or Decimal("5.00"),
        currency="USD",
        reference=reference,
    )
    for invoice, amount in applications:
        await PaymentApplication.create(payment=payment, invoice=invoice, amount=amount)
    return payment


def _references(data) -> list[str]:
    return sorted(edge["node"]["reference"] for edge in data["payments"]["edges"])


async def test_payments_filter_by_invoice_and_customer(gql, books, to_gid):
    acme = await books.customer("Acme")
    globex = await books.customer("Globex")
    first = await books.invoice(acme, number="1")
    second = await books.invoice(acme, number="2")
    third = await books.invoice(globex, number="3")
    await _pay(books, acme, "p1", (first, Decimal("10.00")))
    await _pay(books, acme, "p2", (first, Decimal("5.00")), (second, Decimal("5.00")))
    await _pay(books, globex, "p3", (third, Decimal("7.00")))
    await _pay(books, globex, "p4")
    assert _references(await gql.data(PAYMENTS)) == ["p1", "p2", "p3", "p4"]
    assert _references(await gql.data(PAYMENTS, {"invoiceId": to_gid("Invoice", first.id)})) == [
        "p1",
        "p2",
    ]
    assert _references(await gql.data(PAYMENTS, {"invoiceId": to_gid("Invoice", second.id)})) == [
        "p2"
    ]
    assert _references(await gql.data(PAYMENTS, {"customerId": to_gid("Customer", globex.id)})) == [
        "p3",
        "p4",
    ]


async def test_payments_show_applications_and_refunds(gql, books):
    acme = await books.customer("Acme")
    invoice = await books.invoice(acme, number="1042")
    payment = await _pay(books, acme, "p1", (invoice, Decimal("30.00")))
    await Refund.create(
        firm=books.firm,
        payment=payment,
        date=date(2026, 1, 11),
        amount=Decimal("10.00"),
        reason="Damaged",
    )
    node = (await gql.data(PAYMENTS))["payments"]["edges"][0]["node"]
    assert node == {
        "reference": "p1",
        "amount": "30.00",
        "currency": "USD",
        "origin": "LOCAL",
        "refundedAmount": "0.00",
        "customer": {"name": "Acme"},
        "applications": [{"amount": "30.00", "invoice": {"number": "1042", "balance": "100.00"}}],
        "refunds": [{"amount": "10.00", "reason": "Damaged"}],
    }


async def test_payments_of_other_firm_see_nothing(gql, books, firm_b, to_gid):
    acme = await books.customer("Acme")
    invoice = await books.invoice(acme, number="1042")
    await _pay(books, acme, "p1", (invoice, Decimal("30.00")))
    client_b, _books_b = firm_b
    assert (await client_b.data(PAYMENTS))["payments"]["totalCount"] == 0
    by_invoice = await client_b.data(PAYMENTS, {"invoiceId": to_gid("Invoice", invoice.id)})
    assert by_invoice["payments"]["edges"] == []
    by_customer = await client_b.data(PAYMENTS, {"customerId": to_gid("Customer", acme.id)})
    assert by_customer["payments"]["edges"] == []


async def test_payments_without_token_is_unauthenticated(client):
    response = await client.post("/graphql", json={"query": PAYMENTS})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def _seed(books, start: int, count: int) -> None:
    for n in range(start, start + count):
        customer = await books.customer(f"C{n}")
        first = await books.invoice(customer, number=f"{n}-a")
        second = await books.invoice(customer, number=f"{n}-b")
        payment = await _pay(
            books, customer, f"p{n}", (first, Decimal("1.00")), (second, Decimal("2.00"))
        )
        await Refund.create(
            firm=books.firm, payment=payment, date=date(2026, 1, 11), amount=Decimal("1.00")
        )


async def test_payments_query_count_does_not_grow_with_page_size(gql, books, count_queries):
    await _seed(books, 0, 2)
    await gql.data(PAYMENTS, {"first": 2})
    with count_queries() as small:
        await gql.data(PAYMENTS, {"first": 2})
    await _seed(books, 2, 8)
    with count_queries() as large:
        data = await gql.data(PAYMENTS, {"first": 10})
    assert len(data["payments"]["edges"]) == 10
    assert all(len(e["node"]["applications"]) == 2 for e in data["payments"]["edges"])
    assert large.count == small.count, (small.statements, large.statements)
