"""Payment methods and bad-debt write-offs on QuickBooks Online.

A write-off is QuickBooks' usual practice: a CreditMemo for the open balance on the bad-debt
item, then a Payment with ``TotalAmt`` 0 whose lines link the invoice and the credit memo for
the same amount, which closes the invoice. Both writes carry a ``requestid`` derived from the
engine's write intent, so a retry after a lost answer replays Intuit's first answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from core.sync.records import CreditMemoRecord, PushOutcome, RemotePaymentMethod
from integrations.base import RemoteValidation

from . import mapping
from .client import QboClient
from .wire import JSONObject, as_object

MEMO_MAX = 4000


def derived_request_id(key: str, step: str) -> str:
    """The ``requestid`` of one step of a write-off (stable for one write intent)."""
    return hashlib.sha256(f"{key}|{step}".encode()).hexdigest()[:36]


def payment_method_from_qbo(data: Mapping[str, object]) -> RemotePaymentMethod:
    """A RemotePaymentMethod from a PaymentMethod entity."""
    return RemotePaymentMethod(
        id=str(data.get("Id") or ""),
        name=str(data.get("Name") or ""),
        active=data.get("Active") is not False,
    )


def credit_memo_to_qbo(record: CreditMemoRecord) -> JSONObject:
    """A CreditMemo create body: one line on the bad-debt item for the amount written off."""
    line: JSONObject = {
        "Amount": record.amount,
        "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": {"ItemRef": {"value": record.item_remote_id}},
        "Description": "Bad debt",
    }
    body: JSONObject = {
        "CustomerRef": {"value": record.customer_remote_id},
        "TxnDate": record.date.isoformat(),
        "CurrencyRef": {"value": record.currency},
        "Line": [line],
    }
    if record.memo:
        body["PrivateNote"] = record.memo[:MEMO_MAX]
    return body


def application_to_qbo(
    customer_remote_id: str, invoice_remote_id: str, memo_remote_id: str, amount: object
) -> JSONObject:
    """A zero-amount Payment that applies a credit memo's credit to an invoice."""
    return {
        "CustomerRef": {"value": customer_remote_id},
        "TotalAmt": 0,
        "Line": [
            {"Amount": amount, "LinkedTxn": [{"TxnId": invoice_remote_id, "TxnType": "Invoice"}]},
            {"Amount": amount, "LinkedTxn": [{"TxnId": memo_remote_id, "TxnType": "CreditMemo"}]},
        ],
    }


async def list_payment_methods(client: QboClient) -> list[RemotePaymentMethod]:
    """The company's active payment methods."""
    found: list[RemotePaymentMethod] = []
    async for rows in client.query_pages("PaymentMethod"):
        found.extend(payment_method_from_qbo(row) for row in rows)
    return found


async def create_credit_memo(client: QboClient, record: CreditMemoRecord) -> PushOutcome:
    """Create the bad-debt credit memo (replayed by its derived ``requestid``)."""
    request_id = derived_request_id(record.idempotency_key, "credit-memo")
    try:
        created = await client.create(
            "CreditMemo", credit_memo_to_qbo(record), request_id=request_id
        )
    except RemoteValidation as exc:
        return PushOutcome.failure(exc)
    return PushOutcome.success(mapping.ref_of(created))


async def apply_credit_memo(
    client: QboClient, invoice_remote_id: str, memo_remote_id: str, idempotency_key: str
) -> PushOutcome:
    """Apply a credit memo's whole amount to the invoice with a zero-amount Payment."""
    memo = await client.read("CreditMemo", memo_remote_id)
    customer = as_object(memo.get("CustomerRef")) or {}
    body = application_to_qbo(
        str(customer.get("value") or ""), invoice_remote_id, memo_remote_id, memo.get("TotalAmt")
    )
    request_id = derived_request_id(idempotency_key, "apply")
    try:
        created = await client.create("Payment", body, request_id=request_id)
    except RemoteValidation as exc:
        return PushOutcome.failure(exc)
    return PushOutcome.success(mapping.ref_of(created))
