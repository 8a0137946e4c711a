"""The QuickBooks Online simulator's control API over HTTP, for ``ledgersync simulator``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import httpx

from integrations.simulators import SimCompany, SimCustomer, SimInvoice, checked, money


class QboSimulatorControl:
    """Drives the simulator mounted at ``base_url`` (the app's URL plus ``/_sim/qbo``)."""

    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self._http = http
        self._base = f"{base_url.rstrip('/')}/_control"

    async def _get(self, path: str) -> object:
        return (await checked(self._http.get(f"{self._base}{path}"))).json()

    async def _post(self, path: str, body: dict[str, object]) -> object:
        return (await checked(self._http.post(f"{self._base}{path}", json=body))).json()

    async def companies(self) -> list[SimCompany]:
        """Every realm."""
        body = await self._get("/companies")
        rows = body.get("companies", []) if isinstance(body, dict) else []
        return [SimCompany(str(r["realm_id"]), str(r["name"]), r.get("account")) for r in rows]

    async def _entities(self, company: str, entity: str) -> list[dict[str, object]]:
        """Records with the simulator's flags: ``{"entity": {...}, "voided": bool, …}``."""
        # include_deleted asks for the flagged form; deleted records are left out here.
        body = await self._get(f"/companies/{company}/entities/{entity}?include_deleted=1")
        items = body.get("items", []) if isinstance(body, dict) else []
        return [item for item in items if isinstance(item, dict) and not item.get("deleted")]

    async def invoices(self, company: str) -> list[SimInvoice]:
        """The realm's live invoices."""
        return [_invoice(item) for item in await self._entities(company, "Invoice")]

    async def customers(self, company: str) -> list[SimCustomer]:
        """The realm's active customers."""
        return [
            SimCustomer(str(row["Id"]), str(row.get("DisplayName") or ""))
            for item in await self._entities(company, "Customer")
            if isinstance(row := item.get("entity"), dict) and row.get("Active") is not False
        ]

    async def record_payment(
        self, company: str, invoice: SimInvoice, amount: Decimal, date: dt.date | None
    ) -> str:
        """``POST …/invoices/{id}/payments``."""
        body: dict[str, object] = {"amount": str(amount)}
        if date is not None:
            body["txn_date"] = date.isoformat()
        answer = await self._post(f"/companies/{company}/invoices/{invoice.id}/payments", body)
        payment = answer.get("Payment", {}) if isinstance(answer, dict) else {}
        return str(payment.get("Id", "?")) if isinstance(payment, dict) else "?"

    async def void_invoice(self, company: str, invoice: SimInvoice) -> None:
        """``POST …/invoices/{id}/void``."""
        await self._post(f"/companies/{company}/invoices/{invoice.id}/void", {})

    async def close_books(self, company: str, closing_date: dt.date | None) -> None:
        """``POST …/close-books``: QuickBooks' closing date."""
        closing = closing_date.isoformat() if closing_date else None
        await self._post(f"/companies/{company}/close-books", {"closing_date": closing})

    async def rename_customer(self, company: str, customer: SimCustomer, name: str) -> None:
        """``POST …/customers/{id}/rename``."""
        path = f"/companies/{company}/customers/{customer.id}/rename"
        await self._post(path, {"display_name": name})


def _invoice(item: dict[str, object]) -> SimInvoice:
    row = item.get("entity")
    data = row if isinstance(row, dict) else {}
    balance = money(data.get("Balance"))
    status = "VOIDED" if item.get("voided") else "PAID" if balance == 0 else "OPEN"
    return SimInvoice(
        id=str(data.get("Id")),
        number=str(data.get("DocNumber") or ""),
        status=status,
        total=money(data.get("TotalAmt")),
        balance=balance,
    )
