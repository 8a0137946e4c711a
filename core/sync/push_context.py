"""What every push operation carries: the run, the session, the connection and its settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from core.models import Connection, Customer, Invoice, SyncRunItem, User
from core.models.enums import ActivitySource, DocType, Entity, SyncRunStatus
from core.services.activity import record_activity
from core.services.connection_settings import ConnectionSettings
from core.sync.currencies import CurrencyGate
from core.sync.executor import Parked, conclude
from core.sync.intents import MappingScope
from core.sync.ports import AuthExpired, InvalidGrant, ProviderError
from core.sync.push_claims import BUSY_MESSAGE, Claims
from core.sync.records import Address, CustomerRecord
from core.sync.runs import RunReporter
from core.sync.session import ProviderSession

DEFAULT_PLATFORM = "the accounting platform"
RECONNECT_HINT = "Reconnect the accounting platform from the connection settings, then sync again."


@dataclass(slots=True)
class PushContext:
    """One push run's collaborators, built once per run by :func:`push_context`."""

    reporter: RunReporter
    session: ProviderSession
    connection: Connection
    settings: ConnectionSettings
    scope: MappingScope
    platform: str
    actor_id: UUID | None
    actor_name: str
    claims: Claims
    currencies: CurrencyGate

    @property
    def firm_id(self) -> UUID:
        """The firm the run belongs to."""
        return self.scope.firm_id

    async def audit(
        self, *, action: str, subject_type: str, subject_id: UUID, description: str
    ) -> None:
        """Record an Activity for what the push did, attributed to the user who started it."""
        await record_activity(
            firm_id=self.firm_id,
            actor_id=self.actor_id,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            description=description,
            source=ActivitySource.USER if self.actor_id else ActivitySource.SYSTEM,
        )


async def push_context(
    reporter: RunReporter,
    session: ProviderSession,
    connection: Connection,
    *,
    platform: str = DEFAULT_PLATFORM,
) -> PushContext:
    """Build the context of a push; the run must belong to the connection's firm."""
    run = reporter.run
    firm_id: UUID = connection.firm_id  # type: ignore[attr-defined]
    if run.firm_id != firm_id:  # type: ignore[attr-defined]
        raise ValueError("the run and the connection belong to different firms")
    if connection.remote_company_id is None:
        raise ValueError("the connection has no remote company")
    actor_id: UUID | None = run.started_by_id  # type: ignore[attr-defined]
    actor = await User.get_or_none(id=actor_id) if actor_id else None
    name = (actor.name or actor.email or actor.external_id) if actor else "automatic sync"
    return PushContext(
        reporter=reporter,
        session=session,
        connection=connection,
        settings=ConnectionSettings.from_json(connection.settings),
        scope=MappingScope(firm_id, connection.provider, connection.remote_company_id),
        platform=platform,
        actor_id=actor_id,
        actor_name=name,
        claims=Claims(firm_id, str(run.id)),
        currencies=CurrencyGate(session, connection, platform),
    )


async def skip_busy(ctx: PushContext, entity: Entity, local_id: UUID, label: str) -> None:
    """Record a record another run is pushing as skipped, saying so."""
    await ctx.reporter.record_skipped(
        entity=entity, local_id=local_id, label=label, message=BUSY_MESSAGE
    )


async def releasing(ctx: PushContext, body: Callable[[], Awaitable[None]]) -> None:
    """Run ``body``, then release every record the run claimed, however it ended."""
    try:
        await body()
    finally:
        await ctx.claims.close()


def doc_entity(invoice: Invoice) -> Entity:
    """The mapping entity of an invoice or an estimate."""
    return Entity.ESTIMATE if invoice.doc_type is DocType.ESTIMATE else Entity.INVOICE


def doc_label(invoice: Invoice) -> str:
    """ "Invoice 1042" or "Estimate 7"."""
    return f"{invoice.doc_type.value.capitalize()} {invoice.number}"


def customer_record(customer: Customer, key: str) -> CustomerRecord:
    """The provider-blind record of a local customer."""
    parts = (
        customer.address_line1,
        customer.address_line2,
        customer.city,
        customer.region,
        customer.postal_code,
        customer.country,
    )
    address = Address(*parts) if any(parts) else None
    return CustomerRecord(
        local_id=str(customer.id),
        display_name=customer.name,
        idempotency_key=key,
        email=customer.email,
        phone=customer.phone,
        address=address,
        currency=customer.currency,
        active=customer.active,
    )


def run_error(exc: ProviderError) -> str:
    """The run-level error text for a connection failure, with what to do about it."""
    if isinstance(exc, AuthExpired | InvalidGrant):
        return f"{exc.message}. {RECONNECT_HINT}"
    hint = f" {exc.hint}" if exc.hint else ""
    return f"{exc.code}: {exc.message}.{hint} Records not sent stay pending; run the sync again."


async def run_guarded(ctx: PushContext, body: Callable[[], Awaitable[None]]) -> SyncRunStatus:
    """Run ``body`` and finish the run through the executor's one bookkeeping path
    (:func:`core.sync.executor.conclude`): success clears an ERROR connection, provider errors
    set its status; a throttle the run may still retry is raised (the job retries this run)."""
    concluded = await conclude(ctx.reporter, ctx.connection.id, body, describe=run_error)
    return ctx.reporter.run.status if isinstance(concluded, Parked) else concluded


async def begin(reporter: RunReporter, local_ids: Sequence[UUID]) -> set[UUID]:
    """Start a queued run, or resume a retried one: the ids it already has an outcome for."""
    if reporter.run.status is SyncRunStatus.QUEUED:
        await reporter.start(total=len(local_ids))
        return set()
    done = await SyncRunItem.filter(run_id=reporter.run.id).values_list("local_id", flat=True)
    return {UUID(str(value)) for value in done if value is not None}
