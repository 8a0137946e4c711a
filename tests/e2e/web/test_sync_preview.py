"""In Chromium on the QuickBooks Online simulator: Preview on two selected invoices (one new, one
in euros while the company's multicurrency is off) shows CREATE for one and FAIL with its reason
and code for the other, writes nothing to the books, closes on Escape with focus inside while
open, passes axe, and "Run this plan" runs the push with the same outcomes. On QuickBooks Desktop a
customer's Preview says a preview needs an OAuth platform and leaves its Sync in place."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import expect

from tests.e2e.web.billing import BillingApp, QboControl
from tests.e2e.web.browser import Tab
from tests.e2e.web.flows import chip, connect_qbo, run_finished
from tests.e2e.web.test_currencies_view import _euro_invoice
from tests.e2e.web.test_desktop_settings import _connected, web

__all__ = ["web"]  # the Web Connector's HTTP client fixture


async def test_sync_preview_shows_create_and_fail_then_runs_the_plan_with_the_same_outcomes(
    tab: Tab, admin_token: str, billing: BillingApp, qbo: QboControl
) -> None:
    page = tab.page
    await billing.invoice("P-1", amount="120.00")
    await _euro_invoice(billing, "P-2")
    await tab.open("/connections", admin_token)
    await connect_qbo(page)
    await page.get_by_role("link", name="Invoices").click()
    await page.get_by_label("Select invoice P-1").check()
    await page.get_by_label("Select invoice P-2").check()

    await page.get_by_role("button", name="Preview: 2 selected invoices").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    assert await page.evaluate("!!document.activeElement.closest('dialog')")
    created = dialog.locator("tr[data-plan-item='Invoice P-1']")
    failed = dialog.locator("tr[data-plan-item='Invoice P-2']")
    await expect(created).to_have_attribute("data-plan-action", "CREATE")
    await expect(failed).to_have_attribute("data-plan-action", "FAIL")
    await expect(failed).to_contain_text("Fail")
    await expect(failed).to_contain_text("CURRENCY_NOT_ENABLED")
    await expect(failed).to_contain_text("EUR")
    await expect(dialog.locator("[data-plan-count=FAIL]")).to_contain_text("1")
    await expect(dialog.locator("[data-plan-count=CREATE]")).to_be_visible()
    await expect(dialog.locator("[data-plan-budget]")).to_contain_text("calls needed")
    first = dialog.get_by_role("table", name="Customers and items handled first")
    await expect(first).to_contain_text("Acme Corporation")
    dialog_violations = await tab.axe()
    await tab.shot("plan")
    assert await qbo.invoices() == []  # a plan writes nothing to the books

    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(page.locator(".run-progress")).to_have_count(0)

    await page.get_by_role("button", name="Preview: 2 selected invoices").click()
    await expect(dialog.locator("tr[data-plan-item='Invoice P-2']")).to_have_attribute(
        "data-plan-action", "FAIL"
    )
    await dialog.get_by_role("button", name="Run this plan").click()
    await expect(dialog).to_be_hidden()
    await run_finished(page)
    await expect(page.locator(".run-progress").last).to_have_attribute(
        "data-run-status", re.compile("PARTIAL|FAILED")
    )
    await expect(chip(page, "P-1")).to_have_text("Synced")
    assert len(await qbo.invoices()) == 1

    # The run's records: the planned CREATE succeeded, the planned FAIL failed with its code.
    await page.get_by_role("link", name="See every record of this run").click()
    records = page.locator("tr[data-outcome]")
    await expect(records.filter(has_text="P-1")).to_have_attribute("data-outcome", "SUCCEEDED")
    await expect(records.filter(has_text="P-2")).to_have_attribute("data-outcome", "FAILED")
    await expect(records.filter(has_text="P-2")).to_contain_text("CURRENCY_NOT_ENABLED")
    assert dialog_violations == []


async def test_sync_preview_customer_on_desktop_says_a_preview_needs_oauth_and_keeps_sync(
    tab: Tab, admin_token: str, billing: BillingApp, server: str, web: httpx.AsyncClient
) -> None:
    page = tab.page
    await billing.customer("Acme Corporation")
    await _connected(billing, web, server)
    await tab.open("/customers", admin_token)

    await page.get_by_role("button", name="Preview: Acme Corporation").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    refusal = dialog.locator("[data-plan-refusal=unavailable]")
    await expect(refusal).to_contain_text("A preview needs a platform Ledgersync reaches directly")
    await expect(refusal).to_contain_text("OAuth")
    await expect(dialog.get_by_role("button", name="Run this plan")).to_have_count(0)
    dialog_violations = await tab.axe()

    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    # Nothing else is hidden: the customer's own Sync stays.
    sync = page.get_by_role("button", name="Sync to the books: Acme Corporation")
    await expect(sync).to_be_enabled()
    assert dialog_violations == []
