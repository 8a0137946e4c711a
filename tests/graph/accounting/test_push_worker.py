"""The push jobs through the embedded worker: the mutation's run is executed end to end."""

from __future__ import annotations

import asyncio

import pytest
from arq import Retry

from core.models import Connection, ExternalMapping, SyncRun
from core.models.enums import MappingState, SyncKind, SyncTrigger
from core.settings import Settings
from core.sync.retry import WORKER_POLICY
from core.sync.runs import create_run
from integrations.quickbooks_online.kit import QuickBooksOnlineKit, budget_for
from integrations.ratelimit import InProcessRateLimiter
from integrations.ratelimit.clock import ManualClock
from tests.graph.accounting.conftest import simulator_of
from tests.graph.accounting.push_support import gid, seed_invoice
from workers.jobs_push import push_invoices_job

MAX_TRIES = WORKER_POLICY.throttled_tries

SYNC_INVOICE = """
mutation($id: ID!) {
  syncInvoice(invoiceId: $id) { __typename ... on SyncInvoiceSuccess { run { id } } }
}"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Without REDIS_URL the app runs its worker in-process, whatever the environment says."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def _finished(run_id: object) -> SyncRun:
    # The worker runs in the same event loop: yield until it has finished the run.
    for _ in range(400):
        run = await SyncRun.get(id=run_id)
        if run.status.is_terminal:
            return run
        await asyncio.sleep(0.025)
    raise AssertionError("the worker did not finish the run")


async def test_sync_invoice_through_embedded_worker_creates_remote_invoice(
    app, gql, connect
) -> None:
    await connect()
    invoice = await seed_invoice()
    data = await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)})
    assert data["syncInvoice"]["__typename"] == "SyncInvoiceSuccess"
    run = await _finished((await SyncRun.get()).id)
    assert (run.status.value, run.succeeded) == ("SUCCEEDED", 1)
    qbo = simulator_of(app)
    remote = [i for realm in qbo.realms for i in qbo.entities(realm, "Invoice")]
    assert [r["DocNumber"] for r in remote] == ["1042"]


@pytest.fixture
def manual_limiter(app) -> None:
    """Throttle penalties pause a ManualClock instead of the test."""
    providers = app.state.runtime.providers
    kit = QuickBooksOnlineKit()
    limiter = InProcessRateLimiter(budget_for(kit.config(providers)), clock=ManualClock())
    providers.extras["qbo-limiter"] = limiter


@pytest.mark.usefixtures("manual_limiter")
async def test_push_job_throttled_retries_then_gives_up_with_failed_run(app, gql, connect) -> None:
    await connect()
    invoice = await seed_invoice()
    connection = await Connection.get()
    run = await create_run(
        firm_id=connection.firm_id,  # type: ignore[attr-defined]
        kind=SyncKind.PUSH_INVOICES,
        trigger=SyncTrigger.USER,
        connection_id=connection.id,
    )
    simulator_of(app).inject_fault("throttle", count=2, path="batch")
    runtime = app.state.runtime
    ctx: dict[str, object] = {"events": runtime.events, "providers": runtime.providers}

    with pytest.raises(Retry):
        await push_invoices_job({**ctx, "job_try": 1}, str(run.id), [str(invoice.id)])
    result = await push_invoices_job({**ctx, "job_try": MAX_TRIES}, str(run.id), [str(invoice.id)])

    assert result["status"] == "FAILED"
    finished = await SyncRun.get(id=run.id)
    assert "still throttled" in (finished.error or "")
    # The throttled batch (the customer's) stays a PENDING intent for the next sync.
    assert await ExternalMapping.filter(state=MappingState.PENDING).count() == 1
    qbo = simulator_of(app)
    assert [i for realm in qbo.realms for i in qbo.entities(realm, "Invoice")] == []
