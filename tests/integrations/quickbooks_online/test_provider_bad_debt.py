"""Payment methods and bad-debt credit memos through the QBO provider on the simulator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.sync.records import (
    CreditMemoRecord,
    PaymentApplicationRef,
    PaymentRecord,
    RemotePaymentMethod,
)
from integrations.quickbooks_online import bad_debt, payment_mapping


def _payment(method_id: str | None) -> PaymentRecord:
    return PaymentRecord(
        local_id="p1",
        customer_remote_id="5",
        date=date(2026, 3, 2),
        amount=Decimal("10"),
        idempotency_key="k",
        applications=(PaymentApplicationRef("130", Decimal("10")),),
        method_remote_id=method_id,
    )


def test_payment_to_qbo_with_method_sends_its_ref() -> None:
    assert payment_mapping.payment_to_qbo(_payment("7")).body["PaymentMethodRef"] == {"value": "7"}
    assert "PaymentMethodRef" not in payment_mapping.payment_to_qbo(_payment(None)).body


def test_payment_from_qbo_resolves_method_id_to_name() -> None:
    row = {"Id": "9", "SyncToken": "0", "TotalAmt": 5, "PaymentMethodRef": {"value": "2"}}
    assert payment_mapping.payment_from_qbo(row, {"2": "Check"}).method_name == "Check"
    assert payment_mapping.payment_from_qbo(row).method_name is None


def test_payment_method_from_qbo_reads_id_name_active() -> None:
    row = {"Id": "3", "Name": "Visa", "Active": False, "Type": "CREDIT_CARD"}
    assert bad_debt.payment_method_from_qbo(row) == RemotePaymentMethod("3", "Visa", False)


def test_credit_memo_to_qbo_books_amount_on_bad_debt_item() -> None:
    record = CreditMemoRecord(
        "i1", "5", "130", "12", Decimal("80.00"), date(2026, 3, 9), "key", memo="Gone"
    )
    body = bad_debt.credit_memo_to_qbo(record)
    assert body["Line"][0]["Amount"] == Decimal("80.00")
    assert body["Line"][0]["SalesItemLineDetail"] == {"ItemRef": {"value": "12"}}
    assert body["CustomerRef"] == {"value": "5"}
    assert body["PrivateNote"] == "Gone"


async def test_provider_lists_seeded_payment_methods(provider) -> None:
    methods = await provider.list_payment_methods()
    names = {m.name for m in methods}
    assert {"Cash", "Check", "Visa", "MasterCard"} <= names
    assert all(m.active for m in methods)


async def test_provider_writes_off_invoice_once_with_applied_credit_memo(
    provider, sim_state, tokens
) -> None:
    realm = tokens["realm_id"]
    books = sim_state.realm(realm)
    customer = sim_state.accounting.create(
        books, "Customer", {"DisplayName": "Deadbeat"}, origin="seed"
    )
    line = {
        "Amount": 75,
        "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
    }
    invoice = sim_state.accounting.create(
        books, "Invoice", {"CustomerRef": {"value": customer.id}, "Line": [line]}, origin="seed"
    )
    record = CreditMemoRecord(
        "i1", customer.id, invoice.id, "1", Decimal("75"), date(2026, 3, 9), "key-wo-1"
    )

    memo = await provider.create_credit_memo(record)
    memo_again = await provider.create_credit_memo(record)
    assert memo.ref is not None
    applied = await provider.apply_credit_memo(invoice.id, memo.ref.id, "key-wo-1")
    applied_again = await provider.apply_credit_memo(invoice.id, memo.ref.id, "key-wo-1")

    assert memo_again.ref == memo.ref
    assert applied.ok
    assert applied_again.ref == applied.ref
    assert len(sim_state.entities(realm, "CreditMemo")) == 1
    (payment,) = sim_state.entities(realm, "Payment")
    assert payment["TotalAmt"] == 0
    assert sim_state.entities(realm, "Invoice")[0]["Balance"] == 0
