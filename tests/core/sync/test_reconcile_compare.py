"""The pure reconciliation comparison, case by case: each drift is found once, by its cause."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from core.models.enums import DocType, InvoiceStatus
from core.sync.reconcile import (
    DiscrepancyKind,
    FixAction,
    LocalBooks,
    LocalCustomer,
    LocalInvoice,
    LocalPayment,
    RemoteBooks,
    compare,
)
from core.sync.records import PaymentApplicationRef, RemoteDocStatus, RemoteInvoice, RemotePayment

SINCE = date(2026, 1, 1)
D = Decimal


def _local(number: str, total: str = "100.00", balance: str | None = None) -> LocalInvoice:
    status = InvoiceStatus.SENT if (balance or total) == total else InvoiceStatus.PARTIAL
    return LocalInvoice(
        local_id=f"L{number}",
        number=number,
        remote_id=f"R{number}",
        customer_id="C1",
        currency="USD",
        total=D(total),
        balance=D(balance or total),
        status=status,
    )


def _remote(local: LocalInvoice, **changes: object) -> RemoteInvoice:
    status = RemoteDocStatus.OPEN if local.balance == local.total else RemoteDocStatus.PARTIAL
    base = RemoteInvoice(
        id=local.remote_id,
        number=local.number,
        version="0",
        doc_type=DocType.INVOICE,
        total=local.total,
        balance=local.balance,
        status=status,
        customer_remote_id="RC1",
        currency="USD",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


CUSTOMER = LocalCustomer("C1", "RC1", "Acme", {})


def _books(*invoices: LocalInvoice, payments: tuple[LocalPayment, ...] = ()) -> LocalBooks:
    return LocalBooks(tuple(invoices), payments, (CUSTOMER,))


def _kinds(local: LocalBooks, remote: RemoteBooks) -> list[tuple[DiscrepancyKind, FixAction]]:
    return [(f.kind, f.action) for f in compare(local, remote, payments_since=SINCE).found]


def test_compare_clean_books_finds_nothing() -> None:
    invoices = [_local(f"{n}") for n in range(20)]
    remote = RemoteBooks(tuple(_remote(i) for i in invoices), ())
    assert _kinds(_books(*invoices), remote) == []


def test_compare_total_changed_there_reports_total_once() -> None:
    inv = _local("1")
    remote = RemoteBooks((_remote(inv, total=D("120.00"), balance=D("120.00")),), ())
    found = compare(_books(inv), remote, payments_since=SINCE).found
    assert [(f.kind, f.action) for f in found] == [
        (DiscrepancyKind.TOTAL_MISMATCH, FixAction.PUSH_UPDATE)
    ]
    assert (found[0].local_value, found[0].remote_value) == ("100.00", "120.00")


def test_compare_balance_lower_there_reports_balance_with_pull() -> None:
    inv = _local("1")
    remote = RemoteBooks((_remote(inv, balance=D("60.00")),), ())
    found = compare(_books(inv), remote, payments_since=SINCE).found
    assert [(f.kind, f.action) for f in found] == [
        (DiscrepancyKind.BALANCE_MISMATCH, FixAction.PULL_PAYMENTS)
    ]
    assert found[0].amount == D("40.00")


def test_compare_balance_higher_there_reports_balance_with_hint() -> None:
    inv = _local("1", balance="50.00")
    remote = RemoteBooks((_remote(inv, balance=D("80.00")),), ())
    found = compare(_books(inv), remote, payments_since=SINCE).found
    assert [(f.kind, f.action) for f in found] == [
        (DiscrepancyKind.BALANCE_MISMATCH, FixAction.HINT)
    ]
    assert found[0].hint


def test_compare_voided_there_reports_void_only() -> None:
    inv = _local("1")
    remote = RemoteBooks(
        (_remote(inv, total=D("0"), balance=D("0"), status=RemoteDocStatus.VOID),), ()
    )
    assert _kinds(_books(inv), remote) == [(DiscrepancyKind.VOIDED_REMOTELY, FixAction.HINT)]


def test_compare_deleted_there_reports_deleted() -> None:
    inv = _local("1")
    assert _kinds(_books(inv), RemoteBooks((), ())) == [
        (DiscrepancyKind.DELETED_REMOTELY, FixAction.HINT)
    ]


def test_compare_void_here_and_gone_there_finds_nothing() -> None:
    inv = replace(_local("1"), status=InvoiceStatus.VOID)
    assert _kinds(_books(inv), RemoteBooks((), ())) == []


def test_compare_currency_differs_reports_currency_and_no_amounts() -> None:
    inv = _local("1")
    remote = RemoteBooks((_remote(inv, currency="EUR", total=D("90.00")),), ())
    assert _kinds(_books(inv), remote) == [(DiscrepancyKind.CURRENCY_MISMATCH, FixAction.HINT)]


def test_compare_status_differs_with_equal_amounts_reports_status() -> None:
    inv = _local("1")
    remote = RemoteBooks((_remote(inv, status=RemoteDocStatus.PAID),), ())
    assert _kinds(_books(inv), remote) == [(DiscrepancyKind.STATUS_MISMATCH, FixAction.HINT)]


def test_compare_open_invoice_there_for_linked_customer_reports_not_imported() -> None:
    stray = RemoteInvoice(
        "R9",
        "9",
        "0",
        DocType.INVOICE,
        D("70"),
        D("70"),
        RemoteDocStatus.OPEN,
        "RC1",
        currency="USD",
    )
    foreign = replace(stray, id="R10", customer_remote_id="RC-other")
    assert _kinds(_books(), RemoteBooks((stray, foreign), ())) == [
        (DiscrepancyKind.NOT_IMPORTED, FixAction.IMPORT)
    ]


def test_compare_payment_there_not_here_reports_payment_not_balance() -> None:
    inv = _local("1")
    payment = RemotePayment(
        "P1",
        "0",
        date(2026, 2, 1),
        D("30"),
        "RC1",
        applications=(PaymentApplicationRef("R1", D("30")),),
    )
    remote = RemoteBooks((_remote(inv, balance=D("70.00")),), (payment,))
    found = compare(_books(inv), remote, payments_since=SINCE).found
    assert [(f.kind, f.action) for f in found] == [
        (DiscrepancyKind.PAYMENT_MISSING_LOCALLY, FixAction.PULL_PAYMENTS)
    ]
    assert found[0].amount == D("30")


def test_compare_payment_before_since_is_not_compared() -> None:
    inv = _local("1")
    payment = RemotePayment(
        "P1",
        "0",
        date(2025, 2, 1),
        D("30"),
        "RC1",
        applications=(PaymentApplicationRef("R1", D("30")),),
    )
    remote = RemoteBooks((_remote(inv, balance=D("70.00")),), (payment,))
    assert _kinds(_books(inv), remote) == [
        (DiscrepancyKind.BALANCE_MISMATCH, FixAction.PULL_PAYMENTS)
    ]


def test_compare_payment_here_never_pushed_reports_push() -> None:
    inv = _local("1", balance="70.00")
    local = LocalPayment("LP", None, date(2026, 2, 1), D("30"), "USD", {"L1": D("30")})
    remote = RemoteBooks((_remote(_local("1")),), ())
    assert _kinds(_books(inv, payments=(local,)), remote) == [
        (DiscrepancyKind.PAYMENT_MISSING_REMOTELY, FixAction.PUSH_PAYMENTS)
    ]


def test_compare_payment_removed_there_reports_missing_with_hint() -> None:
    inv = _local("1", balance="70.00")
    local = LocalPayment("LP", "P1", date(2026, 2, 1), D("30"), "USD", {"L1": D("30")})
    remote = RemoteBooks((_remote(_local("1")),), (), missing_payments=frozenset({"P1"}))
    assert _kinds(_books(inv, payments=(local,)), remote) == [
        (DiscrepancyKind.PAYMENT_MISSING_REMOTELY, FixAction.HINT)
    ]


def test_compare_payment_synced_on_both_sides_finds_nothing() -> None:
    inv = _local("1", balance="70.00")
    local = LocalPayment("LP", "P1", date(2026, 2, 1), D("30"), "USD", {"L1": D("30")})
    payment = RemotePayment(
        "P1",
        "0",
        date(2026, 2, 1),
        D("30"),
        "RC1",
        applications=(PaymentApplicationRef("R1", D("30")),),
    )
    remote = RemoteBooks((_remote(inv),), (payment,))
    assert _kinds(_books(inv, payments=(local,)), remote) == []


def test_compare_customer_gone_there_reports_remote_missing() -> None:
    remote = RemoteBooks((), (), missing_customers=frozenset({"RC1"}))
    assert _kinds(_books(), remote) == [(DiscrepancyKind.REMOTE_MISSING, FixAction.HINT)]


def test_compare_summary_counts_kinds_and_customer_balances() -> None:
    inv = _local("1")
    local = LocalBooks((inv,), (), (replace(CUSTOMER, open_balances={"USD": D("100.00")}),))
    remote = RemoteBooks((_remote(inv, balance=D("60.00")),), ())
    summary = compare(local, remote, payments_since=SINCE).summary()
    assert summary["kinds"] == [
        {"kind": "BALANCE_MISMATCH", "currency": "USD", "count": 1, "amount": "40.00"}
    ]
    assert summary["customers_differing"] == [
        {
            "local_id": "C1",
            "remote_id": "RC1",
            "name": "Acme",
            "currency": "USD",
            "here": "100.00",
            "there": "60.00",
        }
    ]


def test_compare_customer_balances_are_per_currency_and_shown_to_the_cent() -> None:
    usd = _local("1")
    eur = replace(_local("2"), currency="EUR")
    customer = replace(CUSTOMER, open_balances={"USD": D("100.00"), "EUR": D("250.00")})
    local = LocalBooks((usd, eur), (), (customer,))
    # The remote EUR invoice names no currency (multicurrency off there): it counts in its
    # linked invoice's currency, and a balance read as 250.0 is shown as 250.00.
    remote = RemoteBooks(
        (_remote(usd, balance=D("60")), _remote(eur, balance=D("250.0"), currency=None)), ()
    )
    result = compare(local, remote, payments_since=SINCE)
    assert [(c.currency, c.here, c.there) for c in result.customers] == [
        ("EUR", D("250.00"), D("250.0")),
        ("USD", D("100.00"), D("60")),
    ]
    assert result.summary()["customers_differing"] == [
        {
            "local_id": "C1",
            "remote_id": "RC1",
            "name": "Acme",
            "currency": "USD",
            "here": "100.00",
            "there": "60.00",
        }
    ]


def test_compare_summary_totals_each_currency_apart_never_across() -> None:
    usd = _local("1")
    eur = replace(_local("2"), currency="EUR")
    chf = replace(_local("3"), currency="CHF")
    local = _books(usd, eur, chf)
    remote = RemoteBooks(
        (
            _remote(usd, balance=D("60.00")),
            _remote(eur, balance=D("70.00"), currency="EUR"),
            _remote(chf, balance=D("90.00"), currency="CHF"),
        ),
        (),
    )
    summary = compare(local, remote, payments_since=SINCE).summary()
    assert summary["kinds"] == [
        {"kind": "BALANCE_MISMATCH", "currency": "CHF", "count": 1, "amount": "10.00"},
        {"kind": "BALANCE_MISMATCH", "currency": "EUR", "count": 1, "amount": "30.00"},
        {"kind": "BALANCE_MISMATCH", "currency": "USD", "count": 1, "amount": "40.00"},
    ]
