"""Per-provider reads and faults for the provider-parametrized syncNow push tests.

A :class:`ChangedDriver` reads back what the remote company holds after a sync (its invoices with
their customer and memo, its customers' names) from the simulator mounted in the app, and makes
the next invoice write's answer get lost after the platform committed it. :class:`CountingTransport`
counts the writes sent to the accounting API, whatever the provider.
"""

from __future__ import annotations

from typing import Any, Protocol

import httpx

from integrations.xero.kit import SIMULATOR_PATH as XERO_PATH
from integrations.xero.simulator.faults import FaultKind
from tests.core.sync.pull_drivers import Books
from tests.core.sync.push_drivers import PlatformInvoice, qbo_invoice, xero_invoice
from tests.provider_sims import SimDriver

#: Where each provider's accounting API lives (OAuth and identity calls are elsewhere).
_API_PATHS = ("/v3/company/", "/api.xro/2.0/")


class ChangedDriver(Protocol):
    """What the syncNow push tests read from, and do to, one provider's mounted simulator."""

    def invoices(self, books: Books) -> list[PlatformInvoice]:
        """The remote company's sales invoices, oldest first."""
        ...

    def customers(self, books: Books) -> list[tuple[str, str]]:
        """The remote company's customers: (name, id), oldest first."""
        ...

    def drop_next_invoice_write(self, books: Books) -> None:
        """The next invoice create is committed remotely but its answer never arrives."""
        ...


class QboChanged:
    """QuickBooks Online: Invoices and Customers; invoices are created through /batch."""

    def invoices(self, books: Books) -> list[PlatformInvoice]:
        """The realm's Invoices."""
        state = books.sim.state(books.app)
        return [qbo_invoice(record) for record in state.realm(books.company).live("Invoice")]

    def customers(self, books: Books) -> list[tuple[str, str]]:
        """Customers: DisplayName and Id."""
        rows = books.sim.state(books.app).entities(books.company, "Customer")
        return [(str(r["DisplayName"]), str(r["Id"])) for r in rows]

    def drop_next_invoice_write(self, books: Books) -> None:
        """The batch answer is lost."""
        books.sim.state(books.app).inject_fault("drop_response", path="batch")


class XeroChanged:
    """Xero: ACCREC invoices and contacts; invoices are created with PUT /Invoices."""

    def invoices(self, books: Books) -> list[PlatformInvoice]:
        """The organisation's sales (ACCREC) invoices."""
        rows = books.sim.state(books.app).entities(books.company, "invoices")
        return [xero_invoice(row) for row in rows if row["Type"] == "ACCREC"]

    def customers(self, books: Books) -> list[tuple[str, str]]:
        """Contacts: Name and ContactID (Xero keeps customers and suppliers as contacts)."""
        rows = books.sim.state(books.app).entities(books.company, "contacts")
        return [(str(r["Name"]), str(r["ContactID"])) for r in rows]

    def drop_next_invoice_write(self, books: Books) -> None:
        """The PUT /Invoices answer is lost after commit."""
        state: Any = books.sim.state(books.app)
        path = XERO_PATH + "/api.xro/2.0/Invoices"
        state.inject_fault(FaultKind.DROP_AFTER_COMMIT, method="PUT", path=path)


CHANGED: dict[str, ChangedDriver] = {"QUICKBOOKS_ONLINE": QboChanged(), "XERO": XeroChanged()}


def changed_for(sim: SimDriver) -> ChangedDriver:
    """The syncNow push driver of ``sim``'s provider."""
    return CHANGED[sim.provider]


class CountingTransport(httpx.AsyncBaseTransport):
    """Forwards to the simulators and remembers every request's method and path."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        return await self.inner.handle_async_request(request)

    def api_writes(self) -> list[str]:
        """Paths of the writes to the accounting API (creates, updates, batches)."""
        return [
            path
            for method, path in self.requests
            if method in ("POST", "PUT") and any(api in path for api in _API_PATHS)
        ]


def count_requests(books: Books) -> CountingTransport:
    """Count the requests the connection sends from now on."""
    assert books.env.transport is not None
    counting = CountingTransport(books.env.transport)
    books.env.transport = counting
    return counting
