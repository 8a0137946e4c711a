"""In Chromium: an administrator sets up QuickBooks Desktop. The page gives the .qwc file and the
password once; a simulated Web Connector, configured from what the page showed, polls the served
app's /qbwc over HTTP, and the card turns ACTIVE with the company's name without a reload. An
invoice synced from the page then shows WAITING with its reason (on the card, in the runs table
and on the run page) until the Web Connector's sessions bring the answers, then SUCCEEDED.

It runs on the embedded queue and, marked ``redis``, with a separate worker process on PostgreSQL
and Redis (the Web Connector's answers reach the API process, which queues the run again there).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from lxml import etree
from playwright.async_api import Browser, expect

from integrations.quickbooks_desktop.simulator import CompanyFile, WebConnector
from integrations.quickbooks_desktop.simulator.company import Clock
from tests.e2e.web.billing import BillingApp
from tests.e2e.web.browser import Tab, new_tab
from tests.e2e.web.flows import RUN_TIMEOUT_MS, card

# Safety nets, not timing goals: the page reads the connections again every 3 s while it waits.
SEEN_TIMEOUT_MS = 20_000
MAX_SESSIONS = 10
HANG_GUARD_SECONDS = 60
TERMINAL = {"SUCCEEDED", "PARTIAL", "FAILED"}

UPDATE_SETTINGS = """
mutation($id: ID!, $input: ConnectionSettingsInput!) {
  updateConnectionSettings(connectionId: $id, input: $input) { __typename } }"""
CONNECTIONS = "{ connections { id provider status } }"
RUNS = "{ syncRuns(first: 5) { edges { node { id kind status waitingReason } } } }"


@pytest.fixture
async def web() -> AsyncIterator[httpx.AsyncClient]:
    """The Web Connector's own HTTP client (it runs on the QuickBooks computer)."""
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


def _qwc_field(qwc: str, name: str) -> str:
    value = etree.fromstring(qwc.encode()).findtext(name)
    assert value, f"the .qwc has no {name}"
    return value


async def _push_run(billing: BillingApp) -> dict[str, str]:
    """The push run once the worker has parked or finished it."""
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while True:
            runs = (await billing.data(RUNS))["syncRuns"]["edges"]
            pushes = [edge["node"] for edge in runs if edge["node"]["kind"] == "PUSH_INVOICES"]
            assert len(pushes) == 1, runs
            run: dict[str, str] = pushes[0]
            if run["status"] == "WAITING" or run["status"] in TERMINAL:
                return run
            await asyncio.sleep(0.05)


