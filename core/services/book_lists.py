"""The lists of a connection's books (accounts, items, payment methods) for the settings form.

Reading them calls the platform (Xero: three calls of the daily budget), so the settings page
asks once when it opens. A platform that refuses is reported as an error with the lists empty;
the connection's status is updated as after any provider call.

A platform that answers later (capability ``REQUEST_QUEUE``: its agent polls for work) cannot
be read while the page waits. Its lists come from a stored copy (:class:`BookSnapshot`): the
first time they are asked for, and each time a refresh is asked, the session queues the reads
for the agent's next poll and the lists say WAITING; once the agent has brought the answers,
the next read stores them with the time they were brought. Waiting is not a failure: the
connection's status is left alone and no sync run is created.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from core.models import BookSnapshot, Connection
from core.services.connections import (
    LIVE_STATUSES,
    open_session,
    record_connection_failure,
)
from core.sync.books import (
    AccountGroup,
    BookCatalog,
    BookRead,
    QueuedBookCatalog,
    RemoteAccount,
    RemoteCatalogItem,
)
from core.sync.payment_methods import PaymentMethodCatalog
from core.sync.ports import AwaitingProvider, Capability, ProviderError
from core.sync.records import RemotePaymentMethod
from core.sync.session import ProviderEnv, ProviderKit


class BookListsStatus(enum.StrEnum):
    """Where the lists stand: read, waiting for the platform's agent, or not readable."""

    READ = "READ"
    WAITING = "WAITING"
    FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class BookLists:
    """What the company's books offer to choose from; ``error`` says why they are not read.

    ``read_at`` is when the lists were read from the platform (null before the first read);
    ``pending_since`` is when a read still waiting for the platform's agent was asked for.
    """

    accounts: list[RemoteAccount] = field(default_factory=list)
    items: list[RemoteCatalogItem] = field(default_factory=list)
    payment_methods: list[RemotePaymentMethod] = field(default_factory=list)
    error: str | None = None
    status: BookListsStatus = BookListsStatus.READ
    read_at: datetime | None = None
    pending_since: datetime | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _sorted(
    accounts: list[RemoteAccount],
    items: list[RemoteCatalogItem],
    methods: list[RemotePaymentMethod],
) -> tuple[list[RemoteAccount], list[RemoteCatalogItem], list[RemotePaymentMethod]]:
    return (
        sorted(accounts, key=lambda a: (a.group, a.name.casefold())),
        sorted(items, key=lambda i: i.name.casefold()),
        sorted((m for m in methods if m.active), key=lambda m: m.name.casefold()),
    )


async def read_book_lists(
    kit: ProviderKit, env: ProviderEnv, connection: Connection, *, refresh: bool = False
) -> BookLists | None:
    """The books' lists, or None when the connection cannot sync (nothing to read).

    ``refresh`` reads them again where a copy is kept (platforms that answer later); platforms
    Ledgersync calls are read afresh every time.
    """
    if connection.status not in LIVE_STATUSES or not connection.remote_company_id:
        return None
    if Capability.REQUEST_QUEUE in kit.capabilities:
        return await _read_queued(kit, env, connection, refresh=refresh)
    try:
        async with open_session(kit, env, connection) as session:
            accounts: list[RemoteAccount] = []
            items: list[RemoteCatalogItem] = []
            methods: list[RemotePaymentMethod] = []
            if isinstance(session, BookCatalog):
                accounts = await session.list_accounts()
                items = await session.list_items()
            if isinstance(session, PaymentMethodCatalog):
                methods = await session.list_payment_methods()
    except ProviderError as exc:
        await record_connection_failure(connection.id, exc)
        return BookLists(error=exc.message, status=BookListsStatus.FAILED)
    accounts, items, methods = _sorted(accounts, items, methods)
    return BookLists(accounts=accounts, items=items, payment_methods=methods, read_at=_now())


