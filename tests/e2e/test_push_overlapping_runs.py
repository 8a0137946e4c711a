"""Overlapping pushes of the same 300 invoices by a worker killed at random: every invoice ends
SYNCED and exists exactly once remotely. Run for every provider.

The simulator is served by the app; separate ``ledgersync worker`` processes run the jobs. Rounds
of five ``syncInvoices`` over all 300 invoices are queued back to back (one worker runs them at
once: a second click, a re-trigger and automatic sync beside a manual push). At write calls
picked at random (QuickBooks ``/batch``, Xero ``PUT /Invoices``) the platform commits the write
and the worker is SIGKILLed before the answer leaves the server; a new worker takes over. Rounds
go on until every invoice is SYNCED. The dead runs' claims expire, the runs after them replay the
unanswered batches with the same idempotency keys, and no run ever stores an outcome over
another's. The simulator's webhooks are muted (only the pushes under test touch the books).
"""

from __future__ import annotations

import asyncio
import random
import subprocess
from collections import Counter
from collections.abc import Iterator, MutableMapping
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from core.models import (
    Connection,
    Customer,
    ExternalMapping,
    Firm,
    Invoice,
    InvoiceLine,
    SyncRun,
    SyncRunItem,
)
from core.models.enums import Entity, InvoiceStatus, MappingState
from core.settings import Settings
from core.sync.push_claims import BUSY_MESSAGE
from graph.ids import decode_id, encode_id
from integrations.quickbooks_online.kit import SIMULATOR_PATH as QBO_PATH
from integrations.xero.kit import SIMULATOR_PATH as XERO_PATH
from tests.e2e.remotes import REMOTES
from tests.e2e.served import listening, server, settings, start_worker, stop_worker
from tests.provider_sims import DRIVERS

__all__ = ["listening", "server", "settings"]  # fixtures used by this module's tests

INVOICES = 300
RUNS_PER_ROUND = 5
KILLS = 2
# Safety nets so a broken pipeline fails instead of hanging; not timing goals. A dead run's
# claims expire after core.sync.push_claims.CLAIM_SECONDS, so allow for a few of them.
HANG_GUARD_SECONDS = 420
ROUND_GUARD_SECONDS = 240
POLL_SECONDS = 0.1
IDLE_SECONDS = 5  # between rounds that found every invoice claimed by a dead run

START = """
mutation($provider: Provider!) { startConnection(provider: $provider) {
  __typename ... on StartConnectionSuccess { authorizationUrl } } }"""
SYNC_INVOICES = """
mutation($ids: [ID!]!) { syncInvoices(invoiceIds: $ids) {
  __typename ... on SyncInvoicesSuccess { run { id } } } }"""

#: Per provider: where the simulator is mounted and which calls are the invoice writes.
CASES = {
    "qbo": ("QUICKBOOKS_ONLINE", QBO_PATH, "POST", "/batch", 11),
    "xero": ("XERO", XERO_PATH, "PUT", "/api.xro/2.0/Invoices", 6),
}


class KillAtRandom:
    """Wraps the simulator: at the chosen write calls, lets the write commit, then kills the
    worker before the answer is sent."""

    def __init__(self, app: Any, method: str, path: str, kill_at: set[int]) -> None:
        self.app = app
        self.method = method
        self.path = path
        self.kill_at = kill_at
        self.writes = 0
        self.worker: subprocess.Popen[bytes] | None = None
        self.kills = 0

    def _is_write(self, scope: MutableMapping[str, Any]) -> bool:
        return (
            scope["type"] == "http"
            and scope.get("method") == self.method
            and str(scope.get("path", "")).endswith(self.path)
        )

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if not self._is_write(scope):
            await self.app(scope, receive, send)
            return
        self.writes += 1
        worker = self.worker
        if self.writes not in self.kill_at or worker is None:
            await self.app(scope, receive, send)
            return
        held: list[Any] = []

        async def hold(message: Any) -> None:
            held.append(message)

        await self.app(scope, receive, hold)  # the write is committed in the simulated company
        worker.kill()
        await asyncio.to_thread(worker.wait)
        self.kills += 1
        for message in held:
            await send(message)  # to a client that no longer exists


