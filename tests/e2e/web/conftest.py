"""Fixtures of the browser tests: the app served on a real port with its simulators, Chromium,
tokens for an administrator and a STAFF member, and the billing app's side of the API.

The embedded path runs jobs in the API process; tests marked ``redis`` run them in a separate
``ledgersync worker`` process on PostgreSQL and Redis (CI's second path).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from playwright.async_api import Browser
from starlette.applications import Starlette

from core.auth import mint_dev_token
from core.models.enums import Role
from core.settings import Settings
from tests.e2e.served import listening, server, start_worker, stop_worker
from tests.e2e.web.billing import BillingApp, QboControl, XeroControl
from tests.e2e.web.browser import Tab, launch, new_tab, require_chromium

__all__ = ["listening", "server"]

FIRM = "firm-web"


@pytest.fixture
def settings(settings: Settings, listening, request: pytest.FixtureRequest) -> Settings:  # type: ignore[no-untyped-def]
    """Served at its real address; OAuth comes back to the app; consent pages are shown unless
    the test is marked ``auto_approve``."""
    require_chromium()
    host, port = listening.getsockname()
    public = f"http://{host}:{port}"
    return settings.model_copy(
        update={
            "public_url": public,
            "app_url": f"{public}/app/connections",
            "simulator_auto_approve": bool(request.node.get_closest_marker("auto_approve")),
        }
    )


@pytest.fixture
def worker(app: Starlette, settings: Settings, request: pytest.FixtureRequest) -> Iterator[None]:
    """A separate `ledgersync worker` process for `redis`-marked tests (none otherwise)."""
    if not request.node.get_closest_marker("redis"):
        yield
        return
    process = start_worker(settings)
    try:
        yield
    finally:
        stop_worker(process)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Headless Debian Chromium."""
    async for launched in launch():
        yield launched


@pytest.fixture
def admin_token(settings: Settings) -> str:
    """A FIRM_ADMIN of the test firm, as the billing app would sign it."""
    return mint_dev_token(
        settings, firm=FIRM, role=Role.FIRM_ADMIN, user="ada", name="Ada Admin", email="ada@x.test"
    )


@pytest.fixture
def staff_token(settings: Settings) -> str:
    """A STAFF member of the same firm."""
    return mint_dev_token(
        settings, firm=FIRM, role=Role.STAFF, user="sam", name="Sam Staff", email="sam@x.test"
    )


@pytest.fixture
async def billing(server: str, admin_token: str, worker: None) -> AsyncIterator[BillingApp]:
    """The billing app's own calls (customers, invoices) on the served API."""
    async with BillingApp.open(f"http://{server}", admin_token) as api:
        await api.viewer()
        yield api


@pytest.fixture
async def qbo(server: str) -> AsyncIterator[QboControl]:
    """The QuickBooks Online simulator's control API on the served app."""
    async with QboControl.open(f"http://{server}") as control:
        yield control


@pytest.fixture
async def xero(server: str) -> AsyncIterator[XeroControl]:
    """The Xero simulator's control API on the served app."""
    async with XeroControl.open(f"http://{server}") as control:
        yield control


@pytest.fixture
async def tab(
    browser: Browser, server: str, request: pytest.FixtureRequest, billing: BillingApp
) -> AsyncIterator[Tab]:
    """A fresh browser tab on the served app; the test fails on console errors."""
    opened = await new_tab(browser, f"http://{server}", request.node.name)
    yield opened
    await opened.page.context.close()
    assert not opened.errors, opened.errors
