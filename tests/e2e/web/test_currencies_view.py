"""In Chromium: after a euro invoice with its own rate is synced to a multicurrency QuickBooks
company, the connection card shows the books' home currency and currencies, and the invoice
list and page show the document's rate, the home total the books booked and totals per currency
(never one total across currencies)."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from tests.e2e.web.billing import BillingApp, QboControl
from tests.e2e.web.browser import Tab
from tests.e2e.web.flows import card, connect_qbo, sync_row

EURO_CUSTOMER = """
mutation { createCustomer(input: {name: "Dupont SA", currency: "EUR"}) {
  __typename ... on CreateCustomerSuccess { customer { id } } ... on UserError { message } } }"""
CREATE_INVOICE = """
mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
  __typename ... on CreateInvoiceSuccess { invoice { id } } ... on UserError { message } } }"""
ISSUE = """
mutation($id: ID!) { issueInvoice(id: $id) { __typename ... on UserError { message } } }"""


async def _euro_invoice(billing: BillingApp, number: str) -> None:
    """An issued 100.00 EUR invoice whose own rate is 1.25 USD per EUR."""
    customer = (await billing.data(EURO_CUSTOMER))["createCustomer"]
    assert customer["__typename"] == "CreateCustomerSuccess", customer
    invoice_input: dict[str, Any] = {
        "customerId": customer["customer"]["id"],
        "number": number,
        "currency": "EUR",
        "exchangeRate": "1.25",
        "lines": [{"description": "Consulting", "quantity": "1", "unitPrice": "100.00"}],
    }
    created = (await billing.data(CREATE_INVOICE, {"input": invoice_input}))["createInvoice"]
    assert created["__typename"] == "CreateInvoiceSuccess", created
    issued = (await billing.data(ISSUE, {"id": created["invoice"]["id"]}))["issueInvoice"]
    assert issued["__typename"] == "IssueInvoiceSuccess", issued


async def test_currencies_view_shows_rates_home_totals_and_totals_per_currency(
    tab: Tab, admin_token: str, billing: BillingApp, qbo: QboControl
) -> None:
    page = tab.page
    await billing.invoice("U-1", amount="300.00")
    await _euro_invoice(billing, "E-1")
    await tab.open("/connections", admin_token)
    await connect_qbo(page)
    euro = {"multicurrency": True, "rates": {"EUR": "1.1"}}
    response = await qbo.http.post(
        f"{qbo.base}/companies/{await qbo.realm()}/currencies", json=euro
    )
    assert response.status_code == 200, response.text

    await page.get_by_role("link", name="Invoices").click()
    await sync_row(page, "E-1")
    euro_row = page.locator("tr[data-invoice='E-1']")
    await expect(euro_row.locator("[data-rate]")).to_have_text("1 EUR = 1.25 USD")
    await expect(euro_row.locator("[data-home-total]")).to_have_text("$125.00")
    await expect(page.locator("tr[data-invoice='U-1'] [data-home-total]")).to_have_text("—")
    await expect(page.locator("tr[data-currency-total]")).to_have_count(2)
    await expect(page.locator("tr[data-currency-total=EUR]")).to_contain_text("€100.00")
    await expect(page.locator("tr[data-currency-total=USD]")).to_contain_text("$300.00")
    list_violations = await tab.axe()
    await tab.shot("invoices")

    await euro_row.get_by_role("link", name="E-1").click()
    await expect(page.get_by_role("heading", name="Invoice E-1")).to_be_visible()
    await expect(page.locator("[data-currency]")).to_have_text("EUR")
    await expect(page.locator("[data-home-total]")).to_have_text("$125.00")
    await expect(page.locator("[data-booked-rate]")).to_have_text("1 EUR = 1.25 USD")

    await page.get_by_role("navigation").get_by_role("link", name="Connections").click()
    qbo_card = card(page, "QUICKBOOKS_ONLINE")
    await expect(qbo_card.locator("[data-home-currency]")).to_have_text("USD")
    await expect(qbo_card.locator("[data-currencies]")).to_have_text("USD, EUR")
    await expect(qbo_card.locator("[data-multicurrency]")).to_contain_text("On")
    card_violations = await tab.axe()
    assert list_violations == []
    assert card_violations == []
