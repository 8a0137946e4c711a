"""AccountingConnection.books of a QuickBooks Desktop connection: the lists are queued for the
Web Connector, read on its next poll, kept as a copy with the time they were read, and read
again on refresh; waiting never fails the connection or creates a run."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from core.models import BookSnapshot, Connection, ProviderRequest, SyncRun
from core.models.enums import ConnectionStatus, RequestState
from integrations.quickbooks_desktop.ledger import RequestLedger
from tests.graph.accounting.desktop_support import desktop

BOOKS = """
query($id: ID!, $refresh: Boolean! = false) { connection(id: $id) {
  status lastError
  books(refresh: $refresh) {
    status readAt pendingSince error
    accounts { id name kind group } items { id name } paymentMethods { id name }
  } } }
"""


async def _books(gql, connection_id: str, *, refresh: bool = False) -> dict:  # type: ignore[no-untyped-def, type-arg]
    data = await gql.data(BOOKS, {"id": connection_id, "refresh": refresh})
    assert data["connection"]["status"] == "ACTIVE"
    return data["connection"]["books"]  # type: ignore[no-any-return]


async def test_books_of_desktop_before_the_poll_wait_without_failing_anything(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)

    books = await _books(gql, qbd.setup["connectionId"])

    assert books["status"] == "WAITING"
    assert books["pendingSince"] is not None
    assert books["readAt"] is None
    assert books["accounts"] == []
    assert books["items"] == []
    assert books["error"] is None
    connection = await Connection.get(id=qbd.connection.id)
    assert connection.status is ConnectionStatus.ACTIVE
    assert connection.last_error is None
    assert await SyncRun.all().count() == 0
    queued = await ProviderRequest.filter(connection_id=qbd.connection.id, run_id__isnull=True)
    assert sorted(e.operation for e in queued) == [
        "books.accounts",
        "books.items",
        "books.payment_methods",
    ]


async def test_books_of_desktop_asked_twice_before_the_poll_queue_the_reads_once(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    first = await _books(gql, qbd.setup["connectionId"])
    second = await _books(gql, qbd.setup["connectionId"])

    assert second["status"] == "WAITING"
    assert second["pendingSince"] == first["pendingSince"]
    assert await ProviderRequest.filter(connection_id=qbd.connection.id).count() == 3


async def test_books_of_desktop_after_the_poll_list_the_company_files_lists(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    await _books(gql, qbd.setup["connectionId"])

    report = await qbd.connector.run_session()
    books = await _books(gql, qbd.setup["connectionId"])

    assert report.outcome == "done"
    assert any("<AccountQueryRq" in text for text in report.requests)
    assert books["status"] == "READ"
    assert books["pendingSince"] is None
    assert books["readAt"] is not None
    by_group: dict[str, set[str]] = {}
    for account in books["accounts"]:
        by_group.setdefault(account["group"], set()).add(account["name"])
    assert by_group["INCOME"] == {"Sales", "Services"}
    assert by_group["BANK"] == {"Checking"}  # the inactive "Old Checking" is left out
    assert by_group["OTHER_ASSET"] == {"Undeposited Funds"}
    services = next(a for a in books["accounts"] if a["name"] == "Services")
    assert services == {"id": "80000005-1", "name": "Services", "kind": "Income", "group": "INCOME"}
    consulting = next(iter(qbd.company.items.values()))
    assert books["items"] == [{"id": consulting.stamp.id, "name": "Consulting"}]
    assert [m["name"] for m in books["paymentMethods"]] == ["Cash", "Check", "MasterCard", "Visa"]


async def test_books_of_desktop_once_read_answer_from_the_copy_without_queueing(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    await _books(gql, qbd.setup["connectionId"])
    await qbd.connector.run_session()
    read = await _books(gql, qbd.setup["connectionId"])
    qbd.company.add_item("Training")

    again = await _books(gql, qbd.setup["connectionId"])

    assert again == read
    snapshot = await BookSnapshot.get(connection_id=qbd.connection.id)
    assert snapshot.read_at is not None
    assert snapshot.requested_at is None
    waiting = await ProviderRequest.filter(
        connection_id=qbd.connection.id, state=RequestState.QUEUED
    ).count()
    assert waiting == 0


async def test_books_of_desktop_refreshed_wait_with_the_last_copy_then_read_anew(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    await _books(gql, qbd.setup["connectionId"])
    await qbd.connector.run_session()
    read = await _books(gql, qbd.setup["connectionId"])
    qbd.company.add_item("Training")

    waiting = await _books(gql, qbd.setup["connectionId"], refresh=True)
    await qbd.connector.run_session()
    fresh = await _books(gql, qbd.setup["connectionId"])

    assert waiting["status"] == "WAITING"
    assert waiting["pendingSince"] is not None
    assert waiting["items"] == read["items"]
    assert waiting["readAt"] == read["readAt"]
    assert fresh["status"] == "READ"
    assert [i["name"] for i in fresh["items"]] == ["Consulting", "Training"]
    assert datetime.fromisoformat(fresh["readAt"]) > datetime.fromisoformat(read["readAt"])


async def test_books_of_desktop_refresh_failing_midway_asks_again_next_time(
    gql, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    qbd = await desktop(gql, client)
    await _books(gql, qbd.setup["connectionId"])
    await qbd.connector.run_session()
    read = await _books(gql, qbd.setup["connectionId"])
    qbd.company.add_item("Training")

    async def broken(self: RequestLedger, asks: object) -> object:
        raise RuntimeError("the database went away after the old answers were forgotten")

    with monkeypatch.context() as patch:
        patch.setattr(RequestLedger, "ask", broken)
        failed = await gql.execute(BOOKS, {"id": qbd.setup["connectionId"], "refresh": True})
    assert failed.get("errors")
    kept = await _books(gql, qbd.setup["connectionId"])
    await qbd.connector.run_session()
    fresh = await _books(gql, qbd.setup["connectionId"])

    assert kept["status"] == "WAITING"
    assert kept["items"] == read["items"]
    assert [i["name"] for i in fresh["items"]] == ["Consulting", "Training"]


async def test_books_of_another_firms_desktop_connection_are_never_seen(
    gql, gql_factory, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    await _books(gql, qbd.setup["connectionId"])
    await qbd.connector.run_session()
    other = gql_factory(firm="firm-b")

    seen = await other.data(BOOKS, {"id": qbd.setup["connectionId"], "refresh": True})

    assert seen["connection"] is None
    assert await ProviderRequest.filter(state=RequestState.QUEUED).count() == 0
    assert (await _books(gql, qbd.setup["connectionId"]))["status"] == "READ"


async def test_books_of_desktop_refused_by_quickbooks_fail_without_failing_the_connection(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    await _books(gql, qbd.setup["connectionId"])
    await qbd.connector.run_session()
    # QuickBooks refused the AccountQuery (as a company file with a damaged list would).
    refused = (
        '<AccountQueryRs requestID="1" statusCode="3180" statusSeverity="Error" '
        'statusMessage="There was an error when querying the list." />'
    )
    await ProviderRequest.filter(operation="books.accounts").update(
        result=refused, status_code=3180
    )

    failed = await _books(gql, qbd.setup["connectionId"])
    await _books(gql, qbd.setup["connectionId"], refresh=True)
    await qbd.connector.run_session()
    read = await _books(gql, qbd.setup["connectionId"])

    assert failed["status"] == "FAILED"
    assert "error when querying" in failed["error"]
    assert failed["readAt"] is None
    connection = await Connection.get(id=qbd.connection.id)
    assert connection.status is ConnectionStatus.ACTIVE
    assert await SyncRun.all().count() == 0
    assert read["status"] == "READ"
    assert read["error"] is None
    assert {a["name"] for a in read["accounts"]} >= {"Services", "Checking"}