# --- platforms that answer later --------------------------------------------------------------


async def _snapshot(connection: Connection) -> BookSnapshot:
    found = await BookSnapshot.get_or_none(connection_id=connection.id)
    if found is not None:
        return found
    try:
        return await BookSnapshot.create(connection_id=connection.id)
    except IntegrityError:
        # Another request created it first.
        return await BookSnapshot.get(connection_id=connection.id)


async def _read_queued(
    kit: ProviderKit, env: ProviderEnv, connection: Connection, *, refresh: bool
) -> BookLists:
    snapshot = await _snapshot(connection)
    known = snapshot.read_at is not None
    if known and snapshot.requested_at is None and not refresh:
        return _from_snapshot(snapshot, BookListsStatus.READ)
    # A refresh while a read waits keeps that read: its answer, once brought, is fresh.
    again = refresh and snapshot.requested_at is None
    if snapshot.requested_at is None:
        # Recorded before the reads are queued, so a failure in between asks again next time.
        snapshot.requested_at = _now()
        await snapshot.save(update_fields=["requested_at", "updated_at"])
    try:
        async with open_session(kit, env, connection) as session:
            if not isinstance(session, QueuedBookCatalog):
                return BookLists(read_at=_now())
            read = await session.read_book_lists(again=again)
    except AwaitingProvider:
        return _from_snapshot(snapshot, BookListsStatus.WAITING)
    except ProviderError as exc:
        # The agent answered with a refusal: not a connection failure; the copy stays, and
        # nothing waits any more (a refresh asks again).
        snapshot.requested_at = None
        await snapshot.save(update_fields=["requested_at", "updated_at"])
        lists = _from_snapshot(snapshot, BookListsStatus.FAILED)
        return BookLists(
            accounts=lists.accounts,
            items=lists.items,
            payment_methods=lists.payment_methods,
            error=exc.message,
            status=BookListsStatus.FAILED,
            read_at=lists.read_at,
        )
    return await _store(snapshot, read)


async def _store(snapshot: BookSnapshot, read: BookRead) -> BookLists:
    accounts, items, methods = _sorted(read.accounts, read.items, read.payment_methods)
    snapshot.lists = {
        "accounts": [
            {"id": a.id, "name": a.name, "kind": a.kind, "group": a.group.value} for a in accounts
        ],
        "items": [{"id": i.id, "name": i.name} for i in items],
        "payment_methods": [{"id": m.id, "name": m.name} for m in methods],
    }
    snapshot.read_at = read.read_at
    snapshot.requested_at = None
    await snapshot.save(update_fields=["lists", "read_at", "requested_at", "updated_at"])
    return BookLists(accounts=accounts, items=items, payment_methods=methods, read_at=read.read_at)


def _rows(lists: dict[str, object], key: str) -> list[dict[str, str]]:
    rows = lists.get(key)
    if not isinstance(rows, list):
        return []
    return [
        {str(k): str(v) for k, v in row.items()}
        for row in rows
        if isinstance(row, dict) and "id" in row
    ]


def _group(text: str) -> AccountGroup:
    try:
        return AccountGroup(text)
    except ValueError:
        return AccountGroup.OTHER


def _from_snapshot(snapshot: BookSnapshot, status: BookListsStatus) -> BookLists:
    lists = snapshot.lists or {}
    return BookLists(
        accounts=[
            RemoteAccount(r["id"], r.get("name", ""), r.get("kind", ""), _group(r.get("group", "")))
            for r in _rows(lists, "accounts")
        ],
        items=[RemoteCatalogItem(r["id"], r.get("name", "")) for r in _rows(lists, "items")],
        payment_methods=[
            RemotePaymentMethod(r["id"], r.get("name", "")) for r in _rows(lists, "payment_methods")
        ],
        status=status,
        read_at=snapshot.read_at,
        pending_since=snapshot.requested_at if status is BookListsStatus.WAITING else None,
    )
