"""In Chromium: a report run from the Reconciliation page finds the total changed in QuickBooks
behind Ledgersync's back, its fix (send the invoice again) is pressed on the page, and the next
report finds nothing; the page says so plainly before the first report and while a QuickBooks
Desktop report waits for the Web Connector, and passes axe."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from playwright.async_api import Page, expect

from tests.e2e.web.billing import BillingApp, QboControl
from tests.e2e.web.browser import Tab
from tests.e2e.web.flows import RUN_TIMEOUT_MS, connect_qbo, run_finished, sync_row
from tests.e2e.web.test_desktop_settings import _connected, web

__all__ = ["web"]  # the Web Connector's HTTP client fixture


async def _run_report(page: Page) -> None:
    """Press Run a report and wait for the report it shows to complete."""
    before = await page.locator("tr[data-history-report]").count()
    await page.get_by_role("button", name="Run a report").click()
    await expect(page.locator("tr[data-history-report]")).to_have_count(before + 1)
    await expect(page.locator("section[data-report-status]")).to_have_attribute(
        "data-report-status", "COMPLETED", timeout=RUN_TIMEOUT_MS
    )


async def test_reconciliation_page_fixes_a_total_changed_in_the_books(
    tab: Tab, admin_token: str, billing: BillingApp, qbo: QboControl
) -> None:
    page = tab.page
    await billing.invoice("R-1", amount="300.00")
    await tab.open("/connections", admin_token)
    await connect_qbo(page)
    await page.get_by_role("link", name="Invoices").click()
    await sync_row(page, "R-1")
    (remote,) = await qbo.invoices()

    await page.get_by_role("navigation").get_by_role("link", name="Reconciliation").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Reconciliation")
    await expect(page.locator("[data-empty=no-report]")).to_contain_text("No report yet")
    empty_violations = await tab.axe()

    drift = {"kind": "total", "target": remote.id, "amount": "250.00"}
    response = await qbo.http.post(f"{qbo.base}/companies/{await qbo.realm()}/drift", json=drift)
    assert response.status_code == 200, response.text

    await _run_report(page)
    row = page.locator("tr[data-discrepancy=TOTAL_MISMATCH]")
    await expect(row).to_have_count(1)
    await expect(row).to_contain_text("R-1")
    await expect(row).to_contain_text("300.00")
    await expect(row).to_contain_text("250.00")
    await expect(page.locator("tr[data-kind=TOTAL_MISMATCH]")).to_contain_text("1")
    await expect(page.get_by_role("button", name="Download CSV")).to_be_visible()
    report_violations = await tab.axe()
    await tab.shot("discrepancy")

    await page.get_by_label("Kind", exact=True).select_option("NOT_IMPORTED")
    await expect(page.locator("tr[data-discrepancy]")).to_have_count(0)
    await page.get_by_label("Kind", exact=True).select_option("")
    await expect(row).to_have_count(1)

    async with page.expect_download() as download_info:
        await page.get_by_role("button", name="Download CSV").click()
    download = await download_info.value
    assert download.suggested_filename.startswith("reconciliation-")
    saved = Path(await download.path())
    csv = await asyncio.to_thread(saved.read_text, encoding="utf-8")
    assert "TOTAL_MISMATCH,PUSH_UPDATE" in csv

    await row.get_by_role("button", name="Send this invoice again").click()
    await run_finished(page)
    await expect(page.locator(".run-progress").last).to_have_attribute(
        "data-run-status", "SUCCEEDED"
    )
    assert [r.total for r in await qbo.invoices()] == [remote.total]

    await _run_report(page)
    await expect(page.locator("[data-total-discrepancies]")).to_have_text("0")
    await expect(page.locator("[data-report-message]")).to_contain_text("No discrepancies")
    await expect(page.locator("tr[data-history-report]")).to_have_count(2)

    # The earlier report is still there to view.
    await page.get_by_role("button", name="View the report of").click()
    await expect(page.locator("tr[data-discrepancy=TOTAL_MISMATCH]")).to_have_count(1)
    assert empty_violations == []
    assert report_violations == []


async def test_reconciliation_page_desktop_report_waits_for_the_web_connector_then_completes(
    tab: Tab, admin_token: str, billing: BillingApp, server: str, web: httpx.AsyncClient
) -> None:
    page = tab.page
    _, _, connector = await _connected(billing, web, server)
    await tab.open("/reconciliation", admin_token)
    await expect(page.locator("[data-empty=no-report]")).to_be_visible()

    await page.get_by_role("button", name="Run a report").click()
    message = page.locator("[data-report-message]")
    await expect(message).to_contain_text("Web Connector", timeout=RUN_TIMEOUT_MS)
    await expect(page.get_by_text("Waiting", exact=True).first).to_be_visible()
    await expect(page.get_by_role("button", name="Run a report")).to_be_disabled()
    await tab.shot("waiting")
    waiting_violations = await tab.axe()

    assert (await connector.run_session()).outcome == "done"
    await expect(page.locator("section[data-report-status]")).to_have_attribute(
        "data-report-status", "COMPLETED", timeout=RUN_TIMEOUT_MS
    )
    await expect(message).to_contain_text("No discrepancies")
    assert waiting_violations == []
