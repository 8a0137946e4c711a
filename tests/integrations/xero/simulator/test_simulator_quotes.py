"""Quotes: batches, summarizeErrors, idempotency, updates and status changes, incremental reads,
filters and paging, every exchange checked against Xero's spec."""

from __future__ import annotations

from typing import Any

import httpx

from integrations.xero.simulator import SimulatorState
from integrations.xero.simulator.openapi_check import XeroSpecs, XeroSpecValidator
from integrations.xero.simulator.testing import Connected, FakeClock

URL = "/api.xro/2.0/Quotes"


def quote(number: str | None, **extra: object) -> dict[str, object]:
    body: dict[str, object] = {
        "Contact": {"Name": "Acme Customer"},
        "Date": "2026-01-31",
        "ExpiryDate": "2026-02-28",
        "LineAmountTypes": "EXCLUSIVE",
        "Status": "SENT",
        "LineItems": [
            {
                "Description": "Consulting",
                "Quantity": 2,
                "UnitAmount": 50,
                "AccountCode": "200",
                "TaxType": "OUTPUT",
            }
        ],
    }
    if number is not None:
        body["QuoteNumber"] = number
    body.update(extra)
    return body


async def put(
    client: httpx.AsyncClient, connected: Connected, *quotes: dict[str, object], **params: str
) -> httpx.Response:
    return await client.put(
        URL, json={"Quotes": list(quotes)}, params=params, headers=connected.headers()
    )


async def created(client: httpx.AsyncClient, connected: Connected, body: dict[str, object]) -> str:
    response = await put(client, connected, body, summarizeErrors="false")
    (row,) = response.json()["Quotes"]
    assert row["StatusAttributeString"] == "OK", row
    return str(row["QuoteID"])


def _spec_example(specs: XeroSpecs, path: str, method: str) -> Any:
    node = specs.accounting.spec / "paths" / path / method / "responses" / "200"
    return (node / "content" / "application/json" / "example").read_value()


async def test_quote_put_computes_totals_dates_and_number(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState, specs: XeroSpecs
) -> None:
    response = await put(client, connected, quote(None), quote("Q-7", Status="DRAFT"))

    assert response.status_code == 200
    first, second = response.json()["Quotes"]
    assert (first["SubTotal"], first["TotalTax"], first["Total"]) == (100.0, 15.0, 115.0)
    assert first["Date"] == "/Date(1769817600000+0000)/"
    assert first["DateString"] == "2026-01-31T00:00:00"
    assert first["ExpiryDateString"] == "2026-02-28T00:00:00"
    assert (first["QuoteNumber"], first["Status"]) == ("QU-0001", "SENT")
    assert (second["QuoteNumber"], second["Status"]) == ("Q-7", "DRAFT")
    assert first["LineAmountTypes"] == "EXCLUSIVE"
    assert first["StatusAttributeString"] == "OK"
    recorded = _spec_example(specs, "/Quotes", "put")["Quotes"][0]
    assert set(recorded) - {"StatusAttributeString"} <= set(first)
    contact = sim.entity(connected.tenant_ids[0], "contacts", first["Contact"]["ContactID"])
    assert contact["IsCustomer"] is False  # a quote is not an accounts-receivable invoice


