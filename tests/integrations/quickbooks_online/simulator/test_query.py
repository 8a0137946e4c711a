"""The query language subset: filters, ordering, paging, COUNT, and parser errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from integrations.quickbooks_online.simulator import ManualClock, SimulatorState
from integrations.quickbooks_online.simulator.testing import Connection, Payload

FixtureJson = Callable[[str], Any]


@pytest.fixture
async def customers(qbo: Connection) -> list[Payload]:
    names = ["Delta", "alpha", "Charlie", "Bravo", "Echo"]
    return [await qbo.customer(name, Notes=str(i)) for i, name in enumerate(names)]


async def test_query_select_all_matches_recorded_response_shape(
    qbo: Connection, customers: list[Payload], fixture_json: FixtureJson
) -> None:
    response = await qbo.query("SELECT * FROM Customer MAXRESULTS 1000 STARTPOSITION 1")

    recorded = fixture_json("query_customer_response.json")
    body = response.json()
    assert response.status_code == 200
    assert set(body) == set(recorded)
    assert set(body["QueryResponse"]) == set(recorded["QueryResponse"])
    assert body["QueryResponse"]["startPosition"] == 1
    assert body["QueryResponse"]["maxResults"] == 5
    minimal = next(c for c in recorded["QueryResponse"]["Customer"] if c["Id"] == "70")
    assert set(minimal) <= set(body["QueryResponse"]["Customer"][0])


async def test_query_where_equals_finds_one(qbo: Connection, customers: list[Payload]) -> None:
    response = await qbo.query("select * from customer where DisplayName = 'Charlie'")

    rows = response.json()["QueryResponse"]["Customer"]
    assert [row["DisplayName"] for row in rows] == ["Charlie"]


async def test_query_where_primary_email_matches_the_address_case_blind(qbo: Connection) -> None:
    await qbo.customer("Jane", PrimaryEmailAddr={"Address": "jane@example.com"})
    await qbo.customer("John", PrimaryEmailAddr={"Address": "john@example.com"})
    await qbo.customer("No Mail")

    exact = await qbo.query("SELECT * FROM Customer WHERE PrimaryEmailAddr = 'JANE@example.com'")
    like = await qbo.query("SELECT * FROM Customer WHERE PrimaryEmailAddr LIKE '%@example.com'")
    none = await qbo.query("SELECT * FROM Customer WHERE PrimaryEmailAddr = 'x@example.com'")

    assert [row["DisplayName"] for row in exact.json()["QueryResponse"]["Customer"]] == ["Jane"]
    assert [row["DisplayName"] for row in like.json()["QueryResponse"]["Customer"]] == [
        "Jane",
        "John",
    ]
    assert "Customer" not in none.json()["QueryResponse"]


async def test_query_orderby_desc_with_paging_is_one_based(
    qbo: Connection, customers: list[Payload]
) -> None:
    response = await qbo.query(
        "SELECT * FROM Customer ORDERBY DisplayName DESC STARTPOSITION 2 MAXRESULTS 2"
    )

    result = response.json()["QueryResponse"]
    assert [row["DisplayName"] for row in result["Customer"]] == ["Delta", "Charlie"]
    assert result["startPosition"] == 2
    assert result["maxResults"] == 2


async def test_query_default_order_is_by_id(qbo: Connection, customers: list[Payload]) -> None:
    response = await qbo.query("SELECT * FROM Customer")

    ids = [int(row["Id"]) for row in response.json()["QueryResponse"]["Customer"]]
    assert ids == sorted(ids)


async def test_query_maxresults_defaults_to_100_and_caps_at_1000(
    qbo: Connection, state: SimulatorState
) -> None:
    realm = state.realm(qbo.realm_id)
    for i in range(120):
        state.accounting.create(realm, "Customer", {"DisplayName": f"C{i}"}, origin="seed")

    default = await qbo.query("SELECT * FROM Customer")
    capped = await qbo.query("SELECT * FROM Customer MAXRESULTS 5000")

    assert default.json()["QueryResponse"]["maxResults"] == 100
    assert capped.json()["QueryResponse"]["maxResults"] == 120


async def test_query_count_returns_total_count_only(
    qbo: Connection, customers: list[Payload]
) -> None:
    response = await qbo.query("SELECT COUNT(*) FROM Customer WHERE DisplayName > 'C'")

    assert response.json()["QueryResponse"] == {"totalCount": 3}


async def test_query_no_rows_omits_entity_key(qbo: Connection, customers: list[Payload]) -> None:
    response = await qbo.query("SELECT * FROM Customer WHERE DisplayName = 'Nobody'")

    assert response.status_code == 200
    assert "Customer" not in response.json()["QueryResponse"]


async def test_query_in_and_like_filters(qbo: Connection, customers: list[Payload]) -> None:
    in_rows = await qbo.query("SELECT * FROM Customer WHERE Id IN ('1', '3', '99')")
    like_rows = await qbo.query("SELECT * FROM Customer WHERE DisplayName LIKE '%ha%'")

    assert [r["Id"] for r in in_rows.json()["QueryResponse"]["Customer"]] == ["1", "3"]
    names = [r["DisplayName"] for r in like_rows.json()["QueryResponse"]["Customer"]]
    assert names == ["alpha", "Charlie"]


async def test_query_dotted_reference_and_numeric_comparison(qbo: Connection) -> None:
    a = await qbo.customer("A")
    b = await qbo.customer("B")
    await qbo.invoice(a["Id"], 10.0)
    big = await qbo.invoice(b["Id"], 500.0)
    await qbo.invoice(b["Id"], 20.0)

    response = await qbo.query(
        f"SELECT * FROM Invoice WHERE CustomerRef = '{b['Id']}' AND TotalAmt >= '100'"  # noqa: S608
    )

    assert [r["Id"] for r in response.json()["QueryResponse"]["Invoice"]] == [big["Id"]]


async def test_query_last_updated_time_filter_uses_time_order(
    qbo: Connection, clock: ManualClock
) -> None:
    old = await qbo.customer("Old")
    clock.advance(600)
    cutoff = clock.now().isoformat()
    clock.advance(60)
    await qbo.post("customer", {"Id": old["Id"], "SyncToken": "0", "sparse": True, "Notes": "n"})
    await qbo.customer("New")

    response = await qbo.query(
        f"SELECT * FROM Customer WHERE MetaData.LastUpdatedTime > '{cutoff}' ORDERBY Id"  # noqa: S608
    )

    rows = response.json()["QueryResponse"]["Customer"]
    assert [r["DisplayName"] for r in rows] == ["Old", "New"]


async def test_query_inactive_names_hidden_unless_asked(qbo: Connection) -> None:
    gone = await qbo.customer("Gone")
    await qbo.post(
        "customer", {"Id": gone["Id"], "SyncToken": "0", "sparse": True, "Active": False}
    )

    default = await qbo.query("SELECT * FROM Customer")
    inactive = await qbo.query("SELECT * FROM Customer WHERE Active = false")

    assert "Customer" not in default.json()["QueryResponse"]
    assert [r["Id"] for r in inactive.json()["QueryResponse"]["Customer"]] == [gone["Id"]]


async def test_query_posted_as_text_body(qbo: Connection, customers: list[Payload]) -> None:
    response = await qbo.http.post(
        qbo.url("query"),
        content=b"SELECT COUNT(*) FROM Customer",
        headers={**qbo.headers, "Content-Type": "application/text"},
    )

    assert response.json()["QueryResponse"]["totalCount"] == 5


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM Customer WHERE DisplayName = 'a' OR DisplayName = 'b'",
        "SELECT * FROM Customer JOIN Invoice",
        "SELECT * FROM Customer GROUP BY DisplayName",
        "SELECT * Customer",
        "SELECT * FROM Customer WHERE DisplayName = ",
        "SELECT * FROM Customer MAXRESULTS ten",
    ],
)
async def test_query_unsupported_syntax_answers_query_parser_error(
    qbo: Connection, text: str
) -> None:
    response = await qbo.query(text)

    error = response.json()["Fault"]["Error"][0]
    assert response.status_code == 400
    assert response.json()["Fault"]["type"] == "ValidationFault"
    assert error["code"] == "4000"
    assert error["Message"] == "Error parsing query"
    assert error["Detail"].startswith("QueryParserError:")


async def test_query_unknown_entity_answers_4001(qbo: Connection) -> None:
    response = await qbo.query("SELECT * FROM Spaceship")

    assert qbo.codes(response) == ["4001"]
