"""The simulators mounted in a served app, driven over HTTP through their control APIs only: what
the remote company holds, and a payment entered there with the notice the platform sends.

Used by the end-to-end tests, whose workers may run in other processes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx


@dataclass(frozen=True)
class Remote:
    """An invoice as the simulated company holds it, in provider-blind terms."""

    id: str
    number: str
    total: Decimal
    customer: str


class QboRemote:
    """QuickBooks Online's simulator control API at /_sim/qbo/_control."""

    provider = "QUICKBOOKS_ONLINE"
    slug = "quickbooks"
    consent_path = "/_sim/qbo/connect/oauth2"
    platform = "QuickBooks Online"
    control = "/_sim/qbo/_control"

    async def invoices(self, browser: httpx.AsyncClient, company: str) -> list[Remote]:
        """The realm's invoices."""
        response = await browser.get(f"{self.control}/companies/{company}/entities/invoice")
        assert response.status_code == 200, response.text
        return [
            Remote(r["Id"], r["DocNumber"], Decimal(str(r["TotalAmt"])), r["CustomerRef"]["name"])
            for r in response.json()["items"]
        ]

    async def pay(self, browser: httpx.AsyncClient, company: str, remote_id: str) -> None:
        """A payment of the whole balance, then its answered Payment notice."""
        url = f"{self.control}/companies/{company}/invoices/{remote_id}/payments"
        paid = await browser.post(url, json={})
        assert paid.status_code == 201, paid.text
        # Wait for the simulator's signed delivery to /webhooks/quickbooks to be answered.
        deliveries = (await browser.post(f"{self.control}/webhooks")).json()["deliveries"]
        assert [d["status_code"] for d in deliveries] == [200]
        assert '"Payment"' in deliveries[0]["body"]

    async def settle_webhooks(self, browser: httpx.AsyncClient) -> int:
        """QuickBooks sends no notices for our own writes: no WEBHOOK run to wait for."""
        return 0


class XeroRemote:
    """Xero's simulator control API at /_sim/xero/_control."""

    provider = "XERO"
    slug = "xero"
    consent_path = "/_sim/xero/identity/connect/authorize"
    platform = "Xero"
    control = "/_sim/xero/_control"

    async def invoices(self, browser: httpx.AsyncClient, company: str) -> list[Remote]:
        """The organisation's invoices."""
        response = await browser.get(f"{self.control}/organisations/{company}/invoices")
        assert response.status_code == 200, response.text
        return [
            Remote(
                r["InvoiceID"], r["InvoiceNumber"], Decimal(str(r["Total"])), r["Contact"]["Name"]
            )
            for r in response.json()
        ]

    async def _deliveries(self, browser: httpx.AsyncClient) -> list[dict[str, Any]]:
        # The control API waits for deliveries still in flight before answering.
        response = await browser.get(f"{self.control}/webhooks/deliveries")
        assert response.status_code == 200, response.text
        rows: list[dict[str, Any]] = response.json()
        return rows

    async def pay(self, browser: httpx.AsyncClient, company: str, remote_id: str) -> None:
        """A payment of the whole balance, then its answered INVOICE update notice (Xero sends
        no payment notices)."""
        before = len(await self._deliveries(browser))
        url = f"{self.control}/organisations/{company}/invoices/{remote_id}/payments"
        paid = await browser.post(url, json={"amount": 300.0})
        assert paid.status_code == 200, paid.text
        fresh = (await self._deliveries(browser))[before:]
        assert [(d["kind"], d["statusCode"]) for d in fresh] == [("event", 200)], fresh
        assert '"INVOICE"' in fresh[0]["body"]
        assert remote_id in fresh[0]["body"]
        assert '"PAYMENT"' not in fresh[0]["body"]

    async def settle_webhooks(self, browser: httpx.AsyncClient) -> int:
        """Xero announces our own writes too: once those deliveries are answered, how many
        there were (all for our organisation, so they start at least one WEBHOOK run)."""
        return sum(d["kind"] == "event" for d in await self._deliveries(browser))


Remotes = QboRemote | XeroRemote
REMOTES: dict[str, type[Remotes]] = {"qbo": QboRemote, "xero": XeroRemote}
