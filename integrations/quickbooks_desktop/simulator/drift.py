"""Drift in the company file, for reconciliation tests and the demo: changes someone made in
QuickBooks behind Ledgersync's back, shown by the next query the Web Connector answers.

A changed total changes the invoice's last line (its balance moves by the same amount); a
changed balance changes what is applied to it (as a credit applied in QuickBooks would); a
deleted invoice disappears; a voided one has its amounts zeroed and its memo marked, as
``TxnVoidRq`` does; payments are received or deleted (the invoices they paid are open again).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .company import CompanyFile
from .records import Payment
from .transactions import VOID_PREFIX

ZERO = Decimal("0")
DRIFTS = ("total", "balance", "delete", "void", "add_payment", "remove_payment")


def _amount(value: object) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError("amount must be a number") from None


def change_total(company: CompanyFile, txn_id: str, total: object) -> None:
    """Set the invoice's total by changing its last line."""
    doc = company.documents[txn_id]
    if not doc.lines:
        raise ValueError("the invoice has no line to change")
    doc.lines[-1].amount += _amount(total) - doc.subtotal
    doc.lines[-1].rate = doc.lines[-1].amount
    company.touch(doc.stamp)


def change_balance(company: CompanyFile, txn_id: str, balance: object) -> None:
    """Set the invoice's open balance, its total unchanged."""
    doc = company.documents[txn_id]
    doc.applied = doc.subtotal - _amount(balance)
    company.touch(doc.stamp)


def void_invoice(company: CompanyFile, txn_id: str) -> None:
    """Void an invoice without payments."""
    doc = company.documents[txn_id]
    if company.payments_for(txn_id):
        raise ValueError("the invoice has payments applied: remove them before voiding it")
    for line in doc.lines:
        line.amount = ZERO
        line.quantity = ZERO
    doc.voided = True
    doc.memo = f"{VOID_PREFIX} {doc.memo or ''}".strip()
    company.touch(doc.stamp)


def remove_payment(company: CompanyFile, txn_id: str) -> Payment:
    """Delete a payment; the invoices it paid are open again by what it applied."""
    payment = company.payments.pop(txn_id)
    for invoice_id, amount in payment.applications:
        doc = company.documents.get(invoice_id)
        if doc is not None:
            doc.applied -= amount
            company.touch(doc.stamp)
    return payment


def apply_drift(company: CompanyFile, kind: str, target: str, amount: object = None) -> str:
    """One drift of ``kind`` (see :data:`DRIFTS`) on the invoice (or payment) ``target``;
    returns the TxnID it touched (the new payment's for ``add_payment``)."""
    if kind == "total":
        change_total(company, target, amount)
    elif kind == "balance":
        change_balance(company, target, amount)
    elif kind == "delete":
        del company.documents[target]
    elif kind == "void":
        void_invoice(company, target)
    elif kind == "add_payment":
        paid = None if amount is None else _amount(amount)
        return company.receive_payment(target, paid).stamp.id
    elif kind == "remove_payment":
        remove_payment(company, target)
    else:
        raise ValueError(f"kind must be one of {', '.join(DRIFTS)}")
    return target
