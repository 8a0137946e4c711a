"""Xero webhooks: the signature over the raw body, the intent-to-receive handshake answered the
way Xero requires (200 empty when valid, 401 when not), and events from the simulator."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.sync.records import ChangeOperation
from integrations.base import WebhookSignatureError
from integrations.xero.simulator import SimulatorSettings, SimulatorState, create_app
from integrations.xero.webhooks import is_intent_to_receive, sign, verify_and_parse

KEY = "TEST-ONLY-xero-webhook-key-not-real=="


def _receiver(delivered: list[object]) -> Starlette:
    """The HTTP contract the webhook route must follow, built on verify_and_parse."""

    async def receive(request: Request) -> Response:
        body = await request.body()
        try:
            delivery = verify_and_parse(body, request.headers.get("x-xero-signature"), KEY)
        except WebhookSignatureError:
            return Response(status_code=401)
        if not is_intent_to_receive(delivery):
            delivered.append(delivery)
        return Response(status_code=200)

    return Starlette(routes=[Route("/webhooks/xero", receive, methods=["POST"])])


@pytest.fixture
def hooked(sim_clock) -> tuple[SimulatorState, list[object]]:
    delivered: list[object] = []
    receiver = _receiver(delivered)
    settings = SimulatorSettings(
        clock=sim_clock,
        webhook_url="https://ledgersync.test/webhooks/xero",
        webhook_key=KEY,
        http_client_factory=lambda: httpx.AsyncClient(transport=httpx.ASGITransport(app=receiver)),
    )
    state: SimulatorState = create_app(settings).state.simulator
    return state, delivered


async def test_xero_intent_to_receive_answers_as_xero_requires(hooked) -> None:
    state, delivered = hooked
    results = await state.send_intent_to_receive(4)
    assert [r.signed_correctly for r in results] == [True, False, True, False]
    assert all(r.receiver_correct for r in results)
    assert [r.status_code for r in results] == [200, 401, 200, 401]
    assert all(r.response_body == b"" for r in results)
    assert delivered == []


async def test_xero_simulator_invoice_event_becomes_a_notice(hooked) -> None:
    state, delivered = hooked
    tenant = next(iter(state.organisations))
    state.webhooks.emit(tenant, "INVOICE", "UPDATE", "11111111-2222-3333-4444-555555555555")
    await state.drain_webhooks()
    (delivery,) = delivered
    (notice,) = delivery.notices  # type: ignore[attr-defined]
    assert notice.entity == "Invoice"
    assert notice.operation is ChangeOperation.UPDATE
    assert notice.remote_company_id == tenant


def test_xero_signature_is_checked_on_the_exact_bytes() -> None:
    body = b'{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"X"}'
    signature = sign(body, KEY)
    assert verify_and_parse(body, signature, KEY).notices == ()
    with pytest.raises(WebhookSignatureError):
        verify_and_parse(body + b" ", signature, KEY)  # re-serialised JSON must not pass
    with pytest.raises(WebhookSignatureError, match="not base64"):
        verify_and_parse(body, "***", KEY)
    with pytest.raises(WebhookSignatureError, match="no Xero webhook key"):
        verify_and_parse(body, signature, "")


def test_xero_verified_but_malformed_body_is_a_clear_error() -> None:
    for body, message in ((b"not json", "not JSON"), (b"{}", "no events list")):
        with pytest.raises(ValueError, match=message):
            verify_and_parse(body, sign(body, KEY), KEY)
    body = b'{"events":[{"resourceId":"x"}]}'
    with pytest.raises(ValueError, match="eventCategory"):
        verify_and_parse(body, sign(body, KEY), KEY)
    body = (
        b'{"events":[{"resourceId":"1 OR 1=1","eventCategory":"INVOICE","eventType":"UPDATE",'
        b'"tenantId":"5b2f6c1e-0000-4000-8000-00000000a001"}]}'
    )
    with pytest.raises(ValueError, match="resourceId is not a Xero id"):
        verify_and_parse(body, sign(body, KEY), KEY)


def test_xero_same_body_gives_the_same_delivery_id() -> None:
    body = (
        b'{"events":[{"resourceId":"3f1e0b52-0000-4000-8000-000000000001",'
        b'"eventCategory":"CONTACT","eventType":"CREATE",'
        b'"tenantId":"5b2f6c1e-0000-4000-8000-00000000a001",'
        b'"eventDateUtc":"2026-01-01T00:00:00.000"}]}'
    )
    first = verify_and_parse(body, sign(body, KEY), KEY)
    again = verify_and_parse(body, sign(body, KEY), KEY)
    assert first.delivery_id == again.delivery_id
    assert first.notices[0].event_id == again.notices[0].event_id
    assert first.notices[0].entity == "Customer"
