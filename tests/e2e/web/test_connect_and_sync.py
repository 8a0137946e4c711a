"""In Chromium: connect QuickBooks Online through its consent page, sync invoices with a live
progress bar, and watch the chips turn Synced; connect Xero and choose an organisation.

The QuickBooks flow runs on the embedded queue and, marked ``redis``, with a separate worker
process on PostgreSQL and Redis (CI's second path).
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.e2e.web.billing import BillingApp, QboControl, XeroControl
from tests.e2e.web.browser import Tab
from tests.e2e.web.flows import card, connect_qbo

# Records every value the progress bar shows, so the test sees it move, not just end.
WATCH_PROGRESS = """
() => {
  window.__progress = [];
  const seen = (bar) => window.__progress.push(Number(bar.getAttribute('aria-valuenow')));
  new MutationObserver((changes) => {
    for (const change of changes) {
      const bar = change.target.closest ? change.target.closest('[role=progressbar]') : null;
      if (bar) seen(bar);
      for (const node of change.addedNodes || []) {
        if (node.querySelectorAll) node.querySelectorAll('[role=progressbar]').forEach(seen);
      }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                             attributeFilter: ['aria-valuenow']});
}
"""


@pytest.mark.parametrize("path", ["embedded", pytest.param("worker", marks=pytest.mark.redis)])
async def test_connect_qbo_then_sync_invoices_shows_progress_and_synced_chips(
    tab: Tab, admin_token: str, billing: BillingApp, qbo: QboControl, path: str
) -> None:
    page = tab.page
    for number in ("W-1", "W-2", "W-3"):
        await billing.invoice(number, customer=f"Customer {number}")
    await tab.open("/", admin_token)
    await expect(page.get_by_role("heading", name="Connections")).to_be_visible()
    assert "#token=" not in page.url

    await connect_qbo(page)
    qbo_card = card(page, "QUICKBOOKS_ONLINE")
    await expect(qbo_card.get_by_text("Active", exact=True)).to_be_visible()
    await expect(qbo_card).to_contain_text("Simulated Company")
    await tab.shot("connected")

    await page.get_by_role("link", name="Invoices").click()
    await expect(page.locator("tr[data-invoice]")).to_have_count(3)
    await page.evaluate(WATCH_PROGRESS)
    await qbo.slow(0.3, count=12)  # slow enough that the bar has somewhere to move from
    for number in ("W-1", "W-2", "W-3"):
        await page.get_by_label(f"Select invoice {number}").check()
    await page.get_by_role("button", name="Sync selected (3)").click()

    bar = page.get_by_role("progressbar")
    await expect(bar).to_be_visible()
    await expect(bar).to_have_attribute("aria-valuenow", "100", timeout=30_000)
    for number in ("W-1", "W-2", "W-3"):
        chip = page.locator(f"tr[data-invoice='{number}'] [data-sync-status]")
        await expect(chip).to_have_attribute("data-sync-status", "SYNCED")
        await expect(chip).to_have_text("Synced")
    seen = await page.evaluate("window.__progress")
    await tab.shot("synced")
    assert seen[0] < 100, seen
    assert seen[-1] == 100, seen

    chip = page.locator("tr[data-invoice='W-1'] [data-sync-status]")
    await chip.click()
    await expect(page.get_by_role("group", name="Sync details for invoice W-1")).to_contain_text(
        "Number in the books"
    )
    assert len(await qbo.invoices()) == 3
    # The token rode in the fragment: no request the browser made carried it.
    assert not [url for url in tab.urls if admin_token in url]


@pytest.mark.auto_approve  # the Xero consent page's form posts outside its mount path
async def test_connect_xero_and_choose_an_organisation(
    tab: Tab, admin_token: str, xero: XeroControl
) -> None:
    page = tab.page
    # The auto-approved consent grants the organisations of the default name: make two.
    second = await xero.organisation("Demo Company (Global)")
    await tab.open("/connections", admin_token)
    await page.get_by_role("button", name="Connect Xero").click()
    await page.wait_for_url(re.compile(r"/app/connections$"))
    await expect(page.locator("[data-oauth-outcome]")).to_contain_text("Choose one below")
    xero_card = card(page, "XERO")
    await expect(xero_card.get_by_text("Choose an organisation", exact=True)).to_be_visible()
    options = xero_card.get_by_role("radio")
    await expect(options).to_have_count(2)
    await tab.shot("choose-organisation")

    await xero_card.locator(f"input[value='{second}']").check()
    await xero_card.get_by_role("button", name="Use this organisation").click()

    await expect(xero_card.get_by_text("Active", exact=True)).to_be_visible()
    await expect(xero_card).to_contain_text("Calls left today")
    await expect(xero_card.get_by_role("radio")).to_have_count(0)
    await tab.shot("xero-active")
