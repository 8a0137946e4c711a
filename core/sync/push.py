"""Pushing invoices and estimates: customers and items first, then the documents, in batches.

Every document is created exactly once (see :mod:`core.sync.intents`). Errors about one record
end as a FAILED run item with the platform's code, message and hint, and the mapping in ERROR;
errors about the connection end the run: a throttle is re-raised so the job retries the same run
later, an expired authorization or an unavailable platform fail the run with what to do. In every
case a record not answered for stays PENDING with its key, so running the sync again is safe.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from uuid import UUID

from tortoise.transactions import in_transaction

from core.models import Connection, ExternalMapping, Invoice
from core.models.enums import Entity, InvoiceStatus, MappingState, SyncRunStatus
from core.sync.intents import apply_outcome, group_members, mappings_for, open_group
from core.sync.ports import ProviderError, ProviderUnavailable, RateLimited, RemoteValidation
from core.sync.push_budget import within_daily_budget
from core.sync.push_context import (
    DEFAULT_PLATFORM,
    PushContext,
    begin,
    doc_entity,
    doc_label,
    push_context,
    run_guarded,
)
from core.sync.push_edits import reconcile_void, update_document
from core.sync.push_parties import Resolved, ensure_customers, ensure_items
from core.sync.push_records import invoice_record, load_invoices, skip_reason
from core.sync.records import InvoiceRecord, PushOutcome
from core.sync.runs import RunReporter
from core.sync.session import ProviderSession

DOC_ENTITIES = [Entity.INVOICE, Entity.ESTIMATE]


async def push_invoices(
    reporter: RunReporter,
    session: ProviderSession,
    connection: Connection,
    invoice_ids: Sequence[UUID],
    *,
    platform: str = DEFAULT_PLATFORM,
) -> SyncRunStatus:
    """Push the firm's invoices and estimates with these ids; returns the run's final status.

    Ids of other firms, or of deleted documents, are ignored. Raises RateLimited when throttled
    (the run stays RUNNING; calling again with the same run resumes it).
    """
    ctx = await push_context(reporter, session, connection, platform=platform)
    return await run_guarded(ctx, lambda: _push_invoices(ctx, list(dict.fromkeys(invoice_ids))))


async def _push_invoices(ctx: PushContext, invoice_ids: list[UUID]) -> None:
    invoices = await load_invoices(ctx.firm_id, invoice_ids)
    done = await begin(ctx.reporter, [i.id for i in invoices])
    await push_invoices_in_run(ctx, [i for i in invoices if i.id not in done])


async def push_invoices_in_run(
    ctx: PushContext, invoices: list[Invoice], *, updates: Collection[UUID] = ()
) -> None:
    """Push these loaded documents within the context's running run (no start, no finish).

    New documents are created (replaying unanswered groups first), synced ones voided locally
    are voided remotely, and synced ones whose ids are in ``updates`` get a sparse update; the
    rest are recorded as skipped with the reason.
    """
    mappings = await mappings_for(ctx.scope, DOC_ENTITIES, [i.id for i in invoices])
    eligible: list[Invoice] = []
    for invoice in invoices:
        mapping = mappings.get(invoice.id)
        reason = skip_reason(ctx, invoice, mapping, update=invoice.id in updates)
        if reason is not None:
            await ctx.reporter.record_skipped(
                entity=doc_entity(invoice),
                local_id=invoice.id,
                label=doc_label(invoice),
                message=reason,
            )
        elif mapping is not None and mapping.state is MappingState.SYNCED:
            if invoice.status is InvoiceStatus.VOID:
                await reconcile_void(ctx, invoice, mapping)
            else:
                await update_document(ctx, invoice, mapping)
        else:
            eligible.append(invoice)
    eligible = await within_daily_budget(ctx, eligible, mappings)
    if eligible:
        await _send_documents(ctx, eligible, mappings)
    await ctx.reporter.progress()


async def _send_documents(
    ctx: PushContext, invoices: list[Invoice], mappings: dict[UUID, ExternalMapping]
) -> None:
    # Documents from an unanswered batch are resent as that very batch, even the members this
    # run was not asked for: only the identical set of keys replays the platform's answer.
    groups: list[list[ExternalMapping]] = []
    seen: set[str] = set()
    for invoice in invoices:
        mapping = mappings.get(invoice.id)
        if mapping is None or mapping.state is not MappingState.PENDING:
            continue
        group = mapping.idempotency_key.rpartition("-")[0] or mapping.idempotency_key
        if group not in seen:
            seen.add(group)
            groups.append(await group_members(ctx.scope, group) or [mapping])
    grouped = {m.local_id for members in groups for m in members}
    extra = [m.local_id for members in groups for m in members if m.local_id not in mappings]
    documents = {i.id: i for i in invoices}
    others = await load_invoices(ctx.firm_id, extra)
    documents.update({i.id: i for i in others})
    ctx.reporter.run.total += len(others)
    customers = await ensure_customers(ctx, [d.customer for d in documents.values()])
    items = await ensure_items(
        ctx, [line.item for d in documents.values() for line in d.lines if line.item is not None]
    )
    for members in groups:
        kept = [m for m in members if m.local_id in documents]
        await _send_batch(ctx, [(documents[m.local_id], m) for m in kept], customers, items)
    fresh = [i for i in invoices if i.id not in grouped]
    for start in range(0, len(fresh), ctx.session.max_batch):
        await _send_new(
            ctx, fresh[start : start + ctx.session.max_batch], mappings, customers, items
        )


async def _send_new(
    ctx: PushContext,
    chunk: list[Invoice],
    mappings: dict[UUID, ExternalMapping],
    customers: Resolved,
    items: Resolved,
) -> None:
    ready = [i for i in chunk if not await _fails_early(ctx, i, customers, items)]
    if not ready:
        return
    intents = await open_group(ctx.scope, [(doc_entity(i), i.id) for i in ready], mappings)
    await _send_batch(ctx, list(zip(ready, intents, strict=True)), customers, items)


async def _fails_early(
    ctx: PushContext, invoice: Invoice, customers: Resolved, items: Resolved
) -> bool:
    """Record a document whose customer or items could not be synced; True if it failed."""
    customer_id: UUID = invoice.customer_id  # type: ignore[attr-defined]
    if customer_id not in customers.remote_ids:
        error = customers.errors.get(customer_id) or RemoteValidation(
            "no answer", code="CUSTOMER_NOT_SYNCED"
        )
        what = f"customer {invoice.customer.name!r}"
        await _record_failure(ctx, invoice, error, dependency=what)
        return True
    for line in invoice.lines:
        if line.item is not None and line.item.id in items.errors:
            what = f"item {line.item.name!r}"
            await _record_failure(ctx, invoice, items.errors[line.item.id], dependency=what)
            return True
    return False


async def _send_batch(
    ctx: PushContext,
    pairs: list[tuple[Invoice, ExternalMapping]],
    customers: Resolved,
    items: Resolved,
) -> None:
    records: list[InvoiceRecord] = []
    for invoice, mapping in pairs:
        customer_id: UUID = invoice.customer_id  # type: ignore[attr-defined]
        remote_customer = customers.remote_ids.get(customer_id, "")
        built = invoice_record(ctx, invoice, mapping.idempotency_key, remote_customer, items)
        if isinstance(built, ProviderError):
            # Unreachable in practice (intents open only once items resolved); the record keeps
            # its place with the default item so the group's keys stay identical.
            built = invoice_record(
                ctx, invoice, mapping.idempotency_key, remote_customer, Resolved()
            )
        assert not isinstance(built, ProviderError)  # without item errors a record always builds
        records.append(built)
    outcomes = await ctx.session.create_invoices(records)
    await _store_outcomes(ctx, pairs, outcomes)
    unanswered = [
        o.error
        for o in outcomes
        if o.error is not None and not isinstance(o.error, RemoteValidation)
    ]
    for (invoice, _), outcome in zip(pairs, outcomes, strict=True):
        await _report(ctx, invoice, outcome)
    await ctx.reporter.progress()
    if unanswered:
        throttled = [e for e in unanswered if isinstance(e, RateLimited)]
        raise throttled[0] if throttled else ProviderUnavailable(unanswered[0].message)


async def _store_outcomes(
    ctx: PushContext, pairs: list[tuple[Invoice, ExternalMapping]], outcomes: list[PushOutcome]
) -> None:
    """Resolve the group, lock what was created and audit it, all in one transaction."""
    async with in_transaction():
        for (invoice, mapping), outcome in zip(pairs, outcomes, strict=True):
            apply_outcome(mapping, outcome)
            await mapping.save()
            if outcome.ref is None:
                continue
            if ctx.settings.lock_after_sync and not invoice.locked:
                invoice.locked = True
                await Invoice.filter(id=invoice.id).update(locked=True)
            number = (
                f" as {outcome.ref.number}"
                if outcome.ref.number and outcome.ref.number != invoice.number
                else ""
            )
            await ctx.audit(
                action=f"{invoice.doc_type.value.lower()}.pushed",
                subject_type=invoice.doc_type.value.capitalize(),
                subject_id=invoice.id,
                description=f"{doc_label(invoice)} created in {ctx.platform}{number} "
                f"by {ctx.actor_name}",
            )


async def _report(ctx: PushContext, invoice: Invoice, outcome: PushOutcome) -> None:
    if outcome.ref is not None:
        await ctx.reporter.record_synced(
            entity=doc_entity(invoice),
            local_id=invoice.id,
            label=doc_label(invoice),
            action="CREATED",
            remote_id=outcome.ref.id,
            warning="; ".join(outcome.warnings) or None,
        )
    elif isinstance(outcome.error, RemoteValidation):
        await _record_failure(ctx, invoice, outcome.error)


async def _record_failure(
    ctx: PushContext, invoice: Invoice, error: ProviderError, *, dependency: str | None = None
) -> None:
    message = (
        f"the {dependency} could not be synced: {error.message}" if dependency else error.message
    )
    await ctx.reporter.record_failed(
        entity=doc_entity(invoice),
        local_id=invoice.id,
        label=doc_label(invoice),
        error_code=error.code,
        message=message,
        hint=error.hint,
    )
    await ctx.audit(
        action=f"{invoice.doc_type.value.lower()}.push_failed",
        subject_type=invoice.doc_type.value.capitalize(),
        subject_id=invoice.id,
        description=f"{doc_label(invoice)} could not be created in {ctx.platform}: {message}",
    )
