"""A delivery recorded while the queue was down is not lost: a redelivery or the worker's sweep
queues its company's job again, and the job applies it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.models import WebhookDelivery
from core.models.enums import WebhookState
from core.services.accounting_pull import queue_stalled_deliveries
from tests.graph.accounting.push_support import RecordingQueue, run_queued
from tests.graph.accounting.webhook_support import SIGNERS, Signer

pytestmark = pytest.mark.parametrize("signer", list(SIGNERS.values()), ids=list(SIGNERS))


class DownQueue:
    """A job queue whose Redis is unreachable."""

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        raise ConnectionError("the queue is down")


async def _post_while_queue_down(app, client, signer: Signer) -> WebhookDelivery:  # type: ignore[no-untyped-def]
    app.state.runtime.queue = DownQueue()
    body = signer.body(signer.company, signer.record)
    response = await client.post(signer.path, content=body, headers=signer.headers(body))
    assert response.status_code == 200  # stored: acknowledged, the platform must not resend
    return await WebhookDelivery.get()


async def test_webhook_not_queued_is_queued_again_by_the_sweep_and_applied(
    app, client, signer: Signer
) -> None:
    row = await _post_while_queue_down(app, client, signer)
    assert row.state is WebhookState.RECEIVED
    queue = RecordingQueue()
    app.state.runtime.queue = queue

    fresh = await queue_stalled_deliveries(queue)  # too recent: its job may still be queued
    later = datetime.now(UTC) + timedelta(minutes=2)
    swept = await queue_stalled_deliveries(queue, now=later)
    await run_queued(app, queue)

    assert (fresh, swept) == (0, 1)
    await row.refresh_from_db()
    assert row.state is WebhookState.PROCESSED
    assert row.error == f"no active connection for company {signer.company}"


async def test_webhook_not_queued_is_queued_again_by_its_redelivery(
    app, client, signer: Signer
) -> None:
    row = await _post_while_queue_down(app, client, signer)
    queue = RecordingQueue()
    app.state.runtime.queue = queue
    body = signer.body(signer.company, signer.record)

    response = await client.post(signer.path, content=body, headers=signer.headers(body))
    await run_queued(app, queue)

    assert response.headers["ledgersync-webhook-outcome"] == "duplicate"
    await row.refresh_from_db()
    assert row.state is WebhookState.PROCESSED
    assert await WebhookDelivery.all().count() == 1
