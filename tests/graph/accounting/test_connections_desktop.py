"""startConnection(QUICKBOOKS_DESKTOP) through GraphQL: a Web Connector setup (.qwc, a password
shown once, the HTTPS warning), a PENDING connection that the simulated Web Connector, polling
the app's mounted SOAP route over HTTP, turns ACTIVE with the company's name; a new setup ends
the old password; staff cannot start it."""

from __future__ import annotations

import asyncio
import base64
from datetime import datetime
from uuid import UUID

import httpx
import pytest

from core.models import AgentLogin, Connection, Customer, Invoice, SyncRun
from core.models.enums import (
    ConnectionStatus,
    InvoiceStatus,
    Provider,
    Role,
    SyncKind,
    SyncRunStatus,
)
from core.settings import Settings
from graph.ids import decode_id
from graph.sync.types import SYNC_RUN_TYPE
from integrations.quickbooks_desktop.simulator import CompanyFile, WebConnector
from integrations.quickbooks_desktop.simulator.company import Clock
from tests.graph.accounting.push_support import gid, seed_invoice

START = """
mutation { startConnection(provider: QUICKBOOKS_DESKTOP) {
  __typename
  ... on WebConnectorSetup {
    provider connectionId userName password qwcFileName qwcContent qwcDownloadUrl warning
  }
  ... on UserError { code message field }
} }"""
CONNECTIONS = "{ connections { id provider status remoteCompanyName } }"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runs these tests queue need a worker: without REDIS_URL the app runs one in-process
    (over the test database, PostgreSQL included), whatever the environment says."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def _setup(gql) -> dict[str, str]:  # type: ignore[no-untyped-def]
    result = (await gql.data(START))["startConnection"]
    assert result["__typename"] == "WebConnectorSetup"
    return result  # type: ignore[no-any-return]


def _connector(
    client: httpx.AsyncClient, setup: dict[str, str], company: CompanyFile
) -> WebConnector:
    return WebConnector(
        client,
        "http://testserver/qbwc",
        company,
        user_name=setup["userName"],
        password=setup["password"],
        noop_pause_seconds=0,
        max_noops=3,
    )


async def test_desktop_setup_gives_a_qwc_and_a_one_time_password_and_a_pending_connection(
    gql,
) -> None:
    setup = await _setup(gql)

    assert setup["provider"] == "QUICKBOOKS_DESKTOP"
    assert f"<UserName>{setup['userName']}</UserName>" in setup["qwcContent"]
    assert "<AppURL>http://testserver/qbwc</AppURL>" in setup["qwcContent"]
    assert setup["qwcFileName"].endswith(".qwc")
    prefix = "data:application/xml;base64,"
    assert setup["qwcDownloadUrl"].startswith(prefix)
    assert base64.b64decode(setup["qwcDownloadUrl"][len(prefix) :]).decode() == setup["qwcContent"]
    assert setup["password"] not in setup["qwcContent"]
    assert "HTTPS" in (setup["warning"] or "")  # http://testserver is neither HTTPS nor local
    (connection,) = await Connection.all()
    assert (connection.provider, connection.status) == (
        Provider.QUICKBOOKS_DESKTOP,
        ConnectionStatus.PENDING,
    )
    login = await AgentLogin.get(connection_id=connection.id)
    assert setup["password"] not in login.password_hash


async def test_web_connector_over_http_turns_the_connection_active_with_the_company_name(
    gql, client: httpx.AsyncClient
) -> None:
    setup = await _setup(gql)
    (connection,) = await Connection.all()
    login = await AgentLogin.get(connection_id=connection.id)
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    company.file_id = login.company_key

    report = await _connector(client, setup, company).run_session()

    assert report.authenticate[0]  # a ticket
    listed = (await gql.data(CONNECTIONS))["connections"]
    assert [(c["status"], c["remoteCompanyName"]) for c in listed] == [
        ("ACTIVE", "Ridgeline Books")
    ]
    assert (await AgentLogin.get(connection_id=connection.id)).last_polled_at is not None


