"""``ledgersync simulator …``: act as the accounting platform in the demo.

Each simulator's control API (mounted with it at ``/_sim/<provider>/_control``) is reached over
HTTP at the running app's URL, through a :class:`SimulatorControl` its kit provides. This module
finds the company and the record a command names (an invoice by its number, a customer by its
name) and prints what was done; the kits' clients know their simulator's routes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar, runtime_checkable

import httpx

T = TypeVar("T")


class SimulatorCommandError(Exception):
    """The command could not be done; the message says why, for the person who typed it."""


@dataclass(frozen=True, slots=True)
class SimCompany:
    """A company (QuickBooks realm, Xero organisation) of a simulator."""

    id: str
    name: str
    account: str | None  # the firm whose sign-in owns it (the consent's login_hint)
    agent_login: str | None = None  # the Web Connector user name set up for it (Desktop)


@dataclass(frozen=True, slots=True)
class SimInvoice:
    """An invoice as the simulated platform holds it."""

    id: str
    number: str
    status: str
    total: Decimal
    balance: Decimal


@dataclass(frozen=True, slots=True)
class SimCustomer:
    """A customer (Xero: a contact) as the simulated platform holds it."""

    id: str
    name: str


@runtime_checkable
class SimulatorControl(Protocol):
    """One simulator's control API, spoken over HTTP by the ``simulator`` commands."""

    async def companies(self) -> list[SimCompany]:
        """Every company of the simulator."""
        ...

    async def invoices(self, company: str) -> list[SimInvoice]:
        """The company's invoices."""
        ...

    async def customers(self, company: str) -> list[SimCustomer]:
        """The company's customers."""
        ...

    async def record_payment(
        self, company: str, invoice: SimInvoice, amount: Decimal, date: dt.date | None
    ) -> str:
        """Receive a payment for the invoice; return the new payment's id."""
        ...

    async def void_invoice(self, company: str, invoice: SimInvoice) -> None:
        """Void the invoice."""
        ...

    async def close_books(self, company: str, closing_date: dt.date | None) -> None:
        """Close the books up to ``closing_date`` (None reopens them)."""
        ...

    async def rename_customer(self, company: str, customer: SimCustomer, name: str) -> None:
        """Rename the customer."""
        ...


@dataclass(frozen=True, slots=True)
class WebConnectorRun:
    """What one session of a simulated agent (QuickBooks' Web Connector) did."""

    company: SimCompany
    outcome: str
    exchanges: int
    percents: list[int]
    noops: int
    last_error: str | None
    authenticate: list[str]
    income_account_id: str | None = None  # for the connection's incomeAccountId setting


@runtime_checkable
class AgentSimulatorControl(SimulatorControl, Protocol):
    """A simulator whose platform's agent polls Ledgersync (QuickBooks Desktop's Web
    Connector): the commands can run one of its sessions and enter customers by hand."""

    async def run_session(
        self, user_name: str, password: str, file_id: str | None, company_name: str | None
    ) -> WebConnectorRun:
        """One agent session signed in with this login; its company file is set up first
        when the simulator has none for the user name."""
        ...

    async def add_customers(self, company: str, names: list[str]) -> list[SimCustomer]:
        """Enter customers in the company."""
        ...


@runtime_checkable
class ControlledKit(Protocol):
    """A provider kit whose simulator the ``simulator`` commands can drive."""

    slug: str

    def simulator_control(self, http: httpx.AsyncClient, app_url: str) -> SimulatorControl:
        """The control API of the simulator mounted on the app running at ``app_url``."""
        ...


def control_error(response: httpx.Response) -> SimulatorCommandError:
    """The simulator's refusal, worded for the command line."""
    try:
        body = response.json()
    except ValueError:
        body = None
    detail = _detail(body) or response.text.strip()[:300] or "no details"
    return SimulatorCommandError(f"the simulator refused (HTTP {response.status_code}): {detail}")


def _detail(body: object) -> str:
    if not isinstance(body, dict):
        return ""
    if isinstance(body.get("errors"), list):
        return "; ".join(str(e) for e in body["errors"])
    if "error" in body:
        return str(body["error"])
    fault = body.get("Fault")
    if isinstance(fault, dict) and isinstance(fault.get("Error"), list):
        return "; ".join(
            f"{e.get('Message')}: {e.get('Detail')}" for e in fault["Error"] if isinstance(e, dict)
        )
    return ""


