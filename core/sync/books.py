"""Reading the lists of the connected company's books that the sync settings choose from.

Settings such as the income account, the deposit account or the bad-debt item name a record of
the platform by the value the platform's calls take. A session that can list its accounts and
items (a :class:`BookCatalog`) lets a user pick those values from lists instead of typing ids.
A platform that answers later (its agent polls for work) reads them through queued requests
instead (a :class:`QueuedBookCatalog`), and the lists it brought are kept with the time it
brought them (:class:`BookRead`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from core.sync.records import RemotePaymentMethod


class AccountGroup(enum.StrEnum):
    """What an account is for, in the terms the settings need (platforms name types their way)."""

    INCOME = "INCOME"
    BANK = "BANK"
    EXPENSE = "EXPENSE"
    OTHER_ASSET = "OTHER_ASSET"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class RemoteAccount:
    """An active account of the chart of accounts.

    ``id`` is the value a setting takes (a QuickBooks account Id; a Xero account Code, or its
    AccountID when it has no code); ``kind`` is the platform's own account type.
    """

    id: str
    name: str
    kind: str
    group: AccountGroup


@dataclass(frozen=True, slots=True)
class RemoteCatalogItem:
    """An active product or service: ``id`` is the value a setting takes."""

    id: str
    name: str


@runtime_checkable
class BookCatalog(Protocol):
    """An optional session member: the platform lists its accounts and items."""

    async def list_accounts(self) -> list[RemoteAccount]:
        """The company's active accounts."""
        ...

    async def list_items(self) -> list[RemoteCatalogItem]:
        """The company's active items."""
        ...


@dataclass(frozen=True, slots=True)
class BookRead:
    """The lists as the platform's agent answered them, and when it brought the answers."""

    accounts: list[RemoteAccount]
    items: list[RemoteCatalogItem]
    payment_methods: list[RemotePaymentMethod]
    read_at: datetime


@runtime_checkable
class QueuedBookCatalog(Protocol):
    """An optional session member of platforms that answer later (``REQUEST_QUEUE``).

    The lists are read by requests the platform's agent (e.g. the QuickBooks Web Connector)
    takes on its next poll, so reading them may have to wait; nothing fails meanwhile.
    """

    async def read_book_lists(self, *, again: bool = False) -> BookRead:
        """The lists from the answers the agent brought.

        Raises :class:`~core.sync.ports.AwaitingProvider` while the reads are queued (queueing
        them when none are). ``again`` forgets the answers already brought and queues the reads
        anew; a read still queued or under way is kept, as its answer will be fresh.
        """
        ...
