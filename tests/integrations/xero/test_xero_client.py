"""The Xero client's headers and failures: tenant header, 401/403/404/429/5xx, timeouts, and the
error bodies turned into the ProviderError tree."""

from __future__ import annotations

import json

import httpx
import pytest

from integrations.base import (
    AuthExpired,
    DuplicateName,
    PeriodClosed,
    ProviderUnavailable,
    RemoteValidation,
)
from integrations.xero.client import XeroClient
from integrations.xero.wire import (
    XeroRateLimited,
    messages_to_error,
    parse_date,
    parse_datetime,
    parse_error,
    retry_after,
)


async def test_xero_client_sends_tenant_and_json_headers(xero_client: XeroClient) -> None:
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request)

    xero_client._http.event_hooks["request"].append(record)
    await xero_client.rows("Accounts", "Accounts")
    (request,) = seen
    assert request.headers["xero-tenant-id"] == xero_client.tenant_id
    assert request.headers["accept"] == "application/json"
    assert request.headers["authorization"].startswith("Bearer ")


async def test_xero_client_writes_send_summarize_errors_false_and_idempotency_key(
    xero_client: XeroClient,
) -> None:
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request)

    xero_client._http.event_hooks["request"].append(record)
    body = {"Name": "Header Check"}
    await xero_client.write("PUT", "Contacts", "Contacts", [body], idempotency_key="key-9")
    (request,) = seen
    assert request.url.params["summarizeErrors"] == "false"
    assert request.headers["idempotency-key"] == "key-9"


async def test_xero_client_refuses_oversized_writes(xero_client: XeroClient) -> None:
    with pytest.raises(ValueError, match="at most 50"):
        await xero_client.write("PUT", "Contacts", "Contacts", [{}] * 51, idempotency_key="k")
    with pytest.raises(ValueError, match="128"):
        await xero_client.write("PUT", "Contacts", "Contacts", [{}], idempotency_key="k" * 129)


async def test_xero_client_rate_limit_carries_retry_after_and_problem(
    xero_client: XeroClient, sim_state
) -> None:
    sim_state.inject_fault("429", retry_after=7, problem="day")
    with pytest.raises(XeroRateLimited) as caught:
        await xero_client.rows("Accounts", "Accounts")
    assert caught.value.retry_after == 7
    assert caught.value.problem == "day"
    assert caught.value.code == "XERO-429-DAY"


async def test_xero_client_expired_token_is_auth_expired(
    xero_client: XeroClient, sim_clock
) -> None:
    sim_clock.advance(31 * 60)
    with pytest.raises(AuthExpired):
        await xero_client.rows("Accounts", "Accounts")


async def test_xero_client_unconnected_tenant_is_403_with_reconnect_hint(
    xero_cfg, xero_transport, xero_connected, token_source, tenant_ids
) -> None:
    source = token_source(xero_connected.tokens)
    async with XeroClient(xero_cfg, tenant_ids[2], source, transport=xero_transport) as client:
        with pytest.raises(RemoteValidation) as caught:
            await client.rows("Accounts", "Accounts")
    assert caught.value.code == "XERO-403"
    assert "Reconnect Xero" in (caught.value.hint or "")


@pytest.mark.parametrize("kind", ["500", "503", "hang", "drop_after_commit"])
async def test_xero_client_outages_are_provider_unavailable(
    xero_client: XeroClient, sim_state, sim_settings, kind: str
) -> None:
    sim_settings.hang_seconds = 0
    sim_state.inject_fault(kind)
    with pytest.raises(ProviderUnavailable):
        await xero_client.rows("Accounts", "Accounts")


def test_xero_retry_after_defaults_by_problem() -> None:
    assert retry_after({"Retry-After": "12"}) == 12
    assert retry_after({"X-Rate-Limit-Problem": "concurrent"}) == 1
    assert retry_after({"X-Rate-Limit-Problem": "minute"}) == 60
    assert retry_after({"Retry-After": "soon"}) == 60
    limited = parse_error(429, {"X-Rate-Limit-Problem": "concurrent"}, b"")
    assert isinstance(limited, XeroRateLimited)
    assert limited.retry_after == 1


def test_xero_error_messages_are_classified() -> None:
    duplicate = messages_to_error(
        ["The contact name Bob is already assigned to another contact."], name="Bob"
    )
    assert isinstance(duplicate, DuplicateName)
    locked = messages_to_error(["Invoice date is before the period lock date of 31 Dec 2025"])
    assert isinstance(locked, PeriodClosed)
    assert "lock date" in (locked.hint or "")
    assert isinstance(messages_to_error(["The period is locked"]), PeriodClosed)
    # Xero's own text (waynerobinson/xeroizer#92), and the one for editing a locked document.
    for real in (
        "The document date cannot be before the end of year lock date, currently set at "
        "31-Jul-2013",
        "Document cannot be edited as it is currently dated before end of year lock date",
    ):
        assert messages_to_error([real]).code == "XERO-PERIOD-LOCKED"
    other = messages_to_error(["Something else"])
    assert type(other) is RemoteValidation
    assert other.code == "XERO-VALIDATION"


def test_xero_parse_error_bodies() -> None:
    body = json.dumps(
        {
            "ErrorNumber": 10,
            "Type": "ValidationException",
            "Elements": [{"ValidationErrors": [{"Message": "Date is not a valid date"}]}],
        }
    ).encode()
    error = parse_error(400, {}, body)
    assert type(error) is RemoteValidation
    assert "Date is not a valid date" in error.message
    other = parse_error(400, {}, b'{"Type": "PostDataInvalidException", "Message": "Bad JSON"}')
    assert other.code == "XERO-PostDataInvalidException"
    assert isinstance(parse_error(502, {}, b"<html>"), ProviderUnavailable)
    assert isinstance(parse_error(401, {}, b""), AuthExpired)


def test_xero_dates_parse_ms_and_iso_forms() -> None:
    moment = parse_datetime("/Date(1552521600000+0000)/")
    assert moment is not None
    assert moment.isoformat() == "2019-03-14T00:00:00+00:00"
    assert parse_datetime("/Date(1552521600000)/") == moment
    assert parse_datetime("2019-03-14T00:00:00") == moment
    assert parse_datetime("garbage") is None
    assert parse_date("/Date(1539993600000+0000)/", "2018-10-20T00:00:00").isoformat() == (
        "2018-10-20"
    )
