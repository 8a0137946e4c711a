"""In Chromium: axe-core finds no serious or critical violation on any page, the app works from
the keyboard, the first load stays under its JavaScript budget, and the invoices page shows 100
invoices from one GraphQL request."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from playwright.async_api import expect

from core.models import Customer, Firm, Invoice
from core.models.enums import InvoiceStatus
from tests.e2e.web.billing import BillingApp
from tests.e2e.web.browser import Tab
from tests.e2e.web.conftest import FIRM
from tests.e2e.web.flows import connect_qbo, run_finished, sync_row

FIRST_LOAD_BUDGET = 300 * 1024  # gzip-compressed JavaScript


async def test_every_page_has_no_serious_accessibility_violation(
    tab: Tab, admin_token: str, billing: BillingApp
) -> None:
    page = tab.page
    await billing.invoice("A-1")
    await tab.open("/connections", admin_token)
    await connect_qbo(page)
    await page.get_by_role("link", name="Invoices").click()
    await sync_row(page, "A-1")
    await page.locator("tr[data-invoice='A-1'] [data-sync-status]").click()  # details open
    found = {"invoices": await tab.axe()}
    await page.get_by_role("link", name="See every record of this run").click()
    await expect(page.locator("tr[data-outcome]")).to_have_count(1)
    found["run"] = await tab.axe()
    await page.get_by_role("navigation").get_by_role("link", name="Invoices").click()
    await page.get_by_role("link", name="A-1").click()
    await expect(page.get_by_role("heading", name="Invoice A-1")).to_be_visible()
    found["invoice"] = await tab.axe()
    for name, heading in (
        ("Connections", "Connections"),
        ("Customers", "Customers"),
        ("Recent syncs", "Recent syncs"),
        ("Activity", "Activity"),
    ):
        await page.get_by_role("navigation").get_by_role("link", name=name).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        await expect(page.get_by_role("status").filter(has_text="Loading")).to_have_count(0)
        found[name] = await tab.axe()
    await page.get_by_role("navigation").get_by_role("link", name="Connections").click()
    await page.get_by_role("link", name="Settings").click()
    await expect(page.get_by_label("Income account")).to_be_visible()
    found["settings"] = await tab.axe()
    await page.get_by_role("navigation").get_by_role("link", name="Connections").click()
    await page.get_by_role("button", name="Disconnect").click()
    found["dialog"] = await tab.axe()
    await page.keyboard.press("Escape")
    await tab.open("/connections")
    await tab.page.evaluate("sessionStorage.clear()")
    await tab.page.reload()
    await expect(page.get_by_text("You are not signed in")).to_be_visible()
    found["signed-out"] = await tab.axe()

    assert {name: v for name, v in found.items() if v} == {}


async def test_keyboard_alone_navigates_syncs_and_closes_a_dialog(
    tab: Tab, admin_token: str, billing: BillingApp
) -> None:
    page = tab.page
    await billing.invoice("K-1")
    await tab.open("/connections", admin_token)
    await connect_qbo(page)
    await tab.open("/connections")
    await expect(page.get_by_role("button", name="Sync now")).to_be_visible()

    async def focused() -> str:
        text: str = await page.evaluate(
            "document.activeElement === document.body ? '' : "
            "document.activeElement.textContent.trim()"
        )
        return text

    await page.keyboard.press("Tab")
    assert await focused() == "Skip to content"
    visited = []
    for _ in range(6):
        await page.keyboard.press("Tab")
        visited.append(await focused())
        if visited[-1] == "Invoices":
            break
    assert visited[-1] == "Invoices", visited
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Invoices")
    assert await page.evaluate("document.activeElement.id") == "main"

    for _ in range(30):
        await page.keyboard.press("Tab")
        label = await page.evaluate("document.activeElement.getAttribute('aria-label') || ''")
        if label == "Sync: Invoice K-1":
            break
    assert label == "Sync: Invoice K-1"
    await page.keyboard.press("Enter")
    await run_finished(page)
    await expect(page.locator("tr[data-invoice='K-1'] [data-sync-status]")).to_have_text("Synced")

    await page.get_by_role("navigation").get_by_role("link", name="Connections").focus()
    await page.keyboard.press("Enter")
    disconnect = page.get_by_role("button", name="Disconnect")
    await disconnect.focus()
    await page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    assert await page.evaluate("!!document.activeElement.closest('dialog')")
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await tab.shot("after-keyboard")


async def test_first_load_javascript_stays_under_budget(tab: Tab, admin_token: str) -> None:
    sizes: dict[str, int] = {}

    async def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if response.url.endswith(".js"):
            measured = await response.request.sizes()
            sizes[response.url] = measured["responseBodySize"]
            assert response.headers.get("content-encoding") == "gzip"

    tab.page.on("response", on_response)
    await tab.open("/connections", admin_token)
    await expect(tab.page.get_by_role("heading", name="Connections")).to_be_visible()
    await tab.page.wait_for_load_state("networkidle")
    assert sizes, "no JavaScript was loaded"
    assert sum(sizes.values()) < FIRST_LOAD_BUDGET, sizes


async def test_invoices_page_shows_100_invoices_from_one_graphql_request(
    tab: Tab, admin_token: str, billing: BillingApp
) -> None:
    firm = await Firm.get(external_id=FIRM)
    customer = await Customer.create(firm=firm, name="Bulk Customer")
    for n in range(100):
        await Invoice.create(
            firm=firm,
            customer=customer,
            number=f"B-{n:03}",
            status=InvoiceStatus.SENT,
            issue_date=date(2026, 3, 1),
            subtotal=Decimal("10"),
            total=Decimal("10"),
            balance=Decimal("10"),
        )
    page = tab.page
    await tab.open("/connections", admin_token)
    await expect(page.get_by_role("heading", name="Connections")).to_be_visible()
    await page.wait_for_load_state("networkidle")
    before = len(tab.graphql_posts)

    await page.get_by_role("link", name="Invoices").click()
    await expect(page.locator("tr[data-invoice]")).to_have_count(100)
    await page.wait_for_load_state("networkidle")

    sent = [json.loads(body)["operationName"] for body in tab.graphql_posts[before:]]
    assert sent == ["Invoices"]
    await tab.shot("hundred")
