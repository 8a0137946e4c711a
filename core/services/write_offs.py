"""Writing an invoice off as bad debt: closed locally without (full) payment.

The invoice keeps the existing status set: it becomes VOID, its memo says "Written off as bad
debt" with the reason, and an Activity records who did it. Amounts stay as they were, so the
amount paid and the balance written off remain visible. When the invoice is synced to the
firm's connection, a write intent (a PENDING CREDIT_MEMO mapping) is committed in the same
transaction; the push engine (core.sync.write_offs) then writes the open balance off remotely.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from core.errors import InvalidState, NotFound, ValidationFailed
from core.models import Connection, ExternalMapping, Invoice
from core.models.enums import DocType, Entity, InvoiceStatus, MappingState
from core.services.activity import record_activity
from core.services.connections import LIVE_STATUSES, held_connection
from core.services.invoices import actor_name, doc_label
from core.services.tenancy import Viewer

WRITE_OFF_MEMO = "Written off as bad debt"
REASON_MAX = 500


@dataclass(frozen=True, slots=True)
class WriteOff:
    """A written-off invoice; ``connection`` is set when the platform must reconcile it."""

    invoice: Invoice
    connection: Connection | None


def _clean_reason(reason: str) -> str:
    cleaned = reason.strip()
    if not cleaned:
        raise ValidationFailed("give the reason the invoice is uncollectible", field="reason")
    if len(cleaned) > REASON_MAX:
        raise ValidationFailed(f"the reason is longer than {REASON_MAX} characters", field="reason")
    return cleaned


def _check_open(invoice: Invoice) -> None:
    label = doc_label(invoice)
    if invoice.doc_type is DocType.ESTIMATE:
        raise InvalidState("estimates are not owed and cannot be written off", field="invoiceId")
    if invoice.status is InvoiceStatus.DRAFT:
        raise InvalidState(f"{label} is a draft; nothing is owed yet", field="invoiceId")
    if invoice.status is InvoiceStatus.PAID or invoice.balance <= 0:
        raise InvalidState(f"{label} is paid; Paid invoices are read-only", field="invoiceId")
    if invoice.status is InvoiceStatus.VOID:
        raise InvalidState(f"{label} is already void", field="invoiceId")


async def _synced_connection(invoice: Invoice) -> Connection | None:
    firm_id: UUID = invoice.firm_id  # type: ignore[attr-defined]
    connection = await held_connection(firm_id)
    if connection is None or connection.remote_company_id is None:
        return None
    synced = await ExternalMapping.exists(
        firm_id=firm_id,
        provider=connection.provider,
        remote_company_id=connection.remote_company_id,
        entity=Entity.INVOICE,
        local_id=invoice.id,
        state=MappingState.SYNCED,
    )
    return connection if synced else None


async def write_off_invoice(
    viewer: Viewer, invoice_id: UUID, reason: str, *, ip: str | None = None
) -> WriteOff:
    """Close an issued, unpaid or partly paid invoice as uncollectible (see the module)."""
    cleaned = _clean_reason(reason)
    name = await actor_name(viewer)
    async with in_transaction():
        invoice = (
            await Invoice.filter(id=invoice_id, firm_id=viewer.firm_id).select_for_update().first()
        )
        if invoice is None:
            raise NotFound("no invoice with this id", field="invoiceId")
        _check_open(invoice)
        connection = await _synced_connection(invoice)
        note = f"{WRITE_OFF_MEMO}: {cleaned}"
        invoice.memo = f"{invoice.memo}\n{note}" if invoice.memo else note
        invoice.status = InvoiceStatus.VOID
        invoice.voided_at = datetime.now(UTC)
        await invoice.save(update_fields=["memo", "status", "voided_at", "updated_at"])
        if connection is not None:
            await _record_intent(connection, invoice)
        await record_activity(
            firm_id=viewer.firm_id,
            actor_id=viewer.user_id,
            action="invoice.written_off",
            subject_type="Invoice",
            subject_id=invoice.id,
            description=f"{doc_label(invoice)} written off as bad debt ({invoice.balance} "
            f"{invoice.currency} open) by {name}: {cleaned}",
            ip_address=ip,
        )
    live = connection is not None and connection.status in LIVE_STATUSES
    return WriteOff(invoice, connection if live else None)


async def _record_intent(connection: Connection, invoice: Invoice) -> None:
    """The write intent the push engine reconciles (one per invoice and company)."""
    firm_id: UUID = invoice.firm_id  # type: ignore[attr-defined]
    await ExternalMapping.get_or_create(
        firm_id=firm_id,
        provider=connection.provider,
        remote_company_id=connection.remote_company_id,
        entity=Entity.CREDIT_MEMO,
        local_id=invoice.id,
        defaults={"state": MappingState.PENDING, "idempotency_key": uuid.uuid4().hex},
    )
