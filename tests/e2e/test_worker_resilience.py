"""Separate ``ledgersync worker`` processes through the failures of production, on a Redis server
the test starts itself (so Redis can be cut off and brought back):

- Redis goes away in the middle of a push and comes back: the worker keeps running, reconnects,
  and the same run finishes with each invoice created once; it is never failed for the outage.
- A worker is killed in the middle of a push: another worker takes the same run up once the dead
  worker's job lease lapses (seconds here, not arq's ten-minute job timeout), and finishes it
  with each invoice once, without anyone syncing again; its ``--metrics-port`` counts the job.

The worker reaches Redis through a TCP proxy the test can cut; the app reaches it directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator, MutableMapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from starlette.applications import Starlette
from starlette.routing import Mount

from core.models import Connection, Customer, Firm, Invoice, InvoiceLine, SyncRun
from core.models.enums import InvoiceStatus
from core.settings import Settings
from graph.ids import decode_id, encode_id
from integrations.quickbooks_online.kit import SIMULATOR_PATH
from tests.e2e.remotes import QboRemote
from tests.e2e.served import REPO, WORKER_EXIT_SECONDS, listening, server, worker_env

__all__ = ["listening", "server"]  # fixtures used by this module's tests

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# Safety nets so a broken pipeline fails instead of hanging; not timing goals.
HANG_GUARD_SECONDS = 90
POLL_SECONDS = 0.05
LEASE_SECONDS = 2
INVOICES = 45  # two /batch calls of invoices after the customer's

START = """
mutation($provider: Provider!) { startConnection(provider: $provider) {
  __typename ... on StartConnectionSuccess { authorizationUrl } } }"""
SYNC_INVOICES = """
mutation($ids: [ID!]!) { syncInvoices(invoiceIds: $ids) {
  __typename ... on SyncInvoicesSuccess { run { id } } } }"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[str]:
    """A redis-server of the test's own on a free port; its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        if IN_CI:
            pytest.fail("redis-server is not installed, but CI is set")
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - the test's own command line
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(200):
        with contextlib.suppress(redis.ConnectionError):
            if client.ping():
                break
        process.poll()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(0.05)
    try:
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(10)


class RedisProxy:
    """A TCP proxy in front of Redis that the test can cut off (every connection closed, none
    accepted) and bring back on the same port."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = _free_port()
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def cut(self) -> None:
        """Redis goes away: refuse new connections and drop the open ones."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._pipes):
            writer.close()
        self._pipes.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._pipes.update({writer, up_writer})

        async def pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pump(reader, up_writer), pump(up_reader, writer))


@pytest.fixture
async def proxy(redis_server: str) -> AsyncIterator[RedisProxy]:
    """The worker's way to Redis."""
    proxy = RedisProxy(int(redis_server.rsplit(":", 1)[1].split("/")[0]))
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.cut()


@pytest.fixture
def settings(settings: Settings, listening: socket.socket, redis_server: str) -> Settings:
    """The app served at the listening socket, on the test's own Redis."""
    host, port = listening.getsockname()
    return settings.model_copy(
        update={
            "public_url": f"http://{host}:{port}",
            "redis_url": redis_server,
            "run_embedded_worker": False,
        }
    )


