"""Customers and items an invoice needs remotely before it can be created there.

Customers are matched before they are created: a customer already mapped is used as is; one
without a mapping (or with an unresolved intent) is looked up remotely by name, then by email,
and adopted when found, so a firm that already keeps its customers in the platform never gets
duplicates. Only then are the rest created, in batches, through write intents. Items: unresolved
intents are replayed as their original group; the rest are looked up remotely (by code, then
name) and adopted when found, and only the others are created as service items on the configured
income account.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from uuid import UUID

from core.models import Customer, ExternalMapping, Item
from core.models.enums import Entity, MappingState
from core.sync.intents import (
    adopt,
    group_members,
    mappings_for,
    open_group,
    pending_groups,
    save_outcomes,
)
from core.sync.ports import ProviderError, RemoteValidation
from core.sync.push_context import PushContext, customer_record
from core.sync.records import CustomerQuery, ItemQuery, ItemRecord, PushOutcome, RemoteRef

R = TypeVar("R")
Send = Callable[[Sequence[R]], Awaitable[list[PushOutcome]]]

CUSTOMER_SYNC_OFF = RemoteValidation(
    "the customer does not exist in the accounting platform and customer sync is turned off",
    code="CUSTOMER_SYNC_OFF",
    hint="Turn customer sync on in the connection settings, or create the customer there first.",
)


@dataclass(slots=True)
class Resolved:
    """Remote ids of the records that exist remotely, and why the others do not."""

    remote_ids: dict[UUID, str] = field(default_factory=dict)
    errors: dict[UUID, ProviderError] = field(default_factory=dict)
    matched: set[UUID] = field(default_factory=set)
    warnings: dict[UUID, tuple[str, ...]] = field(default_factory=dict)

    def take(self, mappings: Sequence[ExternalMapping], outcomes: Sequence[PushOutcome]) -> None:
        """Collect the outcome of each record of an answered group."""
        for mapping, outcome in zip(mappings, outcomes, strict=True):
            if outcome.ref is not None:
                self.remote_ids[mapping.local_id] = outcome.ref.id
                self.warnings[mapping.local_id] = outcome.warnings
            elif outcome.error is not None:
                self.errors[mapping.local_id] = outcome.error


def _chunks(values: Sequence[R], size: int) -> list[Sequence[R]]:
    return [values[start : start + size] for start in range(0, len(values), max(size, 1))]


async def send_group(
    mappings: Sequence[ExternalMapping], records: Sequence[R], send: Send[R]
) -> list[PushOutcome]:
    """Send one committed group and resolve its intents together.

    A raised error (no answer) leaves every intent PENDING with its key, to be replayed.
    """
    outcomes = await send(records)
    await save_outcomes(list(zip(mappings, outcomes, strict=True)))
    return outcomes


async def ensure_customers(ctx: PushContext, customers: Sequence[Customer]) -> Resolved:
    """Make sure each customer exists remotely: mapped, matched and adopted, or created."""
    resolved = Resolved()
    existing = await mappings_for(ctx.scope, [Entity.CUSTOMER], [c.id for c in customers])
    unresolved: list[Customer] = []
    for customer in {c.id: c for c in customers}.values():
        mapping = existing.get(customer.id)
        if mapping is not None and mapping.state is MappingState.SYNCED and mapping.remote_id:
            resolved.remote_ids[customer.id] = mapping.remote_id
        else:
            unresolved.append(customer)
    # A pending intent may have been created remotely before its answer was lost, and an
    # earlier error may have been fixed there by hand: look before creating, every time. All
    # the customers are looked up together, so the platform can answer in as few calls as it can.
    queries = [CustomerQuery(c.name, c.email) for c in unresolved]
    found_all = await ctx.session.find_customers(queries) if queries else []
    missing: list[Customer] = []
    for customer, found in zip(unresolved, found_all, strict=True):
        if found is not None:
            ref = RemoteRef(found.id, None, found.version)
            await _adopt_found(ctx, resolved, Entity.CUSTOMER, customer.id, ref, existing)
            await ctx.audit(
                action="customer.matched",
                subject_type="Customer",
                subject_id=customer.id,
                description=f"Customer {customer.name} matched to the existing customer "
                f"{found.display_name} in {ctx.platform} by {ctx.actor_name}",
            )
        elif not ctx.settings.sync_customers:
            resolved.errors[customer.id] = CUSTOMER_SYNC_OFF
        else:
            missing.append(customer)
    await create_customers(ctx, missing, existing, resolved)
    return resolved


async def _adopt_found(
    ctx: PushContext,
    resolved: Resolved,
    entity: Entity,
    local_id: UUID,
    ref: RemoteRef,
    existing: dict[UUID, ExternalMapping],
) -> None:
    """Link a local record to the one found remotely (through its mapping, if any)."""
    await adopt(ctx.scope, entity, local_id, ref, existing.get(local_id))
    resolved.remote_ids[local_id] = ref.id
    resolved.matched.add(local_id)


async def create_customers(
    ctx: PushContext,
    customers: Sequence[Customer],
    existing: dict[UUID, ExternalMapping],
    resolved: Resolved,
) -> None:
    """Create customers known not to exist remotely, a batch at a time."""
    for chunk in _chunks(customers, ctx.session.max_batch):
        intents = await open_group(ctx.scope, [(Entity.CUSTOMER, c.id) for c in chunk], existing)
        records = [
            customer_record(c, m.idempotency_key) for c, m in zip(chunk, intents, strict=True)
        ]
        outcomes = await send_group(intents, records, ctx.session.create_customers)
        resolved.take(intents, outcomes)
        for customer, outcome in zip(chunk, outcomes, strict=True):
            if outcome.ok:
                await ctx.audit(
                    action="customer.pushed",
                    subject_type="Customer",
                    subject_id=customer.id,
                    description=f"Customer {customer.name} created in {ctx.platform} "
                    f"by {ctx.actor_name}",
                )


def _item_record(ctx: PushContext, item: Item, key: str) -> ItemRecord:
    return ItemRecord(
        local_id=str(item.id),
        name=item.name,
        idempotency_key=key,
        description=item.description,
        unit_price=item.unit_price,
        sku=item.sku,
        active=item.active,
        income_account_remote_id=ctx.settings.income_account_id,
    )


async def ensure_items(ctx: PushContext, items: Sequence[Item]) -> Resolved:
    """Make sure each item exists remotely: mapped, replayed from its intent, or created."""
    resolved = Resolved()
    by_id = {item.id: item for item in items}
    existing = await mappings_for(ctx.scope, [Entity.ITEM], by_id)
    for local_id, mapping in existing.items():
        if mapping.state is MappingState.SYNCED and mapping.remote_id:
            resolved.remote_ids[local_id] = mapping.remote_id
    for group in pending_groups(existing.values()):
        await _replay_items(ctx, group, resolved)
    unresolved = [
        item for item in by_id.values() if item.id not in resolved.remote_ids | resolved.errors
    ]
    existing = await mappings_for(ctx.scope, [Entity.ITEM], [i.id for i in unresolved])
    # An item the firm already keeps in the platform is adopted, not created a second time.
    queries = [ItemQuery(item.name, item.sku) for item in unresolved]
    found_all = await ctx.session.find_items(queries) if queries else []
    missing: list[Item] = []
    for item, found in zip(unresolved, found_all, strict=True):
        if found is None:
            missing.append(item)
            continue
        ref = RemoteRef(found.id, None, found.version)
        await _adopt_found(ctx, resolved, Entity.ITEM, item.id, ref, existing)
        await ctx.audit(
            action="item.matched",
            subject_type="Item",
            subject_id=item.id,
            description=f"Item {item.name} matched to the existing item {found.name} in "
            f"{ctx.platform} by {ctx.actor_name}",
        )
    for chunk in _chunks(missing, ctx.session.max_batch):
        intents = await open_group(ctx.scope, [(Entity.ITEM, i.id) for i in chunk], existing)
        records = [
            _item_record(ctx, i, m.idempotency_key) for i, m in zip(chunk, intents, strict=True)
        ]
        outcomes = await send_group(intents, records, ctx.session.create_items)
        resolved.take(intents, outcomes)
        for item, outcome in zip(chunk, outcomes, strict=True):
            if outcome.ok:
                await ctx.audit(
                    action="item.pushed",
                    subject_type="Item",
                    subject_id=item.id,
                    description=f"Item {item.name} created in {ctx.platform} by {ctx.actor_name}",
                )
    return resolved


async def _replay_items(ctx: PushContext, group: str, resolved: Resolved) -> None:
    members = await group_members(ctx.scope, group)
    items = {
        i.id: i
        for i in await Item.filter(firm_id=ctx.firm_id, id__in=[m.local_id for m in members])
    }
    kept = [m for m in members if m.local_id in items]
    for gone in (m for m in members if m.local_id not in items):
        await gone.delete()  # the local item was deleted: nothing left to create
    records = [_item_record(ctx, items[m.local_id], m.idempotency_key) for m in kept]
    if records:
        resolved.take(kept, await send_group(kept, records, ctx.session.create_items))
