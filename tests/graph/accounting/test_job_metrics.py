"""GET /metrics after jobs run by the embedded worker: every push, pull and webhook job is
counted in ledgersync_jobs_total, and its run's records in ledgersync_sync_outcomes_total."""

from __future__ import annotations

import asyncio
import re

import pytest

from core.models import Connection, SyncRun, WebhookDelivery
from core.models.enums import SyncKind, WebhookState
from core.settings import Settings
from graph.accounting.types import CONNECTION_TYPE
from graph.ids import encode_id
from tests.graph.accounting.push_support import gid, seed_invoice
from tests.graph.accounting.webhook_support import SIGNERS

SYNC_INVOICE = """
mutation($id: ID!) {
  syncInvoice(invoiceId: $id) { __typename ... on SyncInvoiceSuccess { run { id } } }
}"""
SYNC_PAYMENTS = """
mutation($id: ID!) { syncPayments(connectionId: $id) { __typename } }"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Without REDIS_URL the app runs its worker in-process, whatever the environment says."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def _until(check) -> None:  # type: ignore[no-untyped-def]
    # The worker runs in this event loop: yield until it has done the work (a hang guard of
    # 60 s, not a timing goal).
    for _ in range(2_400):
        if await check():
            return
        await asyncio.sleep(0.025)
    raise AssertionError("the worker did not finish")


def _value(page: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in page.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and ",".join(sorted(match.group(1).split(","))) == wanted:
            return float(match.group(2))
    return 0.0


async def _all_finished(kind: SyncKind) -> bool:
    runs = await SyncRun.filter(kind=kind)
    return bool(runs) and all(run.status.is_terminal for run in runs)


async def test_metrics_count_push_pull_and_webhook_jobs_and_their_records(
    app, client, gql, connect
) -> None:
    await connect()
    connection = await Connection.get()
    before = (await client.get("/metrics")).text
    invoice = await seed_invoice()

    await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)})
    await _until(lambda: _all_finished(SyncKind.PUSH_INVOICES))
    connection_id = str(encode_id(CONNECTION_TYPE, str(connection.id)))
    await gql.data(SYNC_PAYMENTS, {"id": connection_id})
    await _until(lambda: _all_finished(SyncKind.PULL_PAYMENTS))
    signer = SIGNERS["qbo"]
    body = signer.body(str(connection.remote_company_id), "9001")
    await client.post(signer.path, content=body, headers=signer.headers(body))

    async def applied() -> bool:
        return not await WebhookDelivery.filter(state=WebhookState.RECEIVED).exists()

    await _until(applied)
    await _until(lambda: _all_finished(SyncKind.WEBHOOK))
    jobs = ("push_invoices", "run_pull_sync", "apply_webhooks")

    async def counted() -> bool:
        # A job is counted when it returns, just after its run is stored as finished.
        page = (await client.get("/metrics")).text
        return all(
            _value(page, "ledgersync_jobs_total", function=job, outcome="ok")
            > _value(before, "ledgersync_jobs_total", function=job, outcome="ok")
            for job in jobs
        )

    await _until(counted)
    after = (await client.get("/metrics")).text

    def grew(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    for job in jobs:
        assert grew("ledgersync_jobs_total", function=job, outcome="ok") >= 1, job
    assert grew("ledgersync_sync_outcomes_total", kind="PUSH_INVOICES", outcome="synced") >= 1
    for kind in ("PUSH_INVOICES", "PULL_PAYMENTS", "WEBHOOK"):
        assert grew("ledgersync_sync_runs_total", kind=kind, status="SUCCEEDED") >= 1, kind
    assert 'ledgersync_sync_outcomes_total{kind="WEBHOOK",outcome="skipped"}' in after
