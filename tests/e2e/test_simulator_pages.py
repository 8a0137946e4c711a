"""The simulators' consent pages and discovery document work under the path they are mounted at.

Through the real app (simulators mounted at /_sim/...), with consent pages shown
(``LEDGERSYNC_SIMULATOR_AUTO_APPROVE=false``): a browser reads the form, submits it where the
page says, and follows every redirect back to the app.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import pytest
from starlette.applications import Starlette

from core.auth import mint_dev_token
from core.models.enums import Role
from core.settings import Settings

START = """
mutation($provider: Provider!) { startConnection(provider: $provider) {
  __typename ... on StartConnectionSuccess { authorizationUrl } } }"""


class _Form(HTMLParser):
    """The first form of a page: its action and the fields a browser would submit."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []
        self.checkboxes: list[str] = []
        self.options: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and self.action is None:
            self.action = a.get("action", "")
        elif tag == "input" and a.get("type") == "hidden":
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "input" and a.get("type") == "checkbox":
            self.checkboxes.append(a.get("value", ""))
        elif tag == "option":
            self.options.append(a.get("value", ""))


def _form(page: httpx.Response) -> _Form:
    assert page.status_code == 200, page.text
    parsed = _Form()
    parsed.feed(page.text)
    assert parsed.action is not None, "the page has no form"
    return parsed


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Consent pages are shown instead of approving at once."""
    return settings.model_copy(update={"simulator_auto_approve": False})


@pytest.fixture
async def browser(app: Starlette, settings: Settings):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=settings.public_url) as client:
        yield client


async def _consent_url(browser: httpx.AsyncClient, settings: Settings, provider: str) -> str:
    token = mint_dev_token(settings, firm="firm-pages", role=Role.FIRM_ADMIN, user="ada")
    started = await browser.post(
        "/graphql",
        json={"query": START, "variables": {"provider": provider}},
        headers={"Authorization": f"Bearer {token}"},
    )
    return str(started.json()["data"]["startConnection"]["authorizationUrl"])


async def _submit(
    browser: httpx.AsyncClient, page: httpx.Response, form: _Form, extra: list[tuple[str, str]]
) -> httpx.Response:
    """Post the form where a browser would (its action, relative to the page's URL)."""
    target = urljoin(str(page.url), form.action or str(page.url))
    return await browser.post(target, data=dict(form.fields + extra) | _multi(extra))


def _multi(extra: list[tuple[str, str]]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for name, value in extra:
        names.setdefault(name, []).append(value)
    return {name: values for name, values in names.items() if len(values) > 1}


async def _back_at_the_app(browser: httpx.AsyncClient, answer: httpx.Response) -> dict[str, str]:
    """Follow the simulator's redirect to the app's callback; return the app's outcome."""
    assert answer.status_code == 302, answer.text
    callback = await browser.get(answer.headers["location"])
    assert callback.status_code == 303, callback.text
    query = parse_qs(urlparse(callback.headers["location"]).query)
    return {key: values[0] for key, values in query.items()}


async def test_xero_consent_page_under_its_mount_path_grants_two_organisations(
    browser: httpx.AsyncClient, settings: Settings
) -> None:
    created = await browser.post(
        "/_sim/xero/_control/organisations", json={"name": "Second Organisation"}
    )
    assert created.status_code == 200
    url = await _consent_url(browser, settings, "XERO")

    page = await browser.get(url)
    form = _form(page)
    answer = await _submit(
        browser, page, form, [("tenant", t) for t in form.checkboxes] + [("action", "allow")]
    )
    outcome = await _back_at_the_app(browser, answer)

    assert urlparse(urljoin(str(page.url), form.action or "")).path.startswith("/_sim/xero/")
    assert len(form.checkboxes) >= 2
    assert outcome["status"] == "choose_company"


async def test_xero_consent_page_cancel_comes_back_as_consent_denied(
    browser: httpx.AsyncClient, settings: Settings
) -> None:
    page = await browser.get(await _consent_url(browser, settings, "XERO"))
    form = _form(page)

    outcome = await _back_at_the_app(
        browser, await _submit(browser, page, form, [("action", "deny")])
    )

    assert outcome["status"] == "error"
    assert outcome["error"] == "CONSENT_DENIED"


async def test_quickbooks_consent_page_under_its_mount_path_connects(
    browser: httpx.AsyncClient, settings: Settings
) -> None:
    page = await browser.get(await _consent_url(browser, settings, "QUICKBOOKS_ONLINE"))
    form = _form(page)

    answer = await _submit(
        browser, page, form, [("realm_id", form.options[0]), ("decision", "approve")]
    )
    outcome = await _back_at_the_app(browser, answer)

    assert urlparse(str(page.url)).path == "/_sim/qbo/connect/oauth2"
    assert outcome["status"] == "connected"


async def test_quickbooks_discovery_document_points_under_the_mount_path(
    browser: httpx.AsyncClient,
) -> None:
    document = (await browser.get("/_sim/qbo/.well-known/openid_configuration")).json()

    names = ("issuer", "authorization_endpoint", "token_endpoint", "revocation_endpoint")
    for name in names:
        assert urlparse(document[name]).path.startswith("/_sim/qbo/"), document[name]
    for name in ("token_endpoint", "revocation_endpoint"):
        # Reached, and refused for want of client credentials (not a 404).
        assert (await browser.post(document[name])).status_code in (400, 401)
