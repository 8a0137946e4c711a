"""GraphQL types of the lists read from a connected company's books (accounts, items, methods)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from core.services.book_lists import BookLists, BookListsStatus
from core.sync.books import AccountGroup

strawberry.enum(
    AccountGroup,
    description="What an account is for: INCOME (income and sales), BANK, EXPENSE, "
    "OTHER_ASSET (such as QuickBooks' Undeposited Funds) or OTHER.",
)
strawberry.enum(
    BookListsStatus,
    description="Where the lists stand. READ: they are those read at `readAt`. WAITING: a read "
    "is queued for the platform's connector on the customer's computer (the QuickBooks Web "
    "Connector) since `pendingSince` and is answered on its next poll; the lists are those of "
    "the last read (empty before the first). FAILED: the platform refused the read (`error`).",
)


@strawberry.type(description="An active account of the connected company's chart of accounts.")
class BookAccount:
    """One account, offered by the value the settings take."""

    id: str = strawberry.field(
        description="The value the account settings take: a QuickBooks Online account Id; a "
        "Xero account Code (its AccountID when it has no code); a QuickBooks Desktop ListID."
    )
    name: str = strawberry.field(description="The account's name at the platform.")
    kind: str = strawberry.field(
        description="The platform's own account type, e.g. `Income`, `Bank` or `REVENUE`."
    )
    group: AccountGroup = strawberry.field(description="What the account is for.")


@strawberry.type(description="An active product or service of the connected company.")
class BookItem:
    """One item, offered by the value the settings take."""

    id: str = strawberry.field(
        description="The value `defaultItemId` and `badDebtItemId` take: a QuickBooks Online "
        "item Id; a Xero ItemID; a QuickBooks Desktop ListID (items an invoice line can carry)."
    )
    name: str = strawberry.field(description="The item's name at the platform.")


@strawberry.type(description="A payment method the connected company lists.")
class BookPaymentMethod:
    """One payment method; the settings name methods by `name`."""

    id: str = strawberry.field(description="The method's id at the platform.")
    name: str = strawberry.field(description="The method's name, as `paymentMethods` names it.")


@strawberry.type(
    name="BookLists",
    description="What the connected company's books offer to choose the settings from. Read "
    "from the platform when asked (Xero: counts against the daily call budget); platforms whose "
    "connector answers later (QuickBooks Desktop) keep a copy, read on the connector's next poll "
    "after the first request or a refresh (`books(refresh: true)`).",
)
class BookListsNode:
    """The lists, or why they could not be read."""

    accounts: list[BookAccount] = strawberry.field(
        description="Active accounts, grouped by `group`, then by name."
    )
    items: list[BookItem] = strawberry.field(description="Active items, by name.")
    payment_methods: list[BookPaymentMethod] = strawberry.field(
        description="Active payment methods, by name. Empty on platforms where a payment's "
        "method is free text (Xero)."
    )
    error: str | None = strawberry.field(
        description="Why the platform could not be read (the lists are then empty, or the last "
        "copy read); the connection's status and `lastError` say more."
    )
    status: BookListsStatus = strawberry.field(
        description="READ, WAITING for the platform's connector, or FAILED (see `error`)."
    )
    read_at: datetime | None = strawberry.field(
        description="When the lists were read from the platform: now for platforms Ledgersync "
        "calls; when the connector brought them for platforms that answer later. Null before "
        "the first read."
    )
    pending_since: datetime | None = strawberry.field(
        description="While WAITING: when the read the connector has not answered yet was "
        "asked for. Null otherwise."
    )

    @classmethod
    def from_lists(cls, lists: BookLists) -> BookListsNode:
        """Build from the core value."""
        return cls(
            accounts=[
                BookAccount(id=a.id, name=a.name, kind=a.kind, group=a.group)
                for a in lists.accounts
            ],
            items=[BookItem(id=i.id, name=i.name) for i in lists.items],
            payment_methods=[
                BookPaymentMethod(id=m.id, name=m.name) for m in lists.payment_methods
            ],
            error=lists.error,
            status=lists.status,
            read_at=lists.read_at,
            pending_since=lists.pending_since,
        )
