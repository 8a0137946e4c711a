"""Mapping and parsing checked on every recorded Xero payload in the shared reference fixtures.

Each fixture file has exactly one check below; the guard test fails when a new fixture arrives
without one, so nothing in ``fixtures/xero`` goes untested.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.sync.records import ChangeOperation, RemoteDocStatus
from integrations.base import DuplicateName, WebhookSignatureError
from integrations.xero import document_mapping, mapping, payment_mapping
from integrations.xero.auth import parse_connections
from integrations.xero.simulator.openapi_check import FIXTURES
from integrations.xero.webhooks import sign, verify_and_parse
from integrations.xero.wire import messages_to_error, parse_error, validation_messages


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def check_get_contacts(data: Any) -> None:
    first, second = (mapping.customer_from_xero(row) for row in data["Contacts"])
    assert first.display_name == "Katherine Warren"
    assert first.email == "kat.warren@clampett.com"
    assert first.balance == Decimal("760.0")
    assert first.phone == "(626) 847-1294"
    assert first.address is not None
    assert first.address.city == "Palo Alto"
    assert first.updated_at is not None
    assert first.updated_at.year == 2017
    assert second.display_name == "Lisa Parker"
    assert second.balance == 0


def check_get_invoices(data: Any) -> None:
    voided, paid, open_ = (document_mapping.invoice_from_xero(row) for row in data["Invoices"])
    assert voided.status is RemoteDocStatus.VOID
    assert voided.balance == 0
    assert paid.status is RemoteDocStatus.PAID
    assert paid.total == Decimal("46.0")
    assert open_.status is RemoteDocStatus.OPEN
    assert open_.balance == Decimal("115.0")
    assert voided.issue_date == date(2018, 10, 20)
    assert voided.customer_remote_id == "a3675fc4-f8dd-4f03-ba5b-f1870566bcd7"
    assert voided.currency == "NZD"


def check_get_payments(data: Any) -> None:
    received, credit = data["Payments"]
    assert payment_mapping.is_receivable_payment(received)
    assert not payment_mapping.is_receivable_payment(credit)
    payment = payment_mapping.payment_from_xero(received)
    assert payment.amount == Decimal("46.0")
    assert payment.applications[0].invoice_remote_id == "046d8a6d-1ae1-4b4d-9340-5601bdf41b87"
    assert payment.customer_remote_id == "a3675fc4-f8dd-4f03-ba5b-f1870566bcd7"
    assert payment.date == date(2018, 11, 29)
    assert payment.voided is False


def check_delete_payment(data: Any) -> None:
    (row,) = data["Payments"]
    payment = payment_mapping.payment_from_xero(row)
    assert payment.voided is True
    assert payment.amount == Decimal("2.0")


def check_bank_transactions_element_error(data: Any) -> None:
    (element,) = data["BankTransactions"]
    assert element["StatusAttributeString"] == "ERROR"
    error = messages_to_error(validation_messages(element))
    assert "identify the contact" in error.message


def check_contacts_validation_exception(data: Any) -> None:
    error = parse_error(400, {}, json.dumps(data).encode(), name="Buzz Lightyear")
    assert isinstance(error, DuplicateName)
    assert "Buzz Lightyear" in error.message


def check_put_invoices(data: Any) -> None:
    (row,) = data["Invoices"]
    invoice = document_mapping.invoice_from_xero(row)
    assert invoice.number == "INV-0007"
    assert invoice.status is RemoteDocStatus.OPEN
    assert invoice.lines[0].amount == Decimal("40.0")
    assert invoice.memo == "Website Design"
    ref = mapping.ref_of(row, "InvoiceID", "InvoiceNumber")
    assert ref.id == "ed255415-e141-4150-aab7-89c3bbbb851c"
    assert ref.version == row["UpdatedDateUTC"]


def check_put_payments(data: Any) -> None:
    (row,) = data["Payments"]
    error = messages_to_error(validation_messages(row))
    assert "exceeds the amount outstanding" in error.message


def check_connections(data: Any) -> None:
    (connection,) = parse_connections(data)
    assert connection.id == "7cb59f93-2964-421d-bb5e-a0f7a4572a44"
    assert connection.tenant_id == "fe79f7dd-b6d4-4a92-ba7b-538af6289c58"
    assert connection.tenant_name == "Demo Company (NZ)"


def _signed(name: str) -> tuple[bytes, str]:
    vectors = _load("webhook_signatures.json")
    return (FIXTURES / name).read_bytes(), vectors["webhook_key"]


def check_contact_webhook(data: Any) -> None:
    body, key = _signed("webhook_contact_update_example.json")
    (notice,) = verify_and_parse(body, sign(body, key), key).notices
    assert notice.entity == "Customer"
    assert notice.operation is ChangeOperation.UPDATE
    assert notice.remote_id == data["events"][0]["resourceId"]
    assert notice.remote_company_id == "c2cc9b6e-9458-4c7d-93cc-f02b81b0594f"


def check_creditnote_webhook(data: Any) -> None:
    body, key = _signed("webhook_creditnote_create_example.json")
    (notice,) = verify_and_parse(body, sign(body, key), key).notices
    assert notice.entity == "CreditNote"
    assert notice.operation is ChangeOperation.CREATE


def check_invoice_webhook(data: Any) -> None:
    vectors = _load("webhook_signatures.json")
    body = (FIXTURES / "webhook_invoice_update.body.json").read_bytes()
    signature = vectors["invoice_update"]["x-xero-signature"]
    (notice,) = verify_and_parse(body, signature, vectors["webhook_key"]).notices
    assert notice.entity == "Invoice"
    assert notice.remote_id == "717f2bfc-c6d4-41fd-b238-3f2f0c0cf777"
    assert notice.occurred_at is not None


def check_itr_body(data: Any) -> None:
    vectors = _load("webhook_signatures.json")
    body = (FIXTURES / "webhook_itr.body.json").read_bytes()
    delivery = verify_and_parse(body, vectors["itr"]["x-xero-signature"], vectors["webhook_key"])
    assert delivery.notices == ()


def check_signature_vectors(data: Any) -> None:
    key = data["webhook_key"]
    for name in ("itr", "invoice_update", "itr_bad_signature"):
        vector = data[name]
        body = (FIXTURES / vector["body_file"]).read_bytes()
        if vector["expected_status"] == 200:
            verify_and_parse(body, vector["x-xero-signature"], key)
        else:
            with pytest.raises(WebhookSignatureError):
                verify_and_parse(body, vector["x-xero-signature"], key)


CHECKS: dict[str, Callable[[Any], None]] = {
    "accounting_GET_Contacts_200.json": check_get_contacts,
    "accounting_GET_Invoices_200.json": check_get_invoices,
    "accounting_GET_Payments_200.json": check_get_payments,
    "accounting_POST_Payments_PaymentID_delete_200.json": check_delete_payment,
    "accounting_PUT_BankTransactions_200_summarizeErrors_false_element_error.json": (
        check_bank_transactions_element_error
    ),
    "accounting_PUT_Contacts_400_ValidationException.json": check_contacts_validation_exception,
    "accounting_PUT_Invoices_200.json": check_put_invoices,
    "accounting_PUT_Payments_200.json": check_put_payments,
    "identity_GET_connections_200.json": check_connections,
    "webhook_contact_update_example.json": check_contact_webhook,
    "webhook_creditnote_create_example.json": check_creditnote_webhook,
    "webhook_invoice_update.body.json": check_invoice_webhook,
    "webhook_itr.body.json": check_itr_body,
    "webhook_signatures.json": check_signature_vectors,
}


def test_xero_every_fixture_file_has_a_check() -> None:
    present = {path.name for path in Path(FIXTURES).iterdir() if path.is_file()}
    assert present, f"no fixtures found in {FIXTURES}"
    assert present - CHECKS.keys() == set(), "new Xero fixtures need a check in CHECKS"
    assert CHECKS.keys() - present == set(), "a checked fixture file disappeared"


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_xero_fixture_maps(name: str) -> None:
    CHECKS[name](_load(name))
