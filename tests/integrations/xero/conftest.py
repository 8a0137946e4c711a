"""Fixtures for the Xero client stack: an in-process simulator reached through a transport that
validates every request and response against Xero's official OpenAPI documents.

Fixture names carry a ``sim_``/``xero_`` prefix so the suite-wide ``settings`` and ``app``
fixtures (the Ledgersync app and its database) stay available to tests that need them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from starlette.applications import Starlette

from integrations.base import TokenSet
from integrations.xero.auth import Authorization, ClientCredentials, XeroAuth
from integrations.xero.client import XeroClient
from integrations.xero.config import XeroConfig, xero_config
from integrations.xero.provider import XeroProvider
from integrations.xero.simulator import SimulatorSettings, SimulatorState, create_app
from integrations.xero.simulator.openapi_check import (
    ValidatingTransport,
    XeroSpecs,
    XeroSpecValidator,
    xero_specs,
)
from integrations.xero.simulator.testing import FakeClock

SIM_URL = "https://xero.simulator"
REDIRECT_URI = "https://ledgersync.test/oauth/xero/callback"
ORGANISATIONS = ("Acme Ltd", "Globex Pty", "Initech NZ")


class StripPrefix(httpx.AsyncBaseTransport):
    """Serves a simulator mounted under ``prefix`` from the bare simulator app, so the spec
    validator sees Xero's own paths (``/api.xro/2.0/...``, ``/connections``)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, prefix: str) -> None:
        self._inner = inner
        self._prefix = prefix

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if not path.startswith(self._prefix):
            raise AssertionError(f"a Xero call left the simulator: {request.url}")
        request.url = request.url.copy_with(path=path[len(self._prefix) :] or "/")
        return await self._inner.handle_async_request(request)


class MutableTokens:
    """An access-token source whose token a test can swap."""

    def __init__(self, tokens: TokenSet) -> None:
        self.tokens = tokens

    async def __call__(self) -> str:
        return self.tokens.access_token


@pytest.fixture(scope="session")
def xero_spec_set() -> XeroSpecs:
    """Xero's specs, parsed once for the whole session."""
    return xero_specs()


@pytest.fixture
def spec_validator(xero_spec_set: XeroSpecs) -> XeroSpecValidator:
    """Checks every exchange of this test; a mismatch raises inside the transport."""
    return XeroSpecValidator(xero_spec_set)


@pytest.fixture
def sim_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim_settings(sim_clock: FakeClock) -> SimulatorSettings:
    return SimulatorSettings(default_organisations=ORGANISATIONS, clock=sim_clock)


@pytest.fixture
def sim_app(sim_settings: SimulatorSettings) -> Starlette:
    return create_app(sim_settings)


@pytest.fixture
def sim_state(sim_app: Starlette) -> SimulatorState:
    state = sim_app.state.simulator
    assert isinstance(state, SimulatorState)
    return state


@pytest.fixture
def tenant_ids(sim_state: SimulatorState) -> list[str]:
    return list(sim_state.organisations)


@pytest.fixture
def xero_transport(sim_app: Starlette, spec_validator: XeroSpecValidator) -> ValidatingTransport:
    return ValidatingTransport(httpx.ASGITransport(app=sim_app), spec_validator)


@pytest.fixture
def xero_cfg() -> XeroConfig:
    return xero_config("simulator", simulator_base_url=SIM_URL)


@pytest.fixture
def xero_credentials(sim_settings: SimulatorSettings) -> ClientCredentials:
    return ClientCredentials(sim_settings.client_id, sim_settings.client_secret, REDIRECT_URI)


@pytest.fixture
def xero_auth(
    xero_cfg: XeroConfig, xero_credentials: ClientCredentials, xero_transport: ValidatingTransport
) -> XeroAuth:
    return XeroAuth(xero_cfg, xero_credentials, transport=xero_transport)


Authorize = Callable[[list[str]], Awaitable[Authorization]]
ConsentCode = Callable[[list[str]], str]


@pytest.fixture
def consent_code(sim_state: SimulatorState, xero_cfg: XeroConfig) -> ConsentCode:
    """A user consenting to several organisations at once (the page's checkboxes): the code."""

    def make(tenant_ids: list[str]) -> str:
        scope = " ".join(xero_cfg.scopes)
        grant = sim_state.identity.grant(sim_state.settings.client_id, scope, tenant_ids)
        return sim_state.identity.issue_code(grant, REDIRECT_URI)

    return make


@pytest.fixture
def authorize(xero_auth: XeroAuth, consent_code: ConsentCode) -> Authorize:
    """Consent plus code exchange, as the OAuth callback performs it."""

    async def run(tenant_ids: list[str]) -> Authorization:
        code = consent_code(tenant_ids)
        return await xero_auth.exchange_code({"code": code, "state": "s1"}, expected_state="s1")

    return run


@pytest.fixture
async def xero_connected(authorize: Authorize, tenant_ids: list[str]) -> Authorization:
    """The app connected to the first organisation."""
    return await authorize(tenant_ids[:1])


@pytest.fixture
def token_source() -> type[MutableTokens]:
    """The swappable access-token source class."""
    return MutableTokens


@pytest.fixture
def strip_prefix() -> type[StripPrefix]:
    """The transport that serves a mounted simulator from the bare app."""
    return StripPrefix


@pytest.fixture
async def xero_client(
    xero_cfg: XeroConfig, xero_transport: ValidatingTransport, xero_connected: Authorization
) -> AsyncIterator[XeroClient]:
    source = MutableTokens(xero_connected.tokens)
    tenant = xero_connected.connections[0].tenant_id
    async with XeroClient(xero_cfg, tenant, source, transport=xero_transport) as client:
        yield client


@pytest.fixture
def xero_provider(xero_client: XeroClient) -> XeroProvider:
    return XeroProvider(xero_client)
