"""The push jobs through the embedded worker: the mutation's run is executed end to end."""

from __future__ import annotations

import asyncio

import pytest

from core.models import SyncRun
from core.settings import Settings
from tests.graph.accounting.conftest import simulator_of
from tests.graph.accounting.push_support import gid, seed_invoice

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
