"""syncRuns, syncRun and activities: firm scoping, filters, pagination and query counts."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.models import Activity, Connection, Firm, User
from core.models.enums import (
    ActivitySource,
    ConnectionStatus,
    Provider,
    SyncKind,
    SyncRunStatus,
)
from core.services.activity import record_activity
from graph.ids import encode_id
from tests.graph.hostile import FORGED_CURSORS

SYNC_RUNS = """
query($first: Int, $after: String, $kind: SyncKind, $status: SyncRunStatus) {
  syncRuns(first: $first, after: $after, kind: $kind, status: $status) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id kind trigger status total processed createdAt
                   startedBy { externalId } } }
  }
}
"""

SYNC_RUN = """
query($id: ID!, $first: Int) {
  syncRun(id: $id) {
    id kind status trigger succeeded failed skipped error startedAt finishedAt
    startedBy { externalId }
    items(first: $first) {
      totalCount
      edges { node { entity label outcome localId } }
    }
  }
}
"""

ACTIVITIES = """
query($first: Int, $after: String, $subjectId: ID) {
  activities(first: $first, after: $after, subjectId: $subjectId) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { action source subjectType subjectId description ipAddress createdAt
                   actor { externalId } } }
  }
}
"""


async def test_sync_runs_lists_own_firm_newest_first(gql, make_runs) -> None:
    runs = await make_runs(3)
    other = await Firm.create(external_id="firm-b")
    await make_runs(2, of=other)
    data = await gql.data(SYNC_RUNS)
    ids = [edge["node"]["id"] for edge in data["syncRuns"]["edges"]]
    assert ids == [encode_id("SyncRun", run.id) for run in reversed(runs)]
    assert data["syncRuns"]["totalCount"] == 3
    assert data["syncRuns"]["edges"][0]["node"]["startedBy"] == {"externalId": "firm-a-starter-2"}


async def test_sync_runs_pages_with_after(gql, make_runs) -> None:
    await make_runs(3)
    first = await gql.data(SYNC_RUNS, {"first": 2})
    assert first["syncRuns"]["pageInfo"]["hasNextPage"] is True
    cursor = first["syncRuns"]["pageInfo"]["endCursor"]
    second = await gql.data(SYNC_RUNS, {"first": 2, "after": cursor})
    assert len(second["syncRuns"]["edges"]) == 1
    assert second["syncRuns"]["pageInfo"]["hasNextPage"] is False


async def test_sync_runs_filters_by_kind_and_status(gql, make_runs) -> None:
    runs = await make_runs(2)
    runs[0].status = SyncRunStatus.SUCCEEDED
    await runs[0].save()
    data = await gql.data(SYNC_RUNS, {"status": "SUCCEEDED", "kind": "OVERDUE_SWEEP"})
    assert [e["node"]["id"] for e in data["syncRuns"]["edges"]] == [
        encode_id("SyncRun", runs[0].id)
    ]
    none = await gql.data(SYNC_RUNS, {"kind": SyncKind.PUSH_INVOICES.value})
    assert none["syncRuns"]["edges"] == []


BY_CONNECTION = """
query($connectionId: ID, $status: SyncRunStatus) {
  syncRuns(connectionId: $connectionId, status: $status) { edges { node { id } } }
}
"""


async def _connection_of(firm: Firm) -> Connection:
    return await Connection.create(
        firm=firm, provider=Provider.QUICKBOOKS_DESKTOP, status=ConnectionStatus.ACTIVE
    )


async def test_sync_runs_filtered_by_connection_lists_only_that_connections_runs(
    gql, make_runs
) -> None:
    runs = await make_runs(3)
    firm = await Firm.get(id=runs[0].firm_id)  # type: ignore[attr-defined]
    mine, old = await _connection_of(firm), await _connection_of(firm)
    runs[0].connection_id = mine.id
    runs[0].status = SyncRunStatus.WAITING
    await runs[0].save()
    runs[1].connection_id = old.id
    runs[1].status = SyncRunStatus.WAITING
    await runs[1].save()

    data = await gql.data(
        BY_CONNECTION,
        {"connectionId": encode_id("AccountingConnection", mine.id), "status": "WAITING"},
    )

    assert [e["node"]["id"] for e in data["syncRuns"]["edges"]] == [
        encode_id("SyncRun", runs[0].id)
    ]


async def test_sync_runs_filtered_by_another_firms_connection_is_empty(gql, make_runs) -> None:
    other = await Firm.create(external_id="firm-b")
    (theirs,) = await make_runs(1, of=other)
    connection = await _connection_of(other)
    theirs.connection_id = connection.id
    await theirs.save()

    data = await gql.data(
        BY_CONNECTION, {"connectionId": encode_id("AccountingConnection", connection.id)}
    )

    assert data["syncRuns"]["edges"] == []


async def test_sync_runs_filtered_by_a_malformed_connection_id_is_bad_request(
    gql, make_runs
) -> None:
    await make_runs(1)
    for bad in ("not-an-id", encode_id("SyncRun", uuid4())):
        body = await gql.execute(BY_CONNECTION, {"connectionId": bad})
        assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST", bad
        assert body["data"] is None


async def test_sync_runs_bad_first_is_bad_request(gql, firm) -> None:
    body = await gql.execute(SYNC_RUNS, {"first": 0})
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "first" in body["errors"][0]["message"]


async def test_sync_runs_query_count_does_not_grow_with_page_size(
    gql, make_runs, count_queries
) -> None:
    await make_runs(6)
    with count_queries() as small:
        await gql.data(SYNC_RUNS, {"first": 2})
    with count_queries() as large:
        await gql.data(SYNC_RUNS, {"first": 6})
    assert large.count == small.count, large.statements


async def test_sync_run_returns_counters_and_items(gql, make_runs) -> None:
    [run] = await make_runs(1, items=3)
    data = await gql.data(SYNC_RUN, {"id": encode_id("SyncRun", run.id), "first": 2})
    node = data["syncRun"]
    assert node["status"] == "QUEUED"
    assert node["trigger"] == "USER"
    assert node["startedBy"] == {"externalId": "firm-a-starter-0"}
    assert node["items"]["totalCount"] == 3
    assert len(node["items"]["edges"]) == 2
    assert node["items"]["edges"][0]["node"]["outcome"] == "SUCCEEDED"


async def test_sync_run_of_other_firm_is_null(gql, make_runs, firm) -> None:
    other = await Firm.create(external_id="firm-b")
    [run] = await make_runs(1, of=other)
    data = await gql.data(SYNC_RUN, {"id": encode_id("SyncRun", run.id)})
    assert data["syncRun"] is None


async def test_sync_run_malformed_id_is_bad_request(gql, firm) -> None:
    body = await gql.execute(SYNC_RUN, {"id": "nope"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_sync_run_items_query_count_does_not_grow_with_page_size(
    gql, make_runs, count_queries
) -> None:
    [run] = await make_runs(1, items=6)
    variables = {"id": encode_id("SyncRun", run.id)}
    with count_queries() as small:
        await gql.data(SYNC_RUN, {**variables, "first": 2})
    with count_queries() as large:
        await gql.data(SYNC_RUN, {**variables, "first": 6})
    assert large.count == small.count, large.statements


async def _activities(firm: Firm, n: int, subject_id=None) -> None:  # type: ignore[no-untyped-def]
    for index in range(n):
        actor = await User.create(external_id=f"actor-{firm.external_id}-{index}-{subject_id}")
        await record_activity(
            firm_id=firm.id,
            actor_id=actor.id,
            action="invoice.issued",
            subject_type="Invoice",
            subject_id=subject_id,
            description=f"entry {index}",
            ip_address="10.0.0.9",
        )


async def test_activities_lists_own_firm_with_actor(gql, firm) -> None:
    await _activities(firm, 2)
    await _activities(await Firm.create(external_id="firm-b"), 3)
    data = await gql.data(ACTIVITIES)
    nodes = [e["node"] for e in data["activities"]["edges"]]
    assert data["activities"]["totalCount"] == 2
    assert [n["description"] for n in nodes] == ["entry 1", "entry 0"]
    assert nodes[0]["actor"]["externalId"].startswith("actor-firm-a-1")
    assert nodes[0]["source"] == "USER"
    assert nodes[0]["ipAddress"] == "10.0.0.9"


async def test_activities_filter_by_subject_id(gql, firm) -> None:
    import uuid

    subject = uuid.uuid4()
    await _activities(firm, 2)
    await _activities(firm, 1, subject_id=subject)
    data = await gql.data(ACTIVITIES, {"subjectId": encode_id("Invoice", subject)})
    nodes = [e["node"] for e in data["activities"]["edges"]]
    assert len(nodes) == 1
    assert nodes[0]["subjectId"] == encode_id("Invoice", subject)
    assert nodes[0]["subjectType"] == "Invoice"


async def test_activities_system_entry_has_no_actor(gql, firm) -> None:
    await Activity.create(
        firm=firm,
        source=ActivitySource.SYSTEM,
        action="invoice.overdue",
        subject_type="Invoice",
        description="overdue",
    )
    data = await gql.data(ACTIVITIES)
    node = data["activities"]["edges"][0]["node"]
    assert node["actor"] is None
    assert node["source"] == "SYSTEM"


async def test_activities_malformed_subject_id_is_bad_request(gql, firm) -> None:
    body = await gql.execute(ACTIVITIES, {"subjectId": "%%%"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_activities_query_count_does_not_grow_with_page_size(
    gql, firm, count_queries
) -> None:
    await _activities(firm, 6)
    with count_queries() as small:
        await gql.data(ACTIVITIES, {"first": 2})
    with count_queries() as large:
        await gql.data(ACTIVITIES, {"first": 6})
    assert large.count == small.count, large.statements


ACTIVITIES_FILTERED = """
query($source: ActivitySource, $subjectType: String) {
  activities(source: $source, subjectType: $subjectType) {
    totalCount edges { node { source subjectType description } } } }"""


async def test_activities_filter_by_source_and_subject_type(gql, firm) -> None:
    await _activities(firm, 2)
    for subject_type in ("Invoice", "Customer"):
        await Activity.create(
            firm=firm,
            source=ActivitySource.SYSTEM,
            action="x.y",
            subject_type=subject_type,
            description=f"system {subject_type}",
        )
    system = await gql.data(ACTIVITIES_FILTERED, {"source": "SYSTEM"})
    customers = await gql.data(ACTIVITIES_FILTERED, {"subjectType": "Customer"})
    both = await gql.data(ACTIVITIES_FILTERED, {"source": "USER", "subjectType": "Invoice"})
    assert system["activities"]["totalCount"] == 2
    assert {e["node"]["source"] for e in system["activities"]["edges"]} == {"SYSTEM"}
    assert [e["node"]["description"] for e in customers["activities"]["edges"]] == [
        "system Customer"
    ]
    assert both["activities"]["totalCount"] == 2


@pytest.mark.parametrize("cursor", FORGED_CURSORS)
async def test_activities_with_forged_cursor_is_bad_request_or_a_page(gql, cursor) -> None:
    body = await gql.execute(ACTIVITIES, {"after": cursor})
    if body.get("errors"):
        assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    else:
        assert body["data"]["activities"]["edges"] == []
