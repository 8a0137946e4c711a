"""A worker process killed mid-batch, after the platform committed the batch: the rerun
duplicates nothing. Run for every provider.

The simulator is served by the app; a separate ``ledgersync worker`` pushes 75 invoices over
HTTP. QuickBooks Online: a customer batch, then invoice batches of 30, 30 and 15 through
``/batch``, in flight together, killed after the third call. Xero: the contact, then invoice
batches of 50 and 25 through ``/Invoices``, in flight together, killed after the first. When
that batch has been committed in the simulated company, and before its answer leaves the
server, the test SIGKILLs the worker: the answer is never stored. A new worker and a new
``syncInvoices`` must replay that batch's
idempotency keys (QuickBooks' batch ``bId``s and ``requestid``; Xero's ``Idempotency-Key``) and
end with each invoice exactly once; it is started once the killed run's claims on the invoices
have lapsed (core.sync.push_claims), as a run started sooner skips them as being pushed. The
Xero simulator checks every exchange against Xero's spec, the worker processes' included.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
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
    PushClaim,
    SyncRun,
)
from core.models.enums import Entity, InvoiceStatus, MappingState
from core.settings import Settings
from graph.ids import decode_id, encode_id
from integrations.quickbooks_online.kit import SIMULATOR_PATH as QBO_PATH
from integrations.xero.kit import SIMULATOR_PATH as XERO_PATH
from tests.e2e.remotes import REMOTES
from tests.e2e.served import listening, server, settings, start_worker, stop_worker
from tests.provider_sims import DRIVERS

__all__ = ["listening", "server", "settings"]  # fixtures used by this module's tests

# Safety net so a broken pipeline fails instead of hanging; not a timing goal.
HANG_GUARD_SECONDS = 60
POLL_SECONDS = 0.05
INVOICES = 75

START = """
mutation($provider: Provider!) { startConnection(provider: $provider) {
  __typename ... on StartConnectionSuccess { authorizationUrl } } }"""
SYNC_INVOICES = """
mutation($ids: [ID!]!) { syncInvoices(invoiceIds: $ids) {
  __typename ... on SyncInvoicesSuccess { run { id } } } }"""


@dataclass(frozen=True)
class Case:
    """How one provider's simulator takes invoice batches, and where to read its invoices."""

    provider: str
    mount: str
    #: The call to kill the worker after (counted among calls to ``batch_path``).
    nth: int
    batch_path: str
    #: Invoices in the company at least once that call committed, and at least those awaiting
    #: an answer (the killed call's; other groups in flight beside it may be in either state).
    committed: int
    pending: int

    def is_batch(self, scope: MutableMapping[str, Any]) -> bool:
        """Whether a request is one of the counted batch writes."""
        return (
            scope["type"] == "http"
            and scope.get("method") in ("PUT", "POST")
            and str(scope.get("path", "")).endswith(self.batch_path)
        )

    async def remote_numbers(self, browser: httpx.AsyncClient, company: str) -> list[str]:
        """The invoice numbers the simulated company holds, sorted."""
        remote = next(r for r in REMOTES.values() if r.provider == self.provider)()
        return sorted(invoice.number for invoice in await remote.invoices(browser, company))


CASES = {
    # A customer batch, then the invoice batches of 30, 30 and 15 in flight together: the third
    # call is one of them, and at least two invoice batches (of 15 or more) have committed.
    "qbo": Case("QUICKBOOKS_ONLINE", QBO_PATH, 3, "/batch", committed=30, pending=15),
    # The invoice batches of 50 and 25 in flight together (the contact has its own call to
    # /Contacts): the first to arrive commits, and its answer is lost.
    "xero": Case("XERO", XERO_PATH, 1, "/api.xro/2.0/Invoices", committed=25, pending=25),
}


class KillAfterCommit:
    """Wraps the simulator: on the case's n-th batch call, lets it commit, then kills the worker
    before the answer is sent."""

    def __init__(self, app: Any, case: Case) -> None:
        self.app = app
        self.case = case
        self.nth = case.nth
        self.batches = 0
        self.worker: subprocess.Popen[bytes] | None = None
        self.killed = asyncio.Event()

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        is_batch = self.case.is_batch(scope)
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


async def _numbers(state: MappingState) -> set[str]:
    """The numbers of the local invoices whose mapping is in ``state``."""
    mappings = await ExternalMapping.filter(entity=Entity.INVOICE, state=state)
    invoices = await Invoice.filter(id__in=[m.local_id for m in mappings])
    return {invoice.number for invoice in invoices}


def _wrap_simulator(app: Starlette, case: Case) -> KillAfterCommit:
    for route in app.routes:
        if isinstance(route, Mount) and route.path == case.mount:
            wrapper = KillAfterCommit(route.app, case)
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


async def _claims_lapsed() -> None:
    """Until no record is claimed by a run any more (the killed run's claims expire)."""
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while await PushClaim.filter(expires_at__gt=datetime.now(UTC)).exists():  # noqa: ASYNC110
            await asyncio.sleep(POLL_SECONDS)


@pytest.mark.redis
@pytest.mark.parametrize("provider", sorted(CASES))
async def test_push_worker_killed_after_batch_commit_rerun_creates_each_invoice_once(
    app, server, make_token, settings, workers, provider
) -> None:
    token = make_token()
    case = CASES[provider]
    checks = DRIVERS[provider]()
    checks.install(app)  # Xero: every exchange checked against Xero's spec
    killer = _wrap_simulator(app, case)
    async with httpx.AsyncClient(base_url=f"http://{server}", follow_redirects=True) as browser:
        started = await _graphql(browser, token, START, provider=case.provider)
        consent = started["startConnection"]["authorizationUrl"]
        assert (await browser.get(consent)).status_code == 200
        ids = await _seed()
        killer.worker = start_worker(settings)
        workers.append(killer.worker)

        await _graphql(browser, token, SYNC_INVOICES, ids=ids)
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            await killer.killed.wait()

        company = str((await Connection.get()).remote_company_id)
        # The batch was committed there...
        remote = set(await case.remote_numbers(browser, company))
        assert len(remote) >= case.committed
        synced_here = await _numbers(MappingState.SYNCED)
        pending_here = await _numbers(MappingState.PENDING)
        unanswered = remote - synced_here
        assert synced_here <= remote
        assert len(unanswered) >= case.pending  # ...but its answer was never stored
        assert unanswered <= pending_here  # every such invoice is an intent awaiting replay

        # The dead worker's run still holds its records; a run started now would skip them as
        # being pushed by another run. Its claims lapse once it stops renewing them.
        await _claims_lapsed()
        workers.append(start_worker(settings))
        rerun = await _graphql(browser, token, SYNC_INVOICES, ids=ids)
        run = await _finished(decode_id(rerun["syncInvoices"]["run"]["id"], "SyncRun"))
        numbers = await case.remote_numbers(browser, company)

    assert rerun["syncInvoices"]["__typename"] == "SyncInvoicesSuccess"
    assert run.status.value == "SUCCEEDED", run.error
    assert numbers == sorted(str(7000 + n) for n in range(INVOICES))  # each exactly once
    synced = ExternalMapping.filter(entity=Entity.INVOICE, state=MappingState.SYNCED)
    assert await synced.count() == INVOICES
    checks.finish()
