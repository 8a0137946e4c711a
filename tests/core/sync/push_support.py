"""Shared set-up of the push engine tests: a connected firm on the in-process QBO simulator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from core.models import Connection, Customer, Firm, Invoice, InvoiceLine, Item, User
from core.models.enums import DocType, InvoiceStatus, SyncKind, SyncTrigger
from core.settings import Settings
from core.sync.runs import RunReporter, create_run
from core.sync.session import ProviderEnv, SessionTarget
from integrations.quickbooks_online.kit import QuickBooksOnlineKit
from integrations.quickbooks_online.simulator.state import SimulatorState
from tests.core.sync.sim_support import PLATFORM, ListSink, connect_firm_to, simulator_env

__all__ = ["PLATFORM", "ListSink", "World", "connect", "simulator_env"]


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


async def connect(settings: Settings, **simulator: Any) -> World:
    """Consent, exchange the code, and store an ACTIVE connection for firm `firm-a`."""
    env, state = simulator_env(settings, **simulator)
    firm, connection = await connect_firm_to(env, firm_name="Firm A")
    user = await User.create(external_id="user-ada", name="Ada")
    return World(env, QuickBooksOnlineKit(), state, firm, user, connection)
