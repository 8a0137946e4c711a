"""Pure translation of the lists the settings choose from: accounts, items, payment methods.

Each is offered by its ``ListID``, the value ``incomeAccountId``, ``depositAccountId``,
``defaultItemId`` and the other settings take (the requests refer to them by ``ListID``). An
``ItemQueryRs`` mixes every item type; only those an invoice line can carry are offered.
"""

from __future__ import annotations

from core.sync.records import RemotePaymentMethod
from integrations.base import AccountGroup, RemoteAccount, RemoteCatalogItem

from . import requests
from .mapping import flag
from .qbxml import Element, child_text, tag_of

ACCOUNT_QUERY = "AccountQueryRq"
ITEM_QUERY = "ItemQueryRq"
PAYMENT_METHOD_QUERY = "PaymentMethodQueryRq"

_GROUPS = {
    "Income": AccountGroup.INCOME,
    "OtherIncome": AccountGroup.INCOME,
    "Bank": AccountGroup.BANK,
    "Expense": AccountGroup.EXPENSE,
    "OtherExpense": AccountGroup.EXPENSE,
    "CostOfGoodsSold": AccountGroup.EXPENSE,
    "OtherCurrentAsset": AccountGroup.OTHER_ASSET,
}

#: The item types an invoice line can carry (subtotals, discounts, sales tax, payments and
#: groups are not offered as an item for lines).
LINE_ITEM_RETS = frozenset(
    {
        "ItemServiceRet",
        "ItemNonInventoryRet",
        "ItemOtherChargeRet",
        "ItemInventoryRet",
        "ItemInventoryAssemblyRet",
    }
)


def account_query() -> Element:
    """``AccountQueryRq`` of the active accounts (AccountQuery has no iterator)."""
    return requests.list_query(
        ACCOUNT_QUERY, filters=requests.ListFilter(active_status="ActiveOnly")
    )


def item_query() -> Element:
    """``ItemQueryRq`` of the active items of every type."""
    return requests.list_query(ITEM_QUERY, filters=requests.ListFilter(active_status="ActiveOnly"))


def payment_method_query() -> Element:
    """``PaymentMethodQueryRq`` of the active payment methods."""
    return requests.list_query(
        PAYMENT_METHOD_QUERY, filters=requests.ListFilter(active_status="ActiveOnly")
    )


def _name(ret: Element, list_id: str) -> str:
    return child_text(ret, "FullName") or child_text(ret, "Name") or list_id


def account_from_ret(ret: Element) -> RemoteAccount | None:
    """An active ``AccountRet`` as offered in the settings (None when it cannot be chosen)."""
    list_id = child_text(ret, "ListID")
    if not list_id or not flag(child_text(ret, "IsActive"), default=True):
        return None
    kind = child_text(ret, "AccountType") or ""
    return RemoteAccount(
        id=list_id, name=_name(ret, list_id), kind=kind, group=_GROUPS.get(kind, AccountGroup.OTHER)
    )


def item_from_ret(ret: Element) -> RemoteCatalogItem | None:
    """An active item an invoice line can carry, as offered in the settings."""
    list_id = child_text(ret, "ListID")
    if tag_of(ret) not in LINE_ITEM_RETS or not list_id:
        return None
    if not flag(child_text(ret, "IsActive"), default=True):
        return None
    return RemoteCatalogItem(id=list_id, name=_name(ret, list_id))


def payment_method_from_ret(ret: Element) -> RemotePaymentMethod | None:
    """A ``PaymentMethodRet`` (its ``Name`` is what ``paymentMethods`` matches)."""
    list_id = child_text(ret, "ListID")
    if not list_id:
        return None
    return RemotePaymentMethod(
        id=list_id,
        name=child_text(ret, "Name") or list_id,
        active=flag(child_text(ret, "IsActive"), default=True),
    )
