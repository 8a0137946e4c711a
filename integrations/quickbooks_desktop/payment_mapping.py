"""Pure translation of payments to ``ReceivePaymentAdd`` and from ``ReceivePaymentRet``.

A local payment becomes one ``ReceivePaymentAdd`` with an ``AppliedToTxnAdd`` per invoice it
pays, carrying our key as ``ExternalGUID``. QuickBooks needs either ``IsAutoApply`` or at least
one application: a payment applied to nothing is sent with ``IsAutoApply`` false, so it stays an
unapplied credit instead of QuickBooks choosing invoices for it.
"""

from __future__ import annotations

from datetime import date

from core.sync.records import PaymentApplicationRef, PaymentRecord, RemotePayment
from integrations.base import clip

from .mapping import LIMITS, NO_MULTICURRENCY, Currencies, Outbound, money, stamp
from .qbxml import (
    Element,
    add,
    add_ref,
    amount_text,
    child_text,
    children,
    date_text,
    element,
    guid_for,
    price_text,
)


def payment_add(record: PaymentRecord, currencies: Currencies = NO_MULTICURRENCY) -> Outbound:
    """``ReceivePaymentAdd`` in schema order (the record's own rate as ``ExchangeRate``)."""
    warnings: list[str] = []
    body = element("ReceivePaymentAdd")
    add_ref(body, "CustomerRef", list_id=record.customer_remote_id)
    add(body, "TxnDate", date_text(record.date))
    reference = record.reference
    add(
        body,
        "RefNumber",
        clip(reference, LIMITS.payment_ref_number_max, "RefNumber", warnings)
        if reference
        else None,
    )
    add(body, "TotalAmount", amount_text(record.amount))
    rate = currencies.rate_for(record.currency, record.exchange_rate)
    add(body, "ExchangeRate", price_text(rate) if rate is not None else None)
    add_ref(body, "PaymentMethodRef", list_id=record.method_remote_id)
    add_ref(body, "DepositToAccountRef", list_id=record.deposit_account_remote_id)
    add(body, "ExternalGUID", guid_for(record.idempotency_key))
    if not record.applications:
        add(body, "IsAutoApply", "false")
    for application in record.applications:
        applied = element("AppliedToTxnAdd")
        add(applied, "TxnID", application.invoice_remote_id)
        add(applied, "PaymentAmount", amount_text(application.amount))
        body.append(applied)
    return Outbound(body, tuple(warnings))


def payment_from_ret(ret: Element) -> RemotePayment:
    """A ``ReceivePaymentRet`` as a :class:`RemotePayment` (applications to invoices only)."""
    remote_id = child_text(ret, "TxnID")
    if remote_id is None:
        raise ValueError("ReceivePaymentRet without TxnID")
    applications = tuple(
        PaymentApplicationRef(
            invoice_remote_id=child_text(node, "TxnID") or "",
            amount=abs(money(child_text(node, "Amount"))),
        )
        for node in children(ret, "AppliedToTxnRet")
        if child_text(node, "TxnType") in (None, "Invoice") and child_text(node, "TxnID")
    )
    day = child_text(ret, "TxnDate")
    return RemotePayment(
        id=remote_id,
        version=child_text(ret, "EditSequence"),
        date=date.fromisoformat(day[:10]) if day else None,
        amount=money(child_text(ret, "TotalAmount")),
        customer_remote_id=child_text(ret, "CustomerRef", "ListID"),
        applications=applications,
        unapplied=money(child_text(ret, "UnusedPayment")),
        method_name=child_text(ret, "PaymentMethodRef", "FullName"),
        reference=child_text(ret, "RefNumber"),
        updated_at=stamp(child_text(ret, "TimeModified")),
    )
