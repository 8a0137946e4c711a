"""Drift in the books, for reconciliation tests and the demo: changes someone made in QuickBooks
behind Ledgersync's back, applied to the stored records the way QuickBooks would show them.

A changed total moves the balance by the same amount (as an edited line would); a changed
balance moves the balance alone (as a credit or a journal entry applied elsewhere would). A
deleted or voided document and an added or removed payment go through the simulator's own
rules, so the invoices they touch get their balances recomputed.
"""

from __future__ import annotations

from decimal import Decimal

from .jsonutil import JSON, money
from .state import SimulatorState
from .store import Record

DRIFTS = ("total", "balance", "delete", "void", "add_payment", "remove_payment")


def _invoice(state: SimulatorState, realm_id: str, invoice_id: str) -> Record:
    return state.accounting.read(state.realm(realm_id), "Invoice", invoice_id)


def _amount(value: object) -> Decimal:
    amount = money(value)
    if amount is None:
        raise ValueError("amount is required")
    return amount


def _stamp(state: SimulatorState, record: Record) -> None:
    record.updated_at = state.settings.clock.now()
    meta = record.data.get("MetaData")
    if isinstance(meta, dict):
        meta["LastUpdatedTime"] = record.updated_at.isoformat()


def change_total(state: SimulatorState, realm_id: str, invoice_id: str, total: object) -> JSON:
    """Set the invoice's total; its balance moves by the same amount."""
    record = _invoice(state, realm_id, invoice_id)
    new_total = _amount(total)
    delta = new_total - (money(record.data.get("TotalAmt")) or Decimal("0"))
    record.data["TotalAmt"] = new_total
    record.data["Balance"] = (money(record.data.get("Balance")) or Decimal("0")) + delta
    _stamp(state, record)
    return record.data


def change_balance(state: SimulatorState, realm_id: str, invoice_id: str, balance: object) -> JSON:
    """Set the invoice's open balance, its total unchanged."""
    record = _invoice(state, realm_id, invoice_id)
    record.data["Balance"] = _amount(balance)
    _stamp(state, record)
    return record.data


def delete_invoice(state: SimulatorState, realm_id: str, invoice_id: str) -> JSON:
    """Delete the invoice (its payments become unapplied)."""
    record = _invoice(state, realm_id, invoice_id)
    payload: JSON = {"Id": record.id, "SyncToken": record.sync_token}
    state.accounting.delete(state.realm(realm_id), "Invoice", payload, origin="control")
    return {"Id": record.id, "deleted": True}


def remove_payment(state: SimulatorState, realm_id: str, payment_id: str) -> JSON:
    """Delete a payment; the invoices it paid are open again by its amount."""
    realm = state.realm(realm_id)
    record = state.accounting.read(realm, "Payment", payment_id)
    payload: JSON = {"Id": record.id, "SyncToken": record.sync_token}
    state.accounting.delete(realm, "Payment", payload, origin="control")
    return {"Id": record.id, "deleted": True}


def apply_drift(
    state: SimulatorState, realm_id: str, kind: str, target: str, amount: object = None
) -> JSON:
    """One drift of ``kind`` (see :data:`DRIFTS`) on the invoice (or payment) ``target``."""
    if kind == "total":
        return change_total(state, realm_id, target, amount)
    if kind == "balance":
        return change_balance(state, realm_id, target, amount)
    if kind == "delete":
        return delete_invoice(state, realm_id, target)
    if kind == "void":
        return state.void_invoice(realm_id, target)
    if kind == "add_payment":
        return state.record_payment(realm_id, target, None if amount is None else str(amount))
    if kind == "remove_payment":
        return remove_payment(state, realm_id, target)
    raise ValueError(f"kind must be one of {', '.join(DRIFTS)}")
