"""Control API: companies, entity inspection, business events, faults, tokens, clock."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from integrations.quickbooks_online.simulator import ManualClock, SimulatorState
from integrations.quickbooks_online.simulator.testing import Connection


async def test_control_create_company_then_connect_to_it(
    client: httpx.AsyncClient, state: SimulatorState
) -> None:
    response = await client.post(
        "/_control/companies",
        json={"name": "Acme", "realm_id": "4620816365", "closing_date": "2025-12-31"},
    )

    assert response.status_code == 201
    assert response.json()["realm_id"] == "4620816365"
    assert state.realm("4620816365").closing_date == date(2025, 12, 31)
    listed = (await client.get("/_control/companies")).json()["companies"]
    assert {c["realm_id"] for c in listed} == set(state.realms)


async def test_control_duplicate_realm_answers_400(
    client: httpx.AsyncClient, state: SimulatorState
) -> None:
    realm_id = next(iter(state.realms))

    response = await client.post("/_control/companies", json={"realm_id": realm_id})

    assert response.status_code == 400


async def test_control_list_entities_filters_by_field(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    customer = await qbo.customer("Listed")
    await qbo.invoice(customer["Id"], DocNumber="X-1")
    await qbo.invoice(customer["Id"], DocNumber="X-2")

    response = await client.get(
        f"/_control/companies/{qbo.realm_id}/entities/invoice", params={"DocNumber": "X-1"}
    )

    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["DocNumber"] == "X-1"


async def test_control_get_entity_reports_deleted_flag(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    customer = await qbo.customer("Del")
    invoice = await qbo.invoice(customer["Id"])
    await qbo.post("invoice", {"Id": invoice["Id"], "SyncToken": "0"}, operation="delete")

    response = await client.get(
        f"/_control/companies/{qbo.realm_id}/entities/Invoice/{invoice['Id']}"
    )

    assert response.json()["deleted"] is True


async def test_control_record_payment_pays_invoice_balance(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    customer = await qbo.customer("Pays")
    invoice = await qbo.invoice(customer["Id"], 75.5)

    response = await client.post(
        f"/_control/companies/{qbo.realm_id}/invoices/{invoice['Id']}/payments", json={}
    )

    assert response.status_code == 201
    assert response.json()["Payment"]["TotalAmt"] == 75.5
    after = (await qbo.get(f"invoice/{invoice['Id']}")).json()["Invoice"]
    assert after["Balance"] == 0


async def test_control_partial_payment_leaves_remaining_balance(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    customer = await qbo.customer("Partial")
    invoice = await qbo.invoice(customer["Id"], 100.0)

    await client.post(
        f"/_control/companies/{qbo.realm_id}/invoices/{invoice['Id']}/payments",
        json={"amount": "30.25"},
    )

    after = (await qbo.get(f"invoice/{invoice['Id']}")).json()["Invoice"]
    assert after["Balance"] == 69.75


async def test_control_void_invoice_unapplies_payment(
    client: httpx.AsyncClient, qbo: Connection, state: SimulatorState
) -> None:
    customer = await qbo.customer("Voided")
    invoice = await qbo.invoice(customer["Id"], 60.0)
    payment = state.record_payment(qbo.realm_id, invoice["Id"], "60")

    response = await client.post(
        f"/_control/companies/{qbo.realm_id}/invoices/{invoice['Id']}/void"
    )

    assert response.json()["Invoice"]["Balance"] == 0
    pay = (await qbo.get(f"payment/{payment['Id']}")).json()["Payment"]
    assert pay["UnappliedAmt"] == 60.0
    assert pay["Line"] == []


async def test_control_rename_customer_bumps_synctoken_so_client_update_goes_stale(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    customer = await qbo.customer("Before Rename")

    await client.post(
        f"/_control/companies/{qbo.realm_id}/customers/{customer['Id']}/rename",
        json={"display_name": "After Rename"},
    )
    stale = await qbo.post(
        "customer", {"Id": customer["Id"], "SyncToken": "0", "sparse": True, "Notes": "x"}
    )

    assert qbo.codes(stale) == ["5010"]


async def test_control_close_books_blocks_older_transactions(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    customer = await qbo.customer("Books")

    await client.post(
        f"/_control/companies/{qbo.realm_id}/close-books", json={"closing_date": "2030-01-01"}
    )
    response = await qbo.post(
        "invoice",
        {
            "Line": [
                {
                    "Amount": 1.0,
                    "DetailType": "SalesItemLineDetail",
                    "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
                }
            ],
            "CustomerRef": {"value": customer["Id"]},
        },
    )

    assert qbo.codes(response) == ["6210"]


async def test_control_faults_arm_list_and_clear(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    armed = await client.post(
        "/_control/faults", json={"kind": "unavailable", "count": 2, "method": "GET"}
    )
    listed = await client.get("/_control/faults")
    first = await qbo.get("item/1")
    cleared = await client.delete("/_control/faults")
    after = await qbo.get("item/1")

    assert armed.status_code == 201
    assert listed.json()["faults"][0]["remaining"] == 2
    assert first.status_code == 503
    assert cleared.json()["faults"] == []
    assert after.status_code == 200


async def test_control_unknown_fault_kind_answers_400(client: httpx.AsyncClient) -> None:
    response = await client.post("/_control/faults", json={"kind": "meteor"})

    assert response.status_code == 400


async def test_control_expire_tokens_makes_api_answer_401(
    client: httpx.AsyncClient, qbo: Connection
) -> None:
    await client.post("/_control/tokens/expire", json={})

    response = await qbo.get("item/1")

    assert response.status_code == 401


async def test_control_advance_clock_moves_manual_clock(
    client: httpx.AsyncClient, clock: ManualClock
) -> None:
    before = clock.now()

    await client.post("/_control/clock/advance", json={"seconds": 90})

    assert (clock.now() - before).total_seconds() == pytest.approx(90)


async def test_control_unknown_realm_answers_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/_control/companies/0000/entities/invoice")

    assert response.status_code == 404


async def test_control_api_can_be_disabled() -> None:
    import httpx

    from integrations.quickbooks_online.simulator import SimulatorSettings, create_app

    app = create_app(SimulatorSettings(control_api=False))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://sim.test"
    ) as http:
        response = await http.get("/_control/companies")

    assert response.status_code == 404
