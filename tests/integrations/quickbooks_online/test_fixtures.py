"""Every recorded Intuit payload is read by the mapping, the fault parser or the webhook check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from core.sync.records import ChangeOperation, DocType, RemoteDocStatus
from integrations.base import (
    AuthExpired,
    DuplicateName,
    RateLimited,
    RemoteValidation,
    StaleVersion,
    WebhookSignatureError,
)
from integrations.quickbooks_online import mapping, payment_mapping, webhooks, wire
from integrations.quickbooks_online.config import qbo_config

from .conftest import FIXTURES, load_json, load_xml, xml_to_json


def check_invoice_create() -> None:
    invoice = mapping.invoice_from_qbo(load_json("invoice_create_response.json")["Invoice"])
    assert (invoice.id, invoice.number, invoice.version) == ("266", "1043", "0")
    assert invoice.total == Decimal("100")
    assert invoice.balance == Decimal("100")
    assert invoice.status is RemoteDocStatus.OPEN
    assert invoice.customer_remote_id == "1"
    assert invoice.due_date == date(2020, 10, 29)
    assert invoice.updated_at is not None
    assert invoice.updated_at.utcoffset() is not None


def check_invoice_void() -> None:
    data = load_json("invoice_void_response.json")["Invoice"]
    invoice = mapping.invoice_from_qbo(data)
    assert invoice.status is RemoteDocStatus.VOID
    assert invoice.version == "1"
    assert invoice.total == 0
    assert all(line["DetailType"] != "SubTotalLineDetail" for line in mapping.sales_lines(data))
    assert len(mapping.sales_lines(data)) == 1


def check_customer_create() -> None:
    customer = mapping.customer_from_qbo(load_json("customer_create_response.json")["Customer"])
    assert (customer.id, customer.version, customer.display_name) == ("70", "0", "Doe5, Jane")
    assert customer.active
    assert customer.balance == 0


def check_customer_update() -> None:
    customer = mapping.customer_from_qbo(load_json("customer_update_response.json")["Customer"])
    assert customer.version == "1"
    assert customer.phone == "(415) 444-1234"


def check_batch() -> None:
    results = wire.batch_results(load_json("batch_response.json"))
    assert set(results) == {"bid1", "bid2", "bid3", "bid4"}
    assert results["bid1"].entity == "Vendor"
    assert results["bid1"].body is not None
    assert isinstance(results["bid2"].error, RemoteValidation)
    assert results["bid2"].error.code == "QBO-610"
    assert isinstance(results["bid3"].error, StaleVersion)
    assert results["bid4"].entity == "QueryResponse"


def check_cdc() -> None:
    rows = wire.cdc_rows(load_json("cdc_response.json"))
    estimates = [mapping.invoice_from_qbo(r, DocType.ESTIMATE) for r in rows["Estimate"]]
    assert len(estimates) == 4
    assert estimates[0].status is RemoteDocStatus.CLOSED
    assert all(e.doc_type is DocType.ESTIMATE and e.total > 0 for e in estimates)


def check_query_customers() -> None:
    response = load_json("query_customer_response.json")["QueryResponse"]
    customers = [mapping.customer_from_qbo(r) for r in wire.query_rows(response, "Customer")]
    assert len(customers) == 41
    assert customers[0].email == "Birds@Intuit.com"
    assert customers[0].address is not None
    assert customers[0].address.city == "Bayshore"
    assert wire.query_rows({"startPosition": 1, "maxResults": 0}, "Customer") == []


def check_error_2010() -> None:
    error = wire.parse_fault(
        400, {}, (FIXTURES / "error_400_2010_unsupported_property.json").read_bytes()
    )
    assert isinstance(error, RemoteValidation)
    assert error.code == "QBO-2010"
    assert error.hint


def check_error_6240() -> None:
    body = (FIXTURES / "error_400_6240_duplicate_name.json").read_bytes()
    error = wire.parse_fault(400, {}, body, name="Weiskopf Consulting")
    assert isinstance(error, DuplicateName)
    assert "Weiskopf Consulting" in error.message


def check_error_401() -> None:
    body = (FIXTURES / "error_401_3200_authentication_failed.json").read_bytes()
    assert isinstance(wire.parse_fault(401, {}, body), AuthExpired)
    # The lower-case body is recognised even without the status.
    assert isinstance(wire.parse_fault(400, {}, body), AuthExpired)


def check_throttle_429_xml() -> None:
    body = (FIXTURES / "error_429_3001_throttle_exceeded.xml").read_bytes()
    error = wire.parse_fault(429, {}, body)
    assert isinstance(error, RateLimited)
    assert error.retry_after == 60


def check_throttle_403_legacy() -> None:
    body = (FIXTURES / "error_3001_throttle_exceeded_statusCode403_legacy.xml").read_bytes()
    error = wire.parse_fault(403, {"Retry-After": "7"}, body)
    assert isinstance(error, RateLimited)
    assert error.retry_after == 7


def check_payment_linked() -> None:
    payment = payment_mapping.payment_from_qbo(
        xml_to_json(load_xml("payment_with_linkedtxn_invoice.xml"))
    )
    assert payment.id == "83"
    assert payment.amount == Decimal("2400.00")
    assert [(a.invoice_remote_id, a.amount) for a in payment.applications] == [
        ("68", Decimal("2400.00"))
    ]
    assert payment.customer_remote_id == "3"
    assert not payment.voided


def check_payment_void() -> None:
    root = load_xml("payment_void_response.xml")
    payment = payment_mapping.payment_from_qbo(xml_to_json(root)["Payment"])
    assert payment.voided
    assert payment.amount == 0
    assert payment.applications == ()


def _check_signature(name: str) -> None:
    vector = load_json(name.replace(".body.json", ".signature.json"))
    body = (FIXTURES / name).read_bytes()
    delivery = webhooks.verify_and_parse(body, vector["signature"], vector["verifier_token"])
    assert delivery.notices
    with pytest.raises(WebhookSignatureError):
        webhooks.verify_signature(body + b" ", vector["signature"], vector["verifier_token"])


def check_webhook_legacy() -> None:
    _check_signature("webhook_legacy_eventNotifications.body.json")
    delivery = webhooks.parse_delivery(
        (FIXTURES / "webhook_legacy_eventNotifications.body.json").read_bytes()
    )
    assert [(n.entity, n.remote_id, n.operation) for n in delivery.notices] == [
        ("Vendor", "40", ChangeOperation.UPDATE),
        ("Customer", "43", ChangeOperation.CREATE),
    ]
    assert {n.remote_company_id for n in delivery.notices} == {"1269959970"}


def check_webhook_cloudevents() -> None:
    _check_signature("webhook_cloudevents.body.json")
    delivery = webhooks.parse_delivery((FIXTURES / "webhook_cloudevents.body.json").read_bytes())
    (notice,) = delivery.notices
    assert (notice.entity, notice.remote_id, notice.operation) == (
        "Account",
        "1234",
        ChangeOperation.CREATE,
    )
    assert notice.remote_company_id == "310687"
    assert notice.event_id == "88cd52aa-33b6-4351-9aa4-47572edbd068"
    assert notice.occurred_at is not None


def check_python_quickbooks_vector() -> None:
    vector = load_json("webhook_signature_vector_python_quickbooks.json")
    body = vector["body"].encode()
    webhooks.verify_signature(body, vector["signature"], vector["verifier_token"])
    assert webhooks.sign(body, vector["verifier_token"]) == vector["signature"]
    with pytest.raises(WebhookSignatureError):
        webhooks.verify_signature(b'{"stuff":"6"}', vector["signature"], vector["verifier_token"])


def check_discovery() -> None:
    document = load_json("oauth_discovery_document.json")
    for environment in ("production", "sandbox"):
        config = qbo_config(environment)
        assert config.authorize_url == document["authorization_endpoint"]
        assert config.token_url == document["token_endpoint"]
        assert config.revoke_url == document["revocation_endpoint"]


def check_vcr_index() -> None:
    index = load_json("_qbo_api_vcr_index.json")
    assert {entry["file"] for entry in index} <= {p.name for p in FIXTURES.iterdir()}
    sandbox = qbo_config("sandbox").api_base_url
    assert all(entry["uri"].startswith(sandbox) for entry in index)


CHECKS: dict[str, Callable[[], None]] = {
    "_qbo_api_vcr_index.json": check_vcr_index,
    "batch_response.json": check_batch,
    "cdc_response.json": check_cdc,
    "customer_create_response.json": check_customer_create,
    "customer_update_response.json": check_customer_update,
    "error_3001_throttle_exceeded_statusCode403_legacy.xml": check_throttle_403_legacy,
    "error_400_2010_unsupported_property.json": check_error_2010,
    "error_400_6240_duplicate_name.json": check_error_6240,
    "error_401_3200_authentication_failed.json": check_error_401,
    "error_429_3001_throttle_exceeded.xml": check_throttle_429_xml,
    "invoice_create_response.json": check_invoice_create,
    "invoice_void_response.json": check_invoice_void,
    "oauth_discovery_document.json": check_discovery,
    "payment_void_response.xml": check_payment_void,
    "payment_with_linkedtxn_invoice.xml": check_payment_linked,
    "query_customer_response.json": check_query_customers,
    "webhook_cloudevents.body.json": check_webhook_cloudevents,
    "webhook_cloudevents.signature.json": check_webhook_cloudevents,
    "webhook_legacy_eventNotifications.body.json": check_webhook_legacy,
    "webhook_legacy_eventNotifications.signature.json": check_webhook_legacy,
    "webhook_signature_vector_python_quickbooks.json": check_python_quickbooks_vector,
}


def test_fixtures_every_recorded_file_has_a_check() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(CHECKS)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_fixture_recorded_payload_is_understood(name: str) -> None:
    CHECKS[name]()
