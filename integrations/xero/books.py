"""The organisation's chart of accounts and item list, for choosing the sync settings.

An account is offered by its Code (what ``incomeAccountId``, ``depositAccountId`` and an
account ``badDebtItemId`` take), or by its AccountID when it has no code; an item by its ItemID.
"""

from __future__ import annotations

from integrations.base import AccountGroup, RemoteAccount, RemoteCatalogItem

from .client import XeroClient
from .wire import JSONObject

_GROUPS = {
    "REVENUE": AccountGroup.INCOME,
    "SALES": AccountGroup.INCOME,
    "OTHERINCOME": AccountGroup.INCOME,
    "BANK": AccountGroup.BANK,
    "EXPENSE": AccountGroup.EXPENSE,
    "OVERHEADS": AccountGroup.EXPENSE,
    "DIRECTCOSTS": AccountGroup.EXPENSE,
    "DEPRECIATN": AccountGroup.EXPENSE,
    "CURRENT": AccountGroup.OTHER_ASSET,
}


def account_from_xero(row: JSONObject) -> RemoteAccount | None:
    """An active account as offered in the settings; None for archived or unusable rows."""
    if row.get("Status") != "ACTIVE":
        return None
    key = row.get("Code") or row.get("AccountID")
    if not key:
        return None
    kind = str(row.get("Type") or "")
    return RemoteAccount(
        id=str(key),
        name=str(row.get("Name") or key),
        kind=kind,
        group=_GROUPS.get(kind, AccountGroup.OTHER),
    )


def item_from_xero(row: JSONObject) -> RemoteCatalogItem | None:
    """An item as offered in the settings (by ItemID)."""
    if not row.get("ItemID"):
        return None
    name = row.get("Name") or row.get("Code") or row["ItemID"]
    return RemoteCatalogItem(id=str(row["ItemID"]), name=str(name))


class XeroBooks:
    """The book-list half of :class:`~integrations.xero.provider.XeroProvider`."""

    client: XeroClient

    async def list_accounts(self) -> list[RemoteAccount]:
        """The organisation's active accounts (one call)."""
        rows = await self.client.rows("Accounts", "Accounts")
        return [a for a in map(account_from_xero, rows) if a is not None]

    async def list_items(self) -> list[RemoteCatalogItem]:
        """The organisation's items (one unpaged call)."""
        rows = await self.client.rows("Items", "Items")
        return [i for i in map(item_from_xero, rows) if i is not None]
