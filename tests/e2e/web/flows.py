"""Steps the browser tests share: connecting through the consent page, following a run."""

from __future__ import annotations

import re

from playwright.async_api import Locator, Page, expect

# Safety net for a run to finish in the browser; not a timing goal.
RUN_TIMEOUT_MS = 30_000


def card(page: Page, provider: str) -> Locator:
    """The connection card of one platform."""
    return page.locator(f"section.card[data-provider={provider}]")


async def connect_qbo(page: Page, button: str = "Connect QuickBooks Online") -> None:
    """From the connections page, through the simulator's consent page and back."""
    await page.get_by_role("button", name=button).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("wants to connect")
    await page.get_by_role("button", name="Authorize").click()
    await page.wait_for_url(re.compile(r"/app/connections$"))
    await expect(page.locator("[data-oauth-outcome]")).to_contain_text("Connected")
    await expect(card(page, "QUICKBOOKS_ONLINE").get_by_text("Active", exact=True)).to_be_visible()


async def run_finished(page: Page) -> None:
    """The run shown on the page reaches 100% and a final status."""
    bar = page.get_by_role("progressbar").last
    await expect(bar).to_have_attribute("aria-valuenow", "100", timeout=RUN_TIMEOUT_MS)
    await expect(page.locator(".run-progress").last).to_have_attribute(
        "data-run-status", re.compile("SUCCEEDED|PARTIAL|FAILED")
    )


def chip(page: Page, number: str) -> Locator:
    """The sync chip of an invoice row."""
    return page.locator(f"tr[data-invoice='{number}'] [data-sync-status]")


async def sync_row(page: Page, number: str) -> None:
    """Press an invoice row's Sync and wait for its run."""
    await page.get_by_role("button", name=f"Sync: Invoice {number}").click()
    await run_finished(page)
