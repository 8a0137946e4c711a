"""Drift in the books, for reconciliation tests and the demo: changes someone made in Xero
behind Ledgersync's back, applied to the stored records the way Xero would show them.

A changed total moves the amount due by the same amount (as an edited line would); a changed
balance moves the amount due alone (as a credit note allocated in Xero would). A deleted
document disappears (Xero deletes only drafts: this is the drift of a record removed by any
means); a voided document, an added payment and a removed (DELETED) payment go through the
simulator's own rules, so the invoices they touch are recomputed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .payments import delete_payment
from .rules import JsonObject
from .state import SimulatorError, SimulatorState

DRIFTS = ("total", "balance", "delete", "void", "add_payment", "remove_payment")


def _amount(value: object) -> float:
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        raise ValueError("amount must be a number") from None


def change_total(
    state: SimulatorState, tenant_id: str, invoice_id: str, total: object
) -> JsonObject:
    """Set the invoice's total; its amount due moves by the same amount."""
    record = state.organisation(tenant_id).invoices[invoice_id]
    new_total = _amount(total)
    delta = new_total - float(record.data.get("Total", 0))
    record.data["Total"] = new_total
    record.data["SubTotal"] = new_total - float(record.data.get("TotalTax", 0))
    record.data["AmountDue"] = float(record.data.get("AmountDue", 0)) + delta
    record.touch(state.settings.clock())
    return dict(record.data)


def change_balance(
    state: SimulatorState, tenant_id: str, invoice_id: str, balance: object
) -> JsonObject:
    """Set the invoice's amount due, its total unchanged."""
    record = state.organisation(tenant_id).invoices[invoice_id]
    record.data["AmountDue"] = _amount(balance)
    record.touch(state.settings.clock())
    return dict(record.data)


def delete_invoice(state: SimulatorState, tenant_id: str, invoice_id: str) -> JsonObject:
    """Remove the invoice from the organisation."""
    del state.organisation(tenant_id).invoices[invoice_id]
    return {"InvoiceID": invoice_id, "deleted": True}


def remove_payment(state: SimulatorState, tenant_id: str, payment_id: str) -> JsonObject:
    """Delete (reverse) a payment; the invoice it paid is due again by its amount."""
    org = state.organisation(tenant_id)
    outcome = delete_payment(org, org.payments[payment_id], state.settings.clock())
    if not outcome.ok:
        raise SimulatorError(outcome.errors)
    return outcome.element


def apply_drift(
    state: SimulatorState, tenant_id: str, kind: str, target: str, amount: object = None
) -> JsonObject:
    """One drift of ``kind`` (see :data:`DRIFTS`) on the invoice (or payment) ``target``."""
    if kind == "total":
        return change_total(state, tenant_id, target, amount)
    if kind == "balance":
        return change_balance(state, tenant_id, target, amount)
    if kind == "delete":
        return delete_invoice(state, tenant_id, target)
    if kind == "void":
        return state.void_invoice(tenant_id, target)
    if kind == "add_payment":
        due = state.organisation(tenant_id).invoices[target].data.get("AmountDue", 0)
        return state.record_payment(tenant_id, target, _amount(due if amount is None else amount))
    if kind == "remove_payment":
        return remove_payment(state, tenant_id, target)
    raise ValueError(f"kind must be one of {', '.join(DRIFTS)}")