def _wrap_simulator(app: Starlette, mount: str, killer_args: tuple[Any, ...]) -> KillAtRandom:
    for route in app.routes:
        if isinstance(route, Mount) and route.path == mount:
            killer = KillAtRandom(route.app, *killer_args)
            route.app = killer
            return killer
    raise AssertionError("the simulator is not mounted")


@pytest.fixture
def workers(settings: Settings) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Worker processes started by the test; live ones are stopped cleanly at the end."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            stop_worker(process)


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
    customers = [await Customer.create(firm=firm, name=f"Overlap Client {n}") for n in range(3)]
    ids = []
    for n in range(INVOICES):
        invoice = await Invoice.create(
            firm=firm,
            customer=customers[n % 3],
            number=str(60000 + n),
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


async def _round_over(run_ids: list[Any], worker: subprocess.Popen[bytes]) -> None:
    """Until every run of the round is finished, or the worker running them was killed."""
    async with asyncio.timeout(ROUND_GUARD_SECONDS):
        while worker.poll() is None:
            runs = await SyncRun.filter(id__in=run_ids)
            if all(run.status.is_terminal for run in runs):
                return
            await asyncio.sleep(POLL_SECONDS)


async def _stalled(run_ids: list[Any]) -> bool:
    """Whether a round only waited on claims of runs that died (nothing to do but wait)."""
    done = SyncRunItem.filter(run_id__in=run_ids).exclude(message=BUSY_MESSAGE)
    return not await done.exists()


async def _all_synced() -> bool:
    synced = ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.SYNCED)
    return await synced.count() == INVOICES


@pytest.mark.redis
@pytest.mark.parametrize("case", sorted(CASES))
async def test_overlapping_pushes_with_the_worker_killed_sync_each_invoice_once(
    app, server, make_token, settings, workers, case
) -> None:
    provider, mount, method, path, writes = CASES[case]
    seed = random.randrange(1 << 30)
    kill_at = set(random.Random(seed).sample(range(1, writes + 1), KILLS))
    token = make_token()
    driver = DRIVERS[case]()
    driver.install(app)  # Xero: every exchange checked against Xero's spec
    driver.mute_webhooks(app)
    killer = _wrap_simulator(app, mount, (method, path, kill_at))
    async with httpx.AsyncClient(base_url=f"http://{server}", follow_redirects=True) as browser:
        started = await _graphql(browser, token, START, provider=provider)
        assert (
            await browser.get(started["startConnection"]["authorizationUrl"])
        ).status_code == 200
        ids = await _seed()
        rounds = 0
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            while not await _all_synced():
                rounds += 1
                worker = killer.worker
                if worker is None or worker.poll() is not None:
                    worker = start_worker(settings)
                    workers.append(worker)
                    killer.worker = worker
                queued = [
                    await _graphql(browser, token, SYNC_INVOICES, ids=ids)
                    for _ in range(RUNS_PER_ROUND)
                ]
                run_ids = [decode_id(q["syncInvoices"]["run"]["id"], "SyncRun") for q in queued]
                await _round_over(run_ids, worker)
                if await _stalled(run_ids):
                    await asyncio.sleep(IDLE_SECONDS)
        company = str((await Connection.get()).remote_company_id)
        remote = next(r for r in REMOTES.values() if r.provider == provider)()
        numbers = Counter(invoice.number for invoice in await remote.invoices(browser, company))

    context = f"seed {seed}, kills at writes {sorted(kill_at)}, {rounds} rounds"
    assert killer.kills == KILLS, context  # the worker really died mid-push, twice
    assert numbers == Counter({str(60000 + n): 1 for n in range(INVOICES)}), context
    assert await _all_synced(), context
    driver.finish()