async def test_a_new_setup_ends_the_old_password_and_keeps_the_connection(
    gql, client: httpx.AsyncClient
) -> None:
    first = await _setup(gql)
    second = await _setup(gql)
    (connection,) = await Connection.all()
    login = await AgentLogin.get(connection_id=connection.id)
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    company.file_id = login.company_key

    stale = await _connector(client, first, company).run_session()

    assert first["userName"] == second["userName"]
    assert first["password"] != second["password"]
    assert stale.outcome == "nvu"
    assert (await Connection.get(id=connection.id)).status is ConnectionStatus.PENDING


async def test_staff_cannot_start_a_desktop_connection(gql_factory) -> None:
    body = await gql_factory(role=Role.STAFF).execute(START)
    assert body["data"] is None or body["data"]["startConnection"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Connection.all().count() == 0


IMPORT_CUSTOMERS = """
mutation($id: ID!) { importCustomers(connectionId: $id) {
  __typename ... on ImportCustomersSuccess { run { id status } }
  ... on UserError { code message }
} }"""
#: Safety nets so a broken pipeline fails instead of hanging; not timing goals.
HANG_GUARD_SECONDS = 60
MAX_SESSIONS = 20


async def _settled(run_id: UUID) -> SyncRun:
    """The run once the worker has parked or finished it."""
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while True:
            run = await SyncRun.get(id=run_id)
            if run.status is SyncRunStatus.WAITING or run.status.is_terminal:
                return run
            await asyncio.sleep(0.02)


async def test_import_customers_waits_for_the_web_connector_then_completes_across_pages(
    gql, client: httpx.AsyncClient
) -> None:
    setup = await _setup(gql)
    (connection,) = await Connection.all()
    login = await AgentLogin.get(connection_id=connection.id)
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    company.file_id = login.company_key
    connector = _connector(client, setup, company)
    await connector.run_session()  # the first session: the company is known, ACTIVE
    for n in range(1, 1_051):
        company.add_customer(f"Customer {n:04d}")

    result = (await gql.data(IMPORT_CUSTOMERS, {"id": setup["connectionId"]}))["importCustomers"]
    assert result["__typename"] == "ImportCustomersSuccess", result
    run_id = UUID(str((await SyncRun.get(kind=SyncKind.IMPORT_CUSTOMERS)).id))

    waiting = await _settled(run_id)
    assert waiting.status is SyncRunStatus.WAITING
    assert "Web Connector" in (waiting.waiting_reason or "")
    sessions = 0
    run = waiting
    while not run.status.is_terminal and sessions < MAX_SESSIONS:
        await connector.run_session()
        sessions += 1
        run = await _settled(run_id)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert await Customer.filter(firm_id=connection.firm_id).count() == 1_050  # type: ignore[attr-defined]


SYNC_INVOICE = """
mutation($id: ID!) { syncInvoice(invoiceId: $id) {
  __typename ... on SyncInvoiceSuccess { run { id status } }
  ... on UserError { code message }
} }"""
UPDATE_SETTINGS = """
mutation($id: ID!, $input: ConnectionSettingsInput!) {
  updateConnectionSettings(connectionId: $id, input: $input) { __typename }
}"""
SYNC_PAYMENTS = """
mutation($id: ID!) { syncPayments(connectionId: $id) {
  __typename ... on SyncPaymentsSuccess { run { id status } }
  ... on UserError { code message }
} }"""


async def _through_sessions(connector: WebConnector, run_id: UUID) -> SyncRun:
    """Run Web Connector sessions until the run has finished."""
    run = await _settled(run_id)
    assert run.status is SyncRunStatus.WAITING, run.error
    for _ in range(MAX_SESSIONS):
        if run.status.is_terminal:
            break
        await connector.run_session()
        run = await _settled(run_id)
    return run


async def _run_of(result: dict[str, object]) -> UUID:
    run = result["run"]
    assert isinstance(run, dict)
    return decode_id(str(run["id"]), SYNC_RUN_TYPE)


async def test_pushed_invoice_is_in_the_company_file_once_and_a_payment_there_marks_it_paid(
    gql, client: httpx.AsyncClient
) -> None:
    setup = await _setup(gql)
    (connection,) = await Connection.all()
    login = await AgentLogin.get(connection_id=connection.id)
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    company.file_id = login.company_key
    connector = _connector(client, setup, company)
    await connector.run_session()
    consulting = company.add_item("Consulting")
    updated = await gql.data(
        UPDATE_SETTINGS,
        {"id": setup["connectionId"], "input": {"defaultItemId": consulting.stamp.id}},
    )
    assert updated["updateConnectionSettings"]["__typename"] == "UpdateConnectionSettingsSuccess"
    invoice = await seed_invoice("1042")

    pushed = (await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)}))["syncInvoice"]
    assert pushed["__typename"] == "SyncInvoiceSuccess", pushed
    run = await _through_sessions(connector, await _run_of(pushed))

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    documents = [d for d in company.documents.values() if d.kind == "Invoice"]
    assert [d.ref_number for d in documents] == ["1042"]
    company.receive_payment(documents[0].stamp.id)

    pulled = (await gql.data(SYNC_PAYMENTS, {"id": setup["connectionId"]}))["syncPayments"]
    assert pulled["__typename"] == "SyncPaymentsSuccess", pulled
    run = await _through_sessions(connector, await _run_of(pulled))

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.PAID
    assert len([d for d in company.documents.values() if d.kind == "Invoice"]) == 1


