"""In Chromium: what the books answer, as the app shows it — a closed period's error with its
hint, a payment entered in the books turning an invoice PAID after Sync payments, and a
disconnect and reconnect that keeps the mappings (nothing is sent twice)."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.async_api import expect
from starlette.applications import Starlette

from tests.e2e.web.billing import BillingApp, QboControl
from tests.e2e.web.browser import Tab
from tests.e2e.web.flows import card, chip, connect_qbo, run_finished, sync_row
from tests.provider_sims import QboDriver


async def test_closed_period_failure_shows_its_code_and_hint(
    tab: Tab, admin_token: str, billing: BillingApp, qbo: QboControl
) -> None:
    page = tab.page
    await billing.invoice("C-1")
    await tab.open("/connections", admin_token)
    await connect_qbo(page)
    await qbo.close_books(datetime.now(UTC).date())

    await page.get_by_role("link", name="Invoices").click()
    await sync_row(page, "C-1")

    await expect(chip(page, "C-1")).to_have_attribute("data-sync-status", "ERROR")
    await chip(page, "C-1").click()
    details = page.get_by_role("group", name="Sync details for invoice C-1")
    await expect(details).to_contain_text("What to do")
    await expect(details).to_contain_text("QBO-6210")
    await tab.shot("error-chip")

    await page.get_by_role("link", name="See every record of this run").click()
    failed = page.locator("tr[data-outcome=FAILED]")
    await expect(failed).to_have_count(1)
    await expect(failed).to_contain_text("QBO-6210")
    hint = await failed.locator("td.hint").inner_text()
    assert hint.strip() not in ("", "—")
    await tab.shot("run-page")


async def test_payment_in_the_books_marks_the_invoice_paid_after_sync_payments(
    tab: Tab, app: Starlette, admin_token: str, billing: BillingApp, qbo: QboControl
) -> None:
    page = tab.page
    await billing.invoice("P-1", amount="250.00")
    await tab.open("/connections", admin_token)
    await connect_qbo(page)
    await page.get_by_role("link", name="Invoices").click()
    await sync_row(page, "P-1")
    await expect(chip(page, "P-1")).to_have_text("Synced")
    # No notice from QuickBooks: the payment reaches Ledgersync only through Sync payments.
    QboDriver().mute_webhooks(app)
    (remote,) = [r for r in await qbo.invoices() if r.number == "P-1"]
    await qbo.pay(remote.id)

    await page.get_by_role("link", name="Connections").click()
    await card(page, "QUICKBOOKS_ONLINE").get_by_role("button", name="Sync payments").click()
    await run_finished(page)
    await page.get_by_role("link", name="Invoices").click()

    row = page.locator("tr[data-invoice='P-1']")
    await expect(row.locator("[data-status]")).to_have_attribute("data-status", "PAID")
    await expect(row).to_contain_text("$0.00")
    await tab.shot("paid")
    await row.get_by_role("link", name="P-1").click()
    await expect(page.get_by_role("heading", name="Invoice P-1")).to_be_visible()
    await expect(page.locator("main")).to_contain_text("The books")  # the pulled payment
    await tab.shot("invoice-page")


async def test_disconnect_then_reconnect_keeps_the_mappings(
    tab: Tab, admin_token: str, billing: BillingApp, qbo: QboControl
) -> None:
    page = tab.page
    await billing.invoice("D-1")
    await tab.open("/connections", admin_token)
    await connect_qbo(page)
    await page.get_by_role("link", name="Invoices").click()
    await sync_row(page, "D-1")
    await expect(chip(page, "D-1")).to_have_text("Synced")

    await page.get_by_role("link", name="Connections").click()
    qbo_card = card(page, "QUICKBOOKS_ONLINE")
    await qbo_card.get_by_role("button", name="Disconnect").click()
    dialog = page.get_by_role("dialog", name="Disconnect QuickBooks Online?")
    await expect(dialog).to_contain_text("mappings")
    await expect(dialog).to_contain_text("are kept")
    await tab.shot("disconnect-dialog")
    await dialog.get_by_role("button", name="Disconnect").click()
    await expect(qbo_card.get_by_text("Revoked", exact=True)).to_be_visible()
    await expect(qbo_card).to_contain_text("its mappings are kept")
    await tab.shot("revoked")

    await page.get_by_role("link", name="Invoices").click()
    await expect(chip(page, "D-1")).to_have_attribute("data-sync-status", "NOT_SYNCED")
    await page.get_by_role("link", name="Connections").click()
    await connect_qbo(page, button="Reconnect QuickBooks Online")
    await page.get_by_role("link", name="Invoices").click()
    await expect(chip(page, "D-1")).to_have_text("Synced")

    await page.get_by_role("link", name="Connections").click()
    await card(page, "QUICKBOOKS_ONLINE").get_by_role("button", name="Sync now").click()
    await run_finished(page)
    assert [r.number for r in await qbo.invoices()] == ["D-1"]
