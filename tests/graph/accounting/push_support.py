"""Shared set-up of the push mutation tests: firm A connected to the mounted simulator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette

from core.models import Customer, Firm, Invoice, InvoiceLine
from core.models.enums import InvoiceStatus
from graph.ids import encode_id
from workers import jobs_pull, jobs_push

SYNC_STATUS = """
query($id: ID!) { invoice(id: $id) { status locked syncStatus { status remoteId remoteNumber } } }
"""


class RecordingQueue:
    """Stands in for the job queue so a test sees what was queued, then runs it."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, tuple[Any, ...], str | None]] = []

    async def enqueue(self, function: str, *args: Any, job_id: str | None = None) -> bool:
        self.jobs.append((function, args, job_id))
        return True


JOBS = {
    "push_invoices": jobs_push.push_invoices_job,
    "push_customer": jobs_push.push_customer_job,
    "update_synced_invoice": jobs_push.update_synced_invoice_job,
    "void_synced_invoice": jobs_push.void_synced_invoice_job,
    # Platforms that announce our own writes (Xero) queue their webhook deliveries meanwhile.
    "apply_webhooks": jobs_pull.apply_webhooks,
    "run_pull_sync": jobs_pull.run_pull_sync,
}


async def run_queued(app: Starlette, queue: RecordingQueue) -> list[dict[str, object]]:
    """Run every queued job the way the worker does (same ProviderEnv and event bus)."""
    runtime = app.state.runtime
    ctx: dict[str, object] = {
        "events": runtime.events,
        "providers": runtime.providers,
        "job_try": 1,
    }
    results = []
    for function, args, _ in queue.jobs:
        results.append(await JOBS[function](ctx, *args))
    queue.jobs.clear()
    return results


async def seed_invoice(
    number: str = "1042",
    *,
    status: InvoiceStatus = InvoiceStatus.SENT,
    customer: Customer | None = None,
    firm: str = "firm-a",
) -> Invoice:
    """An issued one-line invoice of the firm (its customer is created when not given)."""
    owner = await Firm.get(external_id=firm)
    customer = customer or await Customer.create(firm=owner, name=f"Customer {number}")
    invoice = await Invoice.create(
        firm=owner,
        customer=customer,
        number=number,
        status=status,
        issue_date=date(2026, 3, 1),
        due_date=date(2026, 3, 31),
        subtotal=Decimal("100"),
        total=Decimal("100"),
        balance=Decimal("100"),
    )
    await InvoiceLine.create(
        invoice=invoice,
        description="Consulting",
        quantity=Decimal("1"),
        unit_price=Decimal("100"),
        amount=Decimal("100"),
    )
    return invoice


def gid(type_name: str, local_id: object) -> str:
    """The global ID of a record."""
    return str(encode_id(type_name, str(local_id)))
