"""Pushing invoices and estimates: customers and items first, then the documents, in batches.

Every document is created exactly once (see :mod:`core.sync.intents`). A run first claims the
documents it was asked for (:mod:`core.sync.push_claims`); one another run is pushing is skipped
with a message saying so, and the other run reports its outcome. Errors about one record end as
a FAILED run item with the platform's code, message and hint, and the mapping in ERROR; errors
about the connection end the run: a throttle is re-raised so the job retries the same run later,
an expired authorization or an unavailable platform fail the run with what to do. In every case
a record not answered for stays PENDING with its key, so running the sync again is safe. A
"number already used" answer for a document tried before is checked against the platform: the
document an earlier attempt created is adopted (see :mod:`core.sync.push_records`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import partial
from uuid import UUID

from tortoise.transactions import in_transaction

from core.models import Connection, ExternalMapping, Invoice
from core.models.enums import Entity, InvoiceStatus, MappingState, SyncRunStatus
from core.sync.intents import (
    group_members,
    group_of,
    is_single,
    mappings_for,
    open_group,
    reread,
    resolve,
)
from core.sync.ports import ProviderError, ProviderUnavailable, RateLimited, RemoteValidation
from core.sync.push_budget import within_daily_budget
from core.sync.push_claims import BUSY_MESSAGE
from core.sync.push_context import (
    DEFAULT_PLATFORM,
    PushContext,
    begin,
    doc_entity,
    doc_label,
    push_context,
    releasing,
    run_guarded,
    skip_busy,
)
from core.sync.push_edits import reconcile_void, update_document
from core.sync.push_modes import create_call, next_single
from core.sync.push_parties import Resolved, ensure_customers, ensure_items
from core.sync.push_records import adopt_duplicates, invoice_record, load_invoices, skip_reason
from core.sync.push_window import SendWindow
from core.sync.records import InvoiceRecord, PushOutcome
from core.sync.runs import RunReporter
from core.sync.session import ProviderSession, writes_in_flight

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
    ids = list(dict.fromkeys(invoice_ids))
    return await run_guarded(ctx, lambda: releasing(ctx, lambda: _push_invoices(ctx, ids)))


async def _push_invoices(ctx: PushContext, invoice_ids: list[UUID]) -> None:
    invoices = await load_invoices(ctx.firm_id, invoice_ids)
    done = await begin(ctx.reporter, [i.id for i in invoices])
    await push_invoices_in_run(ctx, [i for i in invoices if i.id not in done])


async def push_invoices_in_run(
    ctx: PushContext, invoices: list[Invoice], *, updates: Collection[UUID] = ()
) -> None:
    """Push these loaded documents within the context's running run (no start, no finish).

    Each document is claimed first; one another run is pushing is skipped, saying so. New
    documents are created (replaying unanswered groups first), synced ones voided locally
    are voided remotely, and synced ones whose ids are in ``updates`` get a sparse update; the
    rest are recorded as skipped with the reason.
    """
    held = await ctx.claims.take(i.id for i in invoices)
    mine: list[Invoice] = []
    for invoice in invoices:
        if invoice.id in held:
            mine.append(invoice)
        else:
            await skip_busy(ctx, doc_entity(invoice), invoice.id, doc_label(invoice))
    try:
        await _push_held(ctx, mine, updates)
    finally:
        await ctx.claims.release(i.id for i in mine)
    await ctx.reporter.progress()


async def _push_held(ctx: PushContext, invoices: list[Invoice], updates: Collection[UUID]) -> None:
    # Read after the claims are taken: a run that held them before may have synced them.
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
    eligible = await _currency_checked(ctx, eligible, mappings)
    if eligible:
        await _send_documents(ctx, eligible, mappings)


def _pending(mapping: ExternalMapping | None) -> bool:
    return mapping is not None and mapping.state is MappingState.PENDING


async def _currency_checked(
    ctx: PushContext, invoices: list[Invoice], mappings: dict[UUID, ExternalMapping]
) -> list[Invoice]:
    """The documents the books can hold in their currency; the others fail before anything
    (not even their customer) is written. A PENDING one was sent already and is replayed."""
    kept: list[Invoice] = []
    for invoice in invoices:
        if not _pending(mappings.get(invoice.id)):
            customer = invoice.customer
            refused = await ctx.currencies.refusal(
                invoice.currency, customer.currency, repr(customer.name)
            )
            if refused is not None:
                await _record_failure(ctx, invoice, refused)
                continue
        kept.append(invoice)
    return kept


async def _replayable(
    ctx: PushContext,
    invoices: list[Invoice],
    mappings: dict[UUID, ExternalMapping],
    outside: list[UUID],
) -> list[list[ExternalMapping]]:
    """The unanswered groups of these documents, each as it was first sent (all its members).

    A group with a member another run holds is left to that run: it replays the whole group.
    The members this run claims on top of its own are added to ``outside``.
    """
    groups: list[list[ExternalMapping]] = []
    seen: set[str] = set()
    for invoice in invoices:
        mapping = mappings.get(invoice.id)
        if mapping is None or not _pending(mapping):
            continue
        group = group_of(mapping.idempotency_key)[0]
        if group in seen:
            continue
        seen.add(group)
        members = await group_members(ctx.scope, group) or [mapping]
        others = [m.local_id for m in members if m.local_id not in mappings]
        got = await ctx.claims.take(others)
        outside.extend(got)
        if len(got) < len(others):
            ids = {m.local_id for m in members}
            for document in (i for i in invoices if i.id in ids):
                await skip_busy(ctx, doc_entity(document), document.id, doc_label(document))
            continue
        groups.append(members)
    return groups


async def _send_documents(
    ctx: PushContext, invoices: list[Invoice], mappings: dict[UUID, ExternalMapping]
) -> None:
    # Documents from an unanswered batch are resent as that very batch, even the members this
    # run was not asked for: only the identical set of keys replays the platform's answer.
    outside: list[UUID] = []
    try:
        groups = await _replayable(ctx, invoices, mappings, outside)
        await _send_all(ctx, invoices, mappings, groups)
    finally:
        await ctx.claims.release(outside)


async def _send_all(
    ctx: PushContext,
    invoices: list[Invoice],
    mappings: dict[UUID, ExternalMapping],
    groups: list[list[ExternalMapping]],
) -> None:
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
    depth = writes_in_flight(ctx.session)
    window: SendWindow[_Sent] = SendWindow(depth, partial(_store_answers, ctx))
    for members in groups:
        if window.stopped:
            break
        kept = [m for m in members if m.local_id in documents]
        pairs = [(documents[m.local_id], m) for m in kept]
        await _send_batch(ctx, window, pairs, customers, items, prior={m.local_id for m in kept})
    # A PENDING document outside the groups kept here belongs to a batch another run replays.
    fresh = [i for i in invoices if i.id not in grouped and not _pending(mappings.get(i.id))]
    start = 0
    while start < len(fresh) and not window.stopped:
        single = await next_single(ctx.session, (g.single for g in window.open_groups))
        size = 1 if single else ctx.session.max_batch
        chunk = fresh[start : start + size]
        start += size
        await _send_new(ctx, window, chunk, mappings, customers, items, single=single)
    await window.drain()


async def _send_new(
    ctx: PushContext,
    window: SendWindow[_Sent],
    chunk: list[Invoice],
    mappings: dict[UUID, ExternalMapping],
    customers: Resolved,
    items: Resolved,
    *,
    single: bool = False,
) -> None:
    ready = [i for i in chunk if not await _fails_early(ctx, i, customers, items)]
    if not ready:
        return
    # Documents with a mapping were tried before: one may exist remotely already.
    prior = {i.id for i in ready if i.id in mappings}
    members = [(doc_entity(i), i.id) for i in ready]
    intents = await open_group(ctx.scope, members, mappings, single=single)
    by_id = {m.local_id: m for m in intents}
    for invoice in ready:
        if invoice.id not in by_id:
            await skip_busy(ctx, doc_entity(invoice), invoice.id, doc_label(invoice))
    pairs = [(i, by_id[i.id]) for i in ready if i.id in by_id]
    if pairs:
        await _send_batch(ctx, window, pairs, customers, items, prior=prior)


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


@dataclass(frozen=True, slots=True)
class _Sent:
    """A group whose create call is in flight: its documents and intents, and what was sent."""

    pairs: list[tuple[Invoice, ExternalMapping]]
    records: list[InvoiceRecord]
    prior: Collection[UUID]
    single: bool = False


async def _send_batch(
    ctx: PushContext,
    window: SendWindow[_Sent],
    pairs: list[tuple[Invoice, ExternalMapping]],
    customers: Resolved,
    items: Resolved,
    *,
    prior: Collection[UUID],
) -> None:
    """Start the group's create call in the window (its intents are already committed)."""
    if not await ctx.claims.holds_all(invoice.id for invoice, _ in pairs):
        # The claim lapsed and another run took it over: that run sends this batch.
        for invoice, _ in pairs:
            await skip_busy(ctx, doc_entity(invoice), invoice.id, doc_label(invoice))
        return
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
    # The way the group was first sent is in its keys: a replay goes out the same way.
    single = len(pairs) == 1 and is_single(pairs[0][1].idempotency_key)
    call = create_call(ctx.session, records, single=single)
    await window.send(_Sent(pairs, records, prior, single), call)


