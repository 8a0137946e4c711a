"""Webhook notices: checking and storing them, and applying them to the local books.

The receiver only verifies, records and queues (see ``graph/webhook_routes.py``); the company's
webhook job (:mod:`core.sync.webhook_runs`) applies the notices in a WEBHOOK run per connected
firm. A payment moves its invoices to PARTIAL or PAID (the payments pull's code, so a replay is
a no-op), a voided or deleted invoice becomes VOID, a renamed customer gets its new name.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from core.models import Customer, Invoice
from core.models.enums import (
    Entity,
    InvoiceStatus,
)
from core.sync.pull import pull_payments_in
from core.sync.pull_apply import apply_remote_payment, reverse_remote_payment
from core.sync.pull_context import PullContext
from core.sync.records import (
    ChangeDelivery,
    ChangeNotice,
    ChangeOperation,
    RemoteCustomer,
    RemoteDocStatus,
    RemoteInvoice,
)

logger = logging.getLogger("ledgersync.webhooks")

HANDLED = ("Payment", "Invoice", "Customer")
GONE = (ChangeOperation.DELETE, ChangeOperation.VOID)
#: The longest company or record id kept (``Connection.remote_company_id`` and
#: ``SyncRunItem.remote_id`` hold 128 characters); no platform's ids come near it.
MAX_REMOTE_ID = 128
MAX_ENTITY = 64
MAX_EVENT_ID = 255


def check_delivery(delivery: ChangeDelivery) -> None:
    """Raise ValueError, naming the notice and the id, when a notice's ids cannot be stored."""
    for n, notice in enumerate(delivery.notices):
        limits = (
            ("company id", notice.remote_company_id, MAX_REMOTE_ID),
            ("record id", notice.remote_id, MAX_REMOTE_ID),
            ("deleted record id", notice.deleted_id or "", MAX_REMOTE_ID),
            ("entity name", notice.entity, MAX_ENTITY),
            ("event id", notice.event_id, MAX_EVENT_ID),
        )
        for what, value, limit in limits:
            if len(value) > limit:
                raise ValueError(
                    f"notice {n}: the {what} is {len(value)} characters long; "
                    f"at most {limit} are accepted"
                )


def notices_to_json(notices: tuple[ChangeNotice, ...]) -> list[object]:
    """The notices as stored on the WebhookDelivery row (ids only, never secrets)."""
    return [
        {
            "entity": n.entity,
            "remote_id": n.remote_id,
            "operation": n.operation.value,
            "remote_company_id": n.remote_company_id,
            "event_id": n.event_id,
            "occurred_at": n.occurred_at.isoformat() if n.occurred_at else None,
        }
        for n in notices
    ]


def notices_from_json(payload: object) -> list[ChangeNotice]:
    """Rebuild the notices stored by :func:`notices_to_json`."""
    notices: list[ChangeNotice] = []
    for raw in payload if isinstance(payload, list) else []:
        notice = _notice_from_json(raw)
        if notice is not None:
            notices.append(notice)
    return notices


def _notice_from_json(raw: object) -> ChangeNotice | None:
    """One stored notice; None for an entry that is not one (never raise in the job)."""
    if not isinstance(raw, dict):
        return None
    stamp = raw.get("occurred_at")
    try:
        return ChangeNotice(
            entity=str(raw["entity"]),
            remote_id=str(raw["remote_id"]),
            operation=ChangeOperation(str(raw["operation"])),
            remote_company_id=str(raw["remote_company_id"]),
            event_id=str(raw["event_id"]),
            occurred_at=datetime.fromisoformat(stamp) if isinstance(stamp, str) else None,
        )
    except (KeyError, ValueError):
        return None


async def apply_notices(ctx: PullContext, notices: list[ChangeNotice]) -> None:
    """Fetch and apply the changed payments, invoices and customers of one company."""
    if not ctx.settings.sync_enabled:
        for notice in notices:
            await _skip(ctx, notice, "sync is turned off in the connection settings")
        return
    await _payments(ctx, [n for n in notices if n.entity == "Payment"])
    await _invoices(ctx, [n for n in notices if n.entity == "Invoice"])
    await _customers(ctx, [n for n in notices if n.entity == "Customer"])


_ENTITY = {"Payment": Entity.PAYMENT, "Invoice": Entity.INVOICE, "Customer": Entity.CUSTOMER}


async def _skip(ctx: PullContext, notice: ChangeNotice, message: str) -> None:
    await ctx.reporter.record_skipped(
        entity=_ENTITY[notice.entity],
        local_id=None,
        remote_id=notice.remote_id,
        label=f"{notice.entity} {notice.remote_id}",
        message=message,
    )


async def _payments(ctx: PullContext, notices: list[ChangeNotice]) -> None:
    if not notices:
        return
    if not ctx.settings.sync_payments:
        for notice in notices:
            await _skip(ctx, notice, "payment sync is turned off in the connection settings")
        return
    ids = list(dict.fromkeys(n.remote_id for n in notices))
    found = {p.id: p for p in await ctx.session.read_payments(ids)}
    for remote_id in ids:
        payment = found.get(remote_id)
        if payment is None:
            await reverse_remote_payment(ctx, remote_id, f"deleted in {ctx.platform}")
        else:
            await apply_remote_payment(ctx, payment)


def _first_per_record(notices: list[ChangeNotice]) -> dict[str, ChangeNotice]:
    """One notice per remote record (a delivery may report the same record twice)."""
    first: dict[str, ChangeNotice] = {}
    for notice in notices:
        first.setdefault(notice.remote_id, notice)
    return first


