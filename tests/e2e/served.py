"""A served app whose public_url is its real address, and `ledgersync worker` processes.

Import the fixtures into a test module (``from tests.e2e.served import listening, server,
settings``): the OAuth redirect, the webhook URL and a separate worker's simulator URL then all
point at the uvicorn server the test runs.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import uvicorn
from starlette.applications import Starlette

from core.settings import Settings

REPO = Path(__file__).resolve().parents[2]
# A safety net so a stuck worker fails the test instead of hanging it; not a timing goal.
WORKER_EXIT_SECONDS = 20


@pytest.fixture
def listening() -> Iterator[socket.socket]:
    """A bound 127.0.0.1 socket: its port is the app's public_url before the app is built."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock
    finally:
        sock.close()


@pytest.fixture
def settings(settings: Settings, listening: socket.socket) -> Settings:
    """The e2e settings with public_url set to the address the app will be served at."""
    host, port = listening.getsockname()
    return settings.model_copy(update={"public_url": f"http://{host}:{port}"})


@pytest.fixture
async def server(app: Starlette, listening: socket.socket) -> AsyncIterator[str]:
    """Serve the app (its lifespan already running) on the pre-bound socket; yield host:port."""
    config = uvicorn.Config(app, lifespan="off", log_level="warning", ws="websockets-sansio")
    uv = uvicorn.Server(config)
    task = asyncio.create_task(uv.serve(sockets=[listening]))
    async with asyncio.timeout(10):
        while not uv.started:  # noqa: ASYNC110 - uvicorn exposes only a flag
            await asyncio.sleep(0.01)
    try:
        host, port = listening.getsockname()
        yield f"{host}:{port}"
    finally:
        uv.should_exit = True
        await task


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment of a `ledgersync worker` sharing the test's database, Redis and URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGERSYNC_")}
    env.update(
        DATABASE_URL=settings.database_url,
        REDIS_URL=settings.redis_url or "",
        LEDGERSYNC_DEV_MODE="true",
        LEDGERSYNC_STATE_DIR=str(settings.state_dir),
        LEDGERSYNC_PUBLIC_URL=settings.public_url,
        LEDGERSYNC_LOG_LEVEL="INFO",
        LEDGERSYNC_ENCRYPTION_KEYS=",".join(key.decode() for key in settings.fernet_keys),
    )
    return env


def start_worker(settings: Settings) -> subprocess.Popen[bytes]:
    """Launch `ledgersync worker` (the CLI entry point a deployment runs)."""
    return subprocess.Popen(
        [sys.executable, "-m", "core.cli", "worker"],
        cwd=REPO,
        env=worker_env(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def stop_worker(process: subprocess.Popen[bytes]) -> str:
    """SIGTERM the worker; it must exit cleanly. Returns what it printed."""
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=WORKER_EXIT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        pytest.fail("the worker did not exit after SIGTERM:\n" + output.decode())
    assert process.returncode == 0, output.decode()
    return output.decode()
