"""The providers' HTTP client: user agent, timeouts, transport, and a call log without secrets."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from integrations.http import (
    BEARER,
    DEFAULT_TIMEOUT,
    REDACTED,
    BearerTransport,
    OwnedHttpClient,
    applies_bearer,
    create_http_client,
    loggable_url,
    sent_token,
    user_agent,
)
from integrations.ratelimit.transport import RateLimitedTransport

TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl"
LOGGER = "ledgersync.provider_http"


async def _echo(request: Request) -> JSONResponse:
    status = int(request.query_params.get("status", "200"))
    return JSONResponse({"headers": dict(request.headers)}, status_code=status)


def _transport() -> httpx.ASGITransport:
    app = Starlette(routes=[Route("/v3/{path:path}", _echo, methods=["GET", "POST"])])
    return httpx.ASGITransport(app=app)


async def test_create_http_client_sends_the_user_agent_through_the_given_transport():
    async with create_http_client(base_url="http://sim", transport=_transport()) as http:
        response = await http.get("/v3/company/1/companyinfo/1")

    assert response.status_code == 200
    assert response.json()["headers"]["user-agent"] == user_agent()
    assert user_agent().startswith("Ledgersync/")


async def test_create_http_client_adds_the_callers_headers():
    headers = {"Accept": "application/json", "User-Agent": "Ledgersync/test"}
    async with create_http_client(
        base_url="http://sim", transport=_transport(), headers=headers
    ) as http:
        sent = (await http.get("/v3/x")).json()["headers"]

    assert sent["accept"] == "application/json"
    assert sent["user-agent"] == "Ledgersync/test"


async def test_create_http_client_timeouts_are_bounded_and_overridable():
    async with create_http_client() as http:
        assert http.timeout == DEFAULT_TIMEOUT
        assert http.timeout.connect == 5.0
        assert http.timeout.read == 120.0
    async with create_http_client(timeout=httpx.Timeout(3.0)) as http:
        assert http.timeout.read == 3.0


async def test_call_log_records_method_url_status_and_duration(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger=LOGGER)
    async with create_http_client(base_url="http://sim", transport=_transport()) as http:
        await http.post("/v3/company/1/invoice", params={"minorversion": "75", "status": "201"})

    [record] = [r for r in caplog.records if r.name == LOGGER]
    assert record.http_method == "POST"
    assert record.http_url == "http://sim/v3/company/1/invoice?minorversion=75&status=201"
    assert record.http_status == 201
    assert isinstance(record.duration_ms, float)
    assert record.duration_ms >= 0
    assert "POST http://sim/v3/company/1/invoice" in record.getMessage()


async def test_call_log_never_carries_authorization_or_tokens(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    async with create_http_client(base_url="http://sim", transport=_transport()) as http:
        await http.get(
            "/v3/oauth",
            params={"code": "auth-code-123456", "access_token": TOKEN, "realmId": "42"},
            headers={"Authorization": f"Bearer {TOKEN}", "Cookie": "sid=cookie-secret-99"},
        )

    records = [r for r in caplog.records if r.name == LOGGER]
    assert records
    for record in records:
        text = f"{record.getMessage()} {record.__dict__}"
        for secret in (TOKEN, "auth-code-123456", "cookie-secret-99", "Bearer", "Authorization"):
            assert secret not in text
        assert "realmId=42" in text


def test_loggable_url_drops_userinfo_and_fragment_and_redacts_secret_values():
    url = httpx.URL(
        "https://user:pw@api.example.com/connect?client_secret=s3cr3t&State=abc"
        "&refresh-token=r1&minorversion=75&query=select%20*%20from%20Item#top"
    )

    shown = loggable_url(url)

    r = REDACTED
    assert shown == (
        f"https://api.example.com/connect?client_secret={r}&State={r}&refresh-token={r}"
        "&minorversion=75&query=select%20%2A%20from%20Item"
    )
    assert loggable_url(httpx.URL("https://api.example.com/a")) == "https://api.example.com/a"


class _OrderedLimiter:
    """A budget that records when it grants a call, next to when the token is read."""

    def __init__(self, events: list[str]) -> None:
        self.events = events

    @contextlib.asynccontextmanager
    async def slot(self, key, cost_classes=("default",), *, max_wait=None):  # type: ignore[no-untyped-def]
        self.events.append("granted")
        yield None

    async def penalize(self, key: str, retry_after: float) -> None:
        self.events.append("penalized")


async def test_bearer_inside_the_budget_reads_the_token_after_the_slot_is_granted() -> None:
    events: list[str] = []

    async def token() -> str:
        events.append("token")
        return TOKEN

    limiter: Any = _OrderedLimiter(events)
    transport = RateLimitedTransport(BearerTransport(_transport()), limiter, "realm-1")
    async with httpx.AsyncClient(base_url="http://sim", transport=transport) as http:
        response = await http.get("/v3/company", extensions={BEARER: token})

    assert events == ["granted", "token"]
    assert response.json()["headers"]["authorization"] == f"Bearer {TOKEN}"
    assert applies_bearer(transport)


async def test_owned_client_without_a_bearer_transport_gets_one() -> None:
    async def token() -> str:
        return TOKEN

    client = OwnedHttpClient(http=None, transport=_transport(), timeout=5)
    async with client:
        response = await client._http.get("http://sim/v3/x", extensions={BEARER: token})
    assert response.json()["headers"]["authorization"] == f"Bearer {TOKEN}"
    assert sent_token(response.request) == TOKEN
