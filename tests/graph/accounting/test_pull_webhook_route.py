"""POST /webhooks/{slug}: verify the signature first, record, queue, and answer at once."""

from __future__ import annotations

from core.models import WebhookDelivery
from core.models.enums import Provider, WebhookState
from core.sync.webhook_runs import webhook_job_id
from integrations.quickbooks_online.webhooks import sign
from tests.graph.accounting.pull_support import record_jobs

VERIFIER = "sim-verifier-token"
REALM = "9341453050298576"
LEGACY = (
    b'{"eventNotifications":[{"realmId":"9341453050298576","dataChangeEvent":{"entities":'
    b'[{"name":"Payment","id":"7","operation":"Create","lastUpdated":"2026-03-01T10:00:00Z"}]}}]}'
)
CLOUDEVENTS = (
    b'[{"specversion":"1.0","id":"ev-1","source":"intuit","type":"qbo.payment.created.v1",'
    b'"time":"2026-03-01T10:00:00.123456789Z","intuitentityid":"7","intuitaccountid":"111"},'
    b'{"specversion":"1.0","id":"ev-2","source":"intuit","type":"qbo.invoice.voided.v1",'
    b'"time":"2026-03-01T10:00:00Z","intuitentityid":"9","intuitaccountid":"222"}]'
)


def _signed(body: bytes, key: str = VERIFIER) -> dict[str, str]:
    return {"intuit-signature": sign(body, key), "content-type": "application/json"}


async def test_webhook_valid_legacy_delivery_is_recorded_and_only_queued(app, client) -> None:
    queue = record_jobs(app)

    response = await client.post("/webhooks/quickbooks", content=LEGACY, headers=_signed(LEGACY))

    assert response.status_code == 200
    (row,) = await WebhookDelivery.all()
    assert row.signature_valid
    assert row.state is WebhookState.RECEIVED  # the job, not the endpoint, applies it
    assert row.provider is Provider.QUICKBOOKS_ONLINE
    assert row.remote_company_id == REALM
    job_id = webhook_job_id(Provider.QUICKBOOKS_ONLINE, REALM)
    assert queue.jobs == [("apply_webhooks", ("QUICKBOOKS_ONLINE", REALM), job_id)]


async def test_webhook_cloudevents_with_two_realms_is_kept_per_realm_and_queued_per_realm(
    app, client
) -> None:
    queue = record_jobs(app)

    response = await client.post(
        "/webhooks/quickbooks", content=CLOUDEVENTS, headers=_signed(CLOUDEVENTS)
    )

    assert response.status_code == 200
    rows = await WebhookDelivery.all().order_by("remote_company_id")
    assert [r.remote_company_id for r in rows] == ["111", "222"]
    for row in rows:
        assert isinstance(row.payload, list)
        assert [n["remote_company_id"] for n in row.payload] == [row.remote_company_id]  # type: ignore[index]
    assert sorted(args[1] for _, args, _ in queue.jobs) == ["111", "222"]


async def test_webhook_duplicate_delivery_is_acknowledged_and_ignored(app, client) -> None:
    queue = record_jobs(app)

    for _ in range(2):
        response = await client.post(
            "/webhooks/quickbooks", content=LEGACY, headers=_signed(LEGACY)
        )
        assert response.status_code == 200

    assert await WebhookDelivery.all().count() == 1
    # Not applied yet, so the redelivery queues the company's job again: under the same job
    # id, which the queue keeps once.
    assert len({job_id for _, _, job_id in queue.jobs}) == 1
    assert response.headers["ledgersync-webhook-outcome"] == "duplicate"
    assert response.content == b""


async def test_webhook_forged_signature_is_401_and_recorded_without_body(app, client) -> None:
    queue = record_jobs(app)

    response = await client.post(
        "/webhooks/quickbooks", content=LEGACY, headers=_signed(LEGACY, "forged")
    )

    assert response.status_code == 401
    row = await WebhookDelivery.get()
    assert row.signature_valid is False
    assert row.state is WebhookState.REJECTED
    assert row.payload is None
    assert "does not match" in (row.error or "")
    assert queue.jobs == []


async def test_webhook_missing_signature_is_401(app, client) -> None:
    record_jobs(app)

    response = await client.post("/webhooks/quickbooks", content=LEGACY)

    assert response.status_code == 401


async def test_webhook_malformed_signed_body_is_400_and_recorded(app, client) -> None:
    queue = record_jobs(app)
    body = b'{"not": "a notification"}'

    response = await client.post("/webhooks/quickbooks", content=body, headers=_signed(body))

    assert response.status_code == 400
    row = await WebhookDelivery.get()
    assert row.signature_valid is True
    assert row.state is WebhookState.REJECTED
    assert queue.jobs == []


async def test_webhook_unknown_provider_is_404(app, client) -> None:
    response = await client.post("/webhooks/nope", content=LEGACY, headers=_signed(LEGACY))

    assert response.status_code == 404
    assert await WebhookDelivery.all().count() == 0
