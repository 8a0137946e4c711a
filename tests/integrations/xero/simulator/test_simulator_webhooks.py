"""Webhooks: signatures against the recorded vectors, signed deliveries, intent to receive."""

from __future__ import annotations

import json

import httpx
import pytest

from integrations.xero.simulator import SimulatorSettings, SimulatorState, create_app, sign
from integrations.xero.simulator.invoices import save_invoice
from integrations.xero.simulator.openapi_check import FIXTURES, fixture
from integrations.xero.simulator.testing import Connected, FakeClock, Receiver, xero_signature

KEY = "TEST-ONLY-xero-webhook-key-not-real=="
HOOK = "https://app.example/webhooks/xero"


@pytest.fixture
def receiver() -> Receiver:
    return Receiver(KEY)


@pytest.fixture
def settings(clock: FakeClock, receiver: Receiver) -> SimulatorSettings:
    return SimulatorSettings(
        default_organisations=("Acme Ltd",),
        clock=clock,
        webhook_url=HOOK.replace("https://app.example", "http://receiver"),
        webhook_key=KEY,
        http_client_factory=receiver.client_factory,
        webhooks_for_api_writes=False,
    )


@pytest.mark.parametrize("case", ["itr", "invoice_update", "itr_bad_signature"])
def test_sign_matches_recorded_vectors(case: str) -> None:
    vectors = fixture("webhook_signatures.json")
    body = (FIXTURES / vectors[case]["body_file"]).read_bytes()

    matches = sign(vectors["webhook_key"], body) == vectors[case]["x-xero-signature"]

    assert matches is (vectors[case]["expected_status"] == 200)


async def _invoice(sim: SimulatorState, tenant: str) -> str:
    org = sim.organisation(tenant)
    outcome = save_invoice(
        org,
        {
            "Type": "ACCREC",
            "Contact": {"Name": "Hooked"},
            "Status": "AUTHORISED",
            "LineItems": [
                {
                    "Description": "x",
                    "Quantity": 1,
                    "UnitAmount": 10,
                    "AccountCode": "200",
                    "TaxType": "NONE",
                }
            ],
        },
        sim.settings.clock(),
        existing=None,
    )
    return str(outcome.element["InvoiceID"])


async def test_control_payment_delivers_signed_invoice_update(
    sim: SimulatorState, receiver: Receiver
) -> None:
    tenant = next(iter(sim.organisations))
    invoice_id = await _invoice(sim, tenant)

    sim.record_payment(tenant, invoice_id, 10)
    deliveries = await sim.drain_webhooks()

    assert len(deliveries) == 1
    body, signature = receiver.received[0]
    assert signature == xero_signature(KEY, body)
    payload = json.loads(body)
    event = payload["events"][0]
    recorded = fixture("webhook_contact_update_example.json")
    assert set(payload) == set(recorded)
    assert set(event) == set(recorded["events"][0])
    assert (event["eventCategory"], event["eventType"], event["resourceId"]) == (
        "INVOICE",
        "UPDATE",
        invoice_id,
    )
    assert event["resourceUrl"].endswith(f"/api.xro/2.0/Invoices/{invoice_id}")
    assert event["tenantId"] == tenant
    assert deliveries[0].status_code == 200


async def test_control_rename_and_credit_note_deliver_in_sequence(
    sim: SimulatorState, receiver: Receiver
) -> None:
    tenant = next(iter(sim.organisations))
    await _invoice(sim, tenant)
    contact_id = sim.entities(tenant, "contacts")[0]["ContactID"]

    sim.rename_contact(tenant, contact_id, "Hooked Renamed")
    sim.create_credit_note(tenant, contact_id, 5.0)
    await sim.drain_webhooks()

    payloads = [json.loads(body) for body, _ in receiver.received]
    kinds = [(p["events"][0]["eventCategory"], p["events"][0]["eventType"]) for p in payloads]
    assert kinds == [("CONTACT", "UPDATE"), ("CREDITNOTE", "CREATE")]
    assert payloads[1]["events"][0]["data"] == {"Type": "ACCRECCREDIT", "Status": "AUTHORISED"}
    sequences = [p["firstEventSequence"] for p in payloads]
    assert sequences == sorted(sequences)
    assert sequences[0] < sequences[1]


async def test_api_writes_emit_webhooks_when_enabled(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState, receiver: Receiver
) -> None:
    sim.settings.webhooks_for_api_writes = True

    await client.put(
        "/api.xro/2.0/Contacts",
        json={"Contacts": [{"Name": "Via API"}]},
        headers=connected.headers(),
    )
    await sim.drain_webhooks()

    assert len(receiver.received) == 1
    assert json.loads(receiver.received[0][0])["events"][0]["eventType"] == "CREATE"


async def test_itr_correct_receiver_passes_good_and_bad_signatures(
    sim: SimulatorState, receiver: Receiver
) -> None:
    results = await sim.send_intent_to_receive()

    assert [r.signed_correctly for r in results] == [True, False, True, False]
    assert [r.status_code for r in results] == [200, 401, 200, 401]
    assert all(r.receiver_correct for r in results)
    assert json.loads(results[0].body)["events"] == []


async def test_itr_receiver_accepting_everything_is_caught(clock: FakeClock) -> None:
    careless = Receiver(KEY, always=200)
    settings = SimulatorSettings(
        clock=clock,
        webhook_url="http://receiver/webhooks/xero",
        webhook_key=KEY,
        http_client_factory=careless.client_factory,
        itr_bad_signature_pattern=(False, True),
    )
    sim = create_app(settings).state.simulator

    results = await sim.send_intent_to_receive()

    assert [r.receiver_correct for r in results] == [True, False]


async def test_itr_via_control_api_reports_pass(
    client: httpx.AsyncClient, sim: SimulatorState
) -> None:
    response = await client.post("/_control/webhooks/itr", json={"count": 3})

    assert response.status_code == 200
    assert response.json()["passed"] is True
    assert len(response.json()["deliveries"]) == 3
