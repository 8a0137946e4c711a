"""The OAuth dance end to end: a scripted browser that follows redirects finishes the consent.

GraphQL asks for the consent URL; the browser follows it to the simulator mounted in the app,
which approves at once and sends it to the callback, which redirects to the billing app with
the outcome. Everything runs through the app's own HTTP interface, as a browser would.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from starlette.applications import Starlette

from core.auth import mint_dev_token
from core.models.enums import Role
from core.settings import Settings
from tests.provider_sims import DRIVERS, SimDriver

START = """
mutation($provider: Provider!) { startConnection(provider: $provider) {
  __typename ... on StartConnectionSuccess { authorizationUrl } } }"""
CONNECTIONS = "{ connections { id status remoteCompanyName connectedBy { externalId } } }"


@pytest.fixture(params=sorted(DRIVERS))
def sim(request: pytest.FixtureRequest, app: Starlette) -> Iterator[SimDriver]:
    """Each provider's simulator, mounted in the app (Xero's traffic checked against its spec)."""
    driver = DRIVERS[request.param]()
    driver.install(app)
    yield driver
    driver.finish()


async def test_oauth_dance_through_graphql_and_redirects_connects_the_firm(
    app: Starlette, settings: Settings, sim: SimDriver
) -> None:
    token = mint_dev_token(settings, firm="firm-e2e", role=Role.FIRM_ADMIN, user="ada")
    headers = {"Authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url=settings.public_url, follow_redirects=True
    ) as browser:
        started = (
            await browser.post(
                "/graphql",
                json={"query": START, "variables": {"provider": sim.provider}},
                headers=headers,
            )
        ).json()
        url = started["data"]["startConnection"]["authorizationUrl"]

        landed = await browser.get(url)  # no bearer token: a browser visiting the consent

        hops = [str(r.request.url) for r in landed.history]
        back = [
            r for r in landed.history if urlparse(str(r.request.url)).path.startswith("/oauth/")
        ]
        connections = (
            await browser.post("/graphql", json={"query": CONNECTIONS}, headers=headers)
        ).json()["data"]["connections"]

    assert urlparse(hops[0]).path == sim.consent_path
    (callback,) = back
    assert callback.status_code == 303
    outcome = parse_qs(urlparse(callback.headers["location"]).query)
    assert outcome["status"] == ["connected"]
    assert urlparse(callback.headers["location"]).netloc == urlparse(settings.public_url).netloc
    (connection,) = connections
    assert outcome["connection"] == [connection["id"]]
    assert connection["status"] == "ACTIVE"
    assert connection["remoteCompanyName"] == sim.company_name
    assert connection["connectedBy"]["externalId"] == "ada"
    assert "code=" not in callback.headers["location"]
