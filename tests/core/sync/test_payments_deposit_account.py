"""The connection's deposit account decides where pushed payments land, for every provider.

Unset, each platform keeps its default (QuickBooks Online: Undeposited Funds; Xero: the first
active bank account). Set, it is sent with every payment; a value the platform refuses comes
back as that payment's own error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.models import Connection, Payment, PaymentApplication
from core.models.enums import Entity, ItemOutcome, SyncKind, SyncRunStatus
from tests.core.sync.pull_drivers import Books

pytestmark = pytest.mark.usefixtures("app")


def _accounts(books: Books) -> dict[str, str]:
    """Remote account ids by name."""
    state: Any = books.sim.state(books.app)
    if books.sim.provider == "XERO":
        return {r["Name"]: r["AccountID"] for r in state.entities(books.company, "accounts")}
    return {r["Name"]: r["Id"] for r in state.entities(books.company, "Account")}


def _deposited_to(books: Books) -> list[str]:
    """The account id of each remote payment."""
    state: Any = books.sim.state(books.app)
    if books.sim.provider == "XERO":
        return [r["Account"]["AccountID"] for r in state.entities(books.company, "payments")]
    return [r["DepositToAccountRef"]["value"] for r in state.entities(books.company, "Payment")]


#: A bank account that is not the platform's default for payments, and the default itself.
CHOSEN = {"QUICKBOOKS_ONLINE": "Checking", "XERO": "Business Bank Account"}
DEFAULT = {"QUICKBOOKS_ONLINE": "Undeposited Funds", "XERO": "Business Bank Account"}


async def _pay_locally(books: Books, number: str) -> None:
    invoice, _ = await books.linked_invoice(number, "100.00")
    payment = await Payment.create(
        firm=books.firm,
        customer_id=invoice.customer_id,  # type: ignore[attr-defined]
        date=date(2026, 3, 4),
        amount=Decimal("40.00"),
    )
    await PaymentApplication.create(payment=payment, invoice=invoice, amount=Decimal("40.00"))


async def _set_deposit_account(connection: Connection, account: str | None) -> None:
    connection.settings = {**connection.settings, "deposit_account_id": account}
    await connection.save(update_fields=["settings"])


async def test_payments_go_to_the_platform_default_when_no_deposit_account_is_set(books) -> None:
    await _pay_locally(books, "31")

    run, _ = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _deposited_to(books) == [_accounts(books)[DEFAULT[books.sim.provider]]]


async def test_payments_go_to_the_configured_deposit_account(books) -> None:
    chosen = _accounts(books)[CHOSEN[books.sim.provider]]
    await _set_deposit_account(books.connection, chosen)
    await _pay_locally(books, "32")

    run, _ = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _deposited_to(books) == [chosen]


@pytest.mark.parametrize("sim", ["xero"], indirect=True)
async def test_xero_deposit_account_may_be_a_code_and_a_refused_one_fails_that_payment(
    books,
) -> None:
    await _set_deposit_account(books.connection, "090")  # the bank account's Code
    await _pay_locally(books, "33")
    run, _ = await books.run(SyncKind.FULL_SYNC)
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert _deposited_to(books) == [_accounts(books)["Business Bank Account"]]

    await _set_deposit_account(books.connection, "200")  # Sales: no payments into it
    await _pay_locally(books, "34")
    run, items = await books.run(SyncKind.FULL_SYNC)

    assert run.status is SyncRunStatus.FAILED  # its only push failed
    (failed,) = [i for i in items if i.entity is Entity.PAYMENT and i.outcome is ItemOutcome.FAILED]
    assert "Account type is invalid for making a payment" in (failed.message or "")
    assert len(_deposited_to(books)) == 1
