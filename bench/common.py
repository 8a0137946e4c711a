"""What the server benchmarks share: served processes, their CPU and memory, load and results.

Each benchmark serves the app with uvicorn in a process of its own (the same settings for the
minimal comparison app), so the CPU and RSS it reports are the server's alone, read from
``/proc`` (Linux). The machine's load average is sampled while a benchmark runs and recorded
with its results: on a shared 2-core machine the ratios matter more than the absolute numbers.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "RESULTS.md"
# The benchmarks' own PostgreSQL database and Redis database index by default.
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test_h7"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
ENCRYPTION_KEY = "cw_0x689RpI-jtRR7oE8h_eqsKlZVO1SaoTsvnh5AdM="
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
STARTUP_SECONDS = 60


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    """A process's resident set size in MB."""
    resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return resident * PAGE / 1_000_000


def percentile(values: list[float], share: float) -> float:
    """The ``share`` (0..1) percentile of ``values`` (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@dataclass
class LoadSampler:
    """Samples the 1-minute load average while a benchmark runs."""

    samples: list[float] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    async def _sample(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            await asyncio.sleep(5)

    def start(self) -> None:
        """Start sampling every 5 seconds."""
        self._task = asyncio.create_task(self._sample())

    async def stop(self) -> None:
        """Stop sampling (one last sample)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.samples.append(os.getloadavg()[0])

    def describe(self) -> str:
        """``min-max (mean)`` of the samples."""
        if not self.samples:
            return "n/a"
        low, high = min(self.samples), max(self.samples)
        return f"{low:.1f}-{high:.1f} (mean {statistics.fmean(self.samples):.1f})"


def machine_line(database: str) -> str:
    """When and where a run was recorded."""
    return (
        f"Recorded {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} CPU cores ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, {database}."
    )


def app_env(database_url: str, redis_url: str, state_dir: Path) -> dict[str, str]:
    """The environment of a served Ledgersync (or its worker) for a benchmark."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGERSYNC_")}
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        LEDGERSYNC_DEV_MODE="true",
        LEDGERSYNC_STATE_DIR=str(state_dir),
        LEDGERSYNC_ENCRYPTION_KEYS=ENCRYPTION_KEY,
        LEDGERSYNC_LOG_LEVEL="WARNING",
        LEDGERSYNC_RUN_EMBEDDED_WORKER="false",
        PYTHONPATH=str(REPO),
    )
    return env


def uvicorn_command(target: str, port: int, *extra: str) -> list[str]:
    """uvicorn with the settings every served app of a benchmark uses (``ledgersync serve``'s),
    followed by ``extra`` options."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--proxy-headers",
        "--ws-per-message-deflate",
        "false",
        *extra,
    ]


@dataclass
class Served:
    """A served process and its address."""

    process: subprocess.Popen[bytes]
    url: str

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self.process.pid


@contextlib.asynccontextmanager
async def serve(command: list[str], env: dict[str, str], port: int) -> AsyncIterator[Served]:
    """Start a server process, wait until it answers /healthz (or /), stop it afterwards."""
    # Started before the event loop has work to do; waiting happens in _until_up.
    process = subprocess.Popen(  # noqa: ASYNC220, S603 - our own command line
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        await _until_up(process, url)
        yield Served(process, url)
    finally:
        stop(process)


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """``ledgersync worker`` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "core.cli", "worker"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _until_up(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"the server exited at start-up:\n{error}")
            with contextlib.suppress(httpx.HTTPError):
                response = await client.get(url + "/healthz")
                if response.status_code < 500:
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not answer within {STARTUP_SECONDS} s")


@contextlib.contextmanager
def measured_cpu(pid: int) -> Iterator[list[float]]:
    """``with measured_cpu(pid) as used: ...; used[0]`` is the CPU seconds spent inside."""
    used: list[float] = []
    before = cpu_seconds(pid)
    try:
        yield used
    finally:
        used.append(cpu_seconds(pid) - before)


class RawHTTP:
    """A lean HTTP/1.1 keep-alive client for high request rates (httpx costs more CPU per
    request than the servers it would measure). One request at a time per connection."""

    def __init__(self, url: str, connections: int) -> None:
        parsed = httpx.URL(url)
        self._host, self._port = parsed.host, parsed.port or 80
        self._size = connections
        self._idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )
        self._all: list[asyncio.StreamWriter] = []

    async def open(self) -> None:
        """Open every connection."""
        for _ in range(self._size):
            reader, writer = await asyncio.open_connection(self._host, self._port)
            self._all.append(writer)
            self._idle.put_nowait((reader, writer))

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        """POST and return the status code (the body is read and dropped)."""
        reader, writer = await self._idle.get()
        try:
            head = f"POST {path} HTTP/1.1\r\nHost: {self._host}\r\nContent-Length: {len(body)}\r\n"
            head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
            writer.write(head.encode() + b"\r\n" + body)
            response = await reader.readuntil(b"\r\n\r\n")
            status = int(response.split(b" ", 2)[1])
            length = 0
            for line in response.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            return status
        finally:
            self._idle.put_nowait((reader, writer))

    async def close(self) -> None:
        """Close every connection."""
        for writer in self._all:
            writer.close()
