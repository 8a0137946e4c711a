"""Shared set-up of the pull engine tests: a connected firm on the in-process QBO simulator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from core.models import (
    Connection,
    Customer,
    ExternalMapping,
    Firm,
    Invoice,
    InvoiceLine,
    SyncRun,
    SyncRunItem,
)
from core.models.enums import Entity, InvoiceStatus, MappingState, Provider, SyncKind, SyncTrigger
from core.settings import Settings
from core.sync.pull_context import PullContext, pull_context
from core.sync.pull_runs import execute_pull_run
from core.sync.runs import RunReporter, create_run
from core.sync.session import ProviderEnv, SessionTarget
from integrations.quickbooks_online.kit import QuickBooksOnlineKit
from integrations.quickbooks_online.simulator.state import SimulatorState
from tests.core.sync.sim_support import PLATFORM, ListSink, connect_firm_to, simulator_env

__all__ = ["PLATFORM", "ListSink", "PullWorld", "connect", "connect_firm", "simulator_env"]


@dataclass
class PullWorld:
    """A firm connected to a simulated company, with helpers for remote and local books."""

    env: ProviderEnv
    kit: QuickBooksOnlineKit
    simulator: SimulatorState
    firm: Firm
    connection: Connection
    sink: ListSink = field(default_factory=ListSink)

    @property
    def realm(self) -> str:
        assert self.connection.remote_company_id
        return self.connection.remote_company_id

    def create_remote(self, entity: str, body: dict[str, Any]) -> dict[str, Any]:
        """Create a record in the simulated company as a QuickBooks user would (no webhook)."""
        realm = self.simulator.realm(self.realm)
        return dict(self.simulator.accounting.create(realm, entity, body, origin="seed").data)

    def remote_customer(self, name: str, **extra: Any) -> dict[str, Any]:
        return self.create_remote("Customer", {"DisplayName": name, **extra})

    def remote_invoice(
        self, customer_id: str, amount: str = "100.00", **extra: Any
    ) -> dict[str, Any]:
        line = {
            "Amount": Decimal(amount),
            "DetailType": "SalesItemLineDetail",
            "Description": "Consulting",
            "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
        }
        return self.create_remote(
            "Invoice", {"Line": [line], "CustomerRef": {"value": customer_id}, **extra}
        )

    def remote_payment(
        self, customer_id: str, amount: str, invoice_id: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        lines = (
            [
                {
                    "Amount": Decimal(amount),
                    "LinkedTxn": [{"TxnId": invoice_id, "TxnType": "Invoice"}],
                }
            ]
            if invoice_id
            else []
        )
        body = {
            "CustomerRef": {"value": customer_id},
            "TotalAmt": Decimal(amount),
            "Line": lines,
            **extra,
        }
        return self.create_remote("Payment", body)

    async def map(self, entity: Entity, local_id: Any, remote: dict[str, Any]) -> None:
        await ExternalMapping.create(
            firm=self.firm,
            provider=Provider.QUICKBOOKS_ONLINE,
            remote_company_id=self.realm,
            entity=entity,
            local_id=local_id,
            remote_id=str(remote["Id"]),
            remote_version=str(remote.get("SyncToken", "0")),
            state=MappingState.SYNCED,
            idempotency_key=f"test-{self.realm}-{entity.value}-{remote['Id']}",
        )

    async def linked_invoice(
        self, number: str, amount: str = "100.00", customer_name: str = "Acme Ltd"
    ) -> tuple[Invoice, dict[str, Any], dict[str, Any]]:
        """A SENT local invoice linked to a remote one (and their customers linked too)."""
        remote_customer = next(
            iter(self.simulator.entities(self.realm, "Customer", DisplayName=customer_name)), None
        ) or self.remote_customer(customer_name)
        customer = await Customer.get_or_none(firm=self.firm, name=customer_name)
        if customer is None:
            customer = await Customer.create(firm=self.firm, name=customer_name)
            await self.map(Entity.CUSTOMER, customer.id, remote_customer)
        remote = self.remote_invoice(str(remote_customer["Id"]), amount, DocNumber=number)
        total = Decimal(amount)
        invoice = await Invoice.create(
            firm=self.firm,
            customer=customer,
            number=number,
            status=InvoiceStatus.SENT,
            issue_date=date(2026, 3, 1),
            due_date=date(2099, 3, 31),
            subtotal=total,
            total=total,
            balance=total,
            locked=True,
        )
        await InvoiceLine.create(
            invoice=invoice, description="Consulting", unit_price=total, amount=total
        )
        await self.map(Entity.INVOICE, invoice.id, remote)
        return invoice, remote, remote_customer

    async def configure(self, **settings: object) -> None:
        self.connection.settings = {**self.connection.settings, **settings}
        await self.connection.save(update_fields=["settings"])

    async def new_run(self, kind: SyncKind) -> SyncRun:
        return await create_run(
            firm_id=self.firm.id,
            kind=kind,
            trigger=SyncTrigger.USER,
            connection_id=self.connection.id,
        )

    async def run(self, kind: SyncKind) -> tuple[SyncRun, list[SyncRunItem]]:
        """Queue and execute a run of ``kind``; return the finished run and its items."""
        run = await self.new_run(kind)
        await execute_pull_run(
            run.id, kits=lambda _provider: self.kit, env=self.env, sink=self.sink
        )
        await self.connection.refresh_from_db()
        finished = await SyncRun.get(id=run.id)
        items = await SyncRunItem.filter(run_id=run.id).order_by("id")
        return finished, list(items)

    async def reporter_for(self, kind: SyncKind) -> RunReporter:
        return RunReporter(await self.new_run(kind), self.sink)

    def session(self) -> Any:
        target = SessionTarget(self.connection.id, self.realm, self.connection.settings)
        return self.kit.session(self.env, target)

    async def context(self, session: Any, kind: SyncKind = SyncKind.WEBHOOK) -> PullContext:
        reporter = RunReporter(await self.new_run(kind), self.sink)
        return pull_context(reporter, session, self.connection, platform=PLATFORM)


async def connect(settings: Settings, firm_id: str = "firm-a", **simulator: Any) -> PullWorld:
    """Consent, exchange the code, and store an ACTIVE connection for the firm."""
    env, state = simulator_env(settings, **simulator)
    return await connect_firm(env, state, firm_id)


async def connect_firm(
    env: ProviderEnv, state: SimulatorState, firm_id: str, realm_id: str | None = None
) -> PullWorld:
    """Connect one more firm (to ``realm_id``, default the first company) on a simulator."""
    firm, connection = await connect_firm_to(env, firm_id, realm_id)
    return PullWorld(env, QuickBooksOnlineKit(), state, firm, connection)
