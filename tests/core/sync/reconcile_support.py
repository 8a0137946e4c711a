"""Helpers for the reconciliation tests: linked books pushed in one run, drift applied through
each simulator's control API, and a RECONCILE run executed through the executor."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import httpx

from core.models import (
    Customer,
    Discrepancy,
    Invoice,
    InvoiceLine,
    ReconciliationReport,
    SyncRun,
)
from core.models.enums import InvoiceStatus, SyncKind, SyncRunStatus, SyncTrigger
from core.services.reconciliation import create_report
from core.sync.pull_runs import execute_pull_run
from core.sync.push import push_invoices
from core.sync.reconcile_run import settle_report
from core.sync.runs import RunReporter, create_run
from core.sync.session import SessionTarget
from integrations.registry import kit_for
from tests.core.sync.pull_drivers import Books
from tests.core.sync.sim_support import ListSink


async def linked_invoices(
    books: Books, count: int, amount: str = "100.00", prefix: str = "R"
) -> list[Invoice]:
    """``count`` SENT local invoices of one customer, pushed to the platform in one run."""
    customer, _ = await Customer.get_or_create(firm=books.firm, name="Acme Ltd")
    total = Decimal(amount)
    invoices: list[Invoice] = []
    for n in range(count):
        invoice = await Invoice.create(
            firm=books.firm,
            customer=customer,
            number=f"{prefix}-{n + 1:05d}",
            status=InvoiceStatus.SENT,
            issue_date=date(2026, 3, 1),
            due_date=date(2099, 3, 31),
            subtotal=total,
            total=total,
            balance=total,
        )
        await InvoiceLine.create(
            invoice=invoice,
            position=0,
            description="Consulting",
            quantity=Decimal("1"),
            unit_price=total,
            amount=total,
        )
        invoices.append(invoice)
    run = await create_run(
        firm_id=books.firm.id,
        kind=SyncKind.PUSH_INVOICES,
        trigger=SyncTrigger.USER,
        connection_id=books.connection.id,
    )
    target = SessionTarget(books.connection.id, books.company, books.connection.settings)
    async with books.kit.session(books.env, target) as session:
        status = await push_invoices(
            RunReporter(run, ListSink()), session, books.connection, [i.id for i in invoices]
        )
    assert status is SyncRunStatus.SUCCEEDED
    return invoices


async def drift(books: Books, kind: str, target: str, amount: str | None = None) -> None:
    """Change the books in the platform through its simulator's control API."""
    company = books.company
    if books.sim.provider == "QUICKBOOKS_ONLINE":
        url = f"http://sim{books.sim.mount_path}/_control/companies/{company}/drift"
    else:
        url = f"http://sim{books.sim.mount_path}/_control/organisations/{company}/drift"
    body: dict[str, object] = {"kind": kind, "target": target}
    if amount is not None:
        body["amount"] = amount
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=books.app)) as http:
        response = await http.post(url, json=body)
    assert response.status_code in (200, 201), response.text


async def reconcile(
    books: Books, since: date | None = None, sink: ListSink | None = None
) -> tuple[SyncRun, ReconciliationReport, list[Discrepancy]]:
    """Run one reconciliation to its end; the run, its report and its discrepancies (the
    run's events go to ``sink`` when given)."""
    payments_since = since or (datetime.now(UTC).date() - timedelta(days=30))
    run, report = await create_report(books.connection, SyncTrigger.USER, payments_since, None)
    events = sink if sink is not None else ListSink()
    execution = await execute_pull_run(run.id, kits=kit_for, env=books.env, sink=events)
    await settle_report(execution)
    finished = await SyncRun.get(id=run.id)
    await report.refresh_from_db()
    found = await Discrepancy.filter(report_id=report.id).order_by("id")
    return finished, report, list(found)
