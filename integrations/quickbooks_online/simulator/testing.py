"""Helpers to drive a simulator over HTTP from tests and demos: the OAuth dance and API calls.

Response bodies are returned as parsed JSON (`Payload`), which is untyped by nature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

from .settings import DEFAULT_CLIENT, RegisteredClient

ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting"
Payload = dict[str, Any]
"""A parsed JSON object from a simulator response."""


@dataclass
class Connection:
    """A connected company: API helpers that add the bearer token and the realm prefix."""

    http: httpx.AsyncClient
    realm_id: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        """Authorization and Accept headers for API calls."""
        return {"Authorization": f"Bearer {self.access_token}", "Accept": "application/json"}

    def url(self, path: str) -> str:
        """`/v3/company/{realm}/{path}`."""
        return f"/v3/company/{self.realm_id}/{path.lstrip('/')}"

    async def get(self, path: str, **params: str) -> httpx.Response:
        """GET an API path."""
        return await self.http.get(self.url(path), params=params, headers=self.headers)

    async def post(self, path: str, body: object, **params: str) -> httpx.Response:
        """POST JSON to an API path."""
        return await self.http.post(self.url(path), json=body, params=params, headers=self.headers)

    async def create(self, entity: str, body: Payload, **params: str) -> Payload:
        """Create an entity and return it; fails loudly on any fault."""
        response = await self.post(entity.lower(), body, **params)
        if response.status_code != 200:
            raise AssertionError(
                f"create {entity} answered {response.status_code}: {response.text}"
            )
        created: Payload = response.json()[entity]
        return created

    async def query(self, text: str) -> httpx.Response:
        """Run a query with GET."""
        return await self.get("query", query=text)

    async def customer(self, name: str, **extra: object) -> Payload:
        """Create a customer."""
        return await self.create("Customer", {"DisplayName": name, **extra})

    async def invoice(
        self,
        customer_id: object,
        amount: float = 100.0,
        params: dict[str, str] | None = None,
        **extra: object,
    ) -> Payload:
        """Create a one-line invoice for the seeded "Services" item."""
        line: Payload = {
            "Amount": amount,
            "DetailType": "SalesItemLineDetail",
            "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
        }
        body: Payload = {"Line": [line], "CustomerRef": {"value": customer_id}, **extra}
        return await self.create("Invoice", body, **(params or {}))

    @staticmethod
    def codes(response: httpx.Response) -> list[str]:
        """The error codes of a `{"Fault": ...}` body."""
        return [str(error["code"]) for error in response.json()["Fault"]["Error"]]


class OAuthDriver:
    """Runs the OAuth endpoints the way a web app does."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        client: RegisteredClient = DEFAULT_CLIENT,
        redirect_uri: str | None = None,
    ) -> None:
        self.http = http
        self.client = client
        self.redirect_uri = redirect_uri or client.redirect_uris[0]

    @property
    def auth(self) -> tuple[str, str]:
        """HTTP Basic client credentials."""
        return (self.client.client_id, self.client.client_secret)

    async def authorize_code(
        self, state: str = "st-1", realm_id: str | None = None
    ) -> dict[str, str]:
        """Consent (the simulator must auto-approve) and return the callback parameters."""
        params = {
            "client_id": self.client.client_id,
            "response_type": "code",
            "scope": ACCOUNTING_SCOPE,
            "redirect_uri": self.redirect_uri,
            "state": state,
        }
        if realm_id is not None:
            params["realmId"] = realm_id
        response = await self.http.get("/connect/oauth2", params=params)
        location = response.headers.get("location", "")
        if response.status_code != 302 or not location.startswith(self.redirect_uri):
            raise AssertionError(f"consent did not redirect: {response.status_code}")
        return {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}

    async def exchange(self, code: str, **headers: str) -> httpx.Response:
        """authorization_code grant."""
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri}
        return await self.http.post(
            "/oauth2/v1/tokens/bearer", data=data, auth=self.auth, headers=headers
        )

    async def refresh(self, token: str) -> httpx.Response:
        """refresh_token grant."""
        data = {"grant_type": "refresh_token", "refresh_token": token}
        return await self.http.post("/oauth2/v1/tokens/bearer", data=data, auth=self.auth)

    async def connect(self, realm_id: str | None = None) -> Connection:
        """Consent plus code exchange: a ready-to-use connection."""
        callback = await self.authorize_code(realm_id=realm_id)
        response = await self.exchange(callback["code"])
        if response.status_code != 200:
            raise AssertionError(f"code exchange failed: {response.text}")
        tokens = response.json()
        return Connection(
            self.http, callback["realmId"], tokens["access_token"], tokens["refresh_token"]
        )
