"""Fixtures for the sync tests: a firm with invoices in every state, and ``sim``/``books``: each
provider's simulator mounted in the app with a firm connected to it (modules that drive the
simulators another way define their own ``sim``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from starlette.applications import Starlette

from core.models import Customer, Firm, Invoice
from core.models.enums import DocType, InvoiceStatus
from tests.core.sync.pull_drivers import Books, connected_books
from tests.provider_sims import DRIVERS, SimDriver

TODAY = date(2026, 3, 10)


async def make_invoice(
    firm: Firm,
    customer: Customer,
    number: str,
    *,
    status: InvoiceStatus = InvoiceStatus.SENT,
    due: date | None = None,
    doc_type: DocType = DocType.INVOICE,
) -> Invoice:
    """An invoice of ``firm`` due on ``due`` (yesterday when omitted)."""
    return await Invoice.create(
        firm=firm,
        customer=customer,
        number=number,
        doc_type=doc_type,
        status=status,
        issue_date=TODAY - timedelta(days=30),
        due_date=due if due is not None else TODAY - timedelta(days=1),
    )


@pytest.fixture
async def firm(app) -> Firm:
    return await Firm.create(external_id="firm-a", name="Firm A")


@pytest.fixture
async def customer(firm) -> Customer:
    return await Customer.create(firm=firm, name="Ada")


@pytest.fixture(params=sorted(DRIVERS))
def sim(request: pytest.FixtureRequest, app: Starlette) -> Iterator[SimDriver]:
    """Each provider's mounted simulator in turn (Xero's traffic checked against its spec)."""
    driver = DRIVERS[request.param]()
    driver.install(app)
    yield driver
    driver.finish()


@pytest.fixture
async def books(app: Starlette, sim: SimDriver) -> Books:
    """Firm A connected to ``sim``'s first company, its webhooks muted (only what a test
    delivers or pulls applies)."""
    return await connected_books(app, sim)
