"""A worker process killed mid-batch, after QuickBooks committed the batch: the rerun duplicates
nothing.

The simulator is served by the app; a separate ``ledgersync worker`` pushes 75 invoices over
HTTP (a customer batch, then invoice batches of 30, 30 and 15). When the second invoice batch
has been committed in the simulated company, and before its answer leaves the server, the test
SIGKILLs the worker: the answer is never stored. A new worker and a new ``syncInvoices`` must
replay that batch's idempotency keys and end with each invoice exactly once.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator, MutableMapping
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from core.models import Connection, Customer, ExternalMapping, Firm, Invoice, InvoiceLine, SyncRun
from core.models.enums import Entity, InvoiceStatus, MappingState
from core.settings import Settings
from graph.ids import decode_id, encode_id
from integrations.quickbooks_online.kit import SIMULATOR_PATH
from tests.e2e.served import listening, server, settings, start_worker, stop_worker

__all__ = ["listening", "server", "settings"]  # fixtures used by this module's tests

# Safety net so a broken pipeline fails instead of hanging; not a timing goal.
HANG_GUARD_SECONDS = 60
POLL_SECONDS = 0.05
INVOICES = 75

START = """
mutation { startConnection(provider: QUICKBOOKS_ONLINE) {
  __typename ... on StartConnectionSuccess { authorizationUrl } } }"""
SYNC_INVOICES = """
mutation($ids: [ID!]!) { syncInvoices(invoiceIds: $ids) {
  __typename ... on SyncInvoicesSuccess { run { id } } } }"""


class KillAfterCommit:
    """Wraps the simulator: on the n-th /batch call, lets it commit, then kills the worker
    before the answer is sent."""

    def __init__(self, app: Any, nth: int) -> None:
        self.app = app
        self.nth = nth
        self.batches = 0
        self.worker: subprocess.Popen[bytes] | None = None
        self.killed = asyncio.Event()

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        is_batch = scope["type"] == "http" and str(scope.get("path", "")).endswith("/batch")
        self.batches += is_batch
        if not is_batch or self.batches != self.nth or self.worker is None:
            await self.app(scope, receive, send)
            return
        held: list[Any] = []

        async def hold(message: Any) -> None:
            held.append(message)

        await self.app(scope, receive, hold)  # the batch is committed in the simulated company
        self.worker.kill()
        await asyncio.to_thread(self.worker.wait)
        self.killed.set()
        for message in held:
            await send(message)  # to a client that no longer exists


def _wrap_simulator(app: Starlette, nth: int) -> KillAfterCommit:
    for route in app.routes:
        if isinstance(route, Mount) and route.path == SIMULATOR_PATH:
            wrapper = KillAfterCommit(route.app, nth)
            route.app = wrapper
            return wrapper
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
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while True:
            run = await SyncRun.get(id=run_id)
            if run.status.is_terminal:
                return run
            await asyncio.sleep(POLL_SECONDS)


async def _remote_doc_numbers(browser: httpx.AsyncClient, realm: str) -> list[str]:
    response = await browser.get(f"{SIMULATOR_PATH}/_control/companies/{realm}/entities/invoice")
    return sorted(str(i["DocNumber"]) for i in response.json()["items"])


@pytest.mark.redis
async def test_push_worker_killed_after_batch_commit_rerun_creates_each_invoice_once(
    app, server, make_token, settings, workers
) -> None:
    token = make_token()
    killer = _wrap_simulator(app, nth=3)  # customer batch, invoice batch 1, invoice batch 2
    async with httpx.AsyncClient(base_url=f"http://{server}", follow_redirects=True) as browser:
        consent = (await _graphql(browser, token, START))["startConnection"]["authorizationUrl"]
        assert (await browser.get(consent)).status_code == 200
        ids = await _seed()
        killer.worker = start_worker(settings)
        workers.append(killer.worker)

        await _graphql(browser, token, SYNC_INVOICES, ids=ids)
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            await killer.killed.wait()

        realm = str((await Connection.get()).remote_company_id)
        assert len(await _remote_doc_numbers(browser, realm)) == 60  # batch 2 committed there
        pending = ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.PENDING)
        assert await pending.count() == 30  # its answer was never stored

        workers.append(start_worker(settings))
        rerun = await _graphql(browser, token, SYNC_INVOICES, ids=ids)
        run = await _finished(decode_id(rerun["syncInvoices"]["run"]["id"], "SyncRun"))
        numbers = await _remote_doc_numbers(browser, realm)

    assert rerun["syncInvoices"]["__typename"] == "SyncInvoicesSuccess"
    assert run.status.value == "SUCCEEDED", run.error
    assert numbers == sorted(str(7000 + n) for n in range(INVOICES))  # each exactly once
    synced = ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.SYNCED)
    assert await synced.count() == INVOICES