LAST_POLLED = "{ connections { id provider lastPolledAt } }"


async def test_last_polled_at_is_null_until_the_web_connector_polls_then_its_time(
    gql, client: httpx.AsyncClient
) -> None:
    setup = await _setup(gql)
    (before,) = (await gql.data(LAST_POLLED))["connections"]
    assert before["lastPolledAt"] is None
    login = await AgentLogin.get(connection_id=(await Connection.get()).id)
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    company.file_id = login.company_key

    await _connector(client, setup, company).run_session()

    (after,) = (await gql.data(LAST_POLLED))["connections"]
    polled = (await AgentLogin.get(id=login.id)).last_polled_at
    assert polled is not None
    assert after["lastPolledAt"] is not None
    assert datetime.fromisoformat(after["lastPolledAt"]) == polled


async def test_last_polled_at_of_a_connection_list_is_one_lookup(gql, count_queries) -> None:
    await _setup(gql)
    desktop = await Connection.get()
    for _ in range(3):  # revoked connections of other platforms have no agent login
        await Connection.create(
            firm_id=desktop.firm_id,  # type: ignore[attr-defined]
            provider=Provider.XERO,
            status=ConnectionStatus.REVOKED,
        )
    with count_queries() as without:
        await gql.data("{ connections { id } }")
    with count_queries() as with_polls:
        listed = (await gql.data(LAST_POLLED))["connections"]

    assert len(listed) == 4
    assert [c["lastPolledAt"] for c in listed] == [None] * 4
    assert with_polls.count == without.count + 1


CONNECTOR = """{ connections { provider connector {
  product version country apiVersions multicurrency homeCurrency connectorVersion } } }"""


async def test_connector_reports_the_company_files_product_preferences_and_connector_version(
    gql, client: httpx.AsyncClient
) -> None:
    setup = await _setup(gql)
    (before,) = (await gql.data(CONNECTOR))["connections"]
    assert before["connector"] == {
        "product": None,
        "version": None,
        "country": None,
        "apiVersions": [],
        "multicurrency": None,
        "homeCurrency": None,
        "connectorVersion": None,
    }
    login = await AgentLogin.get(connection_id=(await Connection.get()).id)
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    company.file_id = login.company_key
    company.product_name = "QuickBooks Premier Edition 2024"
    company.country = "CA"
    connector = _connector(client, setup, company)
    connector.version = "2.3.0.207"

    await connector.run_session()

    (after,) = (await gql.data(CONNECTOR))["connections"]
    report = after["connector"]
    assert (report["product"], report["country"]) == ("QuickBooks Premier Edition 2024", "CA")
    assert report["version"] == "34.0"
    assert report["apiVersions"] == list(company.supported_versions)
    assert report["multicurrency"] is False
    assert report["connectorVersion"] == "2.3.0.207"
