"""Per-provider drivers for the push engine tests, so one fault test runs for every provider.

A driver builds a connected :class:`~tests.core.sync.push_support.World` on its in-process
simulator, injects the faults the tests need on invoice writes (a dropped answer after commit, a
throttle, an outage), closes the remote books through a date, acts in the remote company as one of
its users would (edits or pays an invoice), and reads what the remote company holds (invoices,
customers, items, estimates) in one shape for every provider. Its class attributes state what
differs between the platforms (error codes, batch size, text limits, rules). The Xero world sends
every exchange through Xero's official OpenAPI documents; ``finish`` fails the test on any
mismatch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from core.crypto import SecretBox
from core.models import Connection, Firm, User
from core.models.enums import ConnectionStatus
from core.settings import Settings
from core.sync.session import ProviderEnv
from core.sync.tokens import CredentialStore
from integrations.quickbooks_online.kit import budget_for as qbo_budget
from integrations.quickbooks_online.simulator.store import Record as QboRecord
from integrations.ratelimit import InProcessRateLimiter
from integrations.ratelimit.clock import ManualClock
from integrations.xero.kit import SIMULATOR_PATH, XeroKit
from integrations.xero.kit import budget_for as xero_budget
from integrations.xero.simulator import SimulatorSettings, create_app
from integrations.xero.simulator.faults import FaultKind
from integrations.xero.simulator.openapi_check import (
    SpecMismatch,
    ValidatingTransport,
    XeroSpecValidator,
    xero_specs,
)
from tests.core.sync.push_support import World, connect


@dataclass(frozen=True)
class RemoteEstimate:
    """An estimate as the remote company holds it (a QuickBooks Estimate, a Xero Quote)."""

    id: str
    number: str
    total: float


@dataclass(frozen=True)
class PlatformInvoice:
    """An invoice as the remote company holds it (QuickBooks: SyncToken as its version,
    amounts zeroed once voided; Xero: UpdatedDateUTC as its version, amounts kept once VOIDED)."""

    id: str
    number: str
    total: Decimal
    balance: Decimal
    customer_id: str
    version: str
    voided: bool
    memo: str | None
    line_descriptions: tuple[str, ...]


@dataclass(frozen=True)
class PlatformCustomer:
    """A customer as the remote company holds it (a QuickBooks Customer, a Xero Contact)."""

    id: str
    name: str
    email: str | None
    phone: str | None
    version: str
    active: bool


@dataclass(frozen=True)
class PlatformItem:
    """An item as the remote company holds it. ``sku`` is QuickBooks' Sku, Xero's item Code;
    ``service`` says it is sold as a service (QuickBooks Type Service; Xero sold, not purchased,
    not tracked as inventory)."""

    id: str
    name: str
    sku: str | None
    income_account: str | None
    service: bool


class PushDriver(Protocol):
    """What a provider-parametrized push test needs."""

    platform: str
    #: The error code a document number already used remotely fails with.
    duplicate_number_code: str
    #: The error code a write dated in a closed (locked) period fails with.
    period_closed_code: str
    #: The error code a customer create fails with when the platform already holds the name.
    duplicate_name_code: str
    #: Whether a name held only by an inactive customer still cannot be used for a new one.
    inactive_names_taken: bool
    #: Whether the platform voids an invoice that has payments (rather than refusing).
    voids_paid_invoices: bool
    #: The most documents one write of ``create_invoices`` sends.
    max_batch: int
    #: The longest invoice number, memo and line description the platform keeps.
    invoice_number_max: int
    memo_max: int
    line_description_max: int

    async def world(self, settings: Settings, **simulator: Any) -> World:
        """A firm connected to the simulated company; throttles pause a manual clock.
        ``simulator`` overrides the simulator's settings (its clock, token lifetimes)."""
        ...

    def invoice_numbers(self, world: World) -> list[str]:
        """The numbers of the remote company's invoices."""
        ...

    def estimates(self, world: World) -> list[RemoteEstimate]:
        """The remote company's estimates, oldest first."""
        ...

    def invoices(self, world: World) -> list[PlatformInvoice]:
        """The remote company's invoices, oldest first (voided ones included)."""
        ...

    def customers(self, world: World) -> list[PlatformCustomer]:
        """The remote company's customers, oldest first (inactive ones included)."""
        ...

    def items(self, world: World, name: str | None = None) -> list[PlatformItem]:
        """The remote company's items (with this name, when one is given)."""
        ...

    def edit_invoice(self, world: World, remote_id: str) -> None:
        """Change an invoice's note in the remote company, as one of its users would (its
        version moves on)."""
        ...

    def record_payment(self, world: World, remote_id: str, amount: Decimal) -> None:
        """Receive a payment for an invoice in the remote company, as one of its users would."""
        ...

    def inject(self, world: World, fault: str, count: int = 1) -> None:
        """Arm ``drop`` / ``throttle`` / ``unavailable`` for the next invoice writes."""
        ...

    def close_books(self, world: World, through: date | None) -> None:
        """Close the remote company's books through ``through`` (None reopens them)."""
        ...

    def finish(self) -> None:
        """Fail on anything the run's checks caught."""
        ...


