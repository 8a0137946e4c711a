"""Helpers for the QuickBooks Desktop tests through GraphQL: an ACTIVE connection whose
simulated Web Connector polls the app's ``/qbwc``, pushes through ``syncInvoice(s)``, and time
passing for a session that was walked away from."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from core.models import AgentLogin, AgentSession, Connection, SyncRun
from core.models.enums import AgentSessionState, ConnectionStatus, SyncRunStatus
from graph.accounting.types import CONNECTION_TYPE
from graph.ids import decode_id
from integrations.quickbooks_desktop.simulator import CompanyFile, WebConnector
from integrations.quickbooks_desktop.simulator.company import Clock
from integrations.quickbooks_desktop.simulator.connector import SessionReport
from tests.graph.accounting.push_support import gid, seed_invoice
from tests.graph.accounting.test_connections_desktop import (
    MAX_SESSIONS,
    SYNC_INVOICE,
    UPDATE_SETTINGS,
    _connector,
    _run_of,
    _settled,
    _setup,
)

SYNC_INVOICES = """
mutation($ids: [ID!]!) { syncInvoices(invoiceIds: $ids) {
  __typename ... on SyncInvoicesSuccess { run { id status } }
  ... on UserError { code message }
} }"""
SYNC_RUN = """
query($id: ID!) { syncRun(id: $id) {
  status error waitingReason succeeded failed
  items { edges { node { entity label outcome errorCode message hint remoteId } } }
} }"""


class Desktop:
    """One firm's ACTIVE Desktop connection, its company file and its Web Connector."""

    def __init__(
        self,
        gql: Any,
        setup: dict[str, str],
        company: CompanyFile,
        connector: WebConnector,
        connection: Connection,
    ) -> None:
        self.gql = gql
        self.setup = setup
        self.company = company
        self.connector = connector
        self.connection = connection
        self.handed: list[str] = []
        """Every qbXML request set sendRequestXML handed out in ``until_finished``."""

    async def push(self, number: str) -> UUID:
        """syncInvoice of a new issued invoice (with a new customer); the run's id."""
        invoice = await seed_invoice(number, firm=self.connection_firm)
        pushed = (await self.gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)}))[
            "syncInvoice"
        ]
        assert pushed["__typename"] == "SyncInvoiceSuccess", pushed
        return await _run_of(pushed)

    @property
    def connection_firm(self) -> str:
        return self.setup["firm"]

    async def waiting(self, run_id: UUID) -> SyncRun:
        """The run, parked for the Web Connector's next poll."""
        run = await _settled(run_id)
        assert run.status is SyncRunStatus.WAITING, (run.status, run.error)
        return run

    async def until_finished(self, run_id: UUID) -> SyncRun:
        """Sessions (time passing for one walked away from) until the run has finished."""
        run = await _settled(run_id)
        for _ in range(MAX_SESSIONS):
            if run.status.is_terminal:
                break
            report = await self.connector.run_session()
            self.handed.extend(report.requests)
            if report.outcome in ("abandoned", "response lost"):
                await walked_away(self.connection)
            run = await _settled(run_id)
        return run

    async def until_fault_fires(self, fired: Callable[[], bool]) -> SessionReport:
        """Sessions until the injected fault has fired (the worker may need a session or two
        to queue the request it hits); the report of the session it fired in."""
        for _ in range(MAX_SESSIONS):
            report = await self.connector.run_session()
            if fired():
                return report
        raise AssertionError("the fault never fired")

    def invoices(self) -> list[str]:
        """The RefNumbers of the company file's invoices."""
        return sorted(
            d.ref_number or "" for d in self.company.documents.values() if d.kind == "Invoice"
        )

    def customers(self) -> list[str]:
        """The names of the company file's customers."""
        return sorted(c.name for c in self.company.customers.values())


async def walked_away(connection: Connection) -> None:
    """Time passes: the connection's open Web Connector session has been silent longer than
    the idle limit (as when the Web Connector was closed midway)."""
    await AgentSession.filter(connection_id=connection.id, state=AgentSessionState.OPEN).update(
        last_seen_at=datetime.now(UTC) - timedelta(days=1)
    )


async def desktop(
    gql: Any,
    client: httpx.AsyncClient,
    *,
    name: str = "Ridgeline Books",
    firm: str = "firm-a",
) -> Desktop:
    """startConnection, the first session (ACTIVE) and a default item for pushed lines."""
    setup = await _setup(gql)
    connection = await Connection.get(id=_connection_id(setup))
    login = await AgentLogin.get(connection_id=connection.id)
    company = CompanyFile(name=name, clock=Clock(manual=True))
    company.file_id = login.company_key
    connector = _connector(client, setup, company)
    assert (await connector.run_session()).outcome == "done"
    assert (await Connection.get(id=connection.id)).status is ConnectionStatus.ACTIVE
    item = company.add_item("Consulting")
    saved = await gql.data(
        UPDATE_SETTINGS, {"id": setup["connectionId"], "input": {"defaultItemId": item.stamp.id}}
    )
    assert saved["updateConnectionSettings"]["__typename"] == "UpdateConnectionSettingsSuccess"
    return Desktop(gql, {**setup, "firm": firm}, company, connector, connection)


def _connection_id(setup: dict[str, str]) -> UUID:
    return decode_id(setup["connectionId"], CONNECTION_TYPE)
