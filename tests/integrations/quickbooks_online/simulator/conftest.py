"""Fixtures: a simulator on a manual clock, an in-process client, and a connected company."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from integrations.quickbooks_online.simulator import (
    ManualClock,
    SimulatorSettings,
    SimulatorState,
    create_app,
)
from integrations.quickbooks_online.simulator.testing import Connection, OAuthDriver

FIXTURES = Path(__file__).resolve().parents[4].parent / "shared" / "reference" / "fixtures" / "qbo"
BASE_URL = "https://sim.test"


@pytest.fixture
def fixture_json() -> Callable[[str], Any]:
    """Load a recorded Intuit payload."""

    def load(name: str) -> Any:
        return json.loads((FIXTURES / name).read_text())

    return load


@pytest.fixture
def fixture_path() -> Callable[[str], Path]:
    """Path of a recorded Intuit payload."""
    return lambda name: FIXTURES / name


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def settings(clock: ManualClock) -> SimulatorSettings:
    return SimulatorSettings(clock=clock, auto_approve=True)


@pytest.fixture
def app(settings: SimulatorSettings) -> Starlette:
    return create_app(settings)


@pytest.fixture
def state(app: Starlette) -> SimulatorState:
    simulator = app.state.simulator
    assert isinstance(simulator, SimulatorState)
    return simulator


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


@pytest.fixture
def oauth(client: httpx.AsyncClient) -> OAuthDriver:
    return OAuthDriver(client)


@pytest.fixture
async def qbo(oauth: OAuthDriver) -> Connection:
    return await oauth.connect()
