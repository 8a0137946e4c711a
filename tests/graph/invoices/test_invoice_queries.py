"""The invoices and invoice queries: filters, pagination, firm isolation and query counts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from core.models import Connection, ExternalMapping, Invoice
from core.models.enums import (
    ConnectionStatus,
    DocType,
    Entity,
    InvoiceStatus,
    MappingState,
    Provider,
)
from tests.sql_counter import count_pg_statements

LINES = (("3", "19.99", "8.25"), ("1", "0.50", "0"))

INVOICES = """
query List($first: Int, $after: String, $status: [InvoiceStatus!], $syncStatus: [SyncStatus!],
           $customerId: ID, $docType: DocType) {
  invoices(first: $first, after: $after, status: $status, syncStatus: $syncStatus,
           customerId: $customerId, docType: $docType) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { number } }
  }
}
"""

INVOICES_DEEP = """
query Deep($first: Int) {
  invoices(first: $first) {
    edges { node {
      number total
      customer { name }
      lines { description amount item { name } }
      syncStatus { status remoteId }
      payments { amount payment { reference } }
    } }
  }
}
"""

INVOICE = """
query One($id: ID!) {
  invoice(id: $id) {
    number status subtotal total customer { name }
    lines { position description quantity unitPrice taxRate amount }
    syncStatus { status remoteNumber }
  }
}
"""


def _numbers(data: dict[str, object]) -> list[str]:
    connection = data["invoices"]
    assert isinstance(connection, dict)
    return sorted(edge["node"]["number"] for edge in connection["edges"])


async def _map(books, invoice: Invoice, state: MappingState, company: str = "tenant-1") -> None:
    await ExternalMapping.create(
        firm=books.firm,
        provider=Provider.XERO,
        remote_company_id=company,
        entity=Entity.ESTIMATE if invoice.doc_type == DocType.ESTIMATE else Entity.INVOICE,
        local_id=invoice.id,
        remote_id=f"remote-{invoice.number}",
        state=state,
        idempotency_key=uuid.uuid4().hex,
    )


async def test_invoices_filters_by_status_customer_and_doc_type(gql, books, to_gid):
    acme = await books.customer("Acme")
    globex = await books.customer("Globex")
    await books.invoice(acme, number="1", status=InvoiceStatus.DRAFT)
    await books.invoice(acme, number="2", status=InvoiceStatus.SENT)
    await books.invoice(globex, number="3", status=InvoiceStatus.PAID)
    await books.invoice(globex, number="4", status=InvoiceStatus.SENT, doc_type=DocType.ESTIMATE)
    assert _numbers(await gql.data(INVOICES)) == ["1", "2", "3", "4"]
    assert _numbers(await gql.data(INVOICES, {"status": ["SENT", "PAID"]})) == ["2", "3", "4"]
    assert _numbers(await gql.data(INVOICES, {"customerId": to_gid("Customer", globex.id)})) == [
        "3",
        "4",
    ]
    assert _numbers(await gql.data(INVOICES, {"docType": "ESTIMATE"})) == ["4"]
    assert _numbers(
        await gql.data(INVOICES, {"status": ["SENT"], "customerId": to_gid("Customer", acme.id)})
    ) == ["2"]


async def test_invoices_sync_status_without_connection_all_not_synced(gql, books):
    customer = await books.customer()
    invoice = await books.invoice(customer, number="1")
    await books.invoice(customer, number="2")
    # A mapping left over from a revoked connection does not count.
    await Connection.create(
        firm=books.firm,
        provider=Provider.XERO,
        status=ConnectionStatus.REVOKED,
        remote_company_id="tenant-1",
    )
    await _map(books, invoice, MappingState.SYNCED)
    assert _numbers(await gql.data(INVOICES, {"syncStatus": ["NOT_SYNCED"]})) == ["1", "2"]
    assert _numbers(await gql.data(INVOICES, {"syncStatus": ["SYNCED", "PENDING", "ERROR"]})) == []


async def test_invoices_sync_status_filter_joins_current_company_mappings(gql, books):
    customer = await books.customer()
    synced = await books.invoice(customer, number="1")
    pending = await books.invoice(customer, number="2")
    failed = await books.invoice(customer, number="3")
    other_company = await books.invoice(customer, number="4")
    await books.invoice(customer, number="5")
    estimate = await books.invoice(customer, number="6", doc_type=DocType.ESTIMATE)
    await Connection.create(
        firm=books.firm,
        provider=Provider.XERO,
        status=ConnectionStatus.ACTIVE,
        remote_company_id="tenant-1",
    )
    await _map(books, synced, MappingState.SYNCED)
    await _map(books, pending, MappingState.PENDING)
    await _map(books, failed, MappingState.ERROR)
    await _map(books, other_company, MappingState.SYNCED, company="tenant-old")
    await _map(books, estimate, MappingState.SYNCED)
    assert _numbers(await gql.data(INVOICES, {"syncStatus": ["SYNCED"]})) == ["1", "6"]
    assert _numbers(await gql.data(INVOICES, {"syncStatus": ["PENDING"]})) == ["2"]
    assert _numbers(await gql.data(INVOICES, {"syncStatus": ["ERROR"]})) == ["3"]
    assert _numbers(await gql.data(INVOICES, {"syncStatus": ["NOT_SYNCED"]})) == ["4", "5"]
    data = await gql.data(INVOICES, {"syncStatus": ["ERROR", "NOT_SYNCED"]})
    assert _numbers(data) == ["3", "4", "5"]
    assert data["invoices"]["totalCount"] == 3
    assert _numbers(await gql.data(INVOICES, {"syncStatus": ["SYNCED"], "docType": "INVOICE"})) == [
        "1"
    ]


async def test_invoices_pages_follow_the_cursor(gql, books):
    customer = await books.customer()
    for number in range(1, 6):
        await books.invoice(customer, number=str(number))
    first = await gql.data(INVOICES, {"first": 3})
    assert first["invoices"]["pageInfo"]["hasNextPage"] is True
    assert first["invoices"]["totalCount"] == 5
    second = await gql.data(
        INVOICES, {"first": 3, "after": first["invoices"]["pageInfo"]["endCursor"]}
    )
    assert second["invoices"]["pageInfo"]["hasNextPage"] is False
    assert sorted(_numbers(first) + _numbers(second)) == ["1", "2", "3", "4", "5"]


async def test_invoices_bad_cursor_or_customer_id_is_bad_request(gql, books):
    for variables, field in (
        ({"after": "garbage!"}, "after"),
        ({"customerId": "bad"}, "customerId"),
    ):
        body = await gql.execute(INVOICES, variables)
        extensions = body["errors"][0]["extensions"]
        assert (extensions["code"], extensions["field"]) == ("BAD_REQUEST", field)


async def test_invoice_returns_lines_in_position_order(gql, books, to_gid):
    invoice = await books.invoice(
        await books.customer(),
        number="1042",
        lines=(("3", "19.99", "8.25"), ("1", "0.50", "0"), ("2", "1.00", "0")),
    )
    data = await gql.data(INVOICE, {"id": to_gid("Invoice", invoice.id)})
    found = data["invoice"]
    assert [line["position"] for line in found["lines"]] == [0, 1, 2]
    assert found["lines"][0] == {
        "position": 0,
        "description": "Line 0",
        "quantity": "3.0000",
        "unitPrice": "19.99",
        "taxRate": "8.2500",
        "amount": "59.97",
    }
    assert (found["subtotal"], found["total"], found["customer"]) == (
        "62.47",
        "67.42",
        {"name": "Acme"},
    )
    assert found["syncStatus"] == {"status": "NOT_SYNCED", "remoteNumber": None}


async def test_invoice_queries_of_other_firm_see_nothing(gql, books, firm_b, to_gid):
    invoice = await books.invoice(await books.customer(), number="1042")
    client_b, _books_b = firm_b
    assert (await client_b.data(INVOICE, {"id": to_gid("Invoice", invoice.id)}))["invoice"] is None
    listed = await client_b.data(INVOICES, {"customerId": to_gid("Customer", invoice.customer_id)})
    assert listed["invoices"] == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }
    assert (await client_b.data(INVOICES, {"syncStatus": ["NOT_SYNCED"]}))["invoices"][
        "edges"
    ] == []


async def test_invoice_queries_without_token_are_unauthenticated(client):
    for query, variables in ((INVOICES, {}), (INVOICE, {"id": "x"})):
        response = await client.post("/graphql", json={"query": query, "variables": variables})
        body = response.json()
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def _seed_page(books, start: int, count: int, item) -> None:
    for n in range(start, start + count):
        customer = await books.customer(f"C{n}")
        invoice = await books.invoice(
            customer, number=str(n), lines=(("1", "10.00", "0"), ("2", "5.00", "0"))
        )
        await invoice.lines.all().update(item_id=item.id)  # type: ignore[attr-defined]


async def test_invoices_query_count_does_not_grow_with_page_size(gql, books, count_queries):
    item = await books.item()
    await Connection.create(
        firm=books.firm,
        provider=Provider.XERO,
        status=ConnectionStatus.ACTIVE,
        remote_company_id="tenant-1",
    )
    await _seed_page(books, 0, 2, item)
    await gql.data(INVOICES_DEEP, {"first": 2})
    with count_queries() as small:
        await gql.data(INVOICES_DEEP, {"first": 2})
    await _seed_page(books, 2, 8, item)
    with count_queries() as large:
        data = await gql.data(INVOICES_DEEP, {"first": 10})
    assert len(data["invoices"]["edges"]) == 10
    assert large.count == small.count, (small.statements, large.statements)


INVOICES_LIST = """
query List($first: Int) {
  invoices(first: $first) {
    totalCount
    edges { cursor node {
      number total balance
      customer { name }
      lines { description amount }
      syncStatus { status remoteId }
    } }
  }
}
"""

# What PostgreSQL may be sent for one such page, whatever its size: the count, the page with
# its customers joined, the lines and the sync states.
MAX_LIST_STATEMENTS = 5


async def test_invoices_statements_postgres_receives_are_few_and_constant_in_first(
    gql, books, settings
):
    if settings.is_sqlite:
        pytest.skip("counts what asyncpg sends to PostgreSQL; run with DATABASE_URL")
    item = await books.item()
    await Connection.create(
        firm=books.firm,
        provider=Provider.XERO,
        status=ConnectionStatus.ACTIVE,
        remote_company_id="tenant-1",
    )
    await _seed_page(books, 0, 12, item)
    await gql.data(INVOICES_LIST, {"first": 2})
    with count_pg_statements() as small:
        await gql.data(INVOICES_LIST, {"first": 2})
    with count_pg_statements() as large:
        data = await gql.data(INVOICES_LIST, {"first": 12})
    assert len(data["invoices"]["edges"]) == 12
    assert large.count == small.count, (small.statements, large.statements)
    assert large.count <= MAX_LIST_STATEMENTS, large.statements
    # No pool reset on release, no transaction around reads.
    assert not large.matching("pg_advisory_unlock_all"), large.statements
    assert not large.matching("BEGIN"), large.statements


async def test_invoices_without_total_count_runs_no_count(gql, books, count_queries):
    await books.invoice(await books.customer(), number="1")
    await gql.data(INVOICES, {})
    with count_queries() as counter:
        data = await gql.data("query { invoices { edges { node { number } } } }")
    assert [edge["node"]["number"] for edge in data["invoices"]["edges"]] == ["1"]
    assert not [s for s in counter.statements if "COUNT(" in s.upper()], counter.statements


async def test_invoices_preloaded_relations_match_the_single_invoice_query(gql, books, to_gid):
    await Connection.create(
        firm=books.firm,
        provider=Provider.XERO,
        status=ConnectionStatus.ACTIVE,
        remote_company_id="tenant-1",
    )
    synced = await books.invoice(await books.customer("Acme"), number="1", lines=LINES)
    await _map(books, synced, MappingState.SYNCED)
    await books.invoice(await books.customer("Globex"), number="2")
    listed = await gql.data(INVOICES_LIST, {"first": 10})
    by_number = {edge["node"]["number"]: edge["node"] for edge in listed["invoices"]["edges"]}
    one = await gql.data(
        """query($id: ID!) { invoice(id: $id) { number total balance customer { name }
           lines { description amount } syncStatus { status remoteId } } }""",
        {"id": to_gid("Invoice", synced.id)},
    )
    assert one["invoice"] == by_number["1"]
    assert len(by_number["1"]["lines"]) == 2
    assert by_number["1"]["syncStatus"] == {"status": "SYNCED", "remoteId": "remote-1"}
    assert by_number["2"]["customer"] == {"name": "Globex"}
    assert by_number["2"]["syncStatus"] == {"status": "NOT_SYNCED", "remoteId": None}


async def test_invoices_sync_status_carries_the_mappings_time_and_error(gql, books):
    await Connection.create(
        firm=books.firm,
        provider=Provider.XERO,
        status=ConnectionStatus.ACTIVE,
        remote_company_id="tenant-1",
    )
    invoice = await books.invoice(await books.customer(), number="1")
    await ExternalMapping.create(
        firm=books.firm,
        provider=Provider.XERO,
        remote_company_id="tenant-1",
        entity=Entity.INVOICE,
        local_id=invoice.id,
        remote_id="r-1",
        remote_number="INV-1",
        state=MappingState.ERROR,
        last_synced_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        last_error="the contact is archived",
        last_error_code="XERO-CONTACT-ARCHIVED",
        idempotency_key=uuid.uuid4().hex,
    )
    data = await gql.data(
        """{ invoices { edges { node { syncStatus {
             status remoteId remoteNumber lastSyncedAt lastError lastErrorCode } } } } }"""
    )
    assert data["invoices"]["edges"][0]["node"]["syncStatus"] == {
        "status": "ERROR",
        "remoteId": "r-1",
        "remoteNumber": "INV-1",
        "lastSyncedAt": "2026-01-02T03:04:05+00:00",
        "lastError": "the contact is archived",
        "lastErrorCode": "XERO-CONTACT-ARCHIVED",
    }
