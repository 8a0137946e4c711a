"""The invoiceTotals query: one entry per currency, never a sum across currencies."""

from __future__ import annotations

from core.models.enums import DocType, InvoiceStatus

TOTALS = """
query Totals($status: [InvoiceStatus!], $customerId: ID, $docType: DocType) {
  invoiceTotals(status: $status, customerId: $customerId, docType: $docType) {
    currency count total amountPaid balance
  }
}
"""


async def test_invoice_totals_in_two_currencies_are_one_entry_each(gql, books) -> None:
    usd = await books.customer("Acme")
    eur = await books.customer("Dupont", currency="EUR")
    await books.invoice(usd, number="1", lines=(("1", "100.00", "0"),))
    await books.invoice(usd, number="2", lines=(("2", "10.05", "0"),))
    await books.invoice(eur, number="3", lines=(("1", "80.00", "0"),), currency="EUR")

    data = await gql.data(TOTALS)

    assert data["invoiceTotals"] == [
        {"currency": "EUR", "count": 1, "total": "80.00", "amountPaid": "0.00", "balance": "80.00"},
        {
            "currency": "USD",
            "count": 2,
            "total": "120.10",
            "amountPaid": "0.00",
            "balance": "120.10",
        },
    ]


async def test_invoice_totals_filters_apply_before_totalling(gql, books, to_gid) -> None:
    usd = await books.customer("Acme")
    eur = await books.customer("Dupont", currency="EUR")
    await books.invoice(usd, number="1", status=InvoiceStatus.DRAFT)
    await books.invoice(usd, number="2", doc_type=DocType.ESTIMATE)
    await books.invoice(eur, number="3", currency="EUR")

    drafts = await gql.data(TOTALS, {"status": ["DRAFT"]})
    estimates = await gql.data(TOTALS, {"docType": "ESTIMATE"})
    of_dupont = await gql.data(TOTALS, {"customerId": to_gid("Customer", eur.id)})

    assert [(t["currency"], t["count"]) for t in drafts["invoiceTotals"]] == [("USD", 1)]
    assert [(t["currency"], t["count"]) for t in estimates["invoiceTotals"]] == [("USD", 1)]
    assert [(t["currency"], t["count"]) for t in of_dupont["invoiceTotals"]] == [("EUR", 1)]


async def test_invoice_totals_never_include_another_firms_documents(gql, books, firm_b) -> None:
    _other_client, other_books = firm_b
    await other_books.invoice(await other_books.customer("Theirs"), number="9")

    data = await gql.data(TOTALS)

    assert data["invoiceTotals"] == []


async def test_invoice_totals_query_count_does_not_grow_with_documents(
    gql, books, count_queries
) -> None:
    usd = await books.customer("Acme")
    eur = await books.customer("Dupont", currency="EUR")
    await books.invoice(usd, number="1")
    await gql.data(TOTALS)
    with count_queries() as few:
        await gql.data(TOTALS)
    for n in range(2, 12):
        await books.invoice(
            eur if n % 2 else usd, number=str(n), currency="EUR" if n % 2 else "USD"
        )
    with count_queries() as many:
        data = await gql.data(TOTALS)

    assert [t["count"] for t in data["invoiceTotals"]] == [5, 6]
    assert many.count == few.count
