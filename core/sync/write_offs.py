"""Reconciling an invoice written off locally as bad debt.

Writing an invoice off (core.services.write_offs) closes it locally (VOID) and, when the invoice
is synced, commits a write intent: a CREDIT_MEMO mapping in state PENDING whose local id is the
invoice's. The push then reconciles it. With a bad-debt item in the settings and a platform
that can do it (its session has :class:`BadDebtWriter`), the open balance is written off there:
a credit memo for the open balance on the bad-debt item, applied to the invoice. Without a
bad-debt item (or on a platform that cannot write off) an unpaid invoice is voided remotely as
before; a partly paid one is refused, because a remote void would undo the payments received:
NO_BAD_DEBT_ITEM when setting the item would help, WRITE_OFF_UNSUPPORTED when the platform has
no write-off here at all.

Exactly once: the credit memo is created with the intent's key; once its id is known it is kept
on the intent (still PENDING) and the application is sent with the same key, so a rerun after a
lost answer replays the platform's first answers. The intent becomes SYNCED when both are done.
A refusal (RemoteValidation) marks it ERROR with a new key for the next attempt; an
indeterminate failure is raised with the intent left as it is.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from tortoise.queryset import QuerySet

from core.models import ExternalMapping, Invoice
from core.models.enums import Entity, MappingState
from core.sync.intents import mappings_for
from core.sync.ports import RemoteValidation
from core.sync.push_context import PushContext, doc_entity, doc_label
from core.sync.records import CreditMemoRecord, PushOutcome, RemoteDocStatus

ACTION_WRITTEN_OFF = "WRITTEN_OFF"
NO_BAD_DEBT_ITEM = "NO_BAD_DEBT_ITEM"
WRITE_OFF_UNSUPPORTED = "WRITE_OFF_UNSUPPORTED"


@runtime_checkable
class BadDebtWriter(Protocol):
    """An optional session member: the platform can write an invoice off as bad debt."""

    async def create_credit_memo(self, record: CreditMemoRecord) -> PushOutcome:
        """Create the credit memo for the amount written off (exactly once per key)."""
        ...

    async def apply_credit_memo(
        self, invoice_remote_id: str, credit_memo_remote_id: str, idempotency_key: str
    ) -> PushOutcome:
        """Apply the credit memo to the invoice (exactly once per key)."""
        ...


async def write_off_intent(ctx: PushContext, invoice: Invoice) -> ExternalMapping | None:
    """The CREDIT_MEMO intent recorded when the invoice was written off, if any."""
    found = await mappings_for(ctx.scope, [Entity.CREDIT_MEMO], [invoice.id])
    return found.get(invoice.id)


async def reconcile_write_off(ctx: PushContext, invoice: Invoice, mapping: ExternalMapping) -> bool:
    """Handle a written-off invoice; False when it was not written off (void it as before)."""
    intent = await write_off_intent(ctx, invoice)
    if intent is None:
        return False
    session = ctx.session
    item_id = ctx.settings.bad_debt_item_id
    if intent.state is MappingState.SYNCED:
        await _skip(ctx, invoice, f"already written off as bad debt in {ctx.platform}")
        return True
    if item_id is None or not isinstance(session, BadDebtWriter):
        if invoice.amount_paid <= 0:
            return False
        await _refuse(ctx, invoice, intent, _cannot_close(ctx, invoice), new_key=False)
        return True
    await _write_off(ctx, session, invoice, mapping, intent, item_id)
    return True


def _cannot_close(ctx: PushContext, invoice: Invoice) -> RemoteValidation:
    """Why a partly paid invoice written off is not closed remotely, and what to do."""
    label = doc_label(invoice)
    if not isinstance(ctx.session, BadDebtWriter):
        # Setting a bad-debt item would not help: say what the user can do instead.
        return RemoteValidation(
            f"{label} was written off with payments received; writing off as bad debt is not "
            f"supported for {ctx.platform} yet, and a void would undo the payments",
            code=WRITE_OFF_UNSUPPORTED,
            hint=f"Write the open balance off in {ctx.platform} by hand; the payments stay.",
        )
    return RemoteValidation(
        f"{label} was written off with payments received, and no bad-debt item is set, so it "
        "cannot be closed remotely without undoing the payments",
        code=NO_BAD_DEBT_ITEM,
        hint="Set the bad-debt item in the connection settings, then sync again.",
    )


async def _write_off(
    ctx: PushContext,
    session: BadDebtWriter,
    invoice: Invoice,
    mapping: ExternalMapping,
    intent: ExternalMapping,
    item_id: str,
) -> None:
    invoice_remote_id = mapping.remote_id or ""
    if intent.remote_id is None:
        record = await _credit_record(ctx, invoice, invoice_remote_id, intent, item_id)
        if record is None:
            return
        created = await session.create_credit_memo(record)
        if created.ref is None:
            await _refuse(ctx, invoice, intent, _definitive(created))
            return
        kept = {
            "remote_id": created.ref.id,
            "remote_number": created.ref.number,
            "remote_version": created.ref.version,
        }
        if not await _as_read(intent).filter(remote_id=None).update(**kept):
            await _superseded(ctx, invoice)
            return
        for name, value in kept.items():
            setattr(intent, name, value)
    applied = await session.apply_credit_memo(
        invoice_remote_id, intent.remote_id or "", intent.idempotency_key
    )
    if applied.ref is None:
        await _refuse(ctx, invoice, intent, _definitive(applied))
        return
    await _done(ctx, invoice, mapping, intent)


async def _credit_record(
    ctx: PushContext,
    invoice: Invoice,
    invoice_remote_id: str,
    intent: ExternalMapping,
    item_id: str,
) -> CreditMemoRecord | None:
    """The credit memo for the remote open balance; None (recorded) when nothing is open."""
    remote = await ctx.session.read_invoices([invoice_remote_id], invoice.doc_type)
    if not remote or remote[0].status is RemoteDocStatus.VOID or remote[0].balance <= 0:
        state = "void" if remote and remote[0].status is RemoteDocStatus.VOID else "settled"
        if await _resolve(intent):
            await _skip(
                ctx, invoice, f"already {state} in {ctx.platform}: nothing left to write off"
            )
        else:
            await _superseded(ctx, invoice)
        return None
    found = remote[0]
    return CreditMemoRecord(
        local_id=str(invoice.id),
        customer_remote_id=found.customer_remote_id or "",
        invoice_remote_id=invoice_remote_id,
        item_remote_id=item_id,
        amount=found.balance,
        date=datetime.now(UTC).date(),
        idempotency_key=intent.idempotency_key,
        memo=f"Bad debt: {doc_label(invoice)} written off",
        currency=invoice.currency,
    )


def _definitive(outcome: PushOutcome) -> RemoteValidation:
    error = outcome.error
    if not isinstance(error, RemoteValidation):
        # Indeterminate (or about the connection): the intent keeps its key for a replay.
        raise error or RuntimeError("the provider answered neither a record nor an error")
    return error


def _as_read(intent: ExternalMapping) -> QuerySet[ExternalMapping]:
    """The intent, only while it holds the state and key it was read with: an outcome is
    written over the intent it belongs to, never over what another run stored since."""
    return ExternalMapping.filter(
        id=intent.id, state=intent.state, idempotency_key=intent.idempotency_key
    )


async def _write(intent: ExternalMapping, values: dict[str, object]) -> bool:
    """Write ``values`` over the intent as read; False when another run changed it first."""
    if not await _as_read(intent).update(**values, updated_at=datetime.now(UTC)):
        return False
    for name, value in values.items():
        setattr(intent, name, value)
    return True


async def _superseded(ctx: PushContext, invoice: Invoice) -> None:
    await _skip(ctx, invoice, "written off by another sync run meanwhile; its outcome stands")


async def _resolve(intent: ExternalMapping) -> bool:
    return await _write(
        intent,
        {
            "state": MappingState.SYNCED,
            "last_synced_at": datetime.now(UTC),
            "last_error": None,
            "last_error_code": None,
        },
    )


async def _done(
    ctx: PushContext, invoice: Invoice, mapping: ExternalMapping, intent: ExternalMapping
) -> None:
    if not await _resolve(intent):
        await _superseded(ctx, invoice)
        return
    mapping.last_synced_at = intent.last_synced_at
    await mapping.save(update_fields=["last_synced_at", "updated_at"])
    label = doc_label(invoice)
    memo = f"credit memo {intent.remote_number or intent.remote_id}"
    await ctx.audit(
        action=f"{invoice.doc_type.value.lower()}.remote_written_off",
        subject_type=invoice.doc_type.value.capitalize(),
        subject_id=invoice.id,
        description=f"{label} written off as bad debt in {ctx.platform} ({memo}) "
        f"by {ctx.actor_name}",
    )
    await ctx.reporter.record_synced(
        entity=doc_entity(invoice),
        local_id=invoice.id,
        label=label,
        action=ACTION_WRITTEN_OFF,
        remote_id=intent.remote_id,
    )


async def _refuse(
    ctx: PushContext,
    invoice: Invoice,
    intent: ExternalMapping,
    error: RemoteValidation,
    *,
    new_key: bool = True,
) -> None:
    values: dict[str, object] = {
        "state": MappingState.ERROR,
        "last_error": error.message,
        "last_error_code": error.code,
    }
    if new_key:
        # The platform refused for good: the next attempt is a new write, under a new key.
        values["idempotency_key"] = uuid.uuid4().hex
    if not await _write(intent, values):
        await _superseded(ctx, invoice)
        return
    await ctx.reporter.record_failed(
        entity=doc_entity(invoice),
        local_id=invoice.id,
        label=doc_label(invoice),
        error_code=error.code,
        message=error.message,
        hint=error.hint,
    )


async def _skip(ctx: PushContext, invoice: Invoice, message: str) -> None:
    await ctx.reporter.record_skipped(
        entity=doc_entity(invoice), local_id=invoice.id, label=doc_label(invoice), message=message
    )