async def _invoices(ctx: PullContext, notices: list[ChangeNotice]) -> None:
    if not notices:
        return
    by_id = _first_per_record(notices)
    found = {i.id: i for i in await ctx.session.read_invoices(list(by_id))}
    paid: list[ChangeNotice] = []
    for remote_id, notice in by_id.items():
        remote = found.get(remote_id)
        if remote is None and notice.operation in GONE:
            await _void_local(ctx, notice, f"deleted in {ctx.platform}")
        elif remote is not None and remote.status is RemoteDocStatus.VOID:
            await _void_local(ctx, notice, f"voided in {ctx.platform}")
        elif remote is not None and await _paid_remotely(ctx, remote):
            paid.append(notice)
        else:
            await _skip(ctx, notice, "updated remotely; only voids are applied from notifications")
    if paid:
        await _pull_payments_for(ctx, paid)


async def _paid_remotely(ctx: PullContext, remote: RemoteInvoice) -> bool:
    """Whether the remote invoice has been paid more than the linked local one.

    Some platforms (Xero) send no payment notifications, only an invoice update whose amount
    paid changed: that is the sign to pull the payments.
    """
    mapping = await ctx.mapping_of_remote(Entity.INVOICE, remote.id)
    if mapping is None:
        return False
    invoice = await Invoice.get_or_none(id=mapping.local_id, firm_id=ctx.firm_id)
    if invoice is None or invoice.status is InvoiceStatus.VOID:
        return False
    return remote.total - remote.balance > invoice.amount_paid


async def _pull_payments_for(ctx: PullContext, notices: list[ChangeNotice]) -> None:
    """Apply the payments changed since the checkpoint: the ones these invoices received."""
    if not ctx.settings.sync_payments:
        for notice in notices:
            await _skip(ctx, notice, "paid remotely, but payment sync is turned off")
        return
    await pull_payments_in(ctx)


async def _void_local(ctx: PullContext, notice: ChangeNotice, why: str) -> None:
    mapping = await ctx.mapping_of_remote(Entity.INVOICE, notice.remote_id)
    invoice = (
        await Invoice.get_or_none(id=mapping.local_id, firm_id=ctx.firm_id) if mapping else None
    )
    if invoice is None:
        await _skip(ctx, notice, f"{why}, but it is not linked to an invoice here")
        return
    label = f"Invoice {invoice.number}"
    if invoice.status is InvoiceStatus.VOID:
        await _skip(ctx, notice, f"{why}; already VOID here")
        return
    async with in_transaction():
        invoice.status = InvoiceStatus.VOID
        invoice.voided_at = datetime.now(UTC)
        await invoice.save(update_fields=["status", "voided_at", "updated_at"])
        await ctx.audit(
            action="invoice.voided",
            subject_type="Invoice",
            subject_id=invoice.id,
            description=f"Invoice {invoice.number} {why} — marked VOID",
        )
    warning = None
    if invoice.amount_paid > 0:
        warning = (
            f"{invoice.amount_paid} {invoice.currency} was paid on it here; review those payments"
        )
    await ctx.reporter.record_synced(
        entity=Entity.INVOICE,
        local_id=invoice.id,
        remote_id=notice.remote_id,
        label=label,
        action="VOIDED",
        warning=warning,
    )


async def _customers(ctx: PullContext, notices: list[ChangeNotice]) -> None:
    if not notices:
        return
    by_id = _first_per_record(notices)
    found = {c.id: c for c in await ctx.session.read_customers(list(by_id))}
    for remote_id, notice in by_id.items():
        remote = found.get(remote_id)
        if remote is None:
            await _skip(ctx, notice, f"not found or inactive in {ctx.platform}")
        else:
            await _rename(ctx, notice, remote)


async def _rename(ctx: PullContext, notice: ChangeNotice, remote: RemoteCustomer) -> None:
    mapping = await ctx.mapping_of_remote(Entity.CUSTOMER, remote.id)
    local = (
        await Customer.get_or_none(id=mapping.local_id, firm_id=ctx.firm_id) if mapping else None
    )
    if local is None or mapping is None:
        await _skip(
            ctx, notice, "not linked to a customer here; run importCustomers to bring it in"
        )
        return
    new_name = remote.display_name[:500]
    if local.name == new_name:
        await _skip(ctx, notice, "no name change to apply")
        return
    clash = (
        await Customer.filter(firm_id=ctx.firm_id, active=True, name__iexact=new_name)
        .exclude(id=local.id)
        .exists()
    )
    if clash:
        await ctx.reporter.record_failed(
            entity=Entity.CUSTOMER,
            local_id=local.id,
            label=f"Customer {local.name}",
            error_code="DUPLICATE_NAME",
            message=f'renamed to "{new_name}" in {ctx.platform}, but another customer here '
            "already has that name",
            hint="Rename or deactivate the other customer here, then import customers again.",
        )
        return
    old = local.name
    async with in_transaction():
        local.name = new_name
        await local.save(update_fields=["name", "updated_at"])
        mapping.remote_version = remote.version
        await mapping.save(update_fields=["remote_version", "updated_at"])
        await ctx.audit(
            action="customer.renamed",
            subject_type="Customer",
            subject_id=local.id,
            description=f"Customer {old} renamed to {new_name} in {ctx.platform}",
        )
    await ctx.reporter.record_synced(
        entity=Entity.CUSTOMER,
        local_id=local.id,
        remote_id=remote.id,
        label=f"Customer {new_name}",
        action="RENAMED",
    )