async def _store_answers(ctx: PushContext, sent: _Sent, outcomes: list[PushOutcome]) -> None:
    """Store and report a group's answers; raise when some records went unanswered."""
    pairs, records = sent.pairs, sent.records
    outcomes = await adopt_duplicates(ctx, records, outcomes, sent.prior)
    stored = await _store_outcomes(ctx, pairs, outcomes)
    unanswered = [
        o.error
        for o, ok in zip(outcomes, stored, strict=True)
        if ok and o.error is not None and not isinstance(o.error, RemoteValidation)
    ]
    for (invoice, mapping), outcome, ok in zip(pairs, outcomes, stored, strict=True):
        if ok:
            await _report(ctx, invoice, outcome)
        else:
            await _report_superseded(ctx, invoice, mapping)
    await ctx.reporter.progress()
    if unanswered:
        throttled = [e for e in unanswered if isinstance(e, RateLimited)]
        raise throttled[0] if throttled else ProviderUnavailable(unanswered[0].message)


async def _store_outcomes(
    ctx: PushContext, pairs: list[tuple[Invoice, ExternalMapping]], outcomes: list[PushOutcome]
) -> list[bool]:
    """Resolve the group, lock what was created and audit it, all in one transaction.

    Each answer is stored only over the intent it belongs to (see :func:`resolve`); for each
    document, whether it was.
    """
    stored: list[bool] = []
    async with in_transaction():
        for (invoice, mapping), outcome in zip(pairs, outcomes, strict=True):
            ok = await resolve(mapping, outcome)
            stored.append(ok)
            if not ok or outcome.ref is None:
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
    return stored


async def _report_superseded(ctx: PushContext, invoice: Invoice, mapping: ExternalMapping) -> None:
    """Another run stored this document's outcome first: report what it stored."""
    current = await reread(mapping)
    if current is not None and current.state is MappingState.SYNCED:
        message = f"pushed by another sync run meanwhile (remote number {current.remote_number})"
    else:
        message = BUSY_MESSAGE
    await ctx.reporter.record_skipped(
        entity=doc_entity(invoice), local_id=invoice.id, label=doc_label(invoice), message=message
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
