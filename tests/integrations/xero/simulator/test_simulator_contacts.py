"""Contacts: Xero's unique-name rule, the 400 ValidationException shape, create-or-update."""

from __future__ import annotations

import httpx

from integrations.xero.simulator import SimulatorState
from integrations.xero.simulator.openapi_check import fixture
from integrations.xero.simulator.testing import Connected

URL = "/api.xro/2.0/Contacts"
DUPLICATE = (
    "The contact name Buzz Lightyear is already assigned to another contact. "
    "The contact name must be unique across all active contacts."
)


async def test_contact_put_duplicate_active_name_400_validation_exception(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    first = await client.put(
        URL, json={"Contacts": [{"Name": "Buzz Lightyear"}]}, headers=connected.headers()
    )

    second = await client.put(
        URL, json={"Contacts": [{"Name": "buzz lightyear "}]}, headers=connected.headers()
    )

    assert first.status_code == 200
    assert second.status_code == 400
    body = second.json()
    recorded = fixture("accounting_PUT_Contacts_400_ValidationException.json")
    assert set(body) == set(recorded)
    assert {k: body[k] for k in ("ErrorNumber", "Type", "Message")} == {
        k: recorded[k] for k in ("ErrorNumber", "Type", "Message")
    }
    element = body["Elements"][0]
    assert element["HasValidationErrors"] is True
    assert element["ValidationErrors"][0]["Message"].startswith("The contact name buzz lightyear")
    assert recorded["Elements"][0]["ValidationErrors"][0]["Message"] == DUPLICATE
    assert len(sim.entities(connected.tenant_ids[0], "contacts")) == 1


async def test_contact_name_of_archived_contact_can_be_reused(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    created = await client.put(
        URL, json={"Contacts": [{"Name": "Old Co"}]}, headers=connected.headers()
    )
    contact_id = created.json()["Contacts"][0]["ContactID"]
    archived = await client.post(
        f"{URL}/{contact_id}",
        json={"Contacts": [{"ContactStatus": "ARCHIVED"}]},
        headers=connected.headers(),
    )

    reused = await client.put(
        URL, json={"Contacts": [{"Name": "Old Co"}]}, headers=connected.headers()
    )

    assert archived.json()["Contacts"][0]["ContactStatus"] == "ARCHIVED"
    assert reused.status_code == 200


async def test_contact_names_are_unique_per_organisation_only(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    body = {"Contacts": [{"Name": "Shared Name"}]}

    one = await client.put(URL, json=body, headers=connected.headers(connected.tenant_ids[0]))
    two = await client.put(URL, json=body, headers=connected.headers(connected.tenant_ids[1]))

    assert (one.status_code, two.status_code) == (200, 200)


async def test_contact_post_with_contact_number_updates_existing(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    await client.put(
        URL, json={"Contacts": [{"Name": "A", "ContactNumber": "C-1"}]}, headers=connected.headers()
    )

    updated = await client.post(
        URL,
        json={"Contacts": [{"ContactNumber": "C-1", "EmailAddress": "a@example.com"}]},
        headers=connected.headers(),
    )

    assert updated.status_code == 200
    rows = sim.entities(connected.tenant_ids[0], "contacts")
    assert len(rows) == 1
    assert rows[0]["EmailAddress"] == "a@example.com"


async def test_contact_batch_summarize_false_mixes_ok_and_error(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    await client.put(URL, json={"Contacts": [{"Name": "Taken"}]}, headers=connected.headers())

    response = await client.put(
        URL,
        params={"summarizeErrors": "false"},
        json={"Contacts": [{"Name": "Fresh"}, {"Name": "Taken"}]},
        headers=connected.headers(),
    )

    assert response.status_code == 200
    statuses = [c["StatusAttributeString"] for c in response.json()["Contacts"]]
    assert statuses == ["OK", "ERROR"]


async def test_contact_get_list_shape_matches_fixture_keys(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    await client.put(URL, json={"Contacts": [{"Name": "Shape Co"}]}, headers=connected.headers())
    recorded = fixture("accounting_GET_Contacts_200.json")

    body = (await client.get(URL, params={"page": 1}, headers=connected.headers())).json()

    assert set(recorded) == set(body)
    assert body["DateTimeUTC"].startswith("/Date(")
    contact = body["Contacts"][0]
    expected = {
        "ContactID",
        "ContactStatus",
        "Name",
        "Addresses",
        "Phones",
        "UpdatedDateUTC",
        "ContactGroups",
        "IsSupplier",
        "IsCustomer",
        "ContactPersons",
        "HasAttachments",
        "HasValidationErrors",
    }
    assert expected <= set(contact) & set(recorded["Contacts"][0])
    assert contact["UpdatedDateUTC"].endswith("+0000)/")
