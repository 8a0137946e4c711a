"""RECONCILE runs: a platform failure while reading fails the report and stores nothing; a
report over the daily call cap waits and says why; a report stored again replaces the first;
the schedule queues the reports that are due."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from starlette.applications import Starlette

from core.errors import ValidationFailed
from core.models import Connection, Discrepancy, ReconciliationReport
from core.models.enums import (
    DiscrepancyKind,
    FixAction,
    ReportStatus,
    SyncRunStatus,
    SyncTrigger,
)
from core.services.connection_config import validate_changes
from core.services.connection_settings import ConnectionSettings
from core.services.reconciliation import create_report, queue_scheduled_reports
from core.sync.executor import Outcome
from core.sync.pull_runs import execute_pull_run
from core.sync.reconcile import Comparison, Found
from core.sync.reconcile_budget import RESERVE_CALLS
from core.sync.reconcile_run import settle_report, store_report
from integrations.registry import kit_for
from tests.core.sync.pull_drivers import connected_books
from tests.core.sync.reconcile_support import linked_invoices, reconcile
from tests.core.sync.sim_support import ListSink
from tests.graph.accounting.pull_support import RecordingQueue
from tests.provider_sims import QboDriver, XeroDriver

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def xero(app: Starlette) -> Iterator[XeroDriver]:
    driver = XeroDriver()
    driver.install(app)
    driver.state(app).settings.webhooks_for_api_writes = False
    yield driver
    driver.finish()


async def test_reconcile_platform_failing_while_read_fails_report_and_stores_nothing(
    app,
) -> None:
    sim = QboDriver()
    books = await connected_books(app, sim)
    await linked_invoices(books, 3)
    sim.state(app).inject_fault("server_error", count=20, path="query")

    run, report, found = await reconcile(books)

    assert run.status is SyncRunStatus.FAILED
    assert report.status is ReportStatus.FAILED
    assert report.error == run.error
    assert run.error is not None
    assert run.error.startswith("PROVIDER_UNAVAILABLE")
    assert found == []
    assert report.summary == {}


async def test_reconcile_over_daily_cap_waits_and_says_so(app, xero) -> None:
    books = await connected_books(app, xero)
    await linked_invoices(books, 3)
    await books.kit.limiter(books.env).observe_headers(
        books.company, remaining_minute=None, remaining_day=RESERVE_CALLS + 1
    )
    run, report = await create_report(
        books.connection, SyncTrigger.USER, datetime.now(UTC).date(), None
    )

    execution = await execute_pull_run(run.id, kits=kit_for, env=books.env, sink=ListSink())
    await settle_report(execution)

    assert execution.outcome is Outcome.DEFERRED
    assert execution.reason == "DAILY_LIMIT"
    await report.refresh_from_db()
    assert report.status is ReportStatus.RUNNING
    assert report.error is not None
    assert "daily limit" in report.error
    assert await Discrepancy.filter(report_id=report.id).count() == 0


async def test_reconcile_report_stored_again_replaces_the_first(app) -> None:
    books = await connected_books(app, QboDriver())
    run, report = await create_report(
        books.connection, SyncTrigger.USER, datetime.now(UTC).date(), None
    )
    first = Comparison(
        found=[Found(DiscrepancyKind.NOT_IMPORTED, FixAction.IMPORT, f"I{n}") for n in range(3)]
    )
    second = Comparison(found=[Found(DiscrepancyKind.REMOTE_MISSING, FixAction.HINT, "C")])

    await store_report(report, first)
    await store_report(report, second)

    rows = await Discrepancy.filter(report_id=report.id)
    assert [(r.kind, r.label) for r in rows] == [(DiscrepancyKind.REMOTE_MISSING, "C")]
    assert report.summary["total"] == 1
    assert run.id == report.run_id


async def test_reconcile_schedule_queues_due_reports_once_a_week(app) -> None:
    books = await connected_books(app, QboDriver())
    off = await Connection.create(
        firm=books.firm,
        provider=books.connection.provider,
        status=books.connection.status,
        remote_company_id="other",
        settings=ConnectionSettings(reconcile_every_days=0).to_json(),
    )
    queue = RecordingQueue()
    now = datetime.now(UTC)

    assert await queue_scheduled_reports(queue, now=now) == 1
    assert await queue_scheduled_reports(queue, now=now + timedelta(days=6)) == 0
    assert await queue_scheduled_reports(queue, now=now + timedelta(days=8)) == 1

    reports = await ReconciliationReport.filter(connection_id=books.connection.id)
    assert len(reports) == 2
    assert [job[0] for job in queue.jobs] == ["run_reconcile", "run_reconcile"]
    assert not await ReconciliationReport.filter(connection_id=off.id).exists()


def test_reconcile_every_days_setting_is_validated() -> None:
    current = ConnectionSettings()
    assert current.reconcile_every_days == 7
    assert validate_changes(current, {"reconcile_every_days": 0}).reconcile_every_days == 0
    assert validate_changes(current, {"reconcile_every_days": None}).reconcile_every_days == 7
    for bad in (-1, 400, "7", True):
        with pytest.raises(ValidationFailed) as caught:
            validate_changes(current, {"reconcile_every_days": bad})
        assert caught.value.field == "reconcileEveryDays"


async def test_reconcile_clean_books_of_many_invoices_spans_pages(app) -> None:
    books = await connected_books(app, QboDriver())
    await linked_invoices(books, 120)

    run, report, found = await reconcile(books)

    assert run.status is SyncRunStatus.SUCCEEDED
    assert found == []
    assert run.total == 120
    assert report.summary["customers_compared"] == 1
