"""Pushing what changed since the last sync, inside a run someone else started (``sync_now``).

Customers go first, then invoices and estimates. A record that has never reached the connected
company — no mapping, an unanswered (PENDING) intent, or an earlier refusal (ERROR) — is always
a candidate, whatever ``since`` says, so nothing is left behind by a failed or interrupted sync.
A record already SYNCED is sent again only when it changed locally after ``since`` *and* after
its own last sync: customers as sparse updates; invoices as sparse updates only while
lock-after-sync is off (a locked invoice cannot change locally), voids whenever the invoice was
closed locally. Paid invoices are read-only and drafts or documents dated before the sync start
date are never candidates. Because of that per-record check, an older ``since`` only costs a
wider scan, never a second copy; exactly-once creates come from the write intents as usual.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from tortoise.expressions import Subquery

from core.models import Connection, Customer, ExternalMapping, Invoice
from core.models.enums import Entity, InvoiceStatus, MappingState
from core.sync.intents import mappings_for
from core.sync.ports import ProviderError, RemoteValidation
from core.sync.push import DOC_ENTITIES, push_invoices_in_run
from core.sync.push_context import DEFAULT_PLATFORM, PushContext, push_context, skip_busy
from core.sync.push_customers import report_resolved, update_customer
from core.sync.push_parties import ensure_customers
from core.sync.push_records import load_invoices
from core.sync.runs import RunReporter
from core.sync.session import ProviderSession

CUSTOMER_CHUNK = 100


async def push_changed(
    reporter: RunReporter,
    session: ProviderSession,
    connection: Connection,
    *,
    since: datetime | None,
    platform: str = DEFAULT_PLATFORM,
) -> None:
    """Push the customers and documents changed since ``since`` (None: everything eligible).

    Runs inside the reporter's RUNNING run and neither starts nor finishes it. Per-record
    refusals become FAILED run items; connection-level errors (throttling, expired
    authorization, an unavailable platform) are raised for the caller to end or retry the run.
    """
    ctx = await push_context(reporter, session, connection, platform=platform)
    settings = ctx.settings
    if not settings.sync_enabled:
        return
    try:
        if settings.sync_customers:
            await _push_customers(ctx, since)
        if settings.sync_invoices:
            await _push_documents(ctx, since)
    finally:
        await ctx.claims.close()


def _synced_ids(ctx: PushContext, entities: list[Entity]) -> Subquery:
    return Subquery(
        ExternalMapping.filter(
            firm_id=ctx.firm_id,
            provider=ctx.scope.provider,
            remote_company_id=ctx.scope.remote_company_id,
            entity__in=entities,
            state=MappingState.SYNCED,
        ).values("local_id")
    )


def _changed_after_sync(
    updated_at: datetime, mapping: ExternalMapping | None, since: datetime | None
) -> ExternalMapping | None:
    """The SYNCED mapping of a record changed locally after its last sync, else None.

    Without a last sync time on the mapping only ``since`` can tell, and without ``since``
    either nothing shows a local change: the record is left as it is.
    """
    if mapping is None or mapping.state is not MappingState.SYNCED or not mapping.remote_id:
        return None
    last = mapping.last_synced_at or since
    if last is None or updated_at <= last:
        return None
    return mapping


async def _push_customers(ctx: PushContext, since: datetime | None) -> None:
    # A customer deactivated before it ever synced has nothing to tell the platform.
    new = (
        await Customer.filter(firm_id=ctx.firm_id, active=True)
        .exclude(id__in=_synced_ids(ctx, [Entity.CUSTOMER]))
        .order_by("created_at", "id")
    )
    changed = Customer.filter(firm_id=ctx.firm_id, id__in=_synced_ids(ctx, [Entity.CUSTOMER]))
    if since is not None:
        changed = changed.filter(updated_at__gt=since)
    candidates = await changed.order_by("updated_at", "id")
    mappings = await mappings_for(ctx.scope, [Entity.CUSTOMER], [c.id for c in candidates])
    updates = [
        (customer, mapping)
        for customer in candidates
        if (mapping := _changed_after_sync(customer.updated_at, mappings.get(customer.id), since))
    ]
    ctx.reporter.run.total += len(new) + len(updates)
    for start in range(0, len(new), CUSTOMER_CHUNK):
        await _create_customers(ctx, new[start : start + CUSTOMER_CHUNK])
    for customer, _ in updates:
        await _update_claimed(ctx, customer)
    await ctx.reporter.progress()


async def _update_claimed(ctx: PushContext, customer: Customer) -> None:
    """Update a synced customer unless another run is pushing it (then say so)."""
    if not await ctx.claims.take([customer.id]):
        await skip_busy(ctx, Entity.CUSTOMER, customer.id, f"Customer {customer.name}")
        return
    try:
        # Read again under the claim: another run may have updated it just before.
        found = await mappings_for(ctx.scope, [Entity.CUSTOMER], [customer.id])
        mapping = found.get(customer.id)
        if mapping is not None and mapping.state is MappingState.SYNCED and mapping.remote_id:
            await update_customer(ctx, customer, mapping.remote_id, mapping.remote_version)
    finally:
        await ctx.claims.release([customer.id])


async def _create_customers(ctx: PushContext, customers: list[Customer]) -> None:
    """Match or create a chunk, record every outcome, then raise a connection-level error."""
    resolved = await ensure_customers(ctx, customers)
    unanswered: list[ProviderError] = []
    for customer in customers:
        error = resolved.errors.get(customer.id)
        if error is not None and not isinstance(error, RemoteValidation):
            unanswered.append(error)  # still PENDING: the next run replays or matches it
            continue
        await report_resolved(ctx, customer, resolved)
    await ctx.reporter.progress()
    if unanswered:
        raise unanswered[0]


async def _push_documents(ctx: PushContext, since: datetime | None) -> None:
    settings = ctx.settings
    eligible = Invoice.filter(firm_id=ctx.firm_id).exclude(status=InvoiceStatus.DRAFT)
    if settings.sync_start_date is not None:
        eligible = eligible.filter(issue_date__gte=settings.sync_start_date)
    synced = _synced_ids(ctx, DOC_ENTITIES)
    unsynced = eligible.exclude(id__in=synced).exclude(status=InvoiceStatus.VOID)
    new_ids = [UUID(str(value)) for value in await unsynced.values_list("id", flat=True)]
    changed = eligible.filter(id__in=synced).exclude(status=InvoiceStatus.PAID)
    if settings.lock_after_sync:
        # A locked invoice cannot be edited locally; closing it (VOID) is the only change left.
        changed = changed.filter(status=InvoiceStatus.VOID)
    if since is not None:
        changed = changed.filter(updated_at__gt=since)
    candidates = await changed.values_list("id", "updated_at")
    mappings = await mappings_for(ctx.scope, DOC_ENTITIES, [row[0] for row in candidates])
    updates = {
        local_id
        for local_id, updated_at in candidates
        if _changed_after_sync(updated_at, mappings.get(local_id), since) is not None
    }
    ids: list[UUID] = [*new_ids, *updates]
    if not ids:
        return
    invoices = await load_invoices(ctx.firm_id, ids)
    ctx.reporter.run.total += len(invoices)
    await push_invoices_in_run(ctx, invoices, updates=updates)