async def test_quote_line_amount_types_notax_inclusive_and_exclusive_by_default(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    unspecified = {k: v for k, v in quote("Q-3").items() if k != "LineAmountTypes"}

    response = await put(
        client,
        connected,
        quote("Q-1", LineAmountTypes="NOTAX"),
        quote("Q-2", LineAmountTypes="INCLUSIVE"),
        unspecified,
    )

    no_tax, inclusive, default = response.json()["Quotes"]
    assert (no_tax["TotalTax"], no_tax["Total"]) == (0.0, 100.0)
    assert no_tax["LineItems"][0]["TaxType"] == "NONE"
    assert (inclusive["SubTotal"], inclusive["TotalTax"], inclusive["Total"]) == (
        86.96,
        13.04,
        100.0,
    )
    assert (default["LineAmountTypes"], default["Total"]) == ("EXCLUSIVE", 115.0)


async def test_quote_batch_summarize_false_mixes_ok_and_error_with_200(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    undated = {k: v for k, v in quote("Q-2").items() if k != "Date"}
    no_contact = {k: v for k, v in quote("Q-3").items() if k != "Contact"}
    bad_account = quote(
        "Q-4",
        LineItems=[{"Description": "x", "Quantity": 1, "UnitAmount": 5, "AccountCode": "999"}],
    )

    response = await put(
        client,
        connected,
        quote("Q-1"),
        undated,
        no_contact,
        bad_account,
        quote("Q-1"),
        summarizeErrors="false",
    )

    assert response.status_code == 200
    rows = response.json()["Quotes"]
    assert [row["StatusAttributeString"] for row in rows] == ["OK", *["ERROR"] * 4]
    assert rows[1]["ValidationErrors"] == [{"Message": "Date is required"}]
    assert rows[2]["ValidationErrors"] == [{"Message": "The Contact is required for a quote"}]
    assert rows[3]["ValidationErrors"] == [
        {"Message": "Account code '999' is not a valid code for this document."}
    ]
    assert rows[4]["ValidationErrors"] == [{"Message": "Quote # must be unique."}]
    assert rows[4]["QuoteID"] == "00000000-0000-0000-0000-000000000000"
    assert [q["QuoteNumber"] for q in sim.entities(connected.tenant_ids[0], "quotes")] == ["Q-1"]


async def test_quote_batch_default_summarized_400_but_valid_ones_created(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    response = await put(client, connected, quote("Q-7"), quote("Q-8", Contact={}))

    assert response.status_code == 400
    body = response.json()
    assert (body["Type"], body["ErrorNumber"]) == ("ValidationException", 10)
    assert len(body["Elements"]) == 1
    assert "identify the contact" in body["Elements"][0]["ValidationErrors"][0]["Message"]
    assert [q["QuoteNumber"] for q in sim.entities(connected.tenant_ids[0], "quotes")] == ["Q-7"]


async def test_quote_idempotency_key_replays_original_response(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    headers = connected.headers() | {"Idempotency-Key": "quotes-42"}
    body = {"Quotes": [quote("Q-9")]}

    first = await client.put(URL, json=body, headers=headers, params={"summarizeErrors": "false"})
    second = await client.put(URL, json=body, headers=headers, params={"summarizeErrors": "false"})

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert len(sim.entities(connected.tenant_ids[0], "quotes")) == 1


async def test_quote_put_with_quote_id_creates_a_new_one_and_deleted_is_refused(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    quote_id = await created(client, connected, quote("Q-1"))

    response = await put(
        client,
        connected,
        quote("Q-2", QuoteID=quote_id),
        quote("Q-3", Status="DELETED"),
        summarizeErrors="false",
    )

    again, deleted = response.json()["Quotes"]
    assert again["StatusAttributeString"] == "OK"
    assert again["QuoteID"] != quote_id
    assert deleted["ValidationErrors"] == [{"Message": "Quote not of valid status for creation"}]
    assert len(sim.entities(connected.tenant_ids[0], "quotes")) == 2


async def test_quote_post_updates_by_quote_id_and_creates_without_one(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState, clock: FakeClock
) -> None:
    quote_id = await created(client, connected, quote("Q-1"))
    before = sim.entity(connected.tenant_ids[0], "quotes", quote_id)
    clock.advance(60)
    lines = [{"Description": "More", "Quantity": 3, "UnitAmount": 10, "AccountCode": "200"}]
    changed = quote("Q-1", QuoteID=quote_id, LineItems=lines, Reference="PO-1")
    del changed["Status"]
    unknown = quote("Q-5", QuoteID="6a65f055-b0e0-471a-a933-d1ffdd89393f")

    response = await client.post(
        URL,
        json={"Quotes": [changed, quote("Q-2"), unknown]},
        params={"summarizeErrors": "false"},
        headers=connected.headers(),
    )

    updated, new, missing = response.json()["Quotes"]
    assert updated["QuoteID"] == quote_id
    assert (updated["Total"], updated["Reference"]) == (34.5, "PO-1")
    assert updated["Status"] == "SENT"  # not sent again: kept
    assert updated["UpdatedDateUTC"] != before["UpdatedDateUTC"]
    assert new["StatusAttributeString"] == "OK"
    assert missing["ValidationErrors"] == [{"Message": "Quote could not be found"}]
    assert len(sim.entities(connected.tenant_ids[0], "quotes")) == 2


async def test_quote_status_changes_and_deleted_is_final(
    client: httpx.AsyncClient, connected: Connected, sim: SimulatorState
) -> None:
    quote_id = await created(client, connected, quote("Q-1"))
    url = f"{URL}/{quote_id}"
    keep = {"Contact": {"Name": "Acme Customer"}, "Date": "2026-01-31"}

    statuses = []
    for status in ("ACCEPTED", "INVOICED", "DELETED", "SENT"):
        response = await client.post(
            url,
            json={"Quotes": [{**keep, "Status": status}]},
            params={"summarizeErrors": "false"},
            headers=connected.headers(),
        )
        (row,) = response.json()["Quotes"]
        statuses.append((row["StatusAttributeString"], row["Status"]))
    status_only = await client.post(
        url,
        json={"Quotes": [{"Status": "SENT"}]},
        params={"summarizeErrors": "false"},
        headers=connected.headers(),
    )

    assert statuses == [
        ("OK", "ACCEPTED"),
        ("OK", "INVOICED"),
        ("OK", "DELETED"),
        ("ERROR", "DELETED"),
    ]
    (refused,) = status_only.json()["Quotes"]
    assert {e["Message"] for e in refused["ValidationErrors"]} == {
        "The Contact is required for a quote",
        "Date is required",
        "Quote not of valid status for modification",
    }
    assert sim.entity(connected.tenant_ids[0], "quotes", quote_id)["Status"] == "DELETED"


async def test_quote_get_one_and_unknown_is_404(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    quote_id = await created(client, connected, quote("Q-1"))

    found = await client.get(f"{URL}/{quote_id}", headers=connected.headers())
    missing = await client.get(
        f"{URL}/6a65f055-b0e0-471a-a933-d1ffdd89393f", headers=connected.headers()
    )
    unknown_post = await client.post(
        f"{URL}/6a65f055-b0e0-471a-a933-d1ffdd89393f",
        json={"Quotes": [quote("Q-2")]},
        headers=connected.headers(),
    )

    assert [q["QuoteNumber"] for q in found.json()["Quotes"]] == ["Q-1"]
    assert missing.status_code == unknown_post.status_code == 404
    assert missing.json()["Type"] == "ObjectNotFoundException"


async def test_quote_list_if_modified_since_and_filters(
    client: httpx.AsyncClient, connected: Connected, clock: FakeClock
) -> None:
    old = await created(client, connected, quote("Q-1", Date="2026-01-10"))
    clock.advance(600)
    await created(client, connected, quote("Q-2", Status="DRAFT", Contact={"Name": "Other Co"}))

    def numbers(response: httpx.Response) -> list[str]:
        assert response.status_code == 200
        return [str(q["QuoteNumber"]) for q in response.json()["Quotes"]]

    since = {"If-Modified-Since": "2026-01-01T00:05:00Z"}
    changed = await client.get(URL, headers=connected.headers() | since)
    drafts = await client.get(URL, params={"Status": "DRAFT"}, headers=connected.headers())
    by_number = await client.get(URL, params={"QuoteNumber": "Q-1"}, headers=connected.headers())
    dated = await client.get(
        URL, params={"DateFrom": "2026-01-20", "DateTo": "2026-02-01"}, headers=connected.headers()
    )
    one = (await client.get(f"{URL}/{old}", headers=connected.headers())).json()["Quotes"][0]
    contact_id = one["Contact"]["ContactID"]
    by_contact = await client.get(
        URL, params={"ContactID": contact_id}, headers=connected.headers()
    )

    assert numbers(changed) == numbers(drafts) == numbers(dated) == ["Q-2"]
    assert numbers(by_number) == numbers(by_contact) == ["Q-1"]


async def test_quote_list_pages_without_a_pagination_block(
    client: httpx.AsyncClient,
    connected: Connected,
    sim: SimulatorState,
    validator: XeroSpecValidator,
) -> None:
    sim.settings.page_size = 2  # Xero's is 100; two keeps the test small
    await put(client, connected, *(quote(f"Q-{n}") for n in range(5)))

    pages = []
    for number in (1, 2, 3, 4):
        response = await client.get(
            URL,
            params={"page": str(number), "order": "QuoteNumber DESC"},
            headers=connected.headers(),
        )
        assert "pagination" not in response.json()
        pages.append([q["QuoteNumber"] for q in response.json()["Quotes"]])

    assert pages == [["Q-4", "Q-3"], ["Q-2", "Q-1"], ["Q-0"], []]
    assert sum(1 for method, path, _ in validator.checked if (method, path) == ("GET", URL)) == 4


async def test_quote_changed_in_xero_through_the_control_api(
    client: httpx.AsyncClient, connected: Connected
) -> None:
    quote_id = await created(client, connected, quote("Q-1"))
    tenant = connected.tenant_ids[0]

    accepted = await client.post(
        f"/_control/organisations/{tenant}/quotes/{quote_id}", json={"Status": "ACCEPTED"}
    )
    listed = await client.get(f"/_control/organisations/{tenant}/quotes")

    assert accepted.status_code == 200
    assert accepted.json()["Status"] == "ACCEPTED"
    assert accepted.json()["Total"] == 115.0  # lines, contact and date unchanged
    assert [q["Status"] for q in listed.json()] == ["ACCEPTED"]
