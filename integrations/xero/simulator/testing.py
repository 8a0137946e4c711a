"""Test helpers for code that talks to the simulator: a settable clock, the OAuth walk, an invoice
created through the API, and a webhook receiver that verifies signatures. Used by the simulator's
tests and the client's."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .settings import SimulatorSettings

REDIRECT_URI = "https://app.example/xero/callback"
SCOPE = "openid profile email offline_access accounting.transactions accounting.contacts"
BASE_URL = "https://xero.simulator"


class FakeClock:
    """A clock the test moves by hand, so limits and expiries need no sleeping."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:  # 2026-01-01T00:00:00Z
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds


@dataclass
class Connected:
    """Tokens from a completed consent plus the tenants it granted."""

    access_token: str
    refresh_token: str
    tenant_ids: list[str]

    def headers(self, tenant_id: str | None = None) -> dict[str, str]:
        """Authorization and xero-tenant-id headers for an API call."""
        tenant = tenant_id or self.tenant_ids[0]
        return {
            "Authorization": f"Bearer {self.access_token}",
            "xero-tenant-id": tenant,
            "Accept": "application/json",
        }


def basic_auth(settings: SimulatorSettings) -> dict[str, str]:
    """HTTP Basic client authentication for the token endpoint."""
    raw = f"{settings.client_id}:{settings.client_secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def authorize_params(settings: SimulatorSettings, state: str = "xyz") -> dict[str, str]:
    """Query of the authorize redirect an app would build."""
    return {
        "response_type": "code",
        "client_id": settings.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": SCOPE,
        "state": state,
    }


class FlowError(AssertionError):
    """The simulated consent did not go the way an app expects."""


async def consent(
    client: httpx.AsyncClient, settings: SimulatorSettings, tenant_ids: list[str]
) -> dict[str, list[str]]:
    """Open the consent page, tick ``tenant_ids`` and press Allow; returns the redirect query."""
    page = await client.get("/identity/connect/authorize", params=authorize_params(settings))
    if page.status_code != 200:
        raise FlowError(f"consent page answered {page.status_code}")
    hidden = re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page.text)
    form = [(name, html.unescape(value)) for name, value in hidden]
    form += [("tenant", tenant) for tenant in tenant_ids] + [("action", "allow")]
    # Several checkboxes share one name, so the form is encoded by hand.
    response = await client.post(
        "/identity/connect/authorize",
        content=urlencode(form).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if response.status_code != 302:
        raise FlowError(f"consent answered {response.status_code}: {response.text}")
    location = urlsplit(response.headers["location"])
    if f"{location.scheme}://{location.netloc}{location.path}" != REDIRECT_URI:
        raise FlowError(f"redirected to {response.headers['location']}")
    return parse_qs(location.query)


async def exchange(
    client: httpx.AsyncClient, settings: SimulatorSettings, code: str
) -> httpx.Response:
    """Trade an authorization code for tokens (client authenticated with HTTP Basic)."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    return await client.post("/connect/token", data=form, headers=basic_auth(settings))


async def refresh(
    client: httpx.AsyncClient, settings: SimulatorSettings, token: str
) -> httpx.Response:
    """Use a refresh token, authenticating the client with form fields this time."""
    form = {
        "grant_type": "refresh_token",
        "refresh_token": token,
        "client_id": settings.client_id,
        "client_secret": settings.client_secret,
    }
    return await client.post("/connect/token", data=form)


async def connect(
    client: httpx.AsyncClient, settings: SimulatorSettings, tenant_ids: list[str]
) -> Connected:
    """The whole consent + code exchange, as the app performs it."""
    query = await consent(client, settings, tenant_ids)
    tokens = (await exchange(client, settings, query["code"][0])).json()
    return Connected(tokens["access_token"], tokens["refresh_token"], tenant_ids)


async def create_invoice(
    client: httpx.AsyncClient,
    connected: Connected,
    *,
    number: str | None = None,
    contact: str = "Payer",
    status: str = "AUTHORISED",
    day: str | None = None,
) -> dict[str, object]:
    """PUT one ACCREC invoice of 100 (one line on Sales, no tax), as a client would; its row."""
    invoice: dict[str, object] = {
        "Type": "ACCREC",
        "Contact": {"Name": contact},
        "Status": status,
        "LineAmountTypes": "NoTax",
        "LineItems": [{"Description": "x", "Quantity": 1, "UnitAmount": 100, "AccountCode": "200"}],
    }
    if number is not None:
        invoice["InvoiceNumber"] = number
    if day is not None:
        invoice["Date"] = day
    response = await client.put(
        "/api.xro/2.0/Invoices", json={"Invoices": [invoice]}, headers=connected.headers()
    )
    if response.status_code != 200:
        raise FlowError(f"creating an invoice answered {response.status_code}: {response.text}")
    created: dict[str, object] = response.json()["Invoices"][0]
    return created


def xero_signature(key: str, body: bytes) -> str:
    """Reference implementation of the receiver's check, independent of the simulator."""
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


class Receiver:
    """A webhook endpoint that verifies signatures like the production receiver must."""

    def __init__(self, key: str, *, always: int | None = None) -> None:
        self.key = key
        self.always = always
        self.received: list[tuple[bytes, str]] = []
        self.app = Starlette(routes=[Route("/webhooks/xero", self._handle, methods=["POST"])])

    async def _handle(self, request: Request) -> Response:
        body = await request.body()
        signature = request.headers.get("x-xero-signature", "")
        self.received.append((body, signature))
        if self.always is not None:
            return Response(status_code=self.always)
        valid = hmac.compare_digest(signature, xero_signature(self.key, body))
        return Response(status_code=200 if valid else 401)

    def client_factory(self) -> httpx.AsyncClient:
        """What the simulator uses to deliver: straight into this app, in-process."""
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app))
