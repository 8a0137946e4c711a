"""Reconciling QuickBooks Desktop books: the report's reads are queued for the Web Connector,
the run waits, and the report completes once they are answered; clean books give nothing and
each seeded drift is found exactly once."""

from __future__ import annotations

from uuid import UUID

import httpx
import pytest

from core.models import Discrepancy, ExternalMapping, Invoice, ReconciliationReport
from core.models.enums import Entity, InvoiceStatus, ReportStatus, SyncRunStatus
from core.settings import Settings
from graph.ids import decode_id
from graph.sync.types import SYNC_RUN_TYPE
from integrations.quickbooks_desktop.simulator.drift import apply_drift
from tests.graph.accounting.desktop_support import Desktop, desktop


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runs these tests queue need a worker: the in-process one, on every path."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


RECONCILE = """
mutation($id: ID!) { reconcile(connectionId: $id) {
  __typename ... on ReconcileSuccess { report { id runId status } }
  ... on UserError { code message }
} }"""


async def _reconcile(books: Desktop) -> tuple[ReconciliationReport, list[Discrepancy]]:
    result = (await books.gql.data(RECONCILE, {"id": books.setup["connectionId"]}))["reconcile"]
    assert result["__typename"] == "ReconcileSuccess", result
    run_id = decode_id(result["report"]["runId"], SYNC_RUN_TYPE)
    waiting = await books.waiting(run_id)
    assert waiting.waiting_reason
    run = await books.until_finished(run_id)
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    report = await ReconciliationReport.get(run_id=run_id)
    return report, list(await Discrepancy.filter(report_id=report.id).order_by("id"))


async def _pushed(books: Desktop, count: int) -> list[Invoice]:
    invoices = []
    for n in range(count):
        run = await books.until_finished(await books.push(f"D-{n + 1}"))
        assert run.status is SyncRunStatus.SUCCEEDED, run.error
        invoices.append(await Invoice.get(number=f"D-{n + 1}"))
    return invoices


async def _remote(local_id: UUID) -> str:
    mapping = await ExternalMapping.get(entity=Entity.INVOICE, local_id=local_id)
    assert mapping.remote_id is not None
    return mapping.remote_id


async def test_desktop_reconcile_clean_books_complete_after_the_web_connector_answers(
    gql, client: httpx.AsyncClient
) -> None:
    books = await desktop(gql, client)
    await _pushed(books, 3)

    report, found = await _reconcile(books)

    assert report.status is ReportStatus.COMPLETED
    assert [(d.kind, d.label) for d in found] == []


async def test_desktop_reconcile_each_seeded_drift_is_found_exactly_once(
    gql, client: httpx.AsyncClient
) -> None:
    books = await desktop(gql, client)
    invoices = await _pushed(books, 6)
    remote = [await _remote(i.id) for i in invoices]
    apply_drift(books.company, "total", remote[0], "130.00")
    apply_drift(books.company, "balance", remote[1], "60.00")
    apply_drift(books.company, "delete", remote[2])
    apply_drift(books.company, "void", remote[3])
    added = apply_drift(books.company, "add_payment", remote[4], "25.00")
    invoices[5].status = InvoiceStatus.PAID
    await invoices[5].save()

    report, found = await _reconcile(books)

    got = sorted((d.kind.value, d.action.value, d.local_id, d.remote_id) for d in found)
    assert got == sorted(
        [
            ("TOTAL_MISMATCH", "PUSH_UPDATE", invoices[0].id, remote[0]),
            ("BALANCE_MISMATCH", "PULL_PAYMENTS", invoices[1].id, remote[1]),
            ("DELETED_REMOTELY", "HINT", invoices[2].id, remote[2]),
            ("VOIDED_REMOTELY", "HINT", invoices[3].id, remote[3]),
            ("PAYMENT_MISSING_LOCALLY", "PULL_PAYMENTS", None, added),
            ("STATUS_MISMATCH", "HINT", invoices[5].id, remote[5]),
        ]
    )
    assert report.summary["total"] == 6