class Worker:
    """A ``ledgersync worker`` process writing its log to a file."""

    def __init__(self, settings: Settings, redis_url: str, log: Path, *args: str) -> None:
        env = worker_env(settings)
        env.update(
            REDIS_URL=redis_url,
            LEDGERSYNC_JOB_LEASE_SECONDS=str(LEASE_SECONDS),
            PYTHONFAULTHANDLER="1",
        )
        self.log = log
        self._file = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - the test's own command line
            [sys.executable, "-m", "core.cli", "worker", *args],
            cwd=REPO,
            env=env,
            stdout=self._file,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    async def wait_for(self, text: str) -> None:
        while text not in self.output():
            assert self.process.poll() is None, "the worker exited:\n" + self.output()
            await asyncio.sleep(POLL_SECONDS)

    def stop(self) -> str:
        """SIGTERM; the worker must exit cleanly."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(WORKER_EXIT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.send_signal(signal.SIGABRT)  # faulthandler prints every thread
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(5)
                self.process.kill()
                self.process.wait()
                pytest.fail("the worker did not exit after SIGTERM:\n" + self.output())
        self._file.close()
        return self.output()


@pytest.fixture
async def workers() -> AsyncIterator[list[Worker]]:
    """Workers started by the test, stopped at its end while the proxy (served by this event
    loop) still carries their last words to Redis."""
    started: list[Worker] = []
    yield started
    for worker in started:
        await asyncio.to_thread(worker.stop)


class HoldBatch:
    """Wraps the simulator: the n-th invoice ``/batch`` call is committed, then held until the
    test lets its answer go."""

    def __init__(self, app: Any, nth: int) -> None:
        self.app = app
        self.nth = nth
        self.calls = 0
        self.committed = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        is_batch = scope["type"] == "http" and str(scope.get("path", "")).endswith("/batch")
        self.calls += is_batch
        if not is_batch or self.calls != self.nth:
            await self.app(scope, receive, send)
            return
        held: list[Any] = []

        async def hold(message: Any) -> None:
            held.append(message)

        await self.app(scope, receive, hold)
        self.committed.set()
        await self.release.wait()
        for message in held:
            with contextlib.suppress(Exception):
                await send(message)


def _hold(app: Starlette, nth: int) -> HoldBatch:
    for route in app.routes:
        if isinstance(route, Mount) and route.path == SIMULATOR_PATH:
            wrapper = HoldBatch(route.app, nth)
            route.app = wrapper
            return wrapper
    raise AssertionError("the simulator is not mounted")


async def _graphql(browser: httpx.AsyncClient, token: str, query: str, **variables: Any) -> Any:
    response = await browser.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]


async def _seed() -> list[str]:
    firm = await Firm.get(external_id="firm-a")
    customer = await Customer.create(firm=firm, name="Osprey Partners")
    ids = []
    for n in range(INVOICES):
        invoice = await Invoice.create(
            firm=firm,
            customer=customer,
            number=str(7000 + n),
            status=InvoiceStatus.SENT,
            issue_date=date(2026, 3, 1),
            due_date=date(2026, 3, 31),
            subtotal=Decimal("100"),
            total=Decimal("100"),
            balance=Decimal("100"),
        )
        await InvoiceLine.create(
            invoice=invoice,
            description="Advisory",
            quantity=Decimal("1"),
            unit_price=Decimal("100"),
            amount=Decimal("100"),
        )
        ids.append(str(encode_id("Invoice", str(invoice.id))))
    return ids


async def _finished(run_id: object) -> SyncRun:
    while True:
        run = await SyncRun.get(id=run_id)
        if run.status.is_terminal:
            return run
        await asyncio.sleep(POLL_SECONDS)


async def _start_push(browser: httpx.AsyncClient, token: str) -> object:
    started = await _graphql(browser, token, START, provider="QUICKBOOKS_ONLINE")
    assert (await browser.get(started["startConnection"]["authorizationUrl"])).status_code == 200
    ids = await _seed()
    queued = await _graphql(browser, token, SYNC_INVOICES, ids=ids)
    return decode_id(queued["syncInvoices"]["run"]["id"], "SyncRun")


async def _remote_numbers(browser: httpx.AsyncClient) -> list[str]:
    company = str((await Connection.get()).remote_company_id)
    return sorted(invoice.number for invoice in await QboRemote().invoices(browser, company))


EXPECTED = sorted(str(7000 + n) for n in range(INVOICES))


async def test_worker_rides_out_a_redis_outage_and_finishes_the_same_run(
    app, server, make_token, settings, proxy, workers, tmp_path
) -> None:
    held = _hold(app, nth=2)  # the first invoice batch, after the customer's
    worker = Worker(settings, proxy.url, tmp_path / "worker.log")
    workers.append(worker)
    async with (
        httpx.AsyncClient(base_url=f"http://{server}", follow_redirects=True) as browser,
        asyncio.timeout(HANG_GUARD_SECONDS),
    ):
        run_id = await _start_push(browser, make_token())
        await held.committed.wait()
        await proxy.cut()  # Redis goes away while the batch's answer is on its way
        held.release.set()
        await worker.wait_for("lost the connection to Redis")
        during = await SyncRun.get(id=run_id)
        await asyncio.sleep(1)  # the worker keeps trying, and keeps running
        assert worker.process.poll() is None, worker.output()
        await proxy.start()  # Redis is back
        run = await _finished(run_id)
        numbers = await _remote_numbers(browser)

    assert not during.status.is_terminal
    assert run.status.value == "SUCCEEDED", run.error
    assert numbers == EXPECTED  # each exactly once
    assert worker.process.poll() is None  # still serving
    assert "INTERNAL" not in worker.output()


def _metric(page: str, line_start: str) -> float:
    for line in page.splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_killed_workers_run_is_taken_up_by_another_worker_within_the_lease(
    app, server, make_token, settings, proxy, workers, tmp_path
) -> None:
    held = _hold(app, nth=2)
    first = Worker(settings, proxy.url, tmp_path / "first.log")
    workers.append(first)
    metrics_port = _free_port()
    async with (
        httpx.AsyncClient(base_url=f"http://{server}", follow_redirects=True) as browser,
        asyncio.timeout(HANG_GUARD_SECONDS),
    ):
        run_id = await _start_push(browser, make_token())
        await held.committed.wait()
        first.process.kill()  # dies with the batch committed remotely and its answer unread
        await asyncio.to_thread(first.process.wait)
        held.release.set()
        second = Worker(
            settings, proxy.url, tmp_path / "second.log", "--metrics-port", str(metrics_port)
        )
        workers.append(second)
        run = await _finished(run_id)  # nobody syncs again: the queued job is taken up
        numbers = await _remote_numbers(browser)
        metrics = (await browser.get(f"http://127.0.0.1:{metrics_port}/metrics")).text

    assert run.status.value == "SUCCEEDED", run.error
    assert numbers == EXPECTED  # the committed batch was replayed, not sent again
    assert "try=2" in second.output()
    jobs = 'ledgersync_jobs_total{function="push_invoices",outcome="ok"}'
    assert _metric(metrics, jobs) == 1.0
    runs = 'ledgersync_sync_runs_total{kind="PUSH_INVOICES",status="SUCCEEDED"}'
    assert _metric(metrics, runs) == 1.0
