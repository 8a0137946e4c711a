"""A burst of deliveries for one company (Xero announces each invoice a push creates) is one
queued job and one WEBHOOK run per connected firm, not one of each per delivery."""

from __future__ import annotations

from fakeredis import FakeServer

from core.models import Connection, SyncRun, WebhookDelivery
from core.models.enums import SyncKind, SyncRunStatus, WebhookState
from tests.graph.accounting.webhook_support import SIGNERS
from workers.runtime import ArqJobQueue, FakeArqRedis
from workers.settings import build_worker

DELIVERIES = 30


async def test_burst_of_deliveries_for_one_company_is_one_job_and_one_run(
    app, client, connect
) -> None:
    await connect()
    connection = await Connection.get()
    realm = str(connection.remote_company_id)
    signer = SIGNERS["qbo"]
    pool = FakeArqRedis(server=FakeServer())
    runtime = app.state.runtime
    runtime.queue = ArqJobQueue(pool)

    for n in range(DELIVERIES):
        body = signer.body(realm, str(9000 + n))
        response = await client.post(signer.path, content=body, headers=signer.headers(body))
        assert response.headers["ledgersync-webhook-outcome"] == "accepted"

    assert await pool.zcard("arq:queue") == 1  # one job for the company, however many arrived
    worker = build_worker(
        runtime.settings,
        redis_pool=pool,
        burst=True,
        poll_delay=0.01,
        ctx={
            "embedded": True,
            "events": runtime.events,
            "queue": runtime.queue,
            "providers": runtime.providers,
        },
    )
    try:
        await worker.async_run()
    finally:
        await worker.close()

    (run,) = await SyncRun.filter(kind=SyncKind.WEBHOOK)
    assert run.status is SyncRunStatus.SUCCEEDED
    assert run.total == DELIVERIES
    states = await WebhookDelivery.all().values_list("state", flat=True)
    assert states == [WebhookState.PROCESSED] * DELIVERIES
