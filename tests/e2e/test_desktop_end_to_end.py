"""QuickBooks Desktop end to end, through GraphQL with real clients on a served app.

gql over HTTP and over graphql-transport-ws talk to the app served by uvicorn; the simulated Web
Connector polls the app's ``/qbwc`` over real HTTP SOAP, as the Windows one does, with a
simulated company file behind it. The path: startConnection → the ``.qwc`` and password → the
first session makes the connection ACTIVE with the company's name → importCustomers of 1,050
customers across iterator pages → syncInvoice, whose progress a subscriber follows (the run goes
WAITING, then resumes after each poll until it finishes) → exactly one invoice in the company
file → a payment entered in QuickBooks → syncPayments and the next poll → PAID here.

Both paths run. Embedded path: the app's in-process worker runs the jobs. Redis path: a separate
``ledgersync worker`` process runs them; the Web Connector's answers reach the API process, which
queues the waiting run again on Redis for that worker.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from gql import GraphQLRequest
from gql import gql as document
from lxml import etree
from starlette.applications import Starlette

from core.settings import Settings
from integrations.quickbooks_desktop.simulator import CompanyFile, WebConnector
from integrations.quickbooks_desktop.simulator.company import Clock
from tests.e2e.served import listening, server, settings, start_worker, stop_worker
from tests.e2e.test_end_to_end import GatedQueue, _call, http_client

__all__ = ["http_client", "listening", "server", "settings"]  # fixtures used by this module's tests

# Safety nets so a broken pipeline fails instead of hanging; not timing goals.
HANG_GUARD_SECONDS = 120
POLL_SECONDS = 0.05
MAX_SESSIONS = 30
CUSTOMERS = 1_050

START = document(
    """
    mutation { startConnection(provider: QUICKBOOKS_DESKTOP) {
      __typename ... on WebConnectorSetup { connectionId userName password qwcContent } } }
    """
)
CONNECTIONS = document("query { connections { id provider status remoteCompanyName } }")
SETTINGS = document(
    """
    mutation($id: ID!, $input: ConnectionSettingsInput!) {
      updateConnectionSettings(connectionId: $id, input: $input) { __typename } }
    """
)
IMPORT_CUSTOMERS = document(
    """
    mutation($id: ID!) { importCustomers(connectionId: $id) {
      __typename ... on ImportCustomersSuccess { run { id status } } } }
    """
)
CUSTOMER_COUNT = document("query { customers(first: 1) { totalCount } }")
CREATE_CUSTOMER = document(
    """
    mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
      __typename ... on CreateCustomerSuccess { customer { id } } } }
    """
)
CREATE_INVOICE = document(
    """
    mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
      __typename ... on CreateInvoiceSuccess { invoice { id } } } }
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
      __typename ... on SyncInvoiceSuccess { run { id status } } } }
    """
)
SYNC_PAYMENTS = document(
    """
    mutation($id: ID!) { syncPayments(connectionId: $id) {
      __typename ... on SyncPaymentsSuccess { run { id status } } } }
    """
)
RUN = document("query($id: ID!) { syncRun(id: $id) { status waitingReason error } }")
INVOICE = document(
    """
    query($id: ID!) { invoice(id: $id) {
      status amountPaid balance syncStatus { status remoteId remoteNumber } } }
    """
)
PROGRESS = document(
    """
    subscription($runId: ID!) {
      syncProgress(runId: $runId) {
        __typename
        ... on SyncSnapshot { seq status }
        ... on SyncStarted { seq }
        ... on RecordSynced { seq entity label }
        ... on RecordFailed { seq label errorCode message }
        ... on SyncProgress { seq }
        ... on SyncWaiting { seq reason }
        ... on SyncFinished { seq status }
      }
    }
    """
)
TERMINAL = {"SUCCEEDED", "FAILED", "PARTIAL", "CANCELLED"}


async def _state(http: Any, run_id: str) -> dict[str, Any]:
    """The run once a worker has parked or finished it."""
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while True:
            run = (await _call(http, RUN, id=run_id))["syncRun"]
            if run["status"] == "WAITING" or run["status"] in TERMINAL:
                return dict(run)
            await asyncio.sleep(POLL_SECONDS)


async def _through_sessions(http: Any, connector: WebConnector, run_id: str) -> dict[str, Any]:
    """Let the Web Connector poll until the run has finished; the run must wait first."""
    run = await _state(http, run_id)
    assert run["status"] == "WAITING", run
    assert "Web Connector" in (run["waitingReason"] or "")
    for _ in range(MAX_SESSIONS):
        if run["status"] in TERMINAL:
            return run
        await connector.run_session()
        run = await _state(http, run_id)
    raise AssertionError(f"the run did not finish in {MAX_SESSIONS} sessions: {run}")


def _qwc_field(qwc: str, name: str) -> str:
    value = etree.fromstring(qwc.encode()).findtext(name)
    assert value, f"the .qwc has no {name}"
    return value


async def _connect(http: Any, base: str, company: CompanyFile, web: httpx.AsyncClient) -> Any:
    setup = (await _call(http, START))["startConnection"]
    assert setup["__typename"] == "WebConnectorSetup"
    assert f"<AppURL>{base}/qbwc</AppURL>" in setup["qwcContent"]
    # The Web Connector writes the .qwc's FileID into the company file it opens.
    company.file_id = _qwc_field(setup["qwcContent"], "FileID")
    (pending,) = (await _call(http, CONNECTIONS))["connections"]
    assert (pending["provider"], pending["status"]) == ("QUICKBOOKS_DESKTOP", "PENDING")
    connector = WebConnector(
        web,
        f"{base}/qbwc",
        company,
        user_name=setup["userName"],
        password=setup["password"],
        noop_pause_seconds=0,
        max_noops=3,
    )
    await connector.run_session()
    (active,) = (await _call(http, CONNECTIONS))["connections"]
    assert (active["status"], active["remoteCompanyName"]) == ("ACTIVE", "Ridgeline Books")
    return setup["connectionId"], connector


async def _issued_invoice(http: Any) -> str:
    customer = {"name": "Blue Heron Studio", "email": "ap@blueheron.example"}
    created = (await _call(http, CREATE_CUSTOMER, input=customer))["createCustomer"]
    assert created["__typename"] == "CreateCustomerSuccess"
    invoice = {
        "customerId": created["customer"]["id"],
        "number": "1042",
        "issueDate": "2026-03-02",
        "dueDate": "2026-04-01",
        "lines": [{"description": "Bookkeeping, March", "quantity": "2", "unitPrice": "150.00"}],
    }
    made = (await _call(http, CREATE_INVOICE, input=invoice))["createInvoice"]
    assert made["__typename"] == "CreateInvoiceSuccess"
    invoice_id = str(made["invoice"]["id"])
    issued = (await _call(http, ISSUE_INVOICE, id=invoice_id))["issueInvoice"]
    assert issued["invoice"]["status"] == "SENT"
    return invoice_id


async def _follow(ws: Any, run_id: str, on_snapshot: Any) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        request = GraphQLRequest(PROGRESS, variable_values={"runId": run_id})
        async for result in ws.subscribe(request):
            seen.append(result["syncProgress"])
            if len(seen) == 1:
                await on_snapshot()
    return seen


async def _push_followed(
    app: Starlette, http: Any, ws: Any, connector: WebConnector, invoice_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """syncInvoice with a subscriber on its progress from before the run starts."""
    runtime = app.state.runtime
    gate = GatedQueue(runtime.queue)
    runtime.queue = gate
    try:
        queued = (await _call(http, SYNC_INVOICE, id=invoice_id))["syncInvoice"]
        assert queued["__typename"] == "SyncInvoiceSuccess"
        run_id = queued["run"]["id"]
        follower = asyncio.create_task(_follow(ws, run_id, gate.release))
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            while not gate.open:  # noqa: ASYNC110 - the gate opens on the subscriber's snapshot
                await asyncio.sleep(POLL_SECONDS)
        run = await _through_sessions(http, connector, run_id)
        return run, await follower
    finally:
        runtime.queue = gate.real


def _assert_waited_then_finished(seen: list[dict[str, Any]]) -> None:
    types = [event["__typename"] for event in seen]
    assert types[0] == "SyncSnapshot"
    assert seen[0]["status"] == "QUEUED", seen[0]
    assert "SyncWaiting" in types, types
    waiting = types.index("SyncWaiting")
    assert "Web Connector" in seen[waiting]["reason"]
    assert types[-1] == "SyncFinished"
    assert seen[-1]["status"] == "SUCCEEDED", seen[-1]
    synced = [e["label"] for e in seen if e["__typename"] == "RecordSynced"]
    assert "Invoice 1042" in synced
    assert types.index("RecordSynced") > waiting, "the invoice is created after the run waited"
    assert "RecordFailed" not in types
    seqs = [event["seq"] for event in seen[1:]]
    assert seqs == sorted(set(seqs)), "live events arrive once each, in order"


async def _run_end_to_end(
    app: Starlette, server: str, token: str, http_client: Any, ws_client: Any
) -> CompanyFile:
    base = f"http://{server}"
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    consulting = company.add_item("Consulting")
    for n in range(1, CUSTOMERS + 1):
        company.add_customer(f"Customer {n:04d}")
    async with (
        httpx.AsyncClient(timeout=30) as web,
        http_client(token) as http,
        ws_client(token) as ws,
    ):
        connection_id, connector = await _connect(http, base, company, web)

        imported = (await _call(http, IMPORT_CUSTOMERS, id=connection_id))["importCustomers"]
        assert imported["__typename"] == "ImportCustomersSuccess"
        run = await _through_sessions(http, connector, imported["run"]["id"])
        assert run["status"] == "SUCCEEDED", run
        count = (await _call(http, CUSTOMER_COUNT))["customers"]["totalCount"]
        assert count == CUSTOMERS

        chosen = {"defaultItemId": consulting.stamp.id}
        saved = await _call(http, SETTINGS, id=connection_id, input=chosen)
        assert saved["updateConnectionSettings"]["__typename"] == "UpdateConnectionSettingsSuccess"
        invoice_id = await _issued_invoice(http)
        run, seen = await _push_followed(app, http, ws, connector, invoice_id)
        assert run["status"] == "SUCCEEDED", run
        _assert_waited_then_finished(seen)

        documents = [d for d in company.documents.values() if d.kind == "Invoice"]
        assert [(d.ref_number, d.balance) for d in documents] == [("1042", Decimal("300.00"))]
        held = documents[0]
        synced = (await _call(http, INVOICE, id=invoice_id))["invoice"]
        assert synced["syncStatus"] == {
            "status": "SYNCED",
            "remoteId": held.stamp.id,
            "remoteNumber": "1042",
        }
        blue_herons = [c for c in company.customers.values() if c.name == "Blue Heron Studio"]
        assert len(blue_herons) == 1

        company.receive_payment(held.stamp.id)
        pulled = (await _call(http, SYNC_PAYMENTS, id=connection_id))["syncPayments"]
        assert pulled["__typename"] == "SyncPaymentsSuccess"
        run = await _through_sessions(http, connector, pulled["run"]["id"])
        assert run["status"] == "SUCCEEDED", run
        paid = (await _call(http, INVOICE, id=invoice_id))["invoice"]

    assert paid["status"] == "PAID"
    assert Decimal(paid["amountPaid"]) == Decimal("300.00")
    assert Decimal(paid["balance"]) == Decimal("0.00")
    return company


async def test_desktop_end_to_end_embedded_worker(
    app, server, make_token, http_client, ws_client
) -> None:
    company = await _run_end_to_end(app, server, make_token(), http_client, ws_client)
    assert len([d for d in company.documents.values() if d.kind == "Invoice"]) == 1


@pytest.fixture
def worker(settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """A running `ledgersync worker` process (stopped at the end if the test did not)."""
    process = start_worker(settings)
    yield process
    if process.returncode is None:
        stop_worker(process)


@pytest.mark.redis
async def test_desktop_end_to_end_separate_worker(
    app, server, make_token, http_client, ws_client, worker
) -> None:
    company = await _run_end_to_end(app, server, make_token(), http_client, ws_client)
    output = await asyncio.to_thread(stop_worker, worker)
    assert len([d for d in company.documents.values() if d.kind == "Invoice"]) == 1
    # The jobs ran in the separate process, not in the app.
    assert "run_pull_sync" in output  # the import and the payment pull
    assert "push_invoices" in output
