"""Changing documents that already exist remotely: sparse updates and voids.

Paid invoices are read-only: neither operation touches them. An update sends the document's
current lines and header with the stored version (the provider re-reads and retries once when
the version is stale); a void voids the remote document first and only then marks the local one
VOID, so a refused void leaves both sides as they were.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.models import Connection, ExternalMapping, Invoice
from core.models.enums import DocType, Entity, InvoiceStatus, MappingState, SyncRunStatus
from core.sync.intents import mappings_for
from core.sync.ports import ProviderError, RemoteValidation
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
from core.sync.push_parties import ensure_customers, ensure_items
from core.sync.push_records import invoice_record, load_invoices
from core.sync.records import PushOutcome, RemoteDocStatus
from core.sync.runs import RunReporter
from core.sync.session import ProviderSession
from core.sync.write_offs import reconcile_write_off

PAID_READ_ONLY = "PAID_READ_ONLY"


def refusal(invoice: Invoice, *, voiding: bool) -> RemoteValidation | None:
    """Why a synced document may not be updated (or voided), or None."""
    if invoice.status is InvoiceStatus.PAID or (voiding and invoice.amount_paid > 0):
        return RemoteValidation(
            "Paid invoices are read-only",
            code=PAID_READ_ONLY,
            hint="Refund or unapply the payment in the accounting platform first.",
        )
    if invoice.status is InvoiceStatus.VOID:
        return RemoteValidation(f"{doc_label(invoice)} is void", code="INVALID_STATE")
    if voiding and invoice.doc_type is DocType.ESTIMATE:
        return RemoteValidation("estimates cannot be voided", code="INVALID_STATE")
    return None


async def _target(ctx: PushContext, invoice_id: UUID) -> tuple[Invoice, ExternalMapping] | None:
    """Load the document and its SYNCED mapping, recording a failure when there is none."""
    found = await load_invoices(ctx.firm_id, [invoice_id])
    await begin(ctx.reporter, [invoice_id])
    if found and not await ctx.claims.take([invoice_id]):
        await skip_busy(ctx, doc_entity(found[0]), invoice_id, doc_label(found[0]))
        return None
    if not found:
        await ctx.reporter.record_failed(
            entity=Entity.INVOICE,
            local_id=invoice_id,
            label="Invoice",
            error_code="NOT_FOUND",
            message="the invoice no longer exists",
        )
        return None
    invoice = found[0]
    mapping = (await mappings_for(ctx.scope, [doc_entity(invoice)], [invoice.id])).get(invoice.id)
    if mapping is None or mapping.state is not MappingState.SYNCED or not mapping.remote_id:
        await fail(
            ctx,
            invoice,
            RemoteValidation(
                f"{doc_label(invoice)} is not synced",
                code="NOT_SYNCED",
                hint="Sync the invoice first.",
            ),
        )
        return None
    return invoice, mapping


async def fail(ctx: PushContext, invoice: Invoice, error: ProviderError) -> None:
    """Record a refused change of a document."""
    await ctx.reporter.record_failed(
        entity=doc_entity(invoice),
        local_id=invoice.id,
        label=doc_label(invoice),
        error_code=error.code,
        message=error.message,
        hint=error.hint,
    )


async def update_synced_invoice(
    reporter: RunReporter,
    session: ProviderSession,
    connection: Connection,
    invoice_id: UUID,
    *,
    platform: str = DEFAULT_PLATFORM,
) -> SyncRunStatus:
    """Send a synced document's current state as a sparse update; returns the run's status."""
    ctx = await push_context(reporter, session, connection, platform=platform)
    return await run_guarded(ctx, lambda: releasing(ctx, lambda: _update(ctx, invoice_id)))


async def _update(ctx: PushContext, invoice_id: UUID) -> None:
    target = await _target(ctx, invoice_id)
    if target is None:
        return
    await update_document(ctx, *target)


async def update_document(ctx: PushContext, invoice: Invoice, mapping: ExternalMapping) -> None:
    """Send the current state of a document SYNCED under ``mapping`` as a sparse update."""
    refused = refusal(invoice, voiding=False)
    if refused is not None:
        await fail(ctx, invoice, refused)
        return
    customers = await ensure_customers(ctx, [invoice.customer])
    items = await ensure_items(ctx, [line.item for line in invoice.lines if line.item is not None])
    customer_id: UUID = invoice.customer_id  # type: ignore[attr-defined]
    remote_customer = customers.remote_ids.get(customer_id)
    if remote_customer is None:
        error = customers.errors.get(customer_id) or RemoteValidation(
            "the customer could not be synced", code="CUSTOMER_NOT_SYNCED"
        )
        await fail(ctx, invoice, error)
        return
    record = invoice_record(ctx, invoice, mapping.idempotency_key, remote_customer, items)
    if isinstance(record, ProviderError):
        await fail(ctx, invoice, record)
        return
    outcome = await ctx.session.update_invoice(
        mapping.remote_id or "", mapping.remote_version, record
    )
    await _finish_change(ctx, invoice, mapping, outcome, verb="updated")


async def void_invoice(
    reporter: RunReporter,
    session: ProviderSession,
    connection: Connection,
    invoice_id: UUID,
    *,
    platform: str = DEFAULT_PLATFORM,
) -> SyncRunStatus:
    """Void a synced invoice remotely, then mark it VOID locally; returns the run's status."""
    ctx = await push_context(reporter, session, connection, platform=platform)
    return await run_guarded(ctx, lambda: releasing(ctx, lambda: _void(ctx, invoice_id)))