async def checked(call: Awaitable[httpx.Response]) -> httpx.Response:
    """Send a control request; a refusal becomes SimulatorCommandError, and so does no answer."""
    try:
        response = await call
    except httpx.TransportError as exc:
        raise SimulatorCommandError(
            f"the app did not answer ({type(exc).__name__}): is `ledgersync demo` running "
            "at that URL? Pass --url to name it."
        ) from exc
    if response.status_code == 404 and "text/html" in response.headers.get("content-type", ""):
        raise SimulatorCommandError(
            "this simulator is not mounted at that URL: the app must run in the simulator "
            "environment (the default of `ledgersync demo`)"
        )
    if response.status_code >= 400:
        raise control_error(response)
    return response


# --- finding what a command names ------------------------------------------------------------


async def _companies_to_search(control: SimulatorControl, company: str | None) -> list[str]:
    if company is not None:
        return [company]
    return [c.id for c in await control.companies()]


async def find_invoice(
    control: SimulatorControl, number: str, company: str | None
) -> tuple[str, SimInvoice]:
    """(company, invoice) of the invoice with this number (or id), in ``company`` or any."""
    found = [
        (where, invoice)
        for where in await _companies_to_search(control, company)
        for invoice in await control.invoices(where)
        if number in (invoice.number, invoice.id)
    ]
    return _one(found, f"invoice {number}")


async def find_customer(
    control: SimulatorControl, name: str, company: str | None
) -> tuple[str, SimCustomer]:
    """(company, customer) of the customer with this name (or id), in ``company`` or any."""
    found = [
        (where, customer)
        for where in await _companies_to_search(control, company)
        for customer in await control.customers(where)
        if name in (customer.name, customer.id)
    ]
    return _one(found, f"customer {name!r}")


def _one(found: list[tuple[str, T]], what: str) -> tuple[str, T]:
    if not found:
        raise SimulatorCommandError(f"no {what} in the simulator (list them with `invoices`)")
    companies = sorted({where for where, _ in found})
    if len(companies) > 1:
        raise SimulatorCommandError(
            f"{what} exists in several companies ({', '.join(companies)}): pass --company"
        )
    if len(found) > 1:
        raise SimulatorCommandError(f"{what} names several records: give its id instead")
    return found[0]


async def only_company(control: SimulatorControl, company: str | None) -> str:
    """The company a command without --company means: the simulator's only one, if so."""
    if company is not None:
        return company
    companies = await control.companies()
    if len(companies) == 1:
        return companies[0].id
    listed = ", ".join(f"{c.id} ({c.name})" for c in companies) or "none"
    raise SimulatorCommandError(f"pass --company: the simulator has several companies: {listed}")


# --- the commands ----------------------------------------------------------------------------

Command = Callable[[SimulatorControl, dict[str, object]], Awaitable[list[str]]]


async def list_companies(control: SimulatorControl, args: dict[str, object]) -> list[str]:
    """One line per company: its id, name and the firm it belongs to."""
    return [
        f"{c.id}  {c.name}  (Web Connector user: {c.agent_login})"
        if c.agent_login
        else f"{c.id}  {c.name}  (firm: {c.account or 'none yet'})"
        for c in await control.companies()
    ]


async def list_invoices(control: SimulatorControl, args: dict[str, object]) -> list[str]:
    """One line per invoice of the company (or of every company)."""
    company = _text(args.get("company"))
    lines = []
    for where in await _companies_to_search(control, company):
        for inv in await control.invoices(where):
            lines.append(
                f"{where}  {inv.number or '(no number)'}  {inv.status}  total {inv.total:.2f}  "
                f"balance {inv.balance:.2f}  id {inv.id}"
            )
    return lines or ["No invoices yet: push some with the syncInvoice mutation."]


async def pay(control: SimulatorControl, args: dict[str, object]) -> list[str]:
    """Receive a payment (the open balance unless --amount) for an invoice."""
    company, invoice = await find_invoice(control, str(args["invoice"]), _text(args.get("company")))
    raw = args.get("amount")
    amount = Decimal(str(raw)) if raw is not None else invoice.balance
    if amount <= 0:
        raise SimulatorCommandError(f"invoice {invoice.number} has nothing left to pay")
    date = _date(args.get("date"))
    payment = await control.record_payment(company, invoice, amount, date)
    return [f"Recorded payment {payment} of {amount} for invoice {invoice.number} in {company}."]


async def void(control: SimulatorControl, args: dict[str, object]) -> list[str]:
    """Void an invoice."""
    company, invoice = await find_invoice(control, str(args["invoice"]), _text(args.get("company")))
    await control.void_invoice(company, invoice)
    return [f"Voided invoice {invoice.number} in {company}."]


