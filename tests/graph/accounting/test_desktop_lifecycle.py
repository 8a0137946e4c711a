"""A QuickBooks Desktop connection's life through GraphQL: disconnect ends the Web Connector's
login and its open session and keeps the mappings; setting it up again for the same company file
brings them back (no duplicate); syncNow and the hourly auto-sync queue runs that wait for the
Web Connector's next poll."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from core.models import AgentLogin, Connection, ExternalMapping, SyncRun
from core.models.enums import AutoSync, ConnectionStatus, MappingState, SyncRunStatus
from core.services.accounting_pull import queue_hourly_syncs
from core.settings import Settings
from integrations.quickbooks_desktop.simulator import CompanyFile, WebConnector
from integrations.quickbooks_desktop.simulator.company import Clock
from integrations.quickbooks_desktop.simulator.connector import SessionReport
from tests.graph.accounting.push_support import gid, seed_invoice
from tests.graph.accounting.test_connections_desktop import (
    SYNC_INVOICE,
    UPDATE_SETTINGS,
    _connector,
    _run_of,
    _settled,
    _setup,
    _through_sessions,
)

DISCONNECT = """
mutation($id: ID!) { disconnect(connectionId: $id) { __typename } }"""
SYNC_NOW = """
mutation($id: ID!) { syncNow(connectionId: $id) {
  __typename ... on SyncNowSuccess { run { id status } }
  ... on UserError { code message }
} }"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runs these tests queue need a worker: the in-process one, on every path."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def _company(
    gql: Any, client: httpx.AsyncClient
) -> tuple[dict[str, str], CompanyFile, WebConnector]:
    setup = await _setup(gql)
    login = await AgentLogin.get(connection_id=(await Connection.get()).id)
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    company.file_id = login.company_key
    connector = _connector(client, setup, company)
    await connector.run_session()
    assert (await Connection.get()).status is ConnectionStatus.ACTIVE
    return setup, company, connector


async def _pushed(gql: Any, connector: WebConnector, number: str) -> None:
    invoice = await seed_invoice(number)
    pushed = (await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)}))["syncInvoice"]
    assert pushed["__typename"] == "SyncInvoiceSuccess", pushed
    run = await _through_sessions(connector, await _run_of(pushed))
    assert run.status is SyncRunStatus.SUCCEEDED, run.error


async def _default_item(gql: Any, setup: dict[str, str], company: CompanyFile) -> None:
    item = company.add_item("Consulting")
    saved = await gql.data(
        UPDATE_SETTINGS, {"id": setup["connectionId"], "input": {"defaultItemId": item.stamp.id}}
    )
    assert saved["updateConnectionSettings"]["__typename"] == "UpdateConnectionSettingsSuccess"


async def test_disconnect_ends_the_login_and_the_open_session_and_keeps_the_mappings(
    gql, client: httpx.AsyncClient
) -> None:
    setup, company, connector = await _company(gql, client)
    await _default_item(gql, setup, company)
    await _pushed(gql, connector, "1042")
    synced = await ExternalMapping.filter(state=MappingState.SYNCED).count()
    assert synced == 2  # the customer and the invoice

    # A Web Connector signed in with work to do, when the firm disconnects.
    invoice = await seed_invoice("1043")
    queued = (await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)}))["syncInvoice"]
    waiting = await _settled(await _run_of(queued))
    assert waiting.status is SyncRunStatus.WAITING
    report = SessionReport()
    [ticket, status, *_] = [
        n.text or ""
        for n in await connector.call(
            "authenticate", report, strUserName=setup["userName"], strPassword=setup["password"]
        )
    ]
    assert (ticket != "", status) == (True, "")

    done = await gql.data(DISCONNECT, {"id": setup["connectionId"]})
    assert done["disconnect"]["__typename"] == "DisconnectSuccess", done

    handed = await connector.call(
        "sendRequestXML",
        report,
        ticket=ticket,
        strHCPResponse="",
        strCompanyFileName="",
        qbXMLCountry="US",
        qbXMLMajorVers="16",
        qbXMLMinorVers="0",
    )
    assert (handed.text or "") == "", "a disconnected connection's session gets no requests"
    refused = await connector.run_session()
    assert refused.outcome == "nvu"
    assert (await Connection.get()).status is ConnectionStatus.REVOKED
    assert await ExternalMapping.filter(state=MappingState.SYNCED).count() == synced
    run = await SyncRun.get(id=waiting.id)
    assert run.status.is_terminal, "a run waiting for a disconnected connection ends"
    assert "disconnected" in (run.error or "").lower(), run.error
    assert [d.ref_number for d in company.documents.values() if d.kind == "Invoice"] == ["1042"]


async def test_setting_up_again_for_the_same_company_file_brings_the_mappings_back(
    gql, client: httpx.AsyncClient
) -> None:
    setup, company, connector = await _company(gql, client)
    await _default_item(gql, setup, company)
    await _pushed(gql, connector, "1042")
    await gql.data(DISCONNECT, {"id": setup["connectionId"]})

    again = await _setup(gql)
    assert again["connectionId"] == setup["connectionId"]
    assert (await _connector(client, setup, company).run_session()).outcome == "nvu"
    connector = _connector(client, again, company)
    await connector.run_session()
    assert (await Connection.get()).status is ConnectionStatus.ACTIVE

    # The invoice of the same customer is pushed; the customer is the one already mapped.
    await _pushed(gql, connector, "1043")
    assert len(company.customers) == 2  # Customer 1042 and Customer 1043, each once
    numbers = sorted(d.ref_number for d in company.documents.values() if d.kind == "Invoice")
    assert numbers == ["1042", "1043"]


async def test_sync_now_and_the_hourly_sync_wait_for_the_next_poll(
    gql, client: httpx.AsyncClient, app
) -> None:
    setup, _, connector = await _company(gql, client)
    queued = (await gql.data(SYNC_NOW, {"id": setup["connectionId"]}))["syncNow"]
    assert queued["__typename"] == "SyncNowSuccess", queued
    run = await _through_sessions(connector, await _run_of(queued))
    assert run.status is SyncRunStatus.SUCCEEDED, run.error

    saved = await gql.data(
        UPDATE_SETTINGS, {"id": setup["connectionId"], "input": {"autoSync": AutoSync.HOURLY.value}}
    )
    assert saved["updateConnectionSettings"]["__typename"] == "UpdateConnectionSettingsSuccess"
    assert await queue_hourly_syncs(app.state.runtime.queue) == 1
    hourly = await SyncRun.filter(trigger="SCHEDULE").get()
    run = await _through_sessions(connector, hourly.id)
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