@pytest.mark.parametrize("path", ["embedded", pytest.param("worker", marks=pytest.mark.redis)])
async def test_admin_sets_up_desktop_and_follows_a_push_through_the_web_connector(
    tab: Tab,
    admin_token: str,
    staff_token: str,
    browser: Browser,
    billing: BillingApp,
    server: str,
    web: httpx.AsyncClient,
    path: str,
) -> None:
    page = tab.page
    await page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    await billing.invoice("D-1", customer="Blue Heron Studio")
    await tab.open("/", admin_token)
    desktop = card(page, "QUICKBOOKS_DESKTOP")
    await desktop.get_by_role("button", name="Connect QuickBooks Desktop").click()

    panel = desktop.locator("[data-setup=web-connector]")
    await expect(panel).to_be_visible()
    await expect(panel).to_contain_text("Add an application")
    await expect(panel).to_contain_text("even if QuickBooks is not running")
    await expect(panel).to_contain_text("Auto-Run")
    # Served at http://127.0.0.1, which the Web Connector accepts (as it does http://localhost).
    await expect(panel.locator("[data-setup-warning]")).to_have_count(0)
    await expect(desktop.get_by_text("Waiting for the first poll", exact=True)).to_be_visible()
    password = (await panel.locator("[data-setup-password]").inner_text()).strip()
    user_name = (await panel.locator("[data-setup-user-name]").inner_text()).strip()
    assert password
    assert user_name
    await panel.get_by_role("button", name="Copy the password").click()
    await expect(panel).to_contain_text("Copied.")
    assert await page.evaluate("navigator.clipboard.readText()") == password
    async with page.expect_download() as downloading:
        await panel.locator("[data-qwc-download]").click()
    download = await downloading.value
    assert download.suggested_filename.endswith(".qwc")
    qwc = await asyncio.to_thread(Path(await download.path()).read_text)
    assert _qwc_field(qwc, "UserName") == user_name
    assert _qwc_field(qwc, "AppURL") == f"http://{server}/qbwc"
    assert password not in qwc
    await tab.shot("setup")
    assert await tab.axe() == []

    # The QuickBooks computer: the company file open, the .qwc added, the password entered.
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    consulting = company.add_item("Consulting")
    company.file_id = _qwc_field(qwc, "FileID")
    connector = WebConnector(
        web,
        _qwc_field(qwc, "AppURL"),
        company,
        user_name=user_name,
        password=password,
        noop_pause_seconds=0,
        max_noops=3,
    )
    await page.evaluate("window.__notReloaded = true")
    await connector.run_session()

    await expect(desktop.get_by_text("Active", exact=True)).to_be_visible(timeout=SEEN_TIMEOUT_MS)
    await expect(desktop).to_contain_text("Ridgeline Books")
    await expect(desktop.locator("[data-last-poll]")).not_to_have_text("Never")
    await expect(panel).to_have_count(0)  # the password is gone from the page
    assert await page.evaluate("window.__notReloaded === true")
    await tab.shot("connected")

    (connection,) = (await billing.data(CONNECTIONS))["connections"]
    chosen = {"defaultItemId": consulting.stamp.id}
    saved = await billing.data(UPDATE_SETTINGS, {"id": connection["id"], "input": chosen})
    assert saved["updateConnectionSettings"]["__typename"] == "UpdateConnectionSettingsSuccess"

    await page.get_by_role("link", name="Invoices").click()
    await page.get_by_role("button", name="Sync: Invoice D-1").click()
    progress = page.locator(".run-progress").last
    await expect(progress).to_have_attribute("data-run-status", "WAITING", timeout=RUN_TIMEOUT_MS)
    await expect(progress.locator("[data-waiting-reason]")).to_contain_text("Web Connector")

    await page.get_by_role("link", name="Connections").click()
    await expect(desktop.get_by_text("Waiting for the Web Connector", exact=True)).to_be_visible()
    await page.get_by_role("link", name="Recent syncs").click()
    row = page.locator("tr[data-run-kind=PUSH_INVOICES]")
    await expect(row.locator("[data-run-status]")).to_have_attribute("data-run-status", "WAITING")
    await expect(row).to_contain_text("Web Connector")
    await row.get_by_role("link").click()
    status = page.locator("dd[data-run-status]")
    await expect(status).to_have_attribute("data-run-status", "WAITING")
    await expect(page.locator(".run-progress [data-waiting-reason]")).to_contain_text(
        "Web Connector"
    )
    await tab.shot("waiting")

    run = await _push_run(billing)
    assert run["status"] == "WAITING", run
    for _ in range(MAX_SESSIONS):
        await connector.run_session()
        run = await _push_run(billing)
        if run["status"] in TERMINAL:
            break

    assert run["status"] == "SUCCEEDED", run
    await expect(status).to_have_attribute("data-run-status", "SUCCEEDED", timeout=RUN_TIMEOUT_MS)
    await expect(page.locator("tr[data-outcome=SUCCEEDED]").first).to_be_visible()
    await expect(page.locator("[data-waiting-reason]")).to_have_count(0)
    await tab.shot("succeeded")
    invoices = [d for d in company.documents.values() if d.kind == "Invoice"]
    assert [d.ref_number for d in invoices] == ["D-1"]
    assert re.fullmatch(r".*/app/syncs/[^/]+", page.url)

    # A STAFF member sees the status and the last poll, and may sync, but cannot disconnect.
    staff = await new_tab(browser, f"http://{server}", f"{tab.name}-staff")
    try:
        await staff.open("/", staff_token)
        seen = card(staff.page, "QUICKBOOKS_DESKTOP")
        await expect(seen.get_by_text("Active", exact=True)).to_be_visible()
        await expect(seen).to_contain_text("Ridgeline Books")
        await expect(seen.locator("[data-last-poll]")).not_to_have_text("Never")
        await expect(seen.get_by_role("button", name="Sync now")).to_be_visible()
        await expect(seen.get_by_role("button", name="Disconnect")).to_have_count(0)
        await expect(seen.get_by_role("button", name=re.compile("Connect|Set up"))).to_have_count(0)
    finally:
        await staff.page.context.close()
    assert not staff.errors, staff.errors
