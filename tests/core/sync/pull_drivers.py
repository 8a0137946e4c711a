"""Provider-blind books for the pull and import tests, on the simulators mounted in the app.

``connected_books`` connects a firm to a provider's mounted simulator (its webhooks muted, so only
the run under test changes the local books). ``Books`` enters customers and invoices remotely and
pays them as a user of the platform would (the shapes are the driver's business), links local
invoices by pushing them through the engine or maps local records to remote ones directly, and
runs pulls and imports with the registry's kit. Xero's exchanges are checked against its spec by
the ``sim`` driver of tests/provider_sims.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from starlette.applications import Starlette

from core.models import (
    Connection,
    Customer,
    ExternalMapping,
    Firm,
    Invoice,
    InvoiceLine,
    SyncRun,
    SyncRunItem,
    User,
)
from core.models.enums import (
    Entity,
    InvoiceStatus,
    MappingState,
    Provider,
    SyncKind,
    SyncRunStatus,
    SyncTrigger,
)
from core.sync.pull_runs import execute_pull_run
from core.sync.push import push_invoices
from core.sync.runs import RunReporter, create_run
from core.sync.session import ProviderEnv, ProviderKit, SessionTarget
from integrations.registry import kit_for
from tests.core.sync.sim_support import ListSink
from tests.provider_sims import SimDriver, connect_directly


@dataclass
class Books:
    """A firm connected to one provider's mounted simulator."""

    app: Starlette
    sim: SimDriver
    env: ProviderEnv
    kit: ProviderKit
    firm: Firm
    user: User
    connection: Connection

    @property
    def company(self) -> str:
        """The remote company (realm or tenant) id."""
        assert self.connection.remote_company_id
        return self.connection.remote_company_id

    async def linked_invoice(self, number: str, amount: str = "100.00") -> tuple[Invoice, str]:
        """A SENT local invoice pushed to the remote company; returns it and its remote id."""
        customer, _ = await Customer.get_or_create(firm=self.firm, name="Acme Ltd")
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
        )
        await InvoiceLine.create(
            invoice=invoice,
            position=0,
            description="Consulting",
            quantity=Decimal("1"),
            unit_price=total,
            amount=total,
        )
        run = await self._run(SyncKind.PUSH_INVOICES)
        target = SessionTarget(self.connection.id, self.company, self.connection.settings)
        async with self.kit.session(self.env, target) as session:
            status = await push_invoices(
                RunReporter(run, ListSink()), session, self.connection, [invoice.id]
            )
        assert status is SyncRunStatus.SUCCEEDED
        mapping = await ExternalMapping.get(entity=Entity.INVOICE, local_id=invoice.id)
        assert mapping.remote_id is not None
        await invoice.refresh_from_db()
        return invoice, mapping.remote_id

    def customer(self, name: str, email: str | None = None, phone: str | None = None) -> str:
        """A remote customer entered in the platform (see ``SimDriver.create_customer``); its id."""
        return self.sim.create_customer(self.app, self.company, name, email, phone)

    def contact(self, name: str) -> str:
        """A remote contact nothing was sold to yet (see ``SimDriver.create_contact``); its id."""
        return self.sim.create_contact(self.app, self.company, name)

    def invoice(self, customer_id: str, amount: str, number: str) -> str:
        """An open remote invoice of ``amount`` numbered ``number``; its id."""
        return self.sim.create_invoice(self.app, self.company, customer_id, amount, number)

    def pay(self, remote_id: str, amount: str) -> None:
        """A payment entered in the platform against the remote invoice."""
        self.sim.record_payment(self.app, self.company, remote_id, float(amount))

    async def map(self, entity: Entity, local_id: UUID, remote_id: str) -> None:
        """Link a local record to a remote one, as an earlier sync would have."""
        await ExternalMapping.create(
            firm=self.firm,
            provider=Provider(self.sim.provider),
            remote_company_id=self.company,
            entity=entity,
            local_id=local_id,
            remote_id=remote_id,
            state=MappingState.SYNCED,
            idempotency_key=f"test-{entity.value}-{remote_id}",
        )

    async def forget_checkpoint(self) -> None:
        """Forget the pull's checkpoint: the next run reads every payment again."""
        self.connection.sync_state = {}
        await self.connection.save()

    async def pull_payments(self) -> tuple[SyncRun, list[SyncRunItem]]:
        """Run PULL_PAYMENTS; return the finished run and its items."""
        return await self.run(SyncKind.PULL_PAYMENTS)

    async def run(self, kind: SyncKind) -> tuple[SyncRun, list[SyncRunItem]]:
        """Run a pull or import of ``kind``; return the finished run and its items."""
        run = await self._run(kind)
        await execute_pull_run(run.id, kits=kit_for, env=self.env, sink=ListSink())
        await self.connection.refresh_from_db()
        finished = await SyncRun.get(id=run.id)
        items = await SyncRunItem.filter(run_id=run.id).order_by("id")
        return finished, list(items)

    async def _run(self, kind: SyncKind) -> SyncRun:
        return await create_run(
            firm_id=self.firm.id,
            kind=kind,
            trigger=SyncTrigger.USER,
            started_by_id=self.user.id,
            connection_id=self.connection.id,
        )


async def connected_books(app: Starlette, sim: SimDriver) -> Books:
    """Firm A connected to ``sim``'s first company, with the simulator's webhooks muted."""
    sim.mute_webhooks(app)
    env: ProviderEnv = app.state.runtime.providers
    kit = kit_for(Provider(sim.provider))
    firm = await Firm.create(external_id="firm-a", name="Firm A")
    user = await User.create(external_id="user-ada", name="Ada")
    connection = await connect_directly(env, kit, firm)
    return Books(app, sim, env, kit, firm, user, connection)
