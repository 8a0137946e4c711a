"""Several worker processes on PostgreSQL hammer one connection across access-token expiries
while the simulator rotates refresh tokens strictly: not one invalid_grant, and the stored
refresh token is always the newest one. Run for every provider: QuickBooks Online under strict
rotation, Xero with no grace for a rotated refresh token.

Needs PostgreSQL (the fence across processes is its row lock); it skips on SQLite.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.routing import Mount

from core.crypto import SecretBox
from core.models import Connection, Firm
from core.models.enums import ConnectionStatus, Provider
from core.settings import Settings
from core.sync.session import ProviderEnv
from core.sync.tokens import CredentialStore
from integrations.quickbooks_online.kit import (
    SIMULATOR_CLIENT_ID,
    SIMULATOR_CLIENT_SECRET,
)
from integrations.quickbooks_online.kit import SIMULATOR_PATH as QBO_PATH
from integrations.quickbooks_online.simulator import SimulatorSettings, create_app
from integrations.quickbooks_online.simulator.settings import RegisteredClient
from integrations.registry import kit_for
from integrations.xero.kit import SIMULATOR_CLIENT_ID as XERO_CLIENT_ID
from integrations.xero.kit import SIMULATOR_CLIENT_SECRET as XERO_CLIENT_SECRET
from integrations.xero.kit import SIMULATOR_PATH as XERO_PATH
from integrations.xero.simulator import SimulatorSettings as XeroSimulatorSettings
from integrations.xero.simulator import create_app as create_xero_app

HAMMER = Path(__file__).with_name("refresh_hammer.py")
PROCESSES = 4
SECONDS = 8.0
ACCESS_TTL = 2


@dataclass(frozen=True)
class Rig:
    """One provider's simulator set up for the race, and how to read its live refresh tokens."""

    provider: Provider
    mount: str
    #: Seconds between one task's calls: inside the platform's per-minute budget for the run.
    pause: float
    build: Callable[[str], Starlette]
    live_refresh_tokens: Callable[[Starlette], set[str]]


def _qbo_simulator(base: str) -> Starlette:
    return create_app(
        SimulatorSettings(
            auto_approve=True,
            rotation="strict",
            access_token_ttl_seconds=ACCESS_TTL,
            clients=(
                RegisteredClient(
                    SIMULATOR_CLIENT_ID,
                    SIMULATOR_CLIENT_SECRET,
                    (f"{base}/oauth/quickbooks/callback",),
                ),
            ),
        )
    )


def _qbo_live(simulator: Starlette) -> set[str]:
    return {grant.current_refresh for grant in simulator.state.simulator.tokens.grants.values()}


def _xero_simulator(base: str) -> Starlette:
    return create_xero_app(
        XeroSimulatorSettings(
            client_id=XERO_CLIENT_ID,
            client_secret=XERO_CLIENT_SECRET,
            redirect_uris=(f"{base}/oauth/xero/callback",),
            auto_approve=True,
            access_token_ttl=ACCESS_TTL,
            refresh_token_grace=0.0,  # a rotated refresh token is refused at once
        )
    )


def _xero_live(simulator: Starlette) -> set[str]:
    tokens = simulator.state.simulator.identity.refresh_tokens.values()
    return {t.token for t in tokens if t.rotated_at is None and not t.revoked}


RIGS = {
    "qbo": Rig(Provider.QUICKBOOKS_ONLINE, QBO_PATH, 0.02, _qbo_simulator, _qbo_live),
    # Xero allows 60 calls a minute per organisation and the budget is per process here:
    # three tasks calling every 0.5 s stay inside it for the whole run.
    "xero": Rig(Provider.XERO, XERO_PATH, 0.5, _xero_simulator, _xero_live),
}


@pytest.fixture(params=sorted(RIGS))
def rig(request: pytest.FixtureRequest) -> Rig:
    """Each provider in turn."""
    return RIGS[request.param]


@pytest.fixture
async def simulator_url(rig: Rig) -> AsyncIterator[tuple[str, Starlette]]:
    """The provider's simulator (strict rotation, 2 s access tokens) served over HTTP."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    base = f"http://{host}:{port}"
    simulator = rig.build(base)
    server = uvicorn.Server(
        uvicorn.Config(Starlette(routes=[Mount(rig.mount, app=simulator)]), log_level="warning")
    )
    task = asyncio.create_task(server.serve(sockets=[sock]))
    async with asyncio.timeout(10):
        while not server.started:  # noqa: ASYNC110 - uvicorn exposes only a flag
            await asyncio.sleep(0.01)
    try:
        yield base, simulator
    finally:
        server.should_exit = True
        await task
        sock.close()


def _env_for(settings: Settings, base: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGERSYNC_")}
    env.update(
        DATABASE_URL=settings.database_url,
        LEDGERSYNC_DEV_MODE="true",
        LEDGERSYNC_STATE_DIR=str(settings.state_dir),
        LEDGERSYNC_PUBLIC_URL=base,
        LEDGERSYNC_ENCRYPTION_KEYS=",".join(key.decode() for key in settings.fernet_keys),
    )
    env.pop("REDIS_URL", None)
    return env


async def _connect(settings: Settings, rig: Rig) -> Connection:
    kit = kit_for(rig.provider)
    env = ProviderEnv(
        settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys))
    )
    oauth = kit.oauth(env)
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(oauth.authorization_url("race-state"))
    params = {k: v[0] for k, v in parse_qs(urlparse(answer.headers["location"]).query).items()}
    grant = await oauth.exchange_code(params)
    firm = await Firm.create(external_id="race-firm")
    connection = await Connection.create(
        firm=firm,
        provider=rig.provider,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=grant.companies[0].id,
    )
    await env.credentials.store(connection, grant.tokens)
    return connection


@pytest.mark.usefixtures("app")
async def test_refresh_race_across_processes_never_loses_the_refresh_token(
    settings: Settings, simulator_url: tuple[str, Starlette], rig: Rig
) -> None:
    if settings.is_sqlite:
        pytest.skip("the cross-process fence is PostgreSQL's row lock; run with DATABASE_URL")
    base, simulator = simulator_url
    settings = settings.model_copy(update={"public_url": base})
    connection = await _connect(settings, rig)
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(HAMMER),
            rig.provider.value,
            str(connection.id),
            str(SECONDS),
            str(rig.pause),
            env=_env_for(settings, base),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(PROCESSES)
    ]
    totals: Counter[str] = Counter()
    for process in processes:
        out, err = await asyncio.wait_for(process.communicate(), timeout=SECONDS + 60)
        assert process.returncode == 0, err.decode()[-2000:]
        totals.update(json.loads(out.decode().strip().splitlines()[-1]))

    assert totals["ok"] > PROCESSES * 10, totals
    assert set(totals) == {"ok"}, f"some calls failed: {totals}"
    stored = await Connection.get(id=connection.id)
    assert stored.status == ConnectionStatus.ACTIVE
    # Access tokens lived 2 s over an 8 s run: the connection was refreshed several times...
    assert stored.credentials_version >= 1 + SECONDS // ACCESS_TTL - 1
    # ...and what is stored is the one refresh token the simulator still accepts.
    store = CredentialStore(SecretBox(settings.fernet_keys))
    tokens = store.decrypt(stored)
    assert tokens.refresh_token in rig.live_refresh_tokens(simulator)
