"""Planning a bulk push inside a platform's daily call cap (Xero: 5,000 calls a day per
organisation).

Before the documents of a push are sent, the calls they need are estimated — one per batch of
``session.max_batch`` documents, plus up to two (find, then create) per customer and per item
not yet synced. When the session says how many calls are left today (the optional
:class:`~core.sync.session.DailyBudget` member) and they cannot cover everything, the leading
documents that fit are pushed and the rest are reported SKIPPED with a message saying so; the
next day's run (or a later sync) picks them up. Sessions without a daily cap plan nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from core.models import ExternalMapping, Invoice
from core.models.enums import Entity, MappingState
from core.sync.intents import mappings_for
from core.sync.push_context import PushContext, doc_entity, doc_label
from core.sync.session import DailyBudget

# Calls kept back for what follows a push in the same day (reads, payment pulls, webhooks).
RESERVE_CALLS = 10
CALLS_PER_NEW_CUSTOMER = 2  # a lookup by name/email, then the create
CALLS_PER_NEW_ITEM = 2  # a lookup, then the create


def calls_needed(count: int, max_batch: int, new_customers: int, new_items: int) -> int:
    """Calls to push ``count`` documents and the customers and items they bring."""
    batches = -(-count // max_batch)
    return batches + CALLS_PER_NEW_CUSTOMER * new_customers + CALLS_PER_NEW_ITEM * new_items


async def within_daily_budget(
    ctx: PushContext, invoices: list[Invoice], mappings: Mapping[UUID, ExternalMapping]
) -> list[Invoice]:
    """The documents whose push fits in today's remaining calls; the rest are recorded as
    SKIPPED ("<platform>'s daily limit would be exceeded: N invoices left for tomorrow").

    Documents of an unanswered batch (PENDING intents) are always kept: only the whole batch,
    resent as it was, replays the platform's answer.
    """
    session = ctx.session
    if not invoices or not isinstance(session, DailyBudget):
        return invoices
    left = await session.calls_remaining_today()
    if left is None:
        return invoices
    replays = [i for i in invoices if _pending(mappings.get(i.id))]
    fresh = [i for i in invoices if not _pending(mappings.get(i.id))]
    budget = left - RESERVE_CALLS - calls_needed(len(replays), session_batch(ctx), 0, 0)
    fitted = await _fitting(ctx, fresh, budget)
    rest = fresh[fitted:]
    for invoice in rest:
        await ctx.reporter.record_skipped(
            entity=doc_entity(invoice),
            local_id=invoice.id,
            label=doc_label(invoice),
            message=f"{ctx.platform}'s daily limit would be exceeded: {len(rest)} "
            f"invoice{'' if len(rest) == 1 else 's'} left for tomorrow",
        )
    return replays + fresh[:fitted]


def _pending(mapping: ExternalMapping | None) -> bool:
    return mapping is not None and mapping.state is MappingState.PENDING


def session_batch(ctx: PushContext) -> int:
    """The most documents one create call carries."""
    return max(ctx.session.max_batch, 1)


async def _fitting(ctx: PushContext, invoices: list[Invoice], budget: int) -> int:
    """How many leading documents the budget covers."""
    customer_ids: list[UUID] = [i.customer_id for i in invoices]  # type: ignore[attr-defined]
    item_ids = [line.item.id for i in invoices for line in i.lines if line.item is not None]
    synced = {
        local_id
        for local_id, mapping in (
            await mappings_for(ctx.scope, [Entity.CUSTOMER, Entity.ITEM], customer_ids + item_ids)
        ).items()
        if mapping.state is MappingState.SYNCED
    }
    customers: set[UUID] = set()
    items: set[UUID] = set()
    fitted = 0
    for count, invoice in enumerate(invoices, start=1):
        customer_id: UUID = invoice.customer_id  # type: ignore[attr-defined]
        if customer_id not in synced:
            customers.add(customer_id)
        items.update(
            line.item.id for line in invoice.lines if line.item and line.item.id not in synced
        )
        if calls_needed(count, session_batch(ctx), len(customers), len(items)) > budget:
            break
        fitted = count
    return fitted
