"""AccountingConnection.books: the accounts, items and payment methods read from the books."""

from __future__ import annotations

from core.models import Connection
from core.models.enums import ConnectionStatus

BOOKS = """
query($id: ID!) { connection(id: $id) {
  books { accounts { id name kind group } items { id name } paymentMethods { name } error } } }
"""

# What each simulator's new company holds (their seed data), by provider.
EXPECTED = {
    "QUICKBOOKS_ONLINE": {
        "income": {"Services"},
        "bank": {"Checking"},
        "items": {"Services"},
        "methods": True,
    },
    "XERO": {
        "income": {"Sales", "Other Revenue"},
        "bank": {"Business Bank Account"},
        "items": set(),
        "methods": False,
    },
}


async def test_books_lists_accounts_items_and_methods_of_each_platform(gql, connect, sim) -> None:
    outcome = await connect(provider=sim.provider)
    books = (await gql.data(BOOKS, {"id": outcome["connection"]}))["connection"]["books"]
    expected = EXPECTED[sim.provider]
    by_group: dict[str, set[str]] = {}
    for account in books["accounts"]:
        by_group.setdefault(account["group"], set()).add(account["name"])
    assert books["error"] is None
    assert by_group["INCOME"] == expected["income"]
    assert by_group["BANK"] == expected["bank"]
    assert {i["name"] for i in books["items"]} == expected["items"]
    assert bool(books["paymentMethods"]) is expected["methods"]


async def test_books_of_xero_offers_account_codes(gql, connect) -> None:
    outcome = await connect(provider="XERO")
    books = (await gql.data(BOOKS, {"id": outcome["connection"]}))["connection"]["books"]
    sales = next(a for a in books["accounts"] if a["name"] == "Sales")
    assert sales == {"id": "200", "name": "Sales", "kind": "REVENUE", "group": "INCOME"}


async def test_books_of_a_revoked_connection_is_null(gql, connect) -> None:
    outcome = await connect()
    await Connection.all().update(status=ConnectionStatus.REVOKED)
    books = (await gql.data(BOOKS, {"id": outcome["connection"]}))["connection"]["books"]
    assert books is None
