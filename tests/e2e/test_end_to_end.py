"""End to end for every provider, through GraphQL with real clients on a served app.

gql over HTTP and over graphql-transport-ws talk to the app served by uvicorn; a browser-like
httpx client follows the consent redirects; the simulator mounted in the app is driven only
through its HTTP control API. The path: OAuth dance → customer, invoice, issue → syncInvoice
with its progress streamed → the simulated company holds exactly that invoice → a payment
recorded there → its signed webhook (QuickBooks: a Payment notice; Xero, which sends no payment
notices: an INVOICE update that makes the engine re-read the invoice and pull its payments) →
the webhook job → the invoice is PAID here. The Xero simulator checks every exchange it answers
against Xero's official OpenAPI documents, whichever process sent the request.

Both paths run for each provider. Embedded path: the app's in-process worker runs the jobs. Redis
path: a separate ``ledgersync worker`` process runs them and reaches the simulator mounted in the
served app over HTTP at public_url.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql import gql as document
from gql.transport.httpx import HTTPXAsyncTransport
from starlette.applications import Starlette

from core.models import WebhookDelivery
from core.models.enums import WebhookState
from core.settings import Settings
from tests.e2e.remotes import REMOTES, Remote, Remotes
from tests.e2e.served import listening, server, settings, start_worker, stop_worker
from tests.provider_sims import DRIVERS

__all__ = ["listening", "server", "settings"]  # fixtures used by this module's tests

# Safety nets so a broken pipeline fails instead of hanging; not timing goals.
HANG_GUARD_SECONDS = 60
POLL_SECONDS = 0.05

START = document(
    """
    mutation($provider: Provider!) { startConnection(provider: $provider) {
      __typename ... on StartConnectionSuccess { authorizationUrl } } }
    """
)
CONNECTIONS = document("query { connections { id status remoteCompanyId remoteCompanyName } }")
CREATE_CUSTOMER = document(
    """
    mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
      __typename ... on CreateCustomerSuccess { customer { id name } } } }
    """
)
CREATE_INVOICE = document(
    """
    mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
      __typename ... on CreateInvoiceSuccess { invoice { id number total status } } } }
    """
)
ISSUE_INVOICE = document(
    """
    mutation($id: ID!) { issueInvoice(id: $id) {
      __typename ... on IssueInvoiceSuccess { invoice { status } } } }
    """
)
SYNC_INVOICE = document(
    """
    mutation($id: ID!) { syncInvoice(invoiceId: $id) {
      __typename ... on SyncInvoiceSuccess { run { id status kind } } } }
    """
)
PROGRESS = document(
    """
    subscription($runId: ID!) {
      syncProgress(runId: $runId) {
        __typename
        ... on SyncSnapshot { seq status total }
        ... on SyncStarted { seq total }
        ... on RecordSynced { seq entity label action remoteId }
        ... on RecordFailed { seq label errorCode message }
        ... on SyncProgress { seq processed }
        ... on SyncFinished { seq status succeeded failed error }
      }
    }
    """
)
INVOICE = document(
    """
    query($id: ID!) { invoice(id: $id) {
      status total amountPaid balance locked paidAt
      syncStatus { status remoteId remoteNumber } } }
    """
)
ACTIVITIES = document(
    "query { activities(first: 50) { edges { node { action description subjectType } } } }"
)
SYNC_RUNS = document(
    """
    query { syncRuns(first: 20) { edges { node {
      id kind trigger status total succeeded failed } } } }
    """
)
FINISHED = {"SUCCEEDED", "FAILED", "PARTIAL"}


class GatedQueue:
    """Holds enqueues until the test has subscribed, then forwards them; later ones pass through.

    Without it the worker could finish the run before the subscription starts, and the test
    would see only the final snapshot.
    """

    def __init__(self, real: Any) -> None:
        self.real = real
        self.open = False
        self.pending: list[tuple[str, tuple[object, ...], str | None]] = []

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        if self.open:
            result: bool = await self.real.enqueue(function, *args, job_id=job_id)
            return result
        self.pending.append((function, args, job_id))
        return True

    async def release(self) -> None:
        self.open = True
        for function, args, job_id in self.pending:
            assert await self.real.enqueue(function, *args, job_id=job_id)
        self.pending.clear()


@pytest.fixture
def http_client(server: str) -> Callable[[str], Client]:
    """http_client(token): a gql client over HTTP to the served app."""

    def make(token: str) -> Client:
        transport = HTTPXAsyncTransport(
            url=f"http://{server}/graphql", headers={"Authorization": f"Bearer {token}"}
        )
        return Client(transport=transport, fetch_schema_from_transport=False)

    return make


# --- the steps -----------------------------------------------------------------------------


async def _call(session: Any, operation: Any, **variables: object) -> dict[str, Any]:
    result = await session.execute(GraphQLRequest(operation, variable_values=variables or None))
    return dict(result)


async def _connect(session: Any, browser: httpx.AsyncClient, remote: Remotes) -> dict[str, Any]:
    started = (await _call(session, START, provider=remote.provider))["startConnection"]
    assert started["__typename"] == "StartConnectionSuccess"
    landed = await browser.get(started["authorizationUrl"])  # no bearer token, like a browser
    paths = [urlparse(str(r.request.url)).path for r in landed.history]
    # One organisation granted: Xero connects directly, with no tenant choice to make.
    assert paths[:2] == [remote.consent_path, f"/oauth/{remote.slug}/callback"]
    assert "status=connected" in landed.history[1].headers["location"]
    (connection,) = (await _call(session, CONNECTIONS))["connections"]
    assert connection["status"] == "ACTIVE"
    return dict(connection)


async def _issued_invoice(session: Any) -> dict[str, Any]:
    customer_input = {"name": "Blue Heron Studio", "email": "ap@blueheron.example"}
    created = (await _call(session, CREATE_CUSTOMER, input=customer_input))["createCustomer"]
    assert created["__typename"] == "CreateCustomerSuccess"
    invoice_input = {
        "customerId": created["customer"]["id"],
        "number": "1042",
        "issueDate": "2026-03-02",
        "dueDate": "2026-04-01",
        "lines": [{"description": "Bookkeeping, March", "quantity": "2", "unitPrice": "150.00"}],
    }
    made = (await _call(session, CREATE_INVOICE, input=invoice_input))["createInvoice"]
    assert made["__typename"] == "CreateInvoiceSuccess"
    invoice = made["invoice"]
    issued = (await _call(session, ISSUE_INVOICE, id=invoice["id"]))["issueInvoice"]
    assert issued["invoice"]["status"] == "SENT"
    return dict(invoice)


async def _follow(ws: Any, run_id: str, on_snapshot: Callable[[], Any]) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        request = GraphQLRequest(PROGRESS, variable_values={"runId": run_id})
        async for result in ws.subscribe(request):
            seen.append(result["syncProgress"])
            if len(seen) == 1:
                await on_snapshot()
    return seen


async def _sync_with_progress(
    http: Any, ws: Any, app: Starlette, invoice_id: str
) -> list[dict[str, Any]]:
    runtime = app.state.runtime
    gate = GatedQueue(runtime.queue)
    runtime.queue = gate
    try:
        queued = (await _call(http, SYNC_INVOICE, id=invoice_id))["syncInvoice"]
        assert queued["__typename"] == "SyncInvoiceSuccess"
        assert (queued["run"]["status"], queued["run"]["kind"]) == ("QUEUED", "PUSH_INVOICES")
        return await _follow(ws, queued["run"]["id"], gate.release)
    finally:
        runtime.queue = gate.real


def _assert_push_stream(seen: list[dict[str, Any]]) -> None:
    types = [event["__typename"] for event in seen]
    assert types[0] == "SyncSnapshot"
    assert seen[0]["status"] == "QUEUED"
    assert types[1] == "SyncStarted"
    assert types[-1] == "SyncFinished"
    assert seen[-1]["status"] == "SUCCEEDED", seen[-1]
    assert "RecordFailed" not in types
    synced = [event for event in seen if event["__typename"] == "RecordSynced"]
    assert [e["label"] for e in synced if e["entity"] == "INVOICE"] == ["Invoice 1042"]
    seqs = [event["seq"] for event in seen[1:]]
    # Once each and in order; only SyncProgress events may be coalesced away.
    assert seqs == sorted(set(seqs)), "live events arrive once each, in order"
    assert seqs[0] == 1


async def _webhook_runs(session: Any) -> list[dict[str, Any]]:
    runs = [e["node"] for e in (await _call(session, SYNC_RUNS))["syncRuns"]["edges"]]
    return [dict(r) for r in runs if r["kind"] == "WEBHOOK"]


async def _settled_webhook_runs(session: Any, deliveries: int) -> set[str]:
    """The ids of the WEBHOOK runs so far, once the ``deliveries`` answered so far are all
    applied (one job per company takes every pending one: one run, or a few) and every run
    has finished."""
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while True:
            pending = await WebhookDelivery.filter(state=WebhookState.RECEIVED).exists()
            runs = await _webhook_runs(session)
            started = bool(runs) or deliveries == 0
            if not pending and started and all(r["status"] in FINISHED for r in runs):
                return {r["id"] for r in runs}
            await asyncio.sleep(POLL_SECONDS)


async def _finished_webhook_run(session: Any, earlier: set[str]) -> dict[str, Any]:
    """The new WEBHOOK run once the worker has finished it (polled through GraphQL)."""
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while True:
            runs = await _webhook_runs(session)
            done = [r for r in runs if r["id"] not in earlier and r["status"] in FINISHED]
            if done:
                return done[0]
            await asyncio.sleep(POLL_SECONDS)


async def _run_end_to_end(
    app: Starlette, server: str, token: str, http_client: Any, ws_client: Any, remote: Remotes
) -> None:
    base = f"http://{server}"
    async with (
        httpx.AsyncClient(base_url=base, follow_redirects=True) as browser,
        http_client(token) as http,
        ws_client(token) as ws,
    ):
        connection = await _connect(http, browser, remote)
        company = connection["remoteCompanyId"]
        invoice = await _issued_invoice(http)

        seen = await _sync_with_progress(http, ws, app, invoice["id"])
        _assert_push_stream(seen)

        (held,) = await remote.invoices(browser, company)
        assert held.number == "1042"
        assert held.total == Decimal("300.00")
        assert held.customer == "Blue Heron Studio"
        synced = (await _call(http, INVOICE, id=invoice["id"]))["invoice"]
        assert synced["syncStatus"] == {
            "status": "SYNCED",
            "remoteId": held.id,
            "remoteNumber": "1042",
        }
        assert synced["locked"] is True

        earlier = await _settled_webhook_runs(http, await remote.settle_webhooks(browser))
        await remote.pay(browser, company, held.id)
        webhook_run = await _finished_webhook_run(http, earlier)
        assert webhook_run["status"] == "SUCCEEDED", webhook_run

        paid = (await _call(http, INVOICE, id=invoice["id"]))["invoice"]
        activities = (await _call(http, ACTIVITIES))["activities"]["edges"]
        runs = (await _call(http, SYNC_RUNS))["syncRuns"]["edges"]

    assert paid["status"] == "PAID"
    assert Decimal(paid["amountPaid"]) == Decimal("300.00")
    assert Decimal(paid["balance"]) == Decimal("0.00")
    assert paid["paidAt"] is not None
    descriptions = [edge["node"]["description"] for edge in activities]
    received = f"Payment received in {remote.platform} — invoice 1042 marked PAID"
    assert received in descriptions, descriptions
    assert any(d.startswith(f"Invoice 1042 created in {remote.platform}") for d in descriptions)
    kinds = {(e["node"]["kind"], e["node"]["status"]) for e in runs}
    assert ("PUSH_INVOICES", "SUCCEEDED") in kinds
    assert ("WEBHOOK", "SUCCEEDED") in kinds
    assert len(await _remote_invoices_after(base, company, remote)) == 1


async def _remote_invoices_after(base: str, company: str, remote: Remotes) -> list[Remote]:
    async with httpx.AsyncClient(base_url=base) as browser:
        return await remote.invoices(browser, company)


@pytest.mark.parametrize("provider", sorted(REMOTES))
async def test_end_to_end_embedded_worker_connects_pushes_and_marks_paid(
    app, server, make_token, http_client, ws_client, provider
) -> None:
    checks = DRIVERS[provider]()
    checks.install(app)  # Xero: the simulator checks every exchange against Xero's spec
    await _run_end_to_end(app, server, make_token(), http_client, ws_client, REMOTES[provider]())
    checks.finish()


# --- the Redis path: a separate worker process reaching the simulator over HTTP ---------------


@pytest.fixture
def worker(settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """A running `ledgersync worker` process (stopped at the end if the test did not)."""
    process = start_worker(settings)
    yield process
    if process.returncode is None:
        stop_worker(process)


@pytest.mark.redis
@pytest.mark.parametrize("provider", sorted(REMOTES))
async def test_end_to_end_separate_worker_connects_pushes_and_marks_paid(
    app, server, make_token, http_client, ws_client, worker, provider
) -> None:
    checks = DRIVERS[provider]()
    checks.install(app)  # Xero: the simulator checks every exchange, the worker process's too
    await _run_end_to_end(app, server, make_token(), http_client, ws_client, REMOTES[provider]())
    output = await asyncio.to_thread(stop_worker, worker)
    checks.finish()
    # The jobs ran in the separate process, not in the app.
    assert "push_invoices" in output
    assert "apply_webhooks" in output
