"""Webhooks: Intuit's signature algorithm, both payload formats, background delivery."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from integrations.quickbooks_online.simulator import (
    ManualClock,
    SimulatorSettings,
    SimulatorState,
    sign,
)
from integrations.quickbooks_online.simulator.testing import Connection

FixtureJson = Callable[[str], Any]
FixturePath = Callable[[str], Path]

VERIFIER = "00faeec4-08d0-4996-bb37-698ae19f0149"


def intuit_verify(body: bytes, signature: str, token: str) -> bool:
    """The receiving side's check, written from the documented algorithm."""
    expected = base64.b64encode(hmac.new(token.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode())


@pytest.mark.parametrize(
    "vector",
    ["webhook_legacy_eventNotifications.signature.json", "webhook_cloudevents.signature.json"],
)
def test_sign_matches_recorded_signature_vectors(
    vector: str, fixture_json: FixtureJson, fixture_path: FixturePath
) -> None:
    meta = fixture_json(vector)
    body = fixture_path(meta["body_file"]).read_bytes()

    assert sign(body, meta["verifier_token"]) == meta["signature"]


def test_sign_matches_python_quickbooks_vector(fixture_json: FixtureJson) -> None:
    meta = fixture_json("webhook_signature_vector_python_quickbooks.json")

    assert sign(meta["body"].encode(), meta["verifier_token"]) == meta["signature"]


class Receiver:
    """An in-process webhook endpoint that records what it gets."""

    def __init__(self, status: int = 200) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.status = status

        async def hook(request: Request) -> Response:
            self.requests.append((dict(request.headers), await request.body()))
            return Response(status_code=self.status)

        self.app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="https://receiver.test"
        )


@pytest.fixture
def receiver() -> Receiver:
    return Receiver()


@pytest.fixture
def settings(clock: ManualClock, receiver: Receiver) -> SimulatorSettings:
    return SimulatorSettings(
        clock=clock,
        auto_approve=True,
        webhook_url="https://receiver.test/hook",
        webhook_verifier_token=VERIFIER,
        webhook_client_factory=receiver.client,
    )


async def test_webhook_legacy_payment_recorded_is_signed_and_shaped_like_fixture(
    qbo: Connection, state: SimulatorState, receiver: Receiver, fixture_json: FixtureJson
) -> None:
    customer = await qbo.customer("Hooked")
    invoice = await qbo.invoice(customer["Id"], 40.0)

    payment = state.record_payment(qbo.realm_id, invoice["Id"])
    await state.drain_webhooks()

    ((headers, body),) = receiver.requests
    recorded = fixture_json("webhook_legacy_eventNotifications.body.json")
    payload = json.loads(body)
    notification = payload["eventNotifications"][0]
    recorded_notification = recorded["eventNotifications"][0]
    assert intuit_verify(body, headers["intuit-signature"], VERIFIER)
    assert set(payload) == set(recorded)
    assert set(notification) == set(recorded_notification)
    assert set(notification["dataChangeEvent"]) == set(recorded_notification["dataChangeEvent"])
    entity_keys = set(recorded_notification["dataChangeEvent"]["entities"][0])
    entities = notification["dataChangeEvent"]["entities"]
    assert all(set(e) == entity_keys for e in entities)
    assert notification["realmId"] == qbo.realm_id
    assert {(e["name"], e["id"], e["operation"]) for e in entities} == {
        ("Payment", payment["Id"], "Create"),
        ("Invoice", invoice["Id"], "Update"),
    }
    assert entities[0]["lastUpdated"].endswith("Z")


async def test_webhook_api_writes_do_not_notify_by_default(
    qbo: Connection, state: SimulatorState, receiver: Receiver
) -> None:
    await qbo.customer("Quiet")

    await state.drain_webhooks()

    assert receiver.requests == []


async def test_webhook_api_writes_notify_when_enabled(
    qbo: Connection, state: SimulatorState, receiver: Receiver
) -> None:
    state.settings.webhooks_on_api_writes = True

    created = await qbo.customer("Loud")
    await state.drain_webhooks()

    entities = json.loads(receiver.requests[0][1])["eventNotifications"][0]["dataChangeEvent"]
    assert entities["entities"][0]["id"] == created["Id"]
    assert entities["entities"][0]["operation"] == "Create"


async def test_webhook_cloudevents_batches_several_realms_in_one_post(
    qbo: Connection, state: SimulatorState, receiver: Receiver, fixture_json: FixtureJson
) -> None:
    state.settings.webhook_format = "cloudevents"
    other = state.create_company("Other", realm_id="777")
    mine = await qbo.customer("Mine")
    theirs = state.accounting.create(other, "Customer", {"DisplayName": "Theirs"}, origin="api")

    state.rename_customer(qbo.realm_id, mine["Id"], "Mine Renamed")
    state.rename_customer("777", theirs.id, "Theirs Renamed")
    await state.drain_webhooks()

    ((headers, body),) = receiver.requests
    events = json.loads(body)
    recorded = fixture_json("webhook_cloudevents.body.json")
    assert intuit_verify(body, headers["intuit-signature"], VERIFIER)
    assert isinstance(events, list)
    assert all(set(event) == set(recorded[0]) for event in events)
    assert {(e["intuitaccountid"], e["intuitentityid"], e["type"]) for e in events} == {
        (qbo.realm_id, mine["Id"], "qbo.customer.updated.v1"),
        ("777", theirs.id, "qbo.customer.updated.v1"),
    }
    assert all(e["specversion"] == "1.0" for e in events)


async def test_webhook_cloudevents_void_uses_configured_verb(
    qbo: Connection, state: SimulatorState, receiver: Receiver
) -> None:
    state.settings.webhook_format = "cloudevents"
    state.settings.cloudevents_void_verb = "void"
    customer = await qbo.customer("Voider")
    invoice = await qbo.invoice(customer["Id"])

    state.void_invoice(qbo.realm_id, invoice["Id"])
    await state.drain_webhooks()

    types = [e["type"] for e in json.loads(receiver.requests[0][1])]
    assert types == ["qbo.invoice.void.v1"]


async def test_webhook_failed_delivery_is_recorded_not_raised(
    qbo: Connection, state: SimulatorState, receiver: Receiver
) -> None:
    receiver.status = 500
    customer = await qbo.customer("Failing")

    state.rename_customer(qbo.realm_id, customer["Id"], "Still Failing")
    await state.drain_webhooks()

    assert [d.status_code for d in state.webhooks.deliveries] == [500]


async def test_webhook_control_api_triggers_delivery_in_background(
    client: httpx.AsyncClient, qbo: Connection, state: SimulatorState, receiver: Receiver
) -> None:
    customer = await qbo.customer("Via Control")

    response = await client.post(
        f"/_control/companies/{qbo.realm_id}/customers/{customer['Id']}/rename",
        json={"display_name": "Renamed Via Control"},
    )
    drained = await client.post("/_control/webhooks")

    assert response.status_code == 200
    deliveries = drained.json()["deliveries"]
    assert len(deliveries) == 1
    assert intuit_verify(deliveries[0]["body"].encode(), deliveries[0]["signature"], VERIFIER)
