"""Fixtures for the production client: recorded payloads and an in-process simulator.

Fixture names carry a ``sim_`` prefix so the suite-wide ``settings`` and ``app`` fixtures (the
Ledgersync app and its database) stay available to tests that need the credential store.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from integrations.base import TokenSet
from integrations.quickbooks_online.auth import ClientCredentials, QboAuth
from integrations.quickbooks_online.client import QboClient
from integrations.quickbooks_online.config import QboConfig, qbo_config
from integrations.quickbooks_online.provider import QuickBooksOnlineProvider
from integrations.quickbooks_online.simulator import (
    ManualClock,
    SimulatorSettings,
    SimulatorState,
    create_app,
)
from integrations.quickbooks_online.simulator.settings import DEFAULT_CLIENT

FIXTURES = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "fixtures" / "qbo"
SIM_URL = "https://sim.test"


def load_json(name: str) -> Any:
    """A recorded JSON payload."""
    return json.loads((FIXTURES / name).read_text())


def xml_to_json(element: ET.Element) -> Any:
    """Intuit's XML flavour as its JSON shape (text leaves, repeated ``Line``/``LinkedTxn``)."""
    children = list(element)
    if not children:
        text = (element.text or "").strip()
        return {"value": text, **element.attrib} if element.attrib else text
    out: dict[str, Any] = {}
    for child in children:
        key = child.tag.split("}")[-1]
        value = xml_to_json(child)
        if key in ("Line", "LinkedTxn", "Error"):
            out.setdefault(key, []).append(value)
        else:
            out[key] = value
    return out


def load_xml(name: str) -> ET.Element:
    """A recorded XML payload."""
    return ET.fromstring((FIXTURES / name).read_bytes())  # noqa: S314 - trusted fixture


@pytest.fixture
def sim_clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sim_settings(sim_clock: ManualClock) -> SimulatorSettings:
    return SimulatorSettings(clock=sim_clock, auto_approve=True)


@pytest.fixture
def sim_app(sim_settings: SimulatorSettings) -> Starlette:
    return create_app(sim_settings)


@pytest.fixture
def sim_state(sim_app: Starlette) -> SimulatorState:
    state = sim_app.state.simulator
    assert isinstance(state, SimulatorState)
    return state


@pytest.fixture
def transport(sim_app: Starlette) -> httpx.ASGITransport:
    return httpx.ASGITransport(app=sim_app)


@pytest.fixture
def config() -> QboConfig:
    return qbo_config("simulator", simulator_base_url=SIM_URL)


@pytest.fixture
def credentials() -> ClientCredentials:
    return ClientCredentials(
        DEFAULT_CLIENT.client_id, DEFAULT_CLIENT.client_secret, DEFAULT_CLIENT.redirect_uris[0]
    )


@pytest.fixture
def auth(
    config: QboConfig, credentials: ClientCredentials, transport: httpx.ASGITransport
) -> QboAuth:
    return QboAuth(config, credentials, transport=transport)


async def consent(auth: QboAuth, transport: httpx.ASGITransport, realm_id: str | None = None):
    """Run the consent page (auto-approved) and return the callback URL and the state."""
    url, state = auth.authorization_url()
    if realm_id is not None:
        url = f"{url}&realmId={realm_id}"
    async with httpx.AsyncClient(transport=transport) as http:
        response = await http.get(url)
    assert response.status_code == 302, response.text
    return response.headers["location"], state


@pytest.fixture
async def tokens(auth: QboAuth, transport: httpx.ASGITransport) -> dict[str, Any]:
    """A connected company: ``{"realm_id", "tokens"}``."""
    callback, state = await consent(auth, transport)
    authorization = await auth.exchange_code(callback, expected_state=state)
    return {"realm_id": authorization.realm_id, "tokens": authorization.tokens}


class MutableTokens:
    """An access-token source whose token a test can swap."""

    def __init__(self, tokens: TokenSet) -> None:
        self.tokens = tokens

    async def __call__(self) -> str:
        return self.tokens.access_token


@pytest.fixture
async def client(
    config: QboConfig, transport: httpx.ASGITransport, tokens: dict[str, Any]
) -> AsyncIterator[QboClient]:
    source = MutableTokens(tokens["tokens"])
    async with QboClient(config, tokens["realm_id"], source, transport=transport) as qbo:
        yield qbo


@pytest.fixture
def provider(client: QboClient) -> QuickBooksOnlineProvider:
    return QuickBooksOnlineProvider(client)
