"""Pushing one customer: a sparse update when it is synced, else match-or-create."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from core.models import Connection, Customer, ExternalMapping
from core.models.enums import Entity, MappingState, SyncRunStatus
from core.sync.intents import mappings_for
from core.sync.ports import RemoteValidation
from core.sync.push_context import (
    DEFAULT_PLATFORM,
    PushContext,
    begin,
    customer_record,
    push_context,
    releasing,
    run_guarded,
    skip_busy,
)
from core.sync.push_parties import Resolved, ensure_customers
from core.sync.runs import RunReporter
from core.sync.session import ProviderSession


async def push_customer(
    reporter: RunReporter,
    session: ProviderSession,
    connection: Connection,
    customer_id: UUID,
    *,
    platform: str = DEFAULT_PLATFORM,
) -> SyncRunStatus:
    """Create the customer remotely (after a name, then email, match) or update it sparsely."""
    ctx = await push_context(reporter, session, connection, platform=platform)
    return await run_guarded(ctx, lambda: releasing(ctx, lambda: _push(ctx, customer_id)))


async def _push(ctx: PushContext, customer_id: UUID) -> None:
    customer = await Customer.get_or_none(id=customer_id, firm_id=ctx.firm_id)
    await begin(ctx.reporter, [customer_id])
    if customer is None:
        await ctx.reporter.record_failed(
            entity=Entity.CUSTOMER,
            local_id=customer_id,
            label="Customer",
            error_code="NOT_FOUND",
            message="the customer no longer exists",
        )
        return
    label = f"Customer {customer.name}"
    if not (ctx.settings.sync_enabled and ctx.settings.sync_customers):
        await ctx.reporter.record_skipped(
            entity=Entity.CUSTOMER,
            local_id=customer.id,
            label=label,
            message="customer sync is turned off for this connection",
        )
        return
    if not await ctx.claims.take([customer.id]):
        await skip_busy(ctx, Entity.CUSTOMER, customer.id, label)
        return
    mapping = (await mappings_for(ctx.scope, [Entity.CUSTOMER], [customer.id])).get(customer.id)
    if mapping is not None and mapping.state is MappingState.SYNCED and mapping.remote_id:
        await update_customer(ctx, customer, mapping.remote_id, mapping.remote_version)
        return
    await report_resolved(ctx, customer, await ensure_customers(ctx, [customer]))


async def report_resolved(ctx: PushContext, customer: Customer, resolved: Resolved) -> None:
    """Record the run item of a customer after :func:`ensure_customers` (matched, created or
    failed); an error that is not about the record itself is raised to end the run."""
    label = f"Customer {customer.name}"
    remote_id = resolved.remote_ids.get(customer.id)
    if remote_id is None:
        error = resolved.errors.get(customer.id) or RemoteValidation(
            "the customer could not be created", code="UNKNOWN"
        )
        if not isinstance(error, RemoteValidation):
            raise error
        await ctx.reporter.record_failed(
            entity=Entity.CUSTOMER,
            local_id=customer.id,
            label=label,
            error_code=error.code,
            message=error.message,
            hint=error.hint,
        )
        return
    warnings = resolved.warnings.get(customer.id, ())
    await ctx.reporter.record_synced(
        entity=Entity.CUSTOMER,
        local_id=customer.id,
        label=label,
        action="MATCHED" if customer.id in resolved.matched else "CREATED",
        remote_id=remote_id,
        warning="; ".join(warnings) or None,
    )


async def update_customer(
    ctx: PushContext, customer: Customer, remote_id: str, version: str | None
) -> None:
    """Send a synced customer's current details as a sparse update.

    The mapping is written only while it still links the customer to ``remote_id`` at the
    version sent; if another run changed it meanwhile, that run's record stands.
    """
    label = f"Customer {customer.name}"
    record = customer_record(customer, f"update-{customer.id.hex}")
    outcome = await ctx.session.update_customer(remote_id, version, record)
    linked = ExternalMapping.filter(
        firm_id=ctx.firm_id,
        provider=ctx.scope.provider,
        remote_company_id=ctx.scope.remote_company_id,
        entity=Entity.CUSTOMER,
        local_id=customer.id,
        state=MappingState.SYNCED,
        remote_id=remote_id,
        remote_version=version,
    )
    now = datetime.now(UTC)
    if outcome.ref is None:
        error = outcome.error or RemoteValidation("no answer", code="UNKNOWN")
        if not isinstance(error, RemoteValidation):
            raise error
        await linked.update(last_error=error.message, last_error_code=error.code, updated_at=now)
        await ctx.reporter.record_failed(
            entity=Entity.CUSTOMER,
            local_id=customer.id,
            label=label,
            error_code=error.code,
            message=error.message,
            hint=error.hint,
        )
        return
    # What changed locally after this moment is what the next "push what changed" sends.
    stored = await linked.update(
        remote_version=outcome.ref.version,
        last_synced_at=now,
        last_error=None,
        last_error_code=None,
        updated_at=now,
    )
    if not stored:
        await ctx.reporter.record_skipped(
            entity=Entity.CUSTOMER,
            local_id=customer.id,
            label=label,
            message="updated by another sync run meanwhile; its record of the customer stands",
        )
        return
    await ctx.audit(
        action="customer.remote_updated",
        subject_type="Customer",
        subject_id=customer.id,
        description=f"Customer {customer.name} updated in {ctx.platform} by {ctx.actor_name}",
    )
    await ctx.reporter.record_synced(
        entity=Entity.CUSTOMER,
        local_id=customer.id,
        label=label,
        action="UPDATED",
        remote_id=remote_id,
        warning="; ".join(outcome.warnings) or None,
    )
