"""In Chromium: a STAFF member sees status and history but no connect or settings controls; an
administrator edits every setting, picks accounts read from the books, sees an unmatched payment
method flagged and a validation error beside its field."""

from __future__ import annotations

from playwright.async_api import Browser, expect

from tests.e2e.web.billing import BillingApp
from tests.e2e.web.browser import Tab, new_tab
from tests.e2e.web.flows import card, chip, connect_qbo, sync_row


async def test_staff_sees_status_and_history_without_admin_controls(
    tab: Tab,
    browser: Browser,
    server: str,
    admin_token: str,
    staff_token: str,
    billing: BillingApp,
) -> None:
    await billing.invoice("S-1")
    await tab.open("/connections", admin_token)
    await connect_qbo(tab.page)
    await tab.page.get_by_role("link", name="Invoices").click()
    await sync_row(tab.page, "S-1")

    staff = await new_tab(browser, f"http://{server}", "staff")
    page = staff.page
    await staff.open("/connections", staff_token)
    qbo_card = card(page, "QUICKBOOKS_ONLINE")
    await expect(qbo_card.get_by_text("Active", exact=True)).to_be_visible()
    await expect(page.get_by_text("Staff (read only for settings)")).to_be_visible()
    for name in ("Disconnect", "Settings", "Connect Xero", "Reconnect QuickBooks Online"):
        await expect(page.get_by_role("button", name=name)).to_have_count(0)
        await expect(page.get_by_role("link", name=name)).to_have_count(0)
    await expect(qbo_card.get_by_role("button", name="Sync now")).to_be_visible()
    await staff.shot("connections")

    await page.get_by_role("link", name="Recent syncs").click()
    await expect(page.locator("tr[data-run-kind=PUSH_INVOICES]")).to_have_count(1)
    await page.get_by_role("link", name="Invoices").click()
    await expect(chip(page, "S-1")).to_have_text("Synced")
    await staff.open("/connections/anything/settings")
    await expect(page.get_by_role("status")).to_contain_text("Only an administrator")
    await page.context.close()
    assert not staff.errors, staff.errors


async def test_settings_lists_the_books_flags_unmatched_methods_and_places_errors(
    tab: Tab, admin_token: str
) -> None:
    page = tab.page
    await tab.open("/connections", admin_token)
    await connect_qbo(page)
    await card(page, "QUICKBOOKS_ONLINE").get_by_role("link", name="Settings").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("QuickBooks Online settings")

    income = page.get_by_label("Income account")
    await expect(income.locator("option", has_text="Services")).to_have_count(1)
    deposit = page.get_by_label("Deposit account")
    await expect(deposit.locator("option", has_text="Checking")).to_have_count(1)
    await income.select_option(label="Services (1)")
    await page.get_by_label("Automatic sync").select_option("HOURLY")
    await page.get_by_label("Cash", exact=True).check()
    await page.get_by_label("Add a method by name").fill("Bitcoin")
    await page.get_by_role("button", name="Add", exact=True).click()
    flagged = page.locator("li[data-unmatched=true]")
    await expect(flagged).to_contain_text("Bitcoin")
    await expect(flagged).to_contain_text("No match in QuickBooks Online")
    await page.get_by_role("button", name="Save settings").click()
    await expect(page.get_by_text("Saved.")).to_be_visible()
    await tab.shot("saved")

    await page.get_by_label("Sync start date").fill("1800-01-01")
    await page.get_by_role("button", name="Save settings").click()
    field = page.locator("[data-field=syncStartDate]")
    await expect(field.locator(".field-error")).to_have_attribute("data-error-code", "VALIDATION")
    await expect(page.get_by_label("Sync start date")).to_have_attribute("aria-invalid", "true")
    await tab.shot("validation-error")

    await page.reload()
    await expect(page.get_by_label("Income account")).to_have_value("1")
    await expect(page.get_by_label("Automatic sync")).to_have_value("HOURLY")
    await expect(page.get_by_label("Cash", exact=True)).to_be_checked()
