"""The spec validator itself: it must reject what Xero's spec rejects, and accept real payloads."""

from __future__ import annotations

import httpx
import pytest

from integrations.xero.simulator.openapi_check import SpecMismatch, XeroSpecValidator, fixture

API = "https://xero.simulator/api.xro/2.0"
HEADERS = {"xero-tenant-id": "t", "Authorization": "Bearer x"}


def _get(path: str, **headers: str) -> httpx.Request:
    return httpx.Request("GET", API + path, headers=HEADERS | headers)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("accounting_GET_Invoices_200.json", "/Invoices"),
        ("accounting_GET_Contacts_200.json", "/Contacts"),
    ],
)
def test_validator_accepts_recorded_responses(
    validator: XeroSpecValidator, name: str, path: str
) -> None:
    validator.validate(_get(path), httpx.Response(200, json=fixture(name)))

    assert validator.checked == [("GET", "/api.xro/2.0" + path, 200)]


def test_validator_accepts_recorded_connections_with_wire_dates(
    validator: XeroSpecValidator,
) -> None:
    request = httpx.Request("GET", "https://xero.simulator/connections", headers=HEADERS)

    validator.validate(
        request, httpx.Response(200, json=fixture("identity_GET_connections_200.json"))
    )

    assert validator.checked == [("GET", "/connections", 200)]


def test_validator_rejects_unknown_invoice_status(validator: XeroSpecValidator) -> None:
    bad = {"Invoices": [{"InvoiceID": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "Status": "OPEN"}]}

    with pytest.raises(SpecMismatch, match="OPEN"):
        validator.validate(_get("/Invoices"), httpx.Response(200, json=bad))


def test_validator_rejects_read_only_field_in_request(validator: XeroSpecValidator) -> None:
    request = httpx.Request(
        "PUT",
        API + "/Invoices",
        headers=HEADERS,
        json={"Invoices": [{"Type": "ACCREC", "Total": 5}]},
    )

    with pytest.raises(SpecMismatch, match="read-only"):
        validator.validate(request, httpx.Response(200, json={"Invoices": []}))


def test_validator_rejects_missing_tenant_header(validator: XeroSpecValidator) -> None:
    request = httpx.Request("GET", API + "/Invoices", headers={"Authorization": "Bearer x"})

    with pytest.raises(SpecMismatch, match="xero-tenant-id"):
        validator.validate(request, httpx.Response(200, json={"Invoices": []}))


def test_validator_rejects_undocumented_operation(validator: XeroSpecValidator) -> None:
    request = httpx.Request("DELETE", API + "/Invoices", headers=HEADERS)

    with pytest.raises(SpecMismatch):
        validator.validate(request, httpx.Response(200, json={}))


def test_validator_rejects_token_response_with_wrong_types(validator: XeroSpecValidator) -> None:
    request = httpx.Request("POST", "https://xero.simulator/connect/token")

    with pytest.raises(SpecMismatch, match=r"not of type 'integer'"):
        validator.validate(request, httpx.Response(200, json={"expires_in": "1800"}))
