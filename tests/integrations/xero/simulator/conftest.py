"""Fixtures: a simulator per test, reached through a transport that checks Xero's OpenAPI spec."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from integrations.xero.simulator import SimulatorSettings, SimulatorState, create_app
from integrations.xero.simulator.openapi_check import (
    ValidatingTransport,
    XeroSpecs,
    XeroSpecValidator,
    xero_specs,
)
from integrations.xero.simulator.testing import BASE_URL, Connected, FakeClock, connect


@pytest.fixture(scope="session")
def specs() -> XeroSpecs:
    """Xero's specs, parsed once for the whole session."""
    return xero_specs()


@pytest.fixture
def clock() -> FakeClock:
    """The simulator's time, moved by the test."""
    return FakeClock()


@pytest.fixture
def settings(clock: FakeClock) -> SimulatorSettings:
    """Two organisations, default rules, the fake clock."""
    return SimulatorSettings(default_organisations=("Acme Ltd", "Globex Pty"), clock=clock)


@pytest.fixture
def app(settings: SimulatorSettings) -> Starlette:
    """The simulator app."""
    return create_app(settings)


@pytest.fixture
def sim(app: Starlette) -> SimulatorState:
    """The simulator's state object."""
    state: SimulatorState = app.state.simulator
    return state


@pytest.fixture
def validator(specs: XeroSpecs) -> XeroSpecValidator:
    """Validates every exchange of this test against the spec."""
    return XeroSpecValidator(specs)


@pytest.fixture
async def client(app: Starlette, validator: XeroSpecValidator) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client wired to the simulator in-process, validating every exchange."""
    transport = ValidatingTransport(httpx.ASGITransport(app=app), validator)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


@pytest.fixture
def tenant_ids(sim: SimulatorState) -> list[str]:
    """The organisations' tenant ids, in creation order."""
    return list(sim.organisations)


@pytest.fixture
async def connected(
    client: httpx.AsyncClient, settings: SimulatorSettings, tenant_ids: list[str]
) -> Connected:
    """An app connected to both organisations."""
    return await connect(client, settings, tenant_ids)
