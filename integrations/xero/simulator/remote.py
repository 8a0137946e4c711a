"""The Xero simulator's control API over HTTP, for ``ledgersync simulator``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import httpx

from integrations.simulators import SimCompany, SimCustomer, SimInvoice, checked, money


class XeroSimulatorControl:
    """Drives the simulator mounted at ``base_url`` (the app's URL plus ``/_sim/xero``)."""

    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self._http = http
        self._base = f"{base_url.rstrip('/')}/_control"

    async def _get(self, path: str) -> list[dict[str, object]]:
        body = (await checked(self._http.get(f"{self._base}{path}"))).json()
        return [row for row in body if isinstance(row, dict)] if isinstance(body, list) else []

    async def _post(self, path: str, body: dict[str, object]) -> object:
        return (await checked(self._http.post(f"{self._base}{path}", json=body))).json()

    async def companies(self) -> list[SimCompany]:
        """Every organisation."""
        return [
            SimCompany(str(r["tenantId"]), str(r["name"]), _text(r.get("account")))
            for r in await self._get("/organisations")
        ]

    async def invoices(self, company: str) -> list[SimInvoice]:
        """The organisation's sales invoices."""
        return [
            SimInvoice(
                id=str(row["InvoiceID"]),
                number=str(row.get("InvoiceNumber") or ""),
                status=str(row.get("Status") or ""),
                total=money(row.get("Total")),
                balance=money(row.get("AmountDue")),
            )
            for row in await self._get(f"/organisations/{company}/invoices")
            if row.get("Type") in (None, "ACCREC")
        ]

    async def customers(self, company: str) -> list[SimCustomer]:
        """The organisation's contacts."""
        return [
            SimCustomer(str(row["ContactID"]), str(row.get("Name") or ""))
            for row in await self._get(f"/organisations/{company}/contacts")
        ]

    async def record_payment(
        self, company: str, invoice: SimInvoice, amount: Decimal, date: dt.date | None
    ) -> str:
        """``POST …/invoices/{id}/payments`` into the default bank account."""
        body: dict[str, object] = {"amount": float(amount), "reference": "ledgersync simulator"}
        if date is not None:
            body["date"] = date.isoformat()
        answer = await self._post(f"/organisations/{company}/invoices/{invoice.id}/payments", body)
        return str(answer.get("PaymentID", "?")) if isinstance(answer, dict) else "?"

    async def void_invoice(self, company: str, invoice: SimInvoice) -> None:
        """``POST …/invoices/{id}/void``."""
        await self._post(f"/organisations/{company}/invoices/{invoice.id}/void", {})

    async def close_books(self, company: str, closing_date: dt.date | None) -> None:
        """``POST …/lock-dates``: Xero's period lock date (the end-of-year lock is cleared)."""
        lock = closing_date.isoformat() if closing_date else None
        await self._post(f"/organisations/{company}/lock-dates", {"periodLockDate": lock})

    async def rename_customer(self, company: str, customer: SimCustomer, name: str) -> None:
        """``POST …/contacts/{id}/rename``."""
        await self._post(f"/organisations/{company}/contacts/{customer.id}/rename", {"name": name})


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
