"""QuickBooks payments and refund receipts, to and from Intuit's JSON (pure, no I/O): a payment
links each invoice it pays in its lines; a refund receipt pays one line out of an account."""

from __future__ import annotations

from collections.abc import Mapping

from core.sync.records import PaymentApplicationRef, PaymentRecord, RefundRecord, RemotePayment
from integrations.base import clip

from .mapping import (
    DESCRIPTION_MAX,
    PAYMENT_REF_MAX,
    Outbound,
    day_of,
    is_voided,
    money,
    nested,
    ref_of,
    ref_value,
    text_of,
    updated_at_of,
)
from .wire import JSONObject, as_list, as_object

# --- payments ---------------------------------------------------------------------------------


def _applications(data: Mapping[str, object]) -> tuple[PaymentApplicationRef, ...]:
    found: list[PaymentApplicationRef] = []
    for raw in as_list(data.get("Line")):
        line = as_object(raw)
        if line is None:
            continue
        amount = money(line.get("Amount"))
        for link_raw in as_list(line.get("LinkedTxn")):
            link = as_object(link_raw)
            txn_id = text_of(link.get("TxnId")) if link else None
            if link is not None and txn_id and link.get("TxnType") == "Invoice":
                found.append(PaymentApplicationRef(txn_id, amount))
    return tuple(found)


def payment_from_qbo(
    data: Mapping[str, object], method_names: Mapping[str, str] | None = None
) -> RemotePayment:
    """A RemotePayment from a Payment entity; ``Line[].LinkedTxn`` become applications.

    Intuit usually sends ``PaymentMethodRef`` with its ``value`` only: ``method_names``
    (PaymentMethod id → Name) resolves it.
    """
    ref = ref_of(data)
    method_id = ref_value(data.get("PaymentMethodRef"))
    return RemotePayment(
        id=ref.id,
        version=ref.version,
        date=day_of(data.get("TxnDate")),
        amount=money(data.get("TotalAmt")),
        customer_remote_id=ref_value(data.get("CustomerRef")),
        applications=_applications(data),
        unapplied=money(data.get("UnappliedAmt")),
        method_name=(method_names or {}).get(method_id or "")
        or nested(data, "PaymentMethodRef", "name"),
        reference=text_of(data.get("PaymentRefNum")),
        voided=is_voided(data),
        updated_at=updated_at_of(data),
    )


def payment_to_qbo(record: PaymentRecord) -> Outbound:
    """A Payment create body: one ``Line`` with a ``LinkedTxn`` per invoice it pays."""
    body: JSONObject = {
        "CustomerRef": {"value": record.customer_remote_id},
        "TotalAmt": record.amount,
        "TxnDate": record.date.isoformat(),
        "CurrencyRef": {"value": record.currency},
        "Line": [
            {
                "Amount": a.amount,
                "LinkedTxn": [{"TxnId": a.invoice_remote_id, "TxnType": "Invoice"}],
            }
            for a in record.applications
        ],
    }
    if record.exchange_rate is not None:  # else QuickBooks uses its rate for the day
        body["ExchangeRate"] = record.exchange_rate
    if record.method_remote_id:
        body["PaymentMethodRef"] = {"value": record.method_remote_id}
    if record.deposit_account_remote_id:  # else QuickBooks files it under Undeposited Funds
        body["DepositToAccountRef"] = {"value": record.deposit_account_remote_id}
    warnings: list[str] = []
    if record.reference:
        body["PaymentRefNum"] = clip(record.reference, PAYMENT_REF_MAX, "Reference", warnings)
    return Outbound(body, tuple(warnings))


def refund_receipt_to_qbo(record: RefundRecord, item_remote_id: str | None) -> Outbound:
    """A RefundReceipt create body: one line on ``item_remote_id``, paid from the account."""
    if not item_remote_id:
        raise ValueError("no QuickBooks item to put on the refund line; set a default item")
    warnings: list[str] = []
    line: JSONObject = {
        "Amount": record.amount,
        "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": {"ItemRef": {"value": item_remote_id}},
    }
    if record.description:
        line["Description"] = clip(record.description, DESCRIPTION_MAX, "Description", warnings)
    body: JSONObject = {
        "CustomerRef": {"value": record.customer_remote_id},
        "TxnDate": record.date.isoformat(),
        "DepositToAccountRef": {"value": record.account_remote_id},
        "CurrencyRef": {"value": record.currency},
        "Line": [line],
    }
    if record.reference:
        body["PaymentRefNum"] = clip(record.reference, PAYMENT_REF_MAX, "Reference", warnings)
    return Outbound(body, tuple(warnings))