async def close_books(control: SimulatorControl, args: dict[str, object]) -> list[str]:
    """Close the books up to a date, or reopen them with ``none``."""
    company = await only_company(control, _text(args.get("company")))
    raw = str(args["date"])
    closing = None if raw.lower() == "none" else _date(raw)
    await control.close_books(company, closing)
    if closing is None:
        return [f"Reopened the books of {company}."]
    return [f"Closed the books of {company} up to {closing.isoformat()}."]


async def rename_customer(control: SimulatorControl, args: dict[str, object]) -> list[str]:
    """Rename a customer, as a user of the platform would."""
    company, customer = await find_customer(
        control, str(args["customer"]), _text(args.get("company"))
    )
    new_name = str(args["new_name"])
    await control.rename_customer(company, customer, new_name)
    return [f"Renamed customer {customer.name!r} to {new_name!r} in {company}."]


def _agent(control: SimulatorControl, command: str) -> AgentSimulatorControl:
    if not isinstance(control, AgentSimulatorControl):
        raise SimulatorCommandError(
            f"`{command}` is for QuickBooks Desktop: this platform has no agent that polls "
            "Ledgersync"
        )
    return control


SAMPLE_CUSTOMERS = (
    "Birchwood Dental",
    "Cobalt Freight LLC",
    "Dunmore Bakery",
    "Everly Architects",
    "Foxglove Florists",
)


async def add_customers(control: SimulatorControl, args: dict[str, object]) -> list[str]:
    """Enter customers (the given names, else sample ones) in the company file."""
    agent = _agent(control, "add-customers")
    company = await only_company(agent, _text(args.get("company")))
    given = args.get("names")
    names = [str(n) for n in given] if isinstance(given, list) and given else None
    if names is None:
        taken = {c.name.lower() for c in await agent.customers(company)}
        count = int(str(args.get("count") or len(SAMPLE_CUSTOMERS)))
        names = _sample_names(taken, count)
    added = await agent.add_customers(company, names)
    lines = [f"Added customer {c.name!r} (id {c.id}) in {company}." for c in added]
    return [*lines, "Run `importCustomers`, then a `session`, to bring them into Ledgersync."]


def _sample_names(taken: set[str], count: int) -> list[str]:
    names: list[str] = []
    round_ = 1
    while len(names) < count:
        for base in SAMPLE_CUSTOMERS:
            name = base if round_ == 1 else f"{base} {round_}"
            if name.lower() not in taken and len(names) < count:
                names.append(name)
        round_ += 1
    return names


async def session(control: SimulatorControl, args: dict[str, object]) -> list[str]:
    """Run one Web Connector session (Update Selected) with the login startConnection gave."""
    agent = _agent(control, "session")
    run = await agent.run_session(
        str(args["user_name"]),
        str(args["password"]),
        _text(args.get("file_id")),
        _text(args.get("company_name")),
    )
    lines = [
        f"Web Connector session for {run.company.name} ({run.company.id}): {run.outcome}.",
        f"  qbXML request sets answered: {run.exchanges}; progress: "
        f"{', '.join(f'{p}%' for p in run.percents) or 'none'}; NoOp pauses: {run.noops}.",
    ]
    if run.outcome == "nvu":
        lines.append("  Wrong user name or password (each startConnection issues a new password).")
    elif run.outcome == "none" and run.exchanges == 0:
        lines.append("  Nothing was queued for this company file (queue a sync, then run again).")
    if run.last_error and run.last_error != "NoOp":
        lines.append(f"  Last message: {run.last_error}")
    if run.income_account_id:
        lines.append(
            f"  Its income account for new service items is {run.income_account_id}: set it "
            "as incomeAccountId (updateConnectionSettings) before pushing invoices."
        )
    return lines


COMMANDS: dict[str, Command] = {
    "companies": list_companies,
    "invoices": list_invoices,
    "pay": pay,
    "void": void,
    "close-books": close_books,
    "rename-customer": rename_customer,
    "add-customers": add_customers,
    "session": session,
}
"""The ``ledgersync simulator PROVIDER COMMAND`` commands."""


async def run_command(control: SimulatorControl, name: str, args: dict[str, object]) -> list[str]:
    """Run one command; return the lines to print."""
    return await COMMANDS[name](control, args)


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SimulatorCommandError(f"{value!r} is not a date: use YYYY-MM-DD") from None


def money(value: object) -> Decimal:
    """A JSON amount as Decimal (0 when absent)."""
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


__all__: Sequence[str] = [
    "COMMANDS",
    "AgentSimulatorControl",
    "ControlledKit",
    "SimCompany",
    "SimCustomer",
    "SimInvoice",
    "SimulatorCommandError",
    "SimulatorControl",
    "WebConnectorRun",
    "checked",
    "money",
    "run_command",
]
