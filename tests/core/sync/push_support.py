"""Shared set-up of the push engine tests: a connected firm on the in-process QBO simulator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from core.crypto import SecretBox
from core.events import SyncEvent
from core.models import Connection, Customer, Firm, Invoice, InvoiceLine, Item, User
from core.models.enums import (
    ConnectionStatus,
    DocType,
    InvoiceStatus,
    Provider,
    SyncKind,
    SyncTrigger,
)
from core.settings import Settings
from core.sync.runs import RunReporter, create_run
from core.sync.session import ProviderEnv, SessionTarget
from core.sync.tokens import CredentialStore
from integrations.quickbooks_online.kit import SIMULATOR_PATH, QuickBooksOnlineKit
from integrations.quickbooks_online.simulator import SimulatorSettings, create_app
from integrations.quickbooks_online.simulator.settings import RegisteredClient
from integrations.quickbooks_online.simulator.state import SimulatorState

PLATFORM = "QuickBooks Online"


class ListSink:
    """Keeps every published event."""

    def __init__(self) -> None:
        self.events: list[SyncEvent] = []

    async def publish(self, event: SyncEvent) -> None:
        self.events.append(event)


@dataclass
class World:
    """A firm connected to a simulated company, with helpers to build books and runs."""

    env: ProviderEnv
    kit: QuickBooksOnlineKit
    simulator: SimulatorState
    firm: Firm
    user: User
    connection: Connection
    sink: ListSink = field(default_factory=ListSink)

    @property
    def realm(self) -> str:
        assert self.connection.remote_company_id
        return self.connection.remote_company_id

    def remote(self, entity: str, **equals: str) -> list[dict[str, Any]]:
        """Live records of one type in the simulated company."""
        return self.simulator.entities(self.realm, entity, **equals)

    def session(self) -> Any:
        """A provider session for the connection (an async context manager)."""
        target = SessionTarget(self.connection.id, self.realm, self.connection.settings)
        return self.kit.session(self.env, target)

    async def reporter(self, kind: SyncKind = SyncKind.PUSH_INVOICES) -> RunReporter:
        """A new QUEUED run started by the user."""
        run = await create_run(
            firm_id=self.firm.id,
            kind=kind,
            trigger=SyncTrigger.USER,
            started_by_id=self.user.id,
            connection_id=self.connection.id,
        )
        return RunReporter(run, self.sink)

    async def configure(self, **settings: object) -> None:
        """Change the connection's sync settings."""
        self.connection.settings = {**self.connection.settings, **settings}
        await self.connection.save(update_fields=["settings"])

    async def customer(self, name: str = "Acme Ltd", email: str | None = None) -> Customer:
        return await Customer.create(firm=self.firm, name=name, email=email)

    async def item(self, name: str = "Audit", sku: str | None = None) -> Item:
        return await Item.create(firm=self.firm, name=name, unit_price=Decimal("100"), sku=sku)

    async def invoice(
        self,
        customer: Customer,
        number: str,
        *,
        items: Sequence[Item | None] = (None,),
        status: InvoiceStatus = InvoiceStatus.SENT,
        doc_type: DocType = DocType.INVOICE,
        issue_date: date = date(2026, 3, 1),
        description: str = "Consulting",
    ) -> Invoice:
        """A document with one line per entry of ``items`` (None: a line without an item)."""
        total = Decimal("100.00") * len(items)
        invoice = await Invoice.create(
            firm=self.firm,
            customer=customer,
            number=number,
            doc_type=doc_type,
            status=status,
            issue_date=issue_date,
            due_date=date(2026, 3, 31),
            subtotal=total,
            total=total,
            balance=total,
        )
        for position, item in enumerate(items):
            await InvoiceLine.create(
                invoice=invoice,
                position=position,
                item=item,
                description=description,
                quantity=Decimal("1"),
                unit_price=Decimal("100.00"),
                amount=Decimal("100.00"),
            )
        return invoice


def simulator_env(settings: Settings, **simulator: Any) -> tuple[ProviderEnv, SimulatorState]:
    """A ProviderEnv whose HTTP goes in-process to a simulator mounted at /_sim/qbo."""
    kit = QuickBooksOnlineKit()
    env = ProviderEnv(
        settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys))
    )
    app = create_app(
        SimulatorSettings(
            auto_approve=True,
            clients=(
                RegisteredClient("sim-client-id", "sim-client-secret", (kit.redirect_uri(env),)),
            ),
            **simulator,
        )
    )
    env.transport = httpx.ASGITransport(app=Starlette(routes=[Mount(SIMULATOR_PATH, app=app)]))
    return env, app.state.simulator


async def connect(settings: Settings, **simulator: Any) -> World:
    """Consent, exchange the code, and store an ACTIVE connection for firm `firm-a`."""
    env, state = simulator_env(settings, **simulator)
    kit = QuickBooksOnlineKit()
    oauth = kit.oauth(env)
    async with httpx.AsyncClient(transport=env.transport) as browser:
        response = await browser.get(oauth.authorization_url("state-1"))
    params = {k: v[0] for k, v in parse_qs(urlparse(response.headers["location"]).query).items()}
    grant = await oauth.exchange_code(params)
    firm = await Firm.get_or_none(external_id="firm-a") or await Firm.create(
        external_id="firm-a", name="Firm A"
    )
    user = await User.create(external_id="user-ada", name="Ada")
    connection = await Connection.create(
        firm=firm,
        provider=Provider.QUICKBOOKS_ONLINE,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=grant.companies[0].id,
    )
    await env.credentials.store(connection, grant.tokens)
    return World(env, kit, state, firm, user, connection)
