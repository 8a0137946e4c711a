"""Queueing pushes to the accounting platform: checks, the QUEUED run, and its job.

Each function checks what can be known before the job runs (the records exist in the caller's
firm, the firm has a live connection, the operation makes sense for the record), records a
QUEUED SyncRun with an audit entry, and enqueues the job under the run's id. The engine checks
again when the job runs: the books may change in between.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from uuid import UUID

from tortoise.transactions import in_transaction

from core.errors import InvalidState, NotFound, ValidationFailed
from core.models import Connection, Customer, ExternalMapping, Invoice, SyncRun
from core.models.enums import (
    DocType,
    Entity,
    InvoiceStatus,
    MappingState,
    SyncKind,
    SyncTrigger,
)
from core.queue import JobQueue
from core.services.activity import record_activity
from core.services.connections import LIVE_STATUSES, held_connection
from core.services.invoices import actor_name, doc_label
from core.services.tenancy import Viewer
from core.sync.runs import create_run, fail_queued_run

logger = logging.getLogger("ledgersync.push")

PUSH_INVOICES_JOB = "push_invoices"
PUSH_CUSTOMER_JOB = "push_customer"
UPDATE_INVOICE_JOB = "update_synced_invoice"
VOID_INVOICE_JOB = "void_synced_invoice"
MAX_BULK = 1000


class NotConnected(InvalidState):
    """The firm has no accounting connection that can sync."""


class QueueUnavailable(Exception):
    """The job queue refused the job; the run was recorded as FAILED."""


async def sync_connection(firm_id: UUID) -> Connection:
    """The firm's connection that can sync now; NotConnected otherwise."""
    connection = await held_connection(firm_id)
    if connection is None:
        raise NotConnected("the firm has no accounting connection; connect one first")
    if connection.status not in LIVE_STATUSES or not connection.remote_company_id:
        raise NotConnected(
            f"the accounting connection is {connection.status.value}; reconnect it first"
        )
    return connection


async def _mapping(connection: Connection, invoice: Invoice) -> ExternalMapping | None:
    entity = Entity.ESTIMATE if invoice.doc_type is DocType.ESTIMATE else Entity.INVOICE
    return await ExternalMapping.get_or_none(
        firm_id=invoice.firm_id,  # type: ignore[attr-defined]
        provider=connection.provider,
        remote_company_id=connection.remote_company_id,
        entity=entity,
        local_id=invoice.id,
    )


async def _invoice(firm_id: UUID, invoice_id: UUID) -> Invoice:
    invoice = await Invoice.get_or_none(id=invoice_id, firm_id=firm_id)
    if invoice is None:
        raise NotFound("no invoice with this id", field="invoiceId")
    return invoice


async def _queue(
    viewer: Viewer,
    queue: JobQueue,
    connection: Connection,
    *,
    kind: SyncKind,
    job: str,
    args: Sequence[object],
    what: str,
    ip: str | None,
) -> SyncRun:
    name = await actor_name(viewer)
    async with in_transaction():
        run = await create_run(
            firm_id=viewer.firm_id,
            kind=kind,
            trigger=SyncTrigger.USER,
            started_by_id=viewer.user_id,
            connection_id=connection.id,
        )
        await record_activity(
            firm_id=viewer.firm_id,
            actor_id=viewer.user_id,
            action="sync_run.queued",
            subject_type="SyncRun",
            subject_id=run.id,
            description=f"{what} queued by {name}",
            ip_address=ip,
        )
    try:
        await queue.enqueue(job, str(run.id), *args, job_id=str(run.id))
    except Exception as exc:
        logger.exception("could not queue %s run %s", job, run.id)
        await fail_queued_run(run, f"the job queue is unavailable: {type(exc).__name__}")
        raise QueueUnavailable(
            "the job queue is unavailable; the run was recorded as FAILED"
        ) from exc
    return run


async def validate_invoice_ids(firm_id: UUID, ids: Sequence[UUID]) -> list[Invoice]:
    """The firm's invoices with these (distinct) ids; at least one, at most MAX_BULK, all
    existing, else a ValidationFailed or NotFound naming ``invoiceIds``."""
    if not ids:
        raise ValidationFailed("give at least one invoice", field="invoiceIds")
    if len(ids) > MAX_BULK:
        raise ValidationFailed(f"at most {MAX_BULK} invoices per sync", field="invoiceIds")
    invoices = await Invoice.filter(firm_id=firm_id, id__in=list(ids))
    if len(invoices) != len(ids):
        raise NotFound("one or more invoices do not exist", field="invoiceIds")
    return invoices


