"""Several worker processes on PostgreSQL hammer one connection across access-token expiries
while the simulator rotates refresh tokens strictly: not one invalid_grant, and the stored
refresh token is always the newest one.

Needs PostgreSQL (the fence across processes is its row lock); it skips on SQLite.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from collections import Counter
from collections.abc import AsyncIterator
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
    SIMULATOR_PATH,
    QuickBooksOnlineKit,
)
from integrations.quickbooks_online.simulator import SimulatorSettings, create_app
from integrations.quickbooks_online.simulator.settings import RegisteredClient

HAMMER = Path(__file__).with_name("refresh_hammer.py")
PROCESSES = 4
SECONDS = 8.0
ACCESS_TTL = 2


@pytest.fixture
async def simulator_url(settings: Settings) -> AsyncIterator[tuple[str, Starlette]]:
    """The QBO simulator (strict rotation, 2 s access tokens) served over HTTP on loopback."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    base = f"http://{host}:{port}"
    simulator = create_app(
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
    server = uvicorn.Server(
        uvicorn.Config(
            Starlette(routes=[Mount(SIMULATOR_PATH, app=simulator)]), log_level="warning"
        )
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


async def _connect(settings: Settings, base: str) -> Connection:
    kit = QuickBooksOnlineKit()
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
        provider=Provider.QUICKBOOKS_ONLINE,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=grant.companies[0].id,
    )
    await env.credentials.store(connection, grant.tokens)
    return connection


@pytest.mark.usefixtures("app")
async def test_refresh_race_across_processes_never_loses_the_refresh_token(
    settings: Settings, simulator_url: tuple[str, Starlette]
) -> None:
    if settings.is_sqlite:
        pytest.skip("the cross-process fence is PostgreSQL's row lock; run with DATABASE_URL")
    base, simulator = simulator_url
    settings = settings.model_copy(update={"public_url": base})
    connection = await _connect(settings, base)
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(HAMMER),
            str(connection.id),
            str(SECONDS),
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
    grants = simulator.state.simulator.tokens.grants.values()
    assert tokens.refresh_token in {grant.current_refresh for grant in grants}
