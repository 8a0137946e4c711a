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
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO

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


#: Each worker's output file, by process id (see :func:`start_worker`).
_OUTPUTS: dict[int, IO[bytes]] = {}


def start_worker(settings: Settings) -> subprocess.Popen[bytes]:
    """Launch `ledgersync worker` (the CLI entry point a deployment runs).

    Its output goes to a temporary file, not a pipe: nothing reads a pipe while the test runs,
    and a worker that fills one (64 KB of log lines) blocks on its next log line.
    """
    output = tempfile.TemporaryFile()  # noqa: SIM115 - open for the worker's life; closed on stop
    process = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "worker"],
        cwd=REPO,
        env=worker_env(settings),
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    _OUTPUTS[process.pid] = output
    return process


def worker_output(process: subprocess.Popen[bytes]) -> str:
    """What a worker started by :func:`start_worker` has printed so far."""
    output = _OUTPUTS.get(process.pid)
    if output is None:
        return ""
    output.seek(0)
    return output.read().decode(errors="replace")


def stop_worker(process: subprocess.Popen[bytes]) -> str:
    """SIGTERM the worker; it must exit cleanly. Returns what it printed."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=WORKER_EXIT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("the worker did not exit after SIGTERM:\n" + _forget(process))
    output = _forget(process)
    assert process.returncode == 0, output
    return output


def _forget(process: subprocess.Popen[bytes]) -> str:
    text = worker_output(process)
    output = _OUTPUTS.pop(process.pid, None)
    if output is not None:
        output.close()
    return text
