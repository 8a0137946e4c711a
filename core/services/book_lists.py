"""The lists of a connection's books (accounts, items, payment methods) for the settings form.

Reading them calls the platform (Xero: three calls of the daily budget), so the settings page
asks once when it opens. A platform that refuses is reported as an error with the lists empty;
the connection's status is updated as after any provider call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.models import Connection
from core.services.connections import (
    LIVE_STATUSES,
    open_session,
    record_connection_failure,
)
from core.sync.books import BookCatalog, RemoteAccount, RemoteCatalogItem
from core.sync.payment_methods import PaymentMethodCatalog
from core.sync.ports import ProviderError
from core.sync.records import RemotePaymentMethod
from core.sync.session import ProviderEnv, ProviderKit


@dataclass(frozen=True, slots=True)
class BookLists:
    """What the company's books offer to choose from; ``error`` says why the lists are empty."""

    accounts: list[RemoteAccount] = field(default_factory=list)
    items: list[RemoteCatalogItem] = field(default_factory=list)
    payment_methods: list[RemotePaymentMethod] = field(default_factory=list)
    error: str | None = None


async def read_book_lists(
    kit: ProviderKit, env: ProviderEnv, connection: Connection
) -> BookLists | None:
    """The books' lists, or None when the connection cannot sync (nothing to read)."""
    if connection.status not in LIVE_STATUSES or not connection.remote_company_id:
        return None
    try:
        async with open_session(kit, env, connection) as session:
            accounts: list[RemoteAccount] = []
            items: list[RemoteCatalogItem] = []
            methods: list[RemotePaymentMethod] = []
            if isinstance(session, BookCatalog):
                accounts = await session.list_accounts()
                items = await session.list_items()
            if isinstance(session, PaymentMethodCatalog):
                methods = [m for m in await session.list_payment_methods() if m.active]
    except ProviderError as exc:
        await record_connection_failure(connection.id, exc)
        return BookLists(error=exc.message)
    return BookLists(
        accounts=sorted(accounts, key=lambda a: (a.group, a.name.casefold())),
        items=sorted(items, key=lambda i: i.name.casefold()),
        payment_methods=sorted(methods, key=lambda m: m.name.casefold()),
    )
