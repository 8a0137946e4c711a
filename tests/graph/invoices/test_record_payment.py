"""The recordPayment mutation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from core.models import Activity, Invoice, Payment, PaymentApplication
from core.models.enums import DocType, InvoiceStatus
from core.services import payments as payment_service
from core.services.amounts import AMOUNT
from tests.graph.hostile import ABSURD_NUMBERS, JSON_NUMBER_LITERALS, NUMBER, execute_escaped

RECORD = """
mutation Record($input: RecordPaymentInput!) {
  recordPayment(input: $input) {
    __typename
    ... on RecordPaymentSuccess {
      payment {
        amount currency origin method reference customer { name }
        applications { amount invoice { number status amountPaid balance paidAt } }
      }
    }
    ... on UserError { message code field }
  }
}
"""


def _payment(amount: str, *applications: tuple[str, str]) -> dict[str, Any]:
    return {
        "input": {
            "amount": amount,
            "method": "card",
            "reference": "ch_1",
            "applications": [{"invoiceId": i, "amount": a} for i, a in applications],
        }
    }


async def test_record_payment_partial_then_full_marks_partial_then_paid(gql, books, to_gid):
    invoice = await books.invoice(await books.customer(), number="1042")
    invoice_id = to_gid("Invoice", invoice.id)
    first = await gql.data(RECORD, _payment("60.00", (invoice_id, "60.00")))
    payment = first["recordPayment"]["payment"]
    assert (payment["origin"], payment["currency"], payment["customer"]) == (
        "LOCAL",
        "USD",
        {"name": "Acme"},
    )
    applied = payment["applications"][0]["invoice"]
    assert (applied["status"], applied["amountPaid"], applied["balance"], applied["paidAt"]) == (
        "PARTIAL",
        "60.00",
        "40.00",
        None,
    )
    second = await gql.data(RECORD, _payment("40.00", (invoice_id, "40.00")))
    applied = second["recordPayment"]["payment"]["applications"][0]["invoice"]
    assert (applied["status"], applied["amountPaid"], applied["balance"]) == (
        "PAID",
        "100.00",
        "0.00",
    )
    assert applied["paidAt"] is not None
    descriptions = [
        a.description for a in await Activity.filter(action="payment.recorded").order_by("id")
    ]
    assert descriptions[0].startswith("Payment of 60.00 USD recorded by ")
    assert descriptions[0].endswith("for invoice 1042 — invoice marked PARTIAL")
    assert descriptions[1].endswith("for invoice 1042 — invoice marked PAID")


async def test_record_payment_over_balance_is_refused_and_changes_nothing(gql, books, to_gid):
    customer = await books.customer()
    first = await books.invoice(customer, number="1042")
    second = await books.invoice(customer, number="1043")
    data = await gql.data(
        RECORD,
        _payment(
            "250.00",
            (to_gid("Invoice", first.id), "100.00"),
            (to_gid("Invoice", second.id), "150.00"),
        ),
    )
    result = data["recordPayment"]
    assert (result["__typename"], result["code"], result["field"]) == (
        "OverpaymentError",
        "OVERPAYMENT",
        "applications[1].invoiceId",
    )
    assert "Invoice 1043" in result["message"]
    stored = await Invoice.get(id=first.id)
    assert (stored.status, stored.amount_paid, stored.balance) == (
        InvoiceStatus.SENT,
        Decimal("0.00"),
        Decimal("100.00"),
    )
    assert await Payment.all().count() == 0


async def test_record_payment_failure_on_second_application_rolls_back_all(
    gql, books, to_gid, monkeypatch
):
    customer = await books.customer()
    first = await books.invoice(customer, number="1042")
    second = await books.invoice(customer, number="1043")
    real_apply = payment_service.apply_to_invoice
    calls: list[str] = []

    async def failing_apply(invoice: Invoice, amount: Decimal) -> None:
        calls.append(invoice.number)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        await real_apply(invoice, amount)

    monkeypatch.setattr(payment_service, "apply_to_invoice", failing_apply)
    body = await gql.execute(
        RECORD,
        _payment(
            "200.00",
            (to_gid("Invoice", first.id), "100.00"),
            (to_gid("Invoice", second.id), "100.00"),
        ),
    )
    assert body["errors"][0]["message"].startswith("Unexpected error")
    assert calls == ["1042", "1043"]
    stored = await Invoice.get(id=first.id)
    assert (stored.status, stored.amount_paid, stored.balance, stored.paid_at) == (
        InvoiceStatus.SENT,
        Decimal("0.00"),
        Decimal("100.00"),
        None,
    )
    assert await Payment.all().count() == 0
    assert await PaymentApplication.all().count() == 0
    assert await Activity.filter(action="payment.recorded").count() == 0


async def test_record_payment_applications_above_amount_are_refused(gql, books, to_gid):
    invoice = await books.invoice(await books.customer(), number="1042")
    data = await gql.data(RECORD, _payment("50.00", (to_gid("Invoice", invoice.id), "60.00")))
    assert (data["recordPayment"]["code"], data["recordPayment"]["field"]) == (
        "VALIDATION",
        "applications",
    )
    assert await Payment.all().count() == 0


async def test_record_payment_only_issued_invoices_accept_payments(gql, books, to_gid):
    customer = await books.customer()
    refused = [
        await books.invoice(customer, number="1", status=InvoiceStatus.DRAFT),
        await books.invoice(customer, number="2", status=InvoiceStatus.VOID),
        await books.invoice(customer, number="3", status=InvoiceStatus.PAID),
        await books.invoice(customer, number="4", doc_type=DocType.ESTIMATE),
    ]
    for invoice in refused:
        data = await gql.data(RECORD, _payment("10.00", (to_gid("Invoice", invoice.id), "10.00")))
        assert data["recordPayment"]["code"] == "INVALID_STATE", invoice.number
    overdue = await books.invoice(customer, number="5", status=InvoiceStatus.OVERDUE)
    data = await gql.data(RECORD, _payment("10.00", (to_gid("Invoice", overdue.id), "10.00")))
    assert data["recordPayment"]["payment"]["applications"][0]["invoice"]["status"] == "PARTIAL"
    assert await Payment.all().count() == 1


async def test_record_payment_across_customers_or_currencies_is_refused(gql, books, to_gid):
    acme = await books.customer("Acme")
    globex = await books.customer("Globex")
    a = await books.invoice(acme, number="1")
    g = await books.invoice(globex, number="2")
    e = await books.invoice(acme, number="3", currency="EUR")
    for other in (g, e):
        data = await gql.data(
            RECORD,
            _payment(
                "20.00", (to_gid("Invoice", a.id), "10.00"), (to_gid("Invoice", other.id), "10.00")
            ),
        )
        assert (data["recordPayment"]["code"], data["recordPayment"]["field"]) == (
            "VALIDATION",
            "applications",
        )
    given = {
        **_payment("10.00", (to_gid("Invoice", a.id), "10.00"))["input"],
        "customerId": to_gid("Customer", globex.id),
    }
    data = await gql.data(RECORD, {"input": given})
    assert data["recordPayment"]["code"] == "VALIDATION"
    assert await Payment.all().count() == 0


async def test_record_payment_to_other_firms_invoice_is_not_found(gql, books, firm_b, to_gid):
    _client_b, books_b = firm_b
    foreign = await books_b.invoice(await books_b.customer(), number="1042")
    data = await gql.data(RECORD, _payment("10.00", (to_gid("Invoice", foreign.id), "10.00")))
    assert (data["recordPayment"]["code"], data["recordPayment"]["field"]) == (
        "NOT_FOUND",
        "applications[0].invoiceId",
    )
    assert (await Invoice.get(id=foreign.id)).amount_paid == Decimal("0.00")
    assert await Payment.all().count() == 0


async def test_record_payment_without_token_is_unauthenticated(client):
    response = await client.post(
        "/graphql", json={"query": RECORD, "variables": {"input": {"amount": "1"}}}
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("amount", ABSURD_NUMBERS)
async def test_record_payment_absurd_amount_names_field_and_range(gql, books, to_gid, amount):
    invoice = await books.invoice(await books.customer(), number="1042")
    data = await gql.data(RECORD, _payment(amount, (to_gid("Invoice", invoice.id), "10.00")))
    result = data["recordPayment"]
    assert (result["__typename"], result["field"]) == ("ValidationError", "amount")
    assert AMOUNT.describe() in result["message"]
    assert await Payment.all().count() == 0


@pytest.mark.parametrize("amount", ABSURD_NUMBERS)
async def test_record_payment_absurd_application_names_its_field(gql, books, to_gid, amount):
    invoice = await books.invoice(await books.customer(), number="1042")
    data = await gql.data(RECORD, _payment("10.00", (to_gid("Invoice", invoice.id), amount)))
    assert data["recordPayment"]["field"] == "applications[0].amount"
    assert await Payment.all().count() == 0


@pytest.mark.parametrize("literal", JSON_NUMBER_LITERALS)
async def test_record_payment_amount_as_huge_json_number_is_validation_error(
    gql, books, to_gid, literal
):
    customer = await books.customer()
    variables = {"input": {"amount": NUMBER, "customerId": to_gid("Customer", customer.id)}}
    body = await execute_escaped(gql, RECORD, variables, literal)
    assert body["data"]["recordPayment"]["field"] == "amount"


async def test_record_payment_amount_is_kept_with_two_decimals(gql, books, to_gid):
    customer = await books.customer()
    data = await gql.data(
        RECORD, {"input": {"amount": "1E+2", "customerId": to_gid("Customer", customer.id)}}
    )
    assert data["recordPayment"]["payment"]["amount"] == "100.00"


RECORD_RATE = """
mutation Record($input: RecordPaymentInput!) {
  recordPayment(input: $input) {
    __typename
    ... on RecordPaymentSuccess { payment { currency exchangeRate } }
    ... on UserError { message code field }
  }
}
"""


async def test_record_payment_with_exchange_rate_keeps_it(gql, books, to_gid):
    customer = await books.customer("Dupont", currency="EUR")
    invoice = await books.invoice(customer, number="1042", currency="EUR")
    variables = _payment("100.00", (to_gid("Invoice", invoice.id), "100.00"))
    variables["input"]["exchangeRate"] = "1.2"

    data = await gql.data(RECORD_RATE, variables)

    payment = data["recordPayment"]["payment"]
    assert (payment["currency"], payment["exchangeRate"]) == ("EUR", "1.2000000000")


async def test_record_payment_bad_exchange_rate_records_nothing(gql, books, to_gid):
    invoice = await books.invoice(await books.customer(), number="1043")
    variables = _payment("100.00", (to_gid("Invoice", invoice.id), "100.00"))
    variables["input"]["exchangeRate"] = "-1"

    data = await gql.data(RECORD_RATE, variables)

    result = data["recordPayment"]
    assert (result["code"], result["field"]) == ("VALIDATION", "exchangeRate")
    assert await Payment.all().count() == 0
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.SENT
