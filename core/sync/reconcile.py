"""The reconciliation of local receivables against the ledger: a pure comparison.

:func:`compare` takes a snapshot of the local books (mapped invoices, payments, customers), a
snapshot of what the accounting platform holds, and returns the discrepancies between them. It
performs no I/O, so every case is tested on plain values.

Each drift is reported once, by the discrepancy that names its cause: a balance gap explained
by payments recorded on one side only is reported as those payments, not also as a balance
difference; a total changed there explains the same change in the balance; a document voided
or deleted there is reported as such, not as amount differences. Amounts compare in the
document's own currency and never across currencies: a currency difference is reported alone.
Per-customer open balances (here and there) go into the summary rather than the discrepancies,
because every gap in them is already explained by the documents'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.models.enums import DiscrepancyKind, FixAction, InvoiceStatus
from core.sync.reconcile_values import (
    Comparison,
    CustomerBalance,
    Found,
    LocalBooks,
    LocalCustomer,
    LocalInvoice,
    LocalPayment,
    RemoteBooks,
    money,
)
from core.sync.records import RemoteDocStatus, RemoteInvoice

ZERO = Decimal("0")

__all__ = [
    "Comparison",
    "CustomerBalance",
    "DiscrepancyKind",
    "FixAction",
    "Found",
    "LocalBooks",
    "LocalCustomer",
    "LocalInvoice",
    "LocalPayment",
    "RemoteBooks",
    "compare",
]


GONE_PAYMENT_HINT = (
    "The payment was synced but no longer exists (or was voided) in the accounting platform: "
    "record it there again or remove it here."
)

_LOCAL_STATUS = {
    InvoiceStatus.PAID: RemoteDocStatus.PAID,
    InvoiceStatus.PARTIAL: RemoteDocStatus.PARTIAL,
    InvoiceStatus.VOID: RemoteDocStatus.VOID,
}


def _status_of(invoice: LocalInvoice) -> RemoteDocStatus:
    return _LOCAL_STATUS.get(invoice.status, RemoteDocStatus.OPEN)


@dataclass(slots=True)
class _Payments:
    """Payment applications recorded on one side only, by local invoice id."""

    remote_extra: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    local_extra: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))


def _remote_only(
    local: LocalBooks,
    remote: RemoteBooks,
    by_remote: Mapping[str, LocalInvoice],
    since: date,
    gaps: _Payments,
) -> list[Found]:
    found: list[Found] = []
    known = {p.remote_id for p in local.payments if p.remote_id is not None}
    for payment in remote.payments:
        if payment.voided or payment.id in known or payment.group_id in known:
            continue
        if payment.date is not None and payment.date < since:
            continue
        applied = [a for a in payment.applications if a.invoice_remote_id in by_remote]
        if not applied:
            continue
        for application in applied:
            invoice = by_remote[application.invoice_remote_id]
            gaps.remote_extra[invoice.local_id] += application.amount
        numbers = ", ".join(by_remote[a.invoice_remote_id].number for a in applied)
        amount = sum((a.amount for a in applied), ZERO)
        found.append(
            Found(
                DiscrepancyKind.PAYMENT_MISSING_LOCALLY,
                FixAction.PULL_PAYMENTS,
                f"Payment of {money(payment.amount)} on {numbers}",
                remote_id=payment.id,
                remote_value=money(amount),
                currency=by_remote[applied[0].invoice_remote_id].currency,
                amount=amount,
            )
        )
    return found


def _still_there(payment: LocalPayment, remote: RemoteBooks, voided: set[str]) -> bool:
    if payment.remote_id is None or payment.remote_id in voided:
        return False
    return payment.remote_id not in remote.missing_payments


def _local_only(
    remote: RemoteBooks, local: LocalBooks, since: date, gaps: _Payments
) -> list[Found]:
    found: list[Found] = []
    voided = {p.id for p in remote.payments if p.voided}
    for payment in local.payments:
        if payment.date < since or not payment.applications:
            continue
        if _still_there(payment, remote, voided):
            continue
        for invoice_id, amount in payment.applications.items():
            gaps.local_extra[invoice_id] += amount
        pushed = payment.remote_id is not None
        found.append(
            Found(
                DiscrepancyKind.PAYMENT_MISSING_REMOTELY,
                FixAction.HINT if pushed else FixAction.PUSH_PAYMENTS,
                f"Payment of {money(payment.amount)} on {payment.date.isoformat()}",
                local_id=payment.local_id,
                remote_id=payment.remote_id,
                local_value=money(payment.amount),
                currency=payment.currency,
                amount=payment.amount,
                hint=GONE_PAYMENT_HINT if pushed else None,
            )
        )
    return found


def _compare_payments(
    local: LocalBooks, remote: RemoteBooks, by_remote: Mapping[str, LocalInvoice], since: date
) -> tuple[list[Found], _Payments]:
    gaps = _Payments()
    found = _remote_only(local, remote, by_remote, since, gaps)
    found.extend(_local_only(remote, local, since, gaps))
    return found, gaps


def _compare_invoice(
    invoice: LocalInvoice, there: RemoteInvoice | None, gaps: _Payments
) -> Found | None:
    base = {"label": f"Invoice {invoice.number}", "local_id": invoice.local_id}
    if there is None:
        if invoice.status is InvoiceStatus.VOID:
            return None
        return Found(
            DiscrepancyKind.DELETED_REMOTELY,
            FixAction.HINT,
            remote_id=invoice.remote_id,
            local_value=money(invoice.balance),
            currency=invoice.currency,
            amount=invoice.balance,
            hint="The invoice was deleted in the accounting platform: void it here, or create "
            "it there again.",
            **base,
        )
    common = {"remote_id": there.id, "currency": invoice.currency, **base}
    if there.currency is not None and there.currency.upper() != invoice.currency.upper():
        return Found(
            DiscrepancyKind.CURRENCY_MISMATCH,
            FixAction.HINT,
            local_value=invoice.currency,
            remote_value=there.currency,
            hint="The invoice's currency differs: amounts are not compared across currencies; "
            "correct the currency on the side that is wrong.",
            **common,  # type: ignore[arg-type]
        )
    if there.status is RemoteDocStatus.VOID and invoice.status is not InvoiceStatus.VOID:
        return Found(
            DiscrepancyKind.VOIDED_REMOTELY,
            FixAction.HINT,
            local_value=invoice.status.value,
            remote_value=there.status.value,
            amount=invoice.balance,
            hint="The invoice was voided in the accounting platform: void it here too, or "
            "reinstate it there.",
            **common,
        )
    if invoice.total != there.total:
        return Found(
            DiscrepancyKind.TOTAL_MISMATCH,
            FixAction.PUSH_UPDATE,
            local_value=money(invoice.total),
            remote_value=money(there.total),
            amount=invoice.total - there.total,
            **common,
        )
    explained = gaps.remote_extra.get(invoice.local_id, ZERO) - gaps.local_extra.get(
        invoice.local_id, ZERO
    )
    gap = invoice.balance - there.balance
    if gap != explained:
        paid_there = gap - explained > 0
        return Found(
            DiscrepancyKind.BALANCE_MISMATCH,
            FixAction.PULL_PAYMENTS if paid_there else FixAction.HINT,
            local_value=money(invoice.balance),
            remote_value=money(there.balance),
            amount=gap - explained,
            hint=None
            if paid_there
            else "The balance is higher in the accounting platform than here: check the "
            "payments and credits applied there.",
            **common,
        )
    if gap == ZERO and explained == ZERO and _status_of(invoice) is not there.status:
        return Found(
            DiscrepancyKind.STATUS_MISMATCH,
            FixAction.HINT,
            local_value=invoice.status.value,
            remote_value=there.status.value,
            hint="The amounts agree but the status differs: check the invoice on both sides.",
            **common,  # type: ignore[arg-type]
        )
    return None


def _not_imported(
    remote: RemoteBooks, linked: Iterable[str], customers: Mapping[str, LocalCustomer]
) -> list[Found]:
    known = set(linked)
    found: list[Found] = []
    for there in remote.invoices:
        if there.id in known or there.status is RemoteDocStatus.VOID or there.balance <= ZERO:
            continue
        customer = customers.get(there.customer_remote_id or "")
        if customer is None:
            continue
        found.append(
            Found(
                DiscrepancyKind.NOT_IMPORTED,
                FixAction.IMPORT,
                f"Invoice {there.number or there.id} of {customer.name}",
                remote_id=there.id,
                remote_value=money(there.balance),
                currency=there.currency,
                amount=there.balance,
            )
        )
    return found


def _missing_customers(local: LocalBooks, remote: RemoteBooks) -> list[Found]:
    return [
        Found(
            DiscrepancyKind.REMOTE_MISSING,
            FixAction.HINT,
            f"Customer {customer.name}",
            local_id=customer.local_id,
            remote_id=customer.remote_id,
            local_value=customer.name,
            hint="The customer this one is linked to no longer exists (or is inactive) in the "
            "accounting platform: reactivate it there, or link this customer to another one.",
        )
        for customer in local.customers
        if customer.remote_id in remote.missing_customers
    ]


def _balances(
    local: LocalBooks, remote: RemoteBooks, by_remote: Mapping[str, LocalInvoice]
) -> list[CustomerBalance]:
    """Each linked customer's open balance here and there, per currency. A remote invoice that
    names no currency (a platform without multicurrency) counts in its linked local invoice's
    currency, else in the customer's only currency here."""
    customers = {c.remote_id: c for c in local.customers}
    there: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for invoice in remote.invoices:
        customer = customers.get(invoice.customer_remote_id or "")
        if customer is None or invoice.status is RemoteDocStatus.VOID:
            continue
        linked = by_remote.get(invoice.id)
        currency = invoice.currency or (linked.currency if linked else None)
        if currency is None and len(customer.open_balances) == 1:
            currency = next(iter(customer.open_balances))
        there[customer.remote_id][(currency or "").upper()] += invoice.balance
    rows: list[CustomerBalance] = []
    for c in local.customers:
        here = {code.upper(): amount for code, amount in c.open_balances.items()}
        theirs = there.get(c.remote_id, {})
        rows.extend(
            CustomerBalance(
                c.local_id,
                c.remote_id,
                c.name,
                code,
                here.get(code, ZERO),
                theirs.get(code, ZERO),
            )
            for code in sorted(set(here) | set(theirs))
        )
    return rows


def compare(local: LocalBooks, remote: RemoteBooks, *, payments_since: date) -> Comparison:
    """Every discrepancy between the local books and the platform's (see the module docstring).

    Payments dated before ``payments_since`` are not compared on either side.
    """
    by_remote = {invoice.remote_id: invoice for invoice in local.invoices}
    remote_by_id = {invoice.id: invoice for invoice in remote.invoices}
    customers = {customer.remote_id: customer for customer in local.customers}
    result = Comparison()
    payment_found, gaps = _compare_payments(local, remote, by_remote, payments_since)
    for invoice in local.invoices:
        item = _compare_invoice(invoice, remote_by_id.get(invoice.remote_id), gaps)
        if item is not None:
            result.found.append(item)
    result.found.extend(payment_found)
    result.found.extend(_not_imported(remote, by_remote, customers))
    result.found.extend(_missing_customers(local, remote))
    result.customers = _balances(local, remote, by_remote)
    return result
