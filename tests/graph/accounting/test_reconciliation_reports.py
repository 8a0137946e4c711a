"""The reconciliationReports and reconciliationReport(id) queries: the firm's history of
reports, discrepancies paginated and filtered by kind, the CSV, and firm isolation."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from decimal import Decimal

from core.models import Connection, Discrepancy, ReconciliationReport, SyncRun
from core.models.enums import (
    DiscrepancyKind,
    FixAction,
    ReportStatus,
    SyncKind,
    SyncTrigger,
)
from graph.ids import encode_id
from tests.graph.accounting import pull_support as pull

REPORTS = """
query($first: Int, $after: String, $connectionId: ID) {
  reconciliationReports(first: $first, after: $after, connectionId: $connectionId) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id status totalDiscrepancies byKind { kind currency count amount } } }
  }
}"""

REPORT = """
query($id: ID!, $kind: DiscrepancyKind, $first: Int, $after: String) {
  reconciliationReport(id: $id) {
    id runId connectionId status paymentsSince
    customers { name currency here there }
    discrepancies(kind: $kind, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { kind action label localId remoteId localValue remoteValue amount hint } }
    }
  }
}"""

CSV = "query($id: ID!) { reconciliationReport(id: $id) { csv } }"


async def _report(connection: Connection, found: int = 3) -> ReconciliationReport:
    run = await SyncRun.create(
        firm_id=connection.firm_id,  # type: ignore[attr-defined]
        connection_id=connection.id,
        kind=SyncKind.RECONCILE,
        trigger=SyncTrigger.USER,
    )
    kinds = [DiscrepancyKind.TOTAL_MISMATCH, DiscrepancyKind.NOT_IMPORTED]
    report = await ReconciliationReport.create(
        firm_id=connection.firm_id,  # type: ignore[attr-defined]
        connection=connection,
        run_id=run.id,
        payments_since=date(2026, 1, 1),
        status=ReportStatus.COMPLETED,
        summary={
            "total": found,
            "kinds": [
                {"kind": "TOTAL_MISMATCH", "currency": "EUR", "count": 1, "amount": "5.00"},
                {
                    "kind": "TOTAL_MISMATCH",
                    "currency": "USD",
                    "count": found - 1,
                    "amount": "20.00",
                },
            ],
            "customers_differing": [
                {
                    "local_id": str(uuid.uuid4()),
                    "remote_id": "7",
                    "name": "Acme",
                    "currency": "EUR",
                    "here": "100.00",
                    "there": "80.00",
                }
            ],
        },
    )
    for n in range(found):
        await Discrepancy.create(
            report=report,
            kind=kinds[0] if n < found - 1 else kinds[1],
            action=FixAction.PUSH_UPDATE if n < found - 1 else FixAction.IMPORT,
            label=f"=Invoice {n}",
            local_id=uuid.uuid4() if n < found - 1 else None,
            remote_id=str(100 + n),
            local_value="100.00",
            remote_value="-10.00",
            currency="USD",
            amount=Decimal("10.00"),
        )
    return report


async def test_reconciliation_reports_list_the_firms_history_newest_first(connect, gql) -> None:
    connection_id, connection = await pull.connected(connect)
    older = await _report(connection)
    newer = await _report(connection, found=2)

    data = (await gql.data(REPORTS, {"first": 1}))["reconciliationReports"]

    assert data["totalCount"] == 2
    assert data["pageInfo"]["hasNextPage"] is True
    assert data["edges"][0]["node"]["id"] == encode_id("ReconciliationReport", newer.id)
    assert data["edges"][0]["node"]["byKind"] == [
        {"kind": "TOTAL_MISMATCH", "currency": "EUR", "count": 1, "amount": "5.00"},
        {"kind": "TOTAL_MISMATCH", "currency": "USD", "count": 1, "amount": "20.00"},
    ]
    after = data["pageInfo"]["endCursor"]
    rest = await gql.data(REPORTS, {"first": 1, "after": after, "connectionId": connection_id})
    assert [e["node"]["id"] for e in rest["reconciliationReports"]["edges"]] == [
        encode_id("ReconciliationReport", older.id)
    ]


async def test_reconciliation_report_discrepancies_filter_by_kind_and_page(connect, gql) -> None:
    _, connection = await pull.connected(connect)
    report = await _report(connection, found=4)
    gid = encode_id("ReconciliationReport", report.id)

    data = (await gql.data(REPORT, {"id": gid, "kind": "TOTAL_MISMATCH", "first": 2}))[
        "reconciliationReport"
    ]

    assert data["runId"] == encode_id("SyncRun", report.run_id)
    assert data["customers"] == [
        {"name": "Acme", "currency": "EUR", "here": "100.00", "there": "80.00"}
    ]
    page = data["discrepancies"]
    assert page["totalCount"] == 3
    assert page["pageInfo"]["hasNextPage"] is True
    assert {e["node"]["action"] for e in page["edges"]} == {"PUSH_UPDATE"}
    assert all(e["node"]["localId"] for e in page["edges"])
    imported = (await gql.data(REPORT, {"id": gid, "kind": "NOT_IMPORTED"}))[
        "reconciliationReport"
    ]["discrepancies"]["edges"]
    assert [(e["node"]["action"], e["node"]["localId"]) for e in imported] == [("IMPORT", None)]


async def test_reconciliation_report_csv_has_a_row_per_discrepancy(connect, gql) -> None:
    _, connection = await pull.connected(connect)
    report = await _report(connection, found=3)

    text = (await gql.data(CSV, {"id": encode_id("ReconciliationReport", report.id)}))[
        "reconciliationReport"
    ]["csv"]

    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["kind", "action", "label"]
    assert len(rows) == 4
    # Text that a spreadsheet would run as a formula is quoted; amounts are left as they are.
    assert rows[1][2] == "'=Invoice 0"
    assert rows[1][6] == "-10.00"


async def test_reconciliation_report_of_another_firm_is_null(connect, gql_factory) -> None:
    _, connection = await pull.connected(connect)
    report = await _report(connection)
    other = gql_factory(firm="firm-b")
    gid = encode_id("ReconciliationReport", report.id)

    assert (await other.data(REPORT, {"id": gid}))["reconciliationReport"] is None
    listed = (await other.data(REPORTS, {}))["reconciliationReports"]
    assert listed["totalCount"] == 0


async def test_reconciliation_report_node_resolves_its_id(connect, gql) -> None:
    _, connection = await pull.connected(connect)
    report = await _report(connection)
    gid = encode_id("ReconciliationReport", report.id)

    data = await gql.data("query($id: ID!) { node(id: $id) { __typename id } }", {"id": gid})

    assert data["node"] == {"__typename": "ReconciliationReportNode", "id": gid}


async def test_reconciliation_reports_query_count_does_not_grow_with_page_size(
    connect, gql, count_queries
) -> None:
    _, connection = await pull.connected(connect)
    for _ in range(2):
        await _report(connection)
    await gql.data(REPORTS, {"first": 2})
    with count_queries() as small:
        await gql.data(REPORTS, {"first": 2})
    for _ in range(6):
        await _report(connection)
    with count_queries() as large:
        await gql.data(REPORTS, {"first": 8})
    assert large.count == small.count