async def _void(ctx: PushContext, invoice_id: UUID) -> None:
    target = await _target(ctx, invoice_id)
    if target is None:
        return
    invoice, mapping = target
    refused = refusal(invoice, voiding=True)
    if refused is not None:
        await fail(ctx, invoice, refused)
        return
    outcome = await ctx.session.void_invoice(mapping.remote_id or "", mapping.remote_version)
    await _finish_change(ctx, invoice, mapping, outcome, verb="voided")


async def reconcile_void(ctx: PushContext, invoice: Invoice, mapping: ExternalMapping) -> None:
    """A synced invoice closed locally without payment (VOID): void it remotely as well.

    Estimates stay as they are; an invoice already void remotely is only recorded; one written
    off as bad debt is reconciled by :mod:`core.sync.write_offs`.
    """
    label = doc_label(invoice)
    if invoice.doc_type is DocType.ESTIMATE:
        await ctx.reporter.record_skipped(
            entity=doc_entity(invoice),
            local_id=invoice.id,
            label=label,
            message="void estimates are not voided remotely",
        )
        return
    if await reconcile_write_off(ctx, invoice, mapping):
        return
    remote = await ctx.session.read_invoices([mapping.remote_id or ""], invoice.doc_type)
    if remote and remote[0].status is RemoteDocStatus.VOID:
        await ctx.reporter.record_skipped(
            entity=doc_entity(invoice),
            local_id=invoice.id,
            label=label,
            message=f"already void in {ctx.platform}",
        )
        return
    outcome = await ctx.session.void_invoice(mapping.remote_id or "", mapping.remote_version)
    await _finish_change(ctx, invoice, mapping, outcome, verb="voided")


def _as_sent(mapping: ExternalMapping) -> QuerySet[ExternalMapping]:
    """The mapping, only while it still links the document as it was when the change was sent."""
    return ExternalMapping.filter(
        id=mapping.id,
        state=MappingState.SYNCED,
        remote_id=mapping.remote_id,
        remote_version=mapping.remote_version,
    )


async def _finish_change(
    ctx: PushContext,
    invoice: Invoice,
    mapping: ExternalMapping,
    outcome: PushOutcome,
    *,
    verb: str,
) -> None:
    now = datetime.now(UTC)
    if outcome.ref is None:
        error = outcome.error or RemoteValidation("no answer", code="UNKNOWN")
        if not isinstance(error, RemoteValidation):
            raise error
        # The document still exists remotely as before: the mapping stays SYNCED, with the error.
        await _as_sent(mapping).update(
            last_error=error.message, last_error_code=error.code, updated_at=now
        )
        await fail(ctx, invoice, error)
        return
    values: dict[str, object] = {
        "remote_version": outcome.ref.version,
        "remote_number": outcome.ref.number or mapping.remote_number,
        "last_synced_at": now,
        "last_error": None,
        "last_error_code": None,
    }
    async with in_transaction():
        stored = await _as_sent(mapping).update(**values, updated_at=now)
        if stored:
            for name, value in values.items():
                setattr(mapping, name, value)
            changes: dict[str, object] = {"updated_at": now}
            if verb == "voided":
                changes.update(status=InvoiceStatus.VOID, voided_at=invoice.voided_at or now)
            if ctx.settings.lock_after_sync:
                changes["locked"] = True
            await Invoice.filter(id=invoice.id).update(**changes)
            await ctx.audit(
                action=f"{invoice.doc_type.value.lower()}.remote_{verb}",
                subject_type=invoice.doc_type.value.capitalize(),
                subject_id=invoice.id,
                description=f"{doc_label(invoice)} {verb} in {ctx.platform} by {ctx.actor_name}",
            )
    if not stored:
        await ctx.reporter.record_skipped(
            entity=doc_entity(invoice),
            local_id=invoice.id,
            label=doc_label(invoice),
            message=f"{verb} by another sync run meanwhile; its record of the document stands",
        )
        return
    await ctx.reporter.record_synced(
        entity=doc_entity(invoice),
        local_id=invoice.id,
        label=doc_label(invoice),
        action=verb.upper(),
        remote_id=outcome.ref.id,
        warning="; ".join(outcome.warnings) or None,
    )
