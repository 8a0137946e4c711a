"""Payments, refund receipts and reads by id through the QBO provider on the simulator."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from core.sync.records import PaymentApplicationRef, PaymentRecord, RefundRecord
from integrations.quickbooks_online import mapping, payment_mapping

from .conftest import load_json


def _payment(key: str, customer: str, invoice: str, amount: str = "40.00") -> PaymentRecord:
    return PaymentRecord(
        local_id="p1",
        customer_remote_id=customer,
        date=date(2026, 3, 2),
        amount=Decimal(amount),
        idempotency_key=key,
        applications=(PaymentApplicationRef(invoice, Decimal(amount)),),
        reference="CHK-1",
    )


def test_payment_to_qbo_links_each_invoice() -> None:
    out = payment_mapping.payment_to_qbo(_payment("k", "5", "130"))
    assert out.body["TotalAmt"] == Decimal("40.00")
    assert out.body["Line"] == [
        {"Amount": Decimal("40.00"), "LinkedTxn": [{"TxnId": "130", "TxnType": "Invoice"}]}
    ]
    assert out.body["PaymentRefNum"] == "CHK-1"
    assert "DepositToAccountRef" not in out.body  # QuickBooks' default: Undeposited Funds


def test_payment_to_qbo_deposits_to_the_configured_account() -> None:
    record = dataclasses.replace(_payment("k", "5", "130"), deposit_account_remote_id="35")
    assert payment_mapping.payment_to_qbo(record).body["DepositToAccountRef"] == {"value": "35"}


def test_refund_receipt_without_item_is_refused() -> None:
    record = RefundRecord("r1", "5", date(2026, 3, 3), Decimal("5"), "3", "k")
    with pytest.raises(ValueError, match="default item"):
        payment_mapping.refund_receipt_to_qbo(record, None)
    out = payment_mapping.refund_receipt_to_qbo(record, "1")
    assert out.body["DepositToAccountRef"] == {"value": "3"}


def test_invoice_from_qbo_keeps_lines_without_subtotal() -> None:
    document = load_json("invoice_create_response.json")
    invoice = mapping.invoice_from_qbo(document["Invoice"])
    assert invoice.lines
    assert sum(line.amount for line in invoice.lines) == invoice.total


async def test_provider_creates_payment_once_and_reads_it_back(provider, sim_state, tokens):
    realm = tokens["realm_id"]
    customer = sim_state.accounting.create(
        sim_state.realm(realm), "Customer", {"DisplayName": "Payer"}, origin="seed"
    )
    invoice = sim_state.accounting.create(
        sim_state.realm(realm),
        "Invoice",
        {
            "CustomerRef": {"value": customer.id},
            "Line": [
                {
                    "Amount": 100,
                    "DetailType": "SalesItemLineDetail",
                    "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
                }
            ],
        },
        origin="seed",
    )
    record = _payment("key-pay-1", customer.id, invoice.id)

    first = await provider.create_payments([record])
    again = await provider.create_payments([record])

    assert first[0].ok
    assert again[0].ref == first[0].ref
    assert len(sim_state.entities(realm, "Payment")) == 1
    (read,) = await provider.read_payments([first[0].ref.id])
    assert read.applications == (PaymentApplicationRef(invoice.id, Decimal("40.00")),)
    (payer,) = await provider.read_customers([customer.id])
    assert payer.display_name == "Payer"


async def test_provider_creates_refund_receipt_from_refund_account(provider, sim_state, tokens):
    realm = tokens["realm_id"]
    customer = sim_state.accounting.create(
        sim_state.realm(realm), "Customer", {"DisplayName": "Refunded"}, origin="seed"
    )
    record = RefundRecord("r1", customer.id, date(2026, 3, 3), Decimal("5.00"), "3", "key-r-1")

    (outcome,) = await provider.create_refund_receipts([record])

    assert outcome.ok
    (receipt,) = sim_state.entities(realm, "RefundReceipt")
    assert receipt["DepositToAccountRef"]["value"] == "3"
    assert Decimal(str(receipt["TotalAmt"])) == Decimal("5.00")
