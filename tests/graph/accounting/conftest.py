"""Fixtures for the accounting domain: the mounted QuickBooks Online simulator and a consent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from integrations.quickbooks_online.kit import SIMULATOR_PATH
from integrations.quickbooks_online.simulator.state import SimulatorState
from tests.provider_sims import DRIVERS, SimDriver

START_CONNECTION = """
mutation($provider: Provider!) {
  startConnection(provider: $provider) {
    __typename
    ... on StartConnectionSuccess { authorizationUrl provider }
    ... on UserError { code message field }
  }
}"""

Connect = Callable[..., Awaitable[dict[str, str]]]


def simulator_of(app: Starlette) -> SimulatorState:
    """The state of the QuickBooks Online simulator mounted in the app."""
    for route in app.routes:
        if isinstance(route, Mount) and route.path == SIMULATOR_PATH:
            state: SimulatorState = route.app.state.simulator  # type: ignore[attr-defined]
            return state
    raise AssertionError("the simulator is not mounted")


@pytest.fixture
def qbo(app: Starlette) -> SimulatorState:
    """The mounted simulator's state (tokens, companies, control methods)."""
    return simulator_of(app)


@pytest.fixture(params=sorted(DRIVERS))
def sim(request: pytest.FixtureRequest, app: Starlette) -> Iterator[SimDriver]:
    """Each provider's mounted simulator in turn (Xero's traffic checked against its spec)."""
    driver = DRIVERS[request.param]()
    driver.install(app)
    yield driver
    driver.finish()


async def browse_consent(client: httpx.AsyncClient, url: str) -> dict[str, str]:
    """Follow the consent redirects like a browser; return the query the app got back."""
    response = await client.get(url)
    for _ in range(5):
        location = response.headers.get("location", "")
        if response.status_code == 303 and "/oauth/" in str(response.request.url):
            return {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}
        if response.status_code not in (302, 303, 307) or not location:
            break
        response = await client.get(location)
    raise AssertionError(f"the consent did not come back: {response.status_code}")


@pytest.fixture
def connect(client: httpx.AsyncClient, gql: Any) -> Connect:
    """``await connect()`` runs startConnection and the consent; returns the app's query."""

    async def run(as_client: Any = None, provider: str = "QUICKBOOKS_ONLINE") -> dict[str, str]:
        caller = as_client or gql
        data = await caller.data(START_CONNECTION, {"provider": provider})
        result = data["startConnection"]
        assert result["__typename"] == "StartConnectionSuccess", result
        return await browse_consent(client, result["authorizationUrl"])

    return run