class QboPushDriver:
    """QuickBooks Online: invoices go through /batch."""

    platform = "QuickBooks Online"
    duplicate_number_code = "QBO-6140"
    period_closed_code = "QBO-6210"
    duplicate_name_code = "QBO-6240"
    inactive_names_taken = True  # names are unique among active and inactive customers
    voids_paid_invoices = True  # the payments are left unapplied
    max_batch = 30
    invoice_number_max = 21
    memo_max = 1000
    line_description_max = 4000
    _faults = {"drop": "drop_response", "throttle": "throttle", "unavailable": "unavailable"}

    async def world(self, settings: Settings, **simulator: Any) -> World:
        """The QuickBooks world of push_support, its limiter on a manual clock."""
        world = await connect(settings, **simulator)
        limiter = InProcessRateLimiter(qbo_budget(world.kit.config(world.env)), clock=ManualClock())
        world.env.extras["qbo-limiter"] = limiter
        return world

    def invoice_numbers(self, world: World) -> list[str]:
        """DocNumbers of the realm's invoices."""
        return [str(r["DocNumber"]) for r in world.remote("Invoice")]

    def estimates(self, world: World) -> list[RemoteEstimate]:
        """The realm's Estimates."""
        return [
            RemoteEstimate(str(r["Id"]), str(r["DocNumber"]), float(r["TotalAmt"]))
            for r in world.remote("Estimate")
        ]

    def invoices(self, world: World) -> list[PlatformInvoice]:
        """The realm's Invoices (voided ones carry zero amounts and the simulator's flag)."""
        return [
            qbo_invoice(record) for record in world.simulator.realm(world.realm).live("Invoice")
        ]

    def customers(self, world: World) -> list[PlatformCustomer]:
        """The realm's Customers."""
        return [
            PlatformCustomer(
                id=str(row["Id"]),
                name=str(row["DisplayName"]),
                email=_text((row.get("PrimaryEmailAddr") or {}).get("Address")),
                phone=_text((row.get("PrimaryPhone") or {}).get("FreeFormNumber")),
                version=str(row["SyncToken"]),
                active=bool(row.get("Active", True)),
            )
            for row in world.remote("Customer")
        ]

    def items(self, world: World, name: str | None = None) -> list[PlatformItem]:
        """The realm's Items (with this Name, when one is given)."""
        return [
            PlatformItem(
                id=str(row["Id"]),
                name=str(row["Name"]),
                sku=_text(row.get("Sku")),
                income_account=_text((row.get("IncomeAccountRef") or {}).get("value")),
                service=row.get("Type") == "Service",
            )
            for row in (world.remote("Item", Name=name) if name else world.remote("Item"))
        ]

    def edit_invoice(self, world: World, remote_id: str) -> None:
        """A sparse update of the invoice's PrivateNote: its SyncToken moves on."""
        realm = world.simulator.realm(world.realm)
        record = world.simulator.accounting.read(realm, "Invoice", remote_id)
        payload = {
            "Id": remote_id,
            "SyncToken": record.sync_token,
            "sparse": True,
            "PrivateNote": "Edited in QuickBooks",
        }
        world.simulator.accounting.update(realm, "Invoice", payload, origin="control")

    def record_payment(self, world: World, remote_id: str, amount: Decimal) -> None:
        """A Payment applied to the invoice."""
        world.simulator.record_payment(world.realm, remote_id, amount)

    def inject(self, world: World, fault: str, count: int = 1) -> None:
        """Faults on the batch endpoint."""
        world.simulator.inject_fault(self._faults[fault], count=count, path="batch")

    def close_books(self, world: World, through: date | None) -> None:
        """The realm's closing date."""
        world.simulator.close_books(world.realm, through)

    def finish(self) -> None:
        """Nothing to check."""


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def qbo_invoice(record: QboRecord) -> PlatformInvoice:
    """A QuickBooks simulator Invoice record as the remote company holds it."""
    row: Any = record.data
    lines = [line for line in row.get("Line", []) if line.get("DetailType") != "SubTotalLineDetail"]
    return PlatformInvoice(
        id=record.id,
        number=str(row.get("DocNumber") or ""),
        total=Decimal(str(row.get("TotalAmt") or 0)),
        balance=Decimal(str(row.get("Balance") or 0)),
        customer_id=str(row["CustomerRef"]["value"]),
        version=record.sync_token,
        voided=record.voided,
        memo=_text((row.get("CustomerMemo") or {}).get("value")),
        line_descriptions=tuple(str(line.get("Description") or "") for line in lines),
    )


