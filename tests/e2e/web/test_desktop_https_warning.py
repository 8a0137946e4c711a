"""In Chromium: Ledgersync announced at a plain-HTTP public address that is not this computer
(the Web Connector refuses such an AppURL with QBWC1051). Setting up QuickBooks Desktop shows
the warning in the setup panel, with what to change, and the .qwc names that address."""

from __future__ import annotations

import base64

import pytest
from playwright.async_api import expect

from core.settings import Settings
from tests.e2e.web.browser import Tab
from tests.e2e.web.flows import card

PUBLIC_URL = "http://ledgersync.example.test:8080"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The served app, announcing itself at a plain-HTTP name that is not localhost."""
    return settings.model_copy(update={"public_url": PUBLIC_URL})


async def test_desktop_setup_at_a_plain_http_address_warns_that_the_web_connector_refuses_it(
    tab: Tab, admin_token: str
) -> None:
    page = tab.page
    await tab.open("/", admin_token)
    desktop = card(page, "QUICKBOOKS_DESKTOP")
    await desktop.get_by_role("button", name="Connect QuickBooks Desktop").click()

    panel = desktop.locator("[data-setup=web-connector]")
    warning = panel.locator("[data-setup-warning]")
    await expect(warning).to_be_visible()
    await expect(warning).to_have_attribute("role", "alert")
    await expect(warning).to_contain_text("accepts only HTTPS addresses")
    await expect(warning).to_contain_text(PUBLIC_URL)
    await expect(warning).to_contain_text("QBWC1051")
    await expect(warning).to_contain_text("LEDGERSYNC_PUBLIC_URL")
    # The rest of the setup is still there: the warning explains, it does not block.
    await expect(panel.locator("[data-setup-password]")).not_to_be_empty()
    href = await panel.locator("[data-qwc-download]").get_attribute("href")
    assert href is not None
    prefix = "data:application/xml;base64,"
    assert href.startswith(prefix)
    qwc = base64.b64decode(href[len(prefix) :]).decode()
    assert f"<AppURL>{PUBLIC_URL}/qbwc</AppURL>" in qwc
    await tab.shot("warning")
    assert await tab.axe() == []
