"""A QuickBooks Desktop test rig: a connection with a Web Connector login, its simulated
company file and Web Connector, and the SOAP endpoint served in-process over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from core.models import Connection, Firm
from core.models.enums import ConnectionStatus, Provider
from core.sync.session import SessionTarget
from integrations.quickbooks_desktop.config import QbdSettings
from integrations.quickbooks_desktop.endpoint import soap_routes
from integrations.quickbooks_desktop.ledger import RequestLedger
from integrations.quickbooks_desktop.logins import issue_login
from integrations.quickbooks_desktop.provider import QuickBooksDesktopProvider
from integrations.quickbooks_desktop.service import WebConnectorService, WorkHooks
from integrations.quickbooks_desktop.simulator import CompanyFile, SessionReport, WebConnector
from integrations.quickbooks_desktop.simulator.company import Clock
from integrations.ratelimit.clock import Clock as Timer

BASE_URL = "http://testserver"
SOAP_URL = f"{BASE_URL}/qbwc"


class MovableClock:
    """The service's clock, moved by hand (sessions go idle without waiting)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Book:
    """One connection's company file, its Web Connector and the connection itself."""

    connection: Connection
    user_name: str
    password: str
    company: CompanyFile
    connector: WebConnector
    runs: list[uuid.UUID] = field(default_factory=list)

    def provider(
        self, run_id: uuid.UUID | None = None, **options: Any
    ) -> QuickBooksDesktopProvider:
        """A provider session of this connection for one run."""
        return QuickBooksDesktopProvider(
            RequestLedger(self.connection.id, run_id or self.run),
            remote_company_id=self.company.file_id,
            income_account_id=options.get("income_account_id", "80000005-1"),
            default_item_id=options.get("default_item_id"),
        )

    @property
    def run(self) -> uuid.UUID:
        """The run the test's requests belong to."""
        if not self.runs:
            self.runs.append(uuid.uuid4())
        return self.runs[0]

    async def session(self) -> SessionReport:
        """Run one Web Connector session now."""
        return await self.connector.run_session()

    def target(self) -> SessionTarget:
        """The session target of this connection."""
        return SessionTarget(self.connection.id, self.company.file_id, {})


@dataclass
class Rig:
    """The endpoint, its clock and an HTTP client to it."""

    service: WebConnectorService
    clock: MovableClock
    http: httpx.AsyncClient
    app: Starlette

    async def book(self, firm_name: str = "firm-a", company_name: str = "Acme Books") -> Book:
        """A connection (PENDING until its first session) with a login and a company file."""
        firm = await Firm.create(external_id=f"{firm_name}-{uuid.uuid4().hex[:6]}", name=firm_name)
        connection = await Connection.create(
            firm=firm, provider=Provider.QUICKBOOKS_DESKTOP, status=ConnectionStatus.PENDING
        )
        issued = await issue_login(connection)
        company = CompanyFile(name=company_name, clock=Clock(manual=True))
        company.file_id = issued.login.company_key
        connector = WebConnector(
            self.http,
            SOAP_URL,
            company,
            user_name=issued.login.user_name,
            password=issued.password,
            noop_pause_seconds=0,
            max_noops=3,
        )
        return Book(connection, issued.login.user_name, issued.password, company, connector)

    def go_idle(self) -> None:
        """Let every open session pass its idle time."""
        self.clock.advance(self.service.settings.session_idle_seconds + 1)


@asynccontextmanager
async def rig(
    settings: QbdSettings | None = None,
    *,
    hooks: WorkHooks | None = None,
    timer: Timer | None = None,
) -> AsyncIterator[Rig]:
    """The SOAP endpoint on a Starlette app, reached in-process (the database must be up)."""
    clock = MovableClock()
    service = WebConnectorService(settings or QbdSettings(), clock=clock, hooks=hooks, timer=timer)
    app = Starlette(routes=soap_routes(service))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield Rig(service, clock, http, app)
