"""The OAuth dance end to end: a scripted browser that follows redirects finishes the consent.

GraphQL asks for the consent URL; the browser follows it to the simulator mounted in the app,
which approves at once and sends it to the callback, which redirects to the billing app with
the outcome. Everything runs through the app's own HTTP interface, as a browser would.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
from starlette.applications import Starlette

from core.auth import mint_dev_token
from core.models.enums import Role
from core.settings import Settings

START = """
mutation { startConnection(provider: QUICKBOOKS_ONLINE) {
  __typename ... on StartConnectionSuccess { authorizationUrl } } }"""
CONNECTIONS = "{ connections { id status remoteCompanyName connectedBy { externalId } } }"


async def test_oauth_dance_through_graphql_and_redirects_connects_the_firm(
    app: Starlette, settings: Settings
) -> None:
    token = mint_dev_token(settings, firm="firm-e2e", role=Role.FIRM_ADMIN, user="ada")
    headers = {"Authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url=settings.public_url, follow_redirects=True
    ) as browser:
        started = (await browser.post("/graphql", json={"query": START}, headers=headers)).json()
        url = started["data"]["startConnection"]["authorizationUrl"]

        landed = await browser.get(url)  # no bearer token: a browser visiting the consent

        hops = [str(r.request.url) for r in landed.history]
        back = [
            r for r in landed.history if urlparse(str(r.request.url)).path.startswith("/oauth/")
        ]
        connections = (
            await browser.post("/graphql", json={"query": CONNECTIONS}, headers=headers)
        ).json()["data"]["connections"]

    assert urlparse(hops[0]).path == "/_sim/qbo/connect/oauth2"
    (callback,) = back
    assert callback.status_code == 303
    outcome = parse_qs(urlparse(callback.headers["location"]).query)
    assert outcome["status"] == ["connected"]
    assert urlparse(callback.headers["location"]).netloc == urlparse(settings.public_url).netloc
    (connection,) = connections
    assert outcome["connection"] == [connection["id"]]
    assert connection["status"] == "ACTIVE"
    assert connection["remoteCompanyName"] == "Simulated Company"
    assert connection["connectedBy"]["externalId"] == "ada"
    assert "code=" not in callback.headers["location"]
