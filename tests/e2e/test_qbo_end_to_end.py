"""QuickBooks Online end to end, through GraphQL with real clients on a served app.

gql over HTTP and over graphql-transport-ws talk to the app served by uvicorn; a browser-like
httpx client follows the consent redirects; the simulator mounted at /_sim/qbo is driven only
through its HTTP control API. The path: OAuth dance → customer, invoice, issue → syncInvoice
with its progress streamed → the simulated company holds exactly that invoice → a payment
recorded there → its signed webhook → the webhook job → the invoice is PAID here.

Embedded path: the app's in-process worker runs the jobs. Redis path: a separate
``ledgersync worker`` process runs them and reaches the simulator over HTTP at public_url.
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

from core.settings import Settings
from tests.e2e.served import listening, server, settings, start_worker, stop_worker

__all__ = ["listening", "server", "settings"]  # fixtures used by this module's tests

# Safety nets so a broken pipeline fails instead of hanging; not timing goals.
HANG_GUARD_SECONDS = 60
POLL_SECONDS = 0.05
SIM = "/_sim/qbo/_control"

START = document(
    """
    mutation { startConnection(provider: QUICKBOOKS_ONLINE) {
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


async def _connect(session: Any, browser: httpx.AsyncClient) -> dict[str, Any]:
    started = (await _call(session, START))["startConnection"]
    assert started["__typename"] == "StartConnectionSuccess"
    landed = await browser.get(started["authorizationUrl"])  # no bearer token, like a browser
    paths = [urlparse(str(r.request.url)).path for r in landed.history]
    assert paths[:2] == ["/_sim/qbo/connect/oauth2", "/oauth/quickbooks/callback"]
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
    assert seqs == list(range(1, len(seqs) + 1)), "live events arrive once each, in order"


async def _remote_invoices(browser: httpx.AsyncClient, realm: str) -> list[dict[str, Any]]:
    response = await browser.get(f"{SIM}/companies/{realm}/entities/invoice")
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def _pay_remotely(browser: httpx.AsyncClient, realm: str, remote_id: str) -> None:
    paid = await browser.post(f"{SIM}/companies/{realm}/invoices/{remote_id}/payments", json={})
    assert paid.status_code == 201, paid.text
    # Wait for the simulator's signed delivery to /webhooks/quickbooks to be answered.
    deliveries = (await browser.post(f"{SIM}/webhooks")).json()["deliveries"]
    assert [d["status_code"] for d in deliveries] == [200]
    assert '"Payment"' in deliveries[0]["body"]


async def _finished_webhook_run(session: Any) -> dict[str, Any]:
    """The WEBHOOK run once the worker has finished it (polled through GraphQL)."""
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while True:
            runs = [e["node"] for e in (await _call(session, SYNC_RUNS))["syncRuns"]["edges"]]
            done = [
                r
                for r in runs
                if r["kind"] == "WEBHOOK" and r["status"] in {"SUCCEEDED", "FAILED", "PARTIAL"}
            ]
            if done:
                return dict(done[0])
            await asyncio.sleep(POLL_SECONDS)


async def _run_end_to_end(
    app: Starlette, server: str, token: str, http_client: Any, ws_client: Any
) -> None:
    base = f"http://{server}"
    async with (
        httpx.AsyncClient(base_url=base, follow_redirects=True) as browser,
        http_client(token) as http,
        ws_client(token) as ws,
    ):
        connection = await _connect(http, browser)
        realm = connection["remoteCompanyId"]
        invoice = await _issued_invoice(http)

        seen = await _sync_with_progress(http, ws, app, invoice["id"])
        _assert_push_stream(seen)

        (remote,) = await _remote_invoices(browser, realm)
        assert remote["DocNumber"] == "1042"
        assert Decimal(str(remote["TotalAmt"])) == Decimal("300.00")
        assert remote["CustomerRef"]["name"] == "Blue Heron Studio"
        synced = (await _call(http, INVOICE, id=invoice["id"]))["invoice"]
        assert synced["syncStatus"] == {
            "status": "SYNCED",
            "remoteId": remote["Id"],
            "remoteNumber": "1042",
        }
        assert synced["locked"] is True

        await _pay_remotely(browser, realm, remote["Id"])
        webhook_run = await _finished_webhook_run(http)
        assert webhook_run["status"] == "SUCCEEDED", webhook_run

        paid = (await _call(http, INVOICE, id=invoice["id"]))["invoice"]
        activities = (await _call(http, ACTIVITIES))["activities"]["edges"]
        runs = (await _call(http, SYNC_RUNS))["syncRuns"]["edges"]

    assert paid["status"] == "PAID"
    assert Decimal(paid["amountPaid"]) == Decimal("300.00")
    assert Decimal(paid["balance"]) == Decimal("0.00")
    assert paid["paidAt"] is not None
    descriptions = [edge["node"]["description"] for edge in activities]
    assert "Payment received in QuickBooks Online — invoice 1042 marked PAID" in descriptions, (
        descriptions
    )
    assert any(d.startswith("Invoice 1042 created in QuickBooks Online") for d in descriptions)
    kinds = {(e["node"]["kind"], e["node"]["status"]) for e in runs}
    assert ("PUSH_INVOICES", "SUCCEEDED") in kinds
    assert ("WEBHOOK", "SUCCEEDED") in kinds
    assert len(await _remote_invoices_after(base, realm)) == 1


async def _remote_invoices_after(base: str, realm: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=base) as browser:
        return await _remote_invoices(browser, realm)


async def test_qbo_end_to_end_embedded_worker_connects_pushes_and_marks_paid(
    app, server, make_token, http_client, ws_client
) -> None:
    await _run_end_to_end(app, server, make_token(), http_client, ws_client)


# --- the Redis path: a separate worker process reaching the simulator over HTTP ---------------


@pytest.fixture
def worker(settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """A running `ledgersync worker` process (stopped at the end if the test did not)."""
    process = start_worker(settings)
    yield process
    if process.returncode is None:
        stop_worker(process)


@pytest.mark.redis
async def test_qbo_end_to_end_separate_worker_connects_pushes_and_marks_paid(
    app, server, make_token, http_client, ws_client, worker
) -> None:
    await _run_end_to_end(app, server, make_token(), http_client, ws_client)
    output = await asyncio.to_thread(stop_worker, worker)
    # The jobs ran in the separate process, not in the app.
    assert "push_invoices" in output
    assert "process_webhook_delivery" in output
