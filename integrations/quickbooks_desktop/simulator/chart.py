"""The simulated company file's chart of accounts and payment methods, and the queries that
list them with items (``AccountQueryRq``, ``ItemQueryRq``, ``PaymentMethodQueryRq``).

A new company file starts with a small version of QuickBooks' default lists: a checking
account, Accounts Receivable, Undeposited Funds (an OtherCurrentAsset with its
SpecialAccountType), the "Services" income account new service items post to, a bad-debt
expense account, an inactive old bank account, and the usual payment methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..qbxml import Element, add, element
from .records import Stamp, core_fields

CREATED = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
INCOME_ACCOUNT_ID = "80000005-1"
"""The ListID of the company file's income account ("Services"), for new service items."""


@dataclass
class Account:
    """An account of the chart of accounts."""

    stamp: Stamp
    name: str
    account_type: str
    special_type: str | None = None
    number: str | None = None
    is_active: bool = True


@dataclass
class PaymentMethod:
    """A payment method (its PaymentMethodType is QuickBooks' enum value)."""

    stamp: Stamp
    name: str
    method_type: str
    is_active: bool = True


def _stamp(list_id: str) -> Stamp:
    return Stamp(list_id, CREATED, CREATED, str(int(CREATED.timestamp())))


def default_accounts() -> dict[str, Account]:
    """A new company file's accounts, by ListID."""
    rows = [
        Account(_stamp("80000001-1"), "Checking", "Bank", number="1000"),
        Account(_stamp("80000002-1"), "Accounts Receivable", "AccountsReceivable", number="1200"),
        Account(
            _stamp("80000003-1"),
            "Undeposited Funds",
            "OtherCurrentAsset",
            special_type="UndepositedFunds",
            number="1499",
        ),
        Account(_stamp("80000004-1"), "Sales", "Income", number="4000"),
        Account(_stamp(INCOME_ACCOUNT_ID), "Services", "Income", number="4100"),
        Account(_stamp("80000006-1"), "Bad Debt", "Expense", number="6000"),
        Account(_stamp("80000007-1"), "Old Checking", "Bank", number="1010", is_active=False),
    ]
    return {row.stamp.id: row for row in rows}


def default_payment_methods() -> dict[str, PaymentMethod]:
    """A new company file's payment methods, by ListID."""
    rows = [
        PaymentMethod(_stamp("80000010-1"), "Cash", "Cash"),
        PaymentMethod(_stamp("80000011-1"), "Check", "Check"),
        PaymentMethod(_stamp("80000012-1"), "Visa", "Visa"),
        PaymentMethod(_stamp("80000013-1"), "MasterCard", "MasterCard"),
        PaymentMethod(_stamp("80000014-1"), "Barter", "Other", is_active=False),
    ]
    return {row.stamp.id: row for row in rows}


def account_ret(account: Account) -> Element:
    """``AccountRet`` in schema order."""
    node = element("AccountRet")
    core_fields(node, account.stamp, "ListID")
    add(node, "Name", account.name)
    add(node, "FullName", account.name)
    add(node, "IsActive", "true" if account.is_active else "false")
    add(node, "Sublevel", "0")
    add(node, "AccountType", account.account_type)
    add(node, "SpecialAccountType", account.special_type)
    add(node, "AccountNumber", account.number)
    add(node, "Balance", "0.00")
    add(node, "TotalBalance", "0.00")
    return node


def payment_method_ret(method: PaymentMethod) -> Element:
    """``PaymentMethodRet`` in schema order."""
    node = element("PaymentMethodRet")
    core_fields(node, method.stamp, "ListID")
    add(node, "Name", method.name)
    add(node, "IsActive", "true" if method.is_active else "false")
    add(node, "PaymentMethodType", method.method_type)
    return node
