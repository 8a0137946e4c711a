"""Read-only money views across records: what a payment applied, what a customer owes."""

from __future__ import annotations

from decimal import Decimal

from .jsonutil import JSON, arr, money, obj, ref_value, text
from .store import Realm


def invoice_links(line: object) -> list[str]:
    """Invoice Ids a payment line is applied to."""
    line_obj = obj(line)
    if line_obj is None:
        return []
    links = (obj(link) for link in arr(line_obj.get("LinkedTxn")))
    return [
        tid
        for link in links
        if link is not None
        and link.get("TxnType") == "Invoice"
        and (tid := text(link.get("TxnId"))) is not None
    ]


def payment_invoice_ids(data: JSON) -> set[str]:
    """All invoices a payment touches."""
    return {tid for line in arr(data.get("Line")) for tid in invoice_links(line)}


def applications_by_invoice(realm: Realm) -> dict[str, tuple[Decimal, list[JSON]]]:
    """What :func:`invoice_applications` answers, for every invoice, from one pass."""
    found: dict[str, tuple[Decimal, list[JSON]]] = {}
    for payment in realm.live("Payment"):
        hits: dict[str, Decimal] = {}
        for line in arr(payment.data.get("Line")):
            line_obj = obj(line)
            if line_obj is None:
                continue
            for invoice_id in set(invoice_links(line_obj)):
                amount = money(line_obj.get("Amount")) or Decimal(0)
                hits[invoice_id] = hits.get(invoice_id, Decimal(0)) + amount
        for invoice_id, amount in hits.items():
            applied, linked = found.get(invoice_id, (Decimal(0), []))
            linked.append({"TxnId": payment.id, "TxnType": "Payment"})
            found[invoice_id] = (applied + amount, linked)
    return found


def invoice_applications(
    realm: Realm, invoice_id: str, exclude_payment: str | None = None
) -> tuple[Decimal, list[JSON]]:
    """Sum applied to an invoice by live payments, and the invoice's LinkedTxn list."""
    applied = Decimal(0)
    linked: list[JSON] = []
    for payment in realm.live("Payment"):
        if payment.id == exclude_payment:
            continue
        hit = False
        for line in arr(payment.data.get("Line")):
            line_obj = obj(line)
            if line_obj is not None and invoice_id in invoice_links(line_obj):
                applied += money(line_obj.get("Amount")) or Decimal(0)
                hit = True
        if hit:
            linked.append({"TxnId": payment.id, "TxnType": "Payment"})
    return applied, linked


def customer_balance(realm: Realm, customer_id: str) -> Decimal:
    """Open invoice balances less unapplied payments for one customer."""
    total = Decimal(0)
    for invoice in realm.live("Invoice"):
        if ref_value(invoice.data.get("CustomerRef")) == customer_id:
            total += money(invoice.data.get("Balance")) or Decimal(0)
    for payment in realm.live("Payment"):
        if ref_value(payment.data.get("CustomerRef")) == customer_id:
            total -= money(payment.data.get("UnappliedAmt")) or Decimal(0)
    for memo in realm.live("CreditMemo"):
        if ref_value(memo.data.get("CustomerRef")) == customer_id:
            total -= money(memo.data.get("RemainingCredit")) or Decimal(0)
    return total
