"""The company's chart of accounts and item list, for choosing the sync settings.

Accounts and items are offered by their Id, the value ``incomeAccountId``, ``depositAccountId``,
``refundAccountId``, ``defaultItemId`` and ``badDebtItemId`` take.
"""

from __future__ import annotations

from integrations.base import AccountGroup, RemoteAccount, RemoteCatalogItem

from .client import QboClient
from .wire import JSONObject

_GROUPS = {
    "Income": AccountGroup.INCOME,
    "Other Income": AccountGroup.INCOME,
    "Bank": AccountGroup.BANK,
    "Expense": AccountGroup.EXPENSE,
    "Other Expense": AccountGroup.EXPENSE,
    "Cost of Goods Sold": AccountGroup.EXPENSE,
    "Other Current Asset": AccountGroup.OTHER_ASSET,
}


def account_from_qbo(row: JSONObject) -> RemoteAccount | None:
    """An active account as offered in the settings."""
    if not row.get("Id") or row.get("Active") is False:
        return None
    kind = str(row.get("AccountType") or "")
    return RemoteAccount(
        id=str(row["Id"]),
        name=str(row.get("FullyQualifiedName") or row.get("Name") or row["Id"]),
        kind=kind,
        group=_GROUPS.get(kind, AccountGroup.OTHER),
    )


def item_from_qbo(row: JSONObject) -> RemoteCatalogItem | None:
    """An active item as offered in the settings."""
    if not row.get("Id") or row.get("Active") is False:
        return None
    return RemoteCatalogItem(id=str(row["Id"]), name=str(row.get("Name") or row["Id"]))


async def list_accounts(client: QboClient) -> list[RemoteAccount]:
    """Every active account, page by page."""
    found: list[RemoteAccount] = []
    async for rows in client.query_pages("Account", where="Active = true"):
        found.extend(a for a in map(account_from_qbo, rows) if a is not None)
    return found


async def list_items(client: QboClient) -> list[RemoteCatalogItem]:
    """Every active item, page by page."""
    found: list[RemoteCatalogItem] = []
    async for rows in client.query_pages("Item", where="Active = true"):
        found.extend(i for i in map(item_from_qbo, rows) if i is not None)
    return found