def xero_invoice(row: dict[str, Any]) -> PlatformInvoice:
    """A Xero simulator invoice row as the remote company holds it."""
    return PlatformInvoice(
        id=str(row["InvoiceID"]),
        number=str(row.get("InvoiceNumber") or ""),
        total=Decimal(str(row["Total"])),
        balance=Decimal(str(row["AmountDue"])),
        customer_id=str(row["Contact"]["ContactID"]),
        version=str(row["UpdatedDateUTC"]),
        voided=row["Status"] in ("VOIDED", "DELETED"),
        memo=_text(row.get("Reference")),
        line_descriptions=tuple(str(line.get("Description") or "") for line in row["LineItems"]),
    )


def _xero_phone(row: dict[str, Any]) -> str | None:
    return next(
        (_text(p.get("PhoneNumber")) for p in row.get("Phones", []) if p["PhoneType"] == "DEFAULT"),
        None,
    )


class _Bare(httpx.AsyncBaseTransport):
    """Serves the simulator mounted at /_sim/xero from the bare simulator app, so the spec
    validator sees Xero's own paths."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        assert path.startswith(SIMULATOR_PATH), f"a Xero call left the simulator: {request.url}"
        request.url = request.url.copy_with(path=path[len(SIMULATOR_PATH) :] or "/")
        return await self._inner.handle_async_request(request)


class _Recording(httpx.AsyncBaseTransport):
    """Keeps every spec mismatch, even one the code under test swallows."""

    def __init__(self, inner: httpx.AsyncBaseTransport, seen: list[str]) -> None:
        self._inner = inner
        self._seen = seen

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._inner.handle_async_request(request)
        except SpecMismatch as exc:
            self._seen.append(str(exc))
            raise


class XeroPushDriver:
    """Xero: invoices go through PUT /Invoices, 50 at a time, checked against Xero's spec."""

    platform = "Xero"
    duplicate_number_code = "XERO-DUPLICATE-NUMBER"
    period_closed_code = "XERO-PERIOD-LOCKED"
    duplicate_name_code = "XERO-DUPLICATE-NAME"
    inactive_names_taken = False  # names are unique among active (not archived) contacts
    voids_paid_invoices = False  # only AUTHORISED invoices without payments are voided
    max_batch = 50
    invoice_number_max = 255
    memo_max = 255  # the invoice's Reference
    line_description_max = 4000
    _faults = {
        "drop": FaultKind.DROP_AFTER_COMMIT,
        "throttle": FaultKind.RATE_LIMITED,
        "unavailable": FaultKind.UNAVAILABLE,
    }

    def __init__(self) -> None:
        self.validator = XeroSpecValidator(xero_specs())
        self.mismatches: list[str] = []

    async def world(self, settings: Settings, **overrides: Any) -> World:
        """A firm connected to the simulator's organisation (auto-approved consent)."""
        kit = XeroKit()
        env = ProviderEnv(
            settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys))
        )
        simulator = create_app(
            SimulatorSettings(auto_approve=True, webhooks_for_api_writes=False, **overrides)
        )
        checked = ValidatingTransport(httpx.ASGITransport(app=simulator), self.validator)
        env.transport = _Bare(_Recording(checked, self.mismatches))
        env.extras["xero-limiter"] = InProcessRateLimiter(
            xero_budget(kit.config(env)), clock=ManualClock()
        )
        oauth = kit.oauth(env)
        async with httpx.AsyncClient(transport=env.transport) as browser:
            response = await browser.get(oauth.authorization_url("state-1"))
        query = parse_qs(urlparse(response.headers["location"]).query)
        grant = await oauth.exchange_code({k: v[0] for k, v in query.items()})
        firm = await Firm.create(external_id="firm-a", name="Firm A")
        connection = await Connection.create(
            firm=firm,
            provider=kit.provider,
            status=ConnectionStatus.ACTIVE,
            remote_company_id=grant.companies[0].id,
        )
        await env.credentials.store(connection, grant.tokens)
        user = await User.create(external_id="user-ada", name="Ada")
        state: Any = simulator.state.simulator
        return World(env, kit, state, firm, user, connection)  # type: ignore[arg-type]

    def invoice_numbers(self, world: World) -> list[str]:
        """InvoiceNumbers of the organisation's invoices."""
        return [str(r["InvoiceNumber"]) for r in world.simulator.entities(world.realm, "invoices")]

    def estimates(self, world: World) -> list[RemoteEstimate]:
        """The organisation's Quotes."""
        rows = world.simulator.entities(world.realm, "quotes")
        return [RemoteEstimate(r["QuoteID"], r["QuoteNumber"], r["Total"]) for r in rows]

    def invoices(self, world: World) -> list[PlatformInvoice]:
        """The organisation's sales (ACCREC) Invoices; VOIDED and DELETED ones count as voided."""
        state: Any = world.simulator
        rows = state.entities(world.realm, "invoices")
        return [xero_invoice(row) for row in rows if row["Type"] == "ACCREC"]

    def customers(self, world: World) -> list[PlatformCustomer]:
        """The organisation's Contacts (ARCHIVED ones are inactive)."""
        state: Any = world.simulator
        return [
            PlatformCustomer(
                id=str(row["ContactID"]),
                name=str(row["Name"]),
                email=_text(row.get("EmailAddress")),
                phone=_xero_phone(row),
                version=str(row["UpdatedDateUTC"]),
                active=row["ContactStatus"] == "ACTIVE",
            )
            for row in state.entities(world.realm, "contacts")
        ]

    def items(self, world: World, name: str | None = None) -> list[PlatformItem]:
        """The organisation's Items (with this Name, when one is given)."""
        state: Any = world.simulator
        rows = state.entities(world.realm, "items")
        return [
            PlatformItem(
                id=str(row["ItemID"]),
                name=str(row["Name"]),
                sku=_text(row.get("Code")),
                income_account=_text((row.get("SalesDetails") or {}).get("AccountCode")),
                service=bool(row.get("IsSold"))
                and not row.get("IsPurchased")
                and not row.get("IsTrackedAsInventory"),
            )
            for row in rows
            if name is None or row.get("Name") == name
        ]

    def edit_invoice(self, world: World, remote_id: str) -> None:
        """A new Reference on the invoice (its UpdatedDateUTC is stamped anew)."""
        state: Any = world.simulator
        state.update_invoice(world.realm, remote_id, {"Reference": "Edited in Xero"})

    def record_payment(self, world: World, remote_id: str, amount: Decimal) -> None:
        """A Payment into the Business Bank Account applied to the invoice."""
        state: Any = world.simulator
        state.record_payment(world.realm, remote_id, float(amount))

    def calls(self, method: str, path: str) -> int:
        """Exchanges checked so far with this method and Accounting API path."""
        wanted = (method, f"/api.xro/2.0/{path}")
        return sum(1 for m, p, _ in self.validator.checked if (m, p) == wanted)

    def inject(self, world: World, fault: str, count: int = 1) -> None:
        """Faults on invoice writes."""
        state: Any = world.simulator
        state.inject_fault(
            self._faults[fault], count=count, method="PUT", path="/api.xro/2.0/Invoices"
        )

    def close_books(self, world: World, through: date | None) -> None:
        """The organisation's end of year lock date (the lock that binds every user)."""
        state: Any = world.simulator
        state.set_lock_dates(world.realm, end_of_year_lock_date=through)

    def finish(self) -> None:
        """Fail on any spec mismatch seen during the run."""
        assert not self.mismatches, self.mismatches


PUSH_DRIVERS: dict[str, type[QboPushDriver] | type[XeroPushDriver]] = {
    "qbo": QboPushDriver,
    "xero": XeroPushDriver,
}


@pytest.fixture(name="sim", params=sorted(PUSH_DRIVERS))
def push_sim(request: pytest.FixtureRequest) -> Iterator[PushDriver]:
    """``sim``: each provider in turn (Xero's traffic checked against its spec). Import it, with
    ``push_world``, into a module whose tests push through the drivers."""
    driver = PUSH_DRIVERS[request.param]()
    yield driver
    driver.finish()


@pytest.fixture(name="world")
async def push_world(settings: Settings, sim: PushDriver) -> World:
    """``world``: a firm connected to ``sim``'s company (throttle penalties pause a ManualClock
    instead of the test)."""
    return await sim.world(settings)
