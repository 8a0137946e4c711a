"""POST /webhooks/xero answers Xero's intent-to-receive handshake exactly as Xero requires: 200
with an empty body when signed correctly, 401 with an empty body when not — driven by the
mounted Xero simulator through the real route; a signed event is recorded and queued."""

from __future__ import annotations

from core.models import WebhookDelivery
from core.models.enums import WebhookState
from tests.graph.accounting.pull_support import record_jobs
from tests.provider_sims import XeroDriver


async def test_intent_to_receive_through_route_answers_exactly_as_xero_requires(app) -> None:
    state = XeroDriver().state(app)

    deliveries = await state.send_intent_to_receive()

    assert [d.signed_correctly for d in deliveries] == [True, False, True, False]
    assert [d.status_code for d in deliveries] == [200, 401, 200, 401]
    assert all(d.response_body == b"" for d in deliveries)
    assert all(d.receiver_correct for d in deliveries)
    # The bad ones are kept for the audit trail; the good ones carry nothing to process.
    rows = await WebhookDelivery.all()
    assert [r.state for r in rows] == [WebhookState.REJECTED, WebhookState.REJECTED]


async def test_xero_event_delivery_through_route_is_recorded_and_queued(app) -> None:
    driver = XeroDriver()
    state = driver.state(app)
    queue = record_jobs(app)
    tenant = next(iter(state.organisations))
    state.webhooks.emit(tenant, "INVOICE", "UPDATE", "3f1e0b52-0000-4000-8000-000000000001")

    (delivery,) = await state.drain_webhooks()

    assert (delivery.status_code, delivery.response_body) == (200, b"")
    (row,) = await WebhookDelivery.all()
    assert row.state is WebhookState.RECEIVED
    assert row.payload[0]["entity"] == "Invoice"
    assert row.payload[0]["remote_company_id"] == tenant
    assert [job[0] for job in queue.jobs] == ["apply_webhooks"]