async def queue_invoice_sync(
    viewer: Viewer,
    queue: JobQueue,
    invoice_ids: Sequence[UUID],
    *,
    single: bool = False,
    ip: str | None = None,
) -> SyncRun:
    """Queue a push of invoices and estimates (drafts and dated-out ones end up SKIPPED).

    With ``single``, a draft is refused up front (InvalidState) instead of being skipped.
    """
    ids = list(dict.fromkeys(invoice_ids))
    invoices = await validate_invoice_ids(viewer.firm_id, ids)
    if single and invoices[0].status is InvoiceStatus.DRAFT:
        raise InvalidState(
            f"{doc_label(invoices[0])} is a draft; drafts never sync, issue it first",
            field="invoiceId",
        )
    connection = await sync_connection(viewer.firm_id)
    what = doc_label(invoices[0]) + " sync" if single else f"Sync of {len(ids)} invoices"
    return await _queue(
        viewer,
        queue,
        connection,
        kind=SyncKind.PUSH_INVOICES,
        job=PUSH_INVOICES_JOB,
        args=([str(i) for i in ids],),
        what=what,
        ip=ip,
    )


async def queue_customer_sync(
    viewer: Viewer, queue: JobQueue, customer_id: UUID, *, ip: str | None = None
) -> SyncRun:
    """Queue a push of one customer (match-or-create, or a sparse update when synced)."""
    customer = await Customer.get_or_none(id=customer_id, firm_id=viewer.firm_id)
    if customer is None:
        raise NotFound("no customer with this id", field="customerId")
    connection = await sync_connection(viewer.firm_id)
    return await _queue(
        viewer,
        queue,
        connection,
        kind=SyncKind.PUSH_CUSTOMERS,
        job=PUSH_CUSTOMER_JOB,
        args=(str(customer.id),),
        what=f"Sync of customer {customer.name}",
        ip=ip,
    )


async def _synced_invoice(viewer: Viewer, invoice_id: UUID) -> tuple[Invoice, Connection]:
    invoice = await _invoice(viewer.firm_id, invoice_id)
    connection = await sync_connection(viewer.firm_id)
    if invoice.status is InvoiceStatus.PAID:
        raise InvalidState("Paid invoices are read-only", field="invoiceId")
    if invoice.status is InvoiceStatus.VOID:
        raise InvalidState(f"{doc_label(invoice)} is void", field="invoiceId")
    mapping = await _mapping(connection, invoice)
    if mapping is None or mapping.state is not MappingState.SYNCED:
        raise InvalidState(
            f"{doc_label(invoice)} is not synced yet; sync it first", field="invoiceId"
        )
    return invoice, connection


async def queue_invoice_update(
    viewer: Viewer, queue: JobQueue, invoice_id: UUID, *, ip: str | None = None
) -> SyncRun:
    """Queue a sparse update of a synced document (refused for paid and void ones)."""
    invoice, connection = await _synced_invoice(viewer, invoice_id)
    return await _queue(
        viewer,
        queue,
        connection,
        kind=SyncKind.UPDATE_INVOICE,
        job=UPDATE_INVOICE_JOB,
        args=(str(invoice.id),),
        what=f"Update of {doc_label(invoice)}",
        ip=ip,
    )


async def queue_invoice_void(
    viewer: Viewer, queue: JobQueue, invoice_id: UUID, *, ip: str | None = None
) -> SyncRun:
    """Queue voiding a synced invoice remotely and locally (refused once money was received)."""
    invoice, connection = await _synced_invoice(viewer, invoice_id)
    if invoice.amount_paid > 0:
        raise InvalidState(
            f"{doc_label(invoice)} has payments; Paid invoices are read-only", field="invoiceId"
        )
    if invoice.doc_type is DocType.ESTIMATE:
        raise InvalidState("estimates cannot be voided", field="invoiceId")
    return await _queue(
        viewer,
        queue,
        connection,
        kind=SyncKind.VOID_INVOICE,
        job=VOID_INVOICE_JOB,
        args=(str(invoice.id),),
        what=f"Void of {doc_label(invoice)}",
        ip=ip,
    )
