"""What the browser tests do outside the browser: the billing app's own API calls (it creates
customers and invoices), and the simulators' control APIs (a payment entered in the books,
closed books, slow answers). All over HTTP to the served app, as another process would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any, Self

import httpx

from tests.e2e.remotes import QboRemote, Remote, XeroRemote

CREATE_CUSTOMER = """
mutation($name: String!) { createCustomer(input: {name: $name}) {
  __typename ... on CreateCustomerSuccess { customer { id } } ... on UserError { message } } }"""
CREATE_INVOICE = """
mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
  __typename ... on CreateInvoiceSuccess { invoice { id number } }
  ... on UserError { message } } }"""
ISSUE = """
mutation($id: ID!) { issueInvoice(id: $id) { __typename ... on UserError { message } } }"""


class BillingApp:
    """GraphQL calls with the administrator's token, as the billing application makes them."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self._customers: dict[str, str] = {}

    @classmethod
    @asynccontextmanager
    async def open(cls, base: str, token: str) -> AsyncIterator[BillingApp]:
        """A client of the served API."""
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:
            yield cls(http)

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run an operation that must succeed."""
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        body = response.json()
        assert not body.get("errors"), body
        data: dict[str, Any] = body["data"]
        return data

    async def viewer(self) -> None:
        """The first request creates the firm and the user."""
        await self.data("{ viewer { firm { id } } }")

    async def customer(self, name: str) -> str:
        """The customer's id, created on first use."""
        if name not in self._customers:
            result = (await self.data(CREATE_CUSTOMER, {"name": name}))["createCustomer"]
            assert result["__typename"] == "CreateCustomerSuccess", result
            self._customers[name] = result["customer"]["id"]
        return self._customers[name]

    async def invoice(
        self,
        number: str,
        customer: str = "Acme Corporation",
        *,
        amount: str = "300.00",
        issued: date | None = None,
    ) -> str:
        """An issued one-line invoice; returns its id."""
        line = {"description": "Consulting", "quantity": "1", "unitPrice": amount}
        invoice_input: dict[str, Any] = {
            "customerId": await self.customer(customer),
            "number": number,
            "lines": [line],
        }
        if issued is not None:
            invoice_input["issueDate"] = issued.isoformat()
        created = (await self.data(CREATE_INVOICE, {"input": invoice_input}))["createInvoice"]
        assert created["__typename"] == "CreateInvoiceSuccess", created
        invoice_id: str = created["invoice"]["id"]
        issued_result = (await self.data(ISSUE, {"id": invoice_id}))["issueInvoice"]
        assert issued_result["__typename"] == "IssueInvoiceSuccess", issued_result
        return invoice_id


class _Control:
    """A simulator's control API on the served app."""

    base = ""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    @classmethod
    @asynccontextmanager
    async def open(cls, base: str) -> AsyncIterator[Self]:
        """A client of the mounted simulator."""
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            yield cls(http)


class QboControl(_Control):
    """The QuickBooks Online simulator's control API."""

    base = QboRemote.control

    async def realm(self) -> str:
        """The (only) company's realm id."""
        companies = (await self.http.get(f"{self.base}/companies")).json()["companies"]
        realm: str = companies[0]["realm_id"]
        return realm

    async def close_books(self, closing: date) -> None:
        """Close the books up to and including ``closing``."""
        url = f"{self.base}/companies/{await self.realm()}/close-books"
        response = await self.http.post(url, json={"closing_date": closing.isoformat()})
        assert response.status_code == 200, response.text

    async def invoices(self) -> list[Remote]:
        """The company's invoices."""
        return await QboRemote().invoices(self.http, await self.realm())

    async def pay(self, remote_id: str) -> None:
        """A payment of the whole balance entered in QuickBooks (whether or not a notice of it
        reaches Ledgersync; ``QboRemote.pay`` insists that one does)."""
        url = f"{self.base}/companies/{await self.realm()}/invoices/{remote_id}/payments"
        response = await self.http.post(url, json={})
        assert response.status_code == 201, response.text

    async def slow(self, seconds: float, count: int) -> None:
        """The next ``count`` API requests each take ``seconds`` longer."""
        body = {"kind": "latency", "seconds": seconds, "count": count, "path": "/v3/company/"}
        response = await self.http.post(f"{self.base}/faults", json=body)
        assert response.status_code == 201, response.text


class XeroControl(_Control):
    """The Xero simulator's control API."""

    base = XeroRemote.control

    async def organisation(self, name: str) -> str:
        """Create an organisation; returns its tenant id."""
        response = await self.http.post(f"{self.base}/organisations", json={"name": name})
        assert response.status_code in (200, 201), response.text
        tenant: str = response.json()["tenantId"]
        return tenant
