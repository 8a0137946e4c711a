"""In Chromium: the Settings page of a QuickBooks Desktop connection. Before the Web Connector
has polled, the page says the lists wait for it and offers text boxes for the ids; after a
simulated session (over HTTP to the served /qbwc) the page, without a reload, offers the
company file's accounts, items and payment methods to choose from, and a choice saves. Reading
the lists again waits with the last copy shown, then lists what changed in the company file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import expect

from integrations.quickbooks_desktop.simulator import CompanyFile, WebConnector
from integrations.quickbooks_desktop.simulator.company import INCOME_ACCOUNT_ID, Clock
from tests.e2e.web.billing import BillingApp
from tests.e2e.web.browser import Tab

# A safety net, not a timing goal: the page reads the lists again every 3 s while they wait.
SEEN_TIMEOUT_MS = 20_000

START = """
mutation { startConnection(provider: QUICKBOOKS_DESKTOP) {
  __typename ... on WebConnectorSetup { connectionId userName password qwcContent } } }"""
SETTINGS = "query($id: ID!) { connection(id: $id) { settings { incomeAccountId } } }"
WAITING_RUNS = """
query($id: ID) { syncRuns(connectionId: $id, status: WAITING) { totalCount } }"""


@pytest.fixture
async def web() -> AsyncIterator[httpx.AsyncClient]:
    """The Web Connector's own HTTP client (it runs on the QuickBooks computer)."""
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


async def _connected(
    billing: BillingApp, web: httpx.AsyncClient, server: str
) -> tuple[str, CompanyFile, WebConnector]:
    """A Desktop connection whose first session has run (ACTIVE), set up as the page would."""
    setup = (await billing.data(START))["startConnection"]
    assert setup["__typename"] == "WebConnectorSetup", setup
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    company.add_item("Consulting")
    company.file_id = _file_id(setup["qwcContent"])
    connector = WebConnector(
        web,
        f"http://{server}/qbwc",
        company,
        user_name=setup["userName"],
        password=setup["password"],
        noop_pause_seconds=0,
        max_noops=3,
    )
    assert (await connector.run_session()).outcome == "done"
    return setup["connectionId"], company, connector


def _file_id(qwc: str) -> str:
    start = qwc.index("<FileID>") + len("<FileID>")
    return qwc[start : qwc.index("</FileID>")]


async def test_desktop_settings_wait_for_the_web_connector_then_offer_the_company_files_lists(
    tab: Tab, admin_token: str, billing: BillingApp, server: str, web: httpx.AsyncClient
) -> None:
    page = tab.page
    connection_id, company, connector = await _connected(billing, web, server)

    await tab.open(f"/connections/{connection_id}/settings", admin_token)
    notice = page.locator("[data-books-status=WAITING]")
    await expect(notice).to_contain_text("when the Web Connector next polls")
    await expect(notice).to_contain_text("type the ids")
    income = page.locator("#setting-incomeAccountId")
    await expect(income).to_have_attribute("type", "text")  # no list to choose from yet
    await tab.shot("waiting")
    assert await tab.axe() == []
    # Reading the lists is not a sync: no run waits for it.
    waiting = await billing.data(WAITING_RUNS, {"id": connection_id})
    assert waiting["syncRuns"]["totalCount"] == 0

    await page.evaluate("window.__notReloaded = true")
    report = await connector.run_session()
    assert any("<AccountQueryRq" in text for text in report.requests)

    select = page.locator("select#setting-incomeAccountId")
    await expect(select).to_be_visible(timeout=SEEN_TIMEOUT_MS)
    await expect(notice).to_have_count(0)
    await expect(select.locator("option")).to_have_text(
        ["Not set", "Sales (80000004-1)", f"Services ({INCOME_ACCOUNT_ID})"]
    )
    deposit = page.locator("select#setting-depositAccountId option")
    await expect(deposit).to_have_text(
        ["Not set", "Checking (80000001-1)", "Undeposited Funds (80000003-1)"]
    )
    await expect(page.locator("select#setting-defaultItemId")).to_contain_text("Consulting")
    methods = page.locator("[data-field=paymentMethods] label.checkbox")
    await expect(methods).to_have_text(["Cash", "Check", "MasterCard", "Visa"])
    await expect(page.locator(".books-read")).to_contain_text("Lists read from QuickBooks Desktop")
    assert await page.evaluate("window.__notReloaded === true")
    await tab.shot("listed")

    await select.select_option(INCOME_ACCOUNT_ID)
    await page.get_by_role("button", name="Save settings").click()
    await expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    saved = await billing.data(SETTINGS, {"id": connection_id})
    assert saved["connection"]["settings"]["incomeAccountId"] == INCOME_ACCOUNT_ID

    company.add_item("Training")
    await page.get_by_role("button", name="Read the lists again").click()
    await expect(notice).to_contain_text("the last ones read")
    items = page.locator("select#setting-defaultItemId")
    await expect(items).to_contain_text("Consulting")  # the last copy, while the read waits
    await expect(items).not_to_contain_text("Training")
    await connector.run_session()
    await expect(items).to_contain_text("Training", timeout=SEEN_TIMEOUT_MS)
    await expect(notice).to_have_count(0)
    await expect(select).to_have_value(INCOME_ACCOUNT_ID)
    assert await tab.axe() == []
