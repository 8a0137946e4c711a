"""The QuickBooks Desktop simulator's control API over HTTP, for ``ledgersync simulator``.

Besides what a QuickBooks user does (enter customers, receive a payment), it runs the
simulated Web Connector: one session, as clicking **Update Selected** does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import httpx

from integrations.simulators import (
    SimCompany,
    SimCustomer,
    SimInvoice,
    SimulatorCommandError,
    WebConnectorRun,
    checked,
    money,
)

#: A session pauses on NoOp while Ledgersync prepares follow-up requests: give it minutes.
SESSION_TIMEOUT_SECONDS = 600.0


class QbdSimulatorControl:
    """Drives the simulator mounted at ``base_url`` (the app's URL plus ``/_sim/qbd``)."""

    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self._http = http
        self._base = f"{base_url.rstrip('/')}/_control"

    async def _get(self, path: str) -> dict[str, object]:
        body = (await checked(self._http.get(f"{self._base}{path}"))).json()
        return body if isinstance(body, dict) else {}

    async def _post(
        self, path: str, body: dict[str, object], wait_seconds: float | None = None
    ) -> dict[str, object]:
        call = self._http.post(
            f"{self._base}{path}",
            json=body,
            timeout=wait_seconds if wait_seconds is not None else httpx.USE_CLIENT_DEFAULT,
        )
        answer = (await checked(call)).json()
        return answer if isinstance(answer, dict) else {}

    async def companies(self) -> list[SimCompany]:
        """Every company file, with the Web Connector user name set up for it."""
        rows = (await self._get("/companies")).get("companies", [])
        if not isinstance(rows, list):
            return []
        return [
            SimCompany(str(r["file_id"]), str(r["name"]), None, _text(r.get("user_name")))
            for r in rows
            if isinstance(r, dict)
        ]

    async def _records(self, company: str, kind: str) -> list[dict[str, object]]:
        items = (await self._get(f"/companies/{company}/records/{kind}")).get("items", [])
        return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []

    async def invoices(self, company: str) -> list[SimInvoice]:
        """The company file's invoices."""
        return [_invoice(row) for row in await self._records(company, "invoices")]

    async def customers(self, company: str) -> list[SimCustomer]:
        """The company file's customers."""
        return [
            SimCustomer(str(row["id"]), str(row.get("name") or ""))
            for row in await self._records(company, "customers")
        ]

    async def record_payment(
        self, company: str, invoice: SimInvoice, amount: Decimal, date: dt.date | None
    ) -> str:
        """``POST …/invoices/{TxnID}/payments``: a ReceivePayment applied to the invoice."""
        body: dict[str, object] = {"amount": str(amount)}
        if date is not None:
            body["date"] = date.isoformat()
        answer = await self._post(f"/companies/{company}/invoices/{invoice.id}/payments", body)
        return str(answer.get("id", "?"))

    async def void_invoice(self, company: str, invoice: SimInvoice) -> None:
        """Not simulated for QuickBooks Desktop."""
        raise _not_simulated("voiding an invoice")

    async def close_books(self, company: str, closing_date: dt.date | None) -> None:
        """Not simulated for QuickBooks Desktop."""
        raise _not_simulated("closing the books")

    async def rename_customer(self, company: str, customer: SimCustomer, name: str) -> None:
        """Not simulated for QuickBooks Desktop."""
        raise _not_simulated("renaming a customer")

    async def add_customers(self, company: str, names: list[str]) -> list[SimCustomer]:
        """``POST …/customers``: customers entered by hand in QuickBooks."""
        answer = await self._post(f"/companies/{company}/customers", {"names": names})
        items = answer.get("items", [])
        rows = [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        return [SimCustomer(str(r["id"]), str(r["name"])) for r in rows]

    async def run_session(
        self, user_name: str, password: str, file_id: str | None, company_name: str | None
    ) -> WebConnectorRun:
        """``POST /_control/web-connector/sessions``: one Web Connector session for the login."""
        body: dict[str, object] = {"user_name": user_name, "password": password}
        if file_id:
            body["file_id"] = file_id
        if company_name:
            body["company_name"] = company_name
        answer = await self._post("/web-connector/sessions", body, SESSION_TIMEOUT_SECONDS)
        company = answer.get("company")
        facts = company if isinstance(company, dict) else {}
        percents = answer.get("percents")
        signed = answer.get("authenticate")
        return WebConnectorRun(
            company=SimCompany(str(facts.get("file_id")), str(facts.get("name")), None, user_name),
            outcome=str(answer.get("outcome") or ""),
            exchanges=int(str(answer.get("exchanges") or 0)),
            percents=[int(str(p)) for p in percents] if isinstance(percents, list) else [],
            noops=int(str(answer.get("noops") or 0)),
            last_error=_text(answer.get("last_error")),
            authenticate=[str(a) for a in signed] if isinstance(signed, list) else [],
            income_account_id=_text(facts.get("income_account_id")),
        )


def _not_simulated(what: str) -> SimulatorCommandError:
    return SimulatorCommandError(
        f"the QuickBooks Desktop simulator does not simulate {what}; "
        "its commands are companies, invoices, pay, add-customers and session"
    )


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _invoice(row: dict[str, object]) -> SimInvoice:
    balance = money(row.get("balance"))
    status = "VOIDED" if row.get("voided") else "PAID" if balance == 0 else "OPEN"
    return SimInvoice(
        id=str(row.get("id")),
        number=str(row.get("ref_number") or ""),
        status=status,
        total=money(row.get("total")),
        balance=balance,
    )
