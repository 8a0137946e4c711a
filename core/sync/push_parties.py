"""Customers and items an invoice needs remotely before it can be created there.

Both are matched before they are created: a record already mapped is used as is; one without a
mapping, with an unresolved intent or with an earlier error is looked up remotely (a customer by
name, then by email; an item by code, then name) and adopted when found, so a firm that already
keeps its customers and items in the platform never gets duplicates, and an intent whose answer
was lost is resolved by finding what it created (the platforms keep names and codes unique).
Only the rest are created, in batches, through write intents: customers only while customer
sync is on, items as service items on the configured income account.

Concurrent runs needing the same customer or item: each record is claimed first
(:mod:`core.sync.push_claims`). One another run holds is waited for — that run matches or
creates it and releases it at once — and then the mapping it stored is used; a run never holds
one of these claims while it waits for another, so two runs cannot wait on each other. Every
mapping write is conditional (:mod:`core.sync.intents`), so exactly one remote record is created.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from uuid import UUID

from core.models import Customer, ExternalMapping, Item
from core.models.enums import Entity, MappingState
from core.sync.intents import adopt, mappings_for, open_group, save_outcomes
from core.sync.ports import Capability, ProviderError, RemoteValidation
from core.sync.push_claims import BUSY_CODE, CLAIM_SECONDS
from core.sync.push_context import PushContext, customer_record
from core.sync.records import (
    CustomerQuery,
    CustomerRecord,
    ItemQuery,
    ItemRecord,
    PushOutcome,
    RemoteCustomer,
    RemoteItem,
    RemoteRef,
)

P = TypeVar("P", Customer, Item)
R = TypeVar("R", CustomerRecord, ItemRecord)
Send = Callable[[Sequence[R]], Awaitable[list[PushOutcome]]]

DEPENDENCY_PATIENCE = 2 * CLAIM_SECONDS
"""How long a run waits for a customer or item another run is pushing before giving up on it
(the other run renews its claim while it works, and a dead run's claim expires sooner)."""

CUSTOMER_SYNC_OFF = RemoteValidation(
    "the customer does not exist in the accounting platform and customer sync is turned off",
    code="CUSTOMER_SYNC_OFF",
    hint="Turn customer sync on in the connection settings, or create the customer there first.",
)


class RecordBusy(ProviderError):
    """Another run is pushing the record and did not finish with it in time."""

    code = BUSY_CODE


@dataclass(slots=True)
class Resolved:
    """Remote ids of the records that exist remotely, and why the others do not."""

    remote_ids: dict[UUID, str] = field(default_factory=dict)
    errors: dict[UUID, ProviderError] = field(default_factory=dict)
    matched: set[UUID] = field(default_factory=set)
    warnings: dict[UUID, tuple[str, ...]] = field(default_factory=dict)

    def take(self, local_id: UUID, outcome: PushOutcome) -> None:
        """Collect the stored outcome of one record."""
        if outcome.ref is not None:
            self.remote_ids[local_id] = outcome.ref.id
            self.warnings[local_id] = outcome.warnings
        elif outcome.error is not None:
            self.errors[local_id] = outcome.error


@dataclass(frozen=True, slots=True)
class _Kind(Generic[P, R]):
    """How customers, or items, are looked up, built and created."""

    entity: Entity
    noun: str
    find: Callable[
        [PushContext, Sequence[P]], Awaitable[Sequence[RemoteCustomer | RemoteItem | None]]
    ]
    record: Callable[[PushContext, P, str], R]
    send: Callable[[PushContext], Send[R]]
    refusal: Callable[[PushContext], ProviderError | None]


def _chunks(values: Sequence[P], size: int) -> list[Sequence[P]]:
    return [values[start : start + size] for start in range(0, len(values), max(size, 1))]


async def _find_customers(
    ctx: PushContext, customers: Sequence[Customer]
) -> Sequence[RemoteCustomer | None]:
    # All together, so the platform can answer in as few calls as it can.
    return await ctx.session.find_customers([CustomerQuery(c.name, c.email) for c in customers])


async def _find_items(ctx: PushContext, items: Sequence[Item]) -> Sequence[RemoteItem | None]:
    return await ctx.session.find_items([ItemQuery(i.name, i.sku) for i in items])


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


CUSTOMERS: _Kind[Customer, CustomerRecord] = _Kind(
    Entity.CUSTOMER,
    "Customer",
    _find_customers,
    lambda ctx, customer, key: customer_record(customer, key),
    lambda ctx: ctx.session.create_customers,
    lambda ctx: None if ctx.settings.sync_customers else CUSTOMER_SYNC_OFF,
)
ITEMS: _Kind[Item, ItemRecord] = _Kind(
    Entity.ITEM,
    "Item",
    _find_items,
    _item_record,
    lambda ctx: ctx.session.create_items,
    lambda ctx: None,
)


async def ensure_customers(ctx: PushContext, customers: Sequence[Customer]) -> Resolved:
    """Make sure each customer exists remotely: mapped, matched and adopted, or created."""
    return await _ensure(ctx, CUSTOMERS, customers)


async def ensure_items(ctx: PushContext, items: Sequence[Item]) -> Resolved:
    """Make sure each item exists remotely: mapped, matched and adopted, or created."""
    return await _ensure(ctx, ITEMS, items)


def _synced_id(mapping: ExternalMapping | None) -> str | None:
    if mapping is not None and mapping.state is MappingState.SYNCED and mapping.remote_id:
        return mapping.remote_id
    return None


async def _ensure(ctx: PushContext, kind: _Kind[P, R], records: Sequence[P]) -> Resolved:
    resolved = Resolved()
    waiting = {record.id: record for record in records}
    deadline = time.monotonic() + DEPENDENCY_PATIENCE
    while waiting:
        existing = await mappings_for(ctx.scope, [kind.entity], waiting)
        for local_id, mapping in existing.items():
            remote_id = _synced_id(mapping)
            if remote_id is not None:
                resolved.remote_ids[local_id] = remote_id
                del waiting[local_id]
        if not waiting:
            break
        held = await ctx.claims.take(waiting)
        if held:
            mine = [record for local_id, record in waiting.items() if local_id in held]
            try:
                await _resolve_held(ctx, kind, mine, resolved)
            finally:
                # Released at once: a run waiting for them can go on while this one does.
                await ctx.claims.release(held)
            for record in mine:
                del waiting[record.id]
        elif time.monotonic() >= deadline:
            for local_id in waiting:
                resolved.errors[local_id] = RecordBusy(
                    f"another sync run is still pushing this {kind.noun.lower()}",
                    hint="Sync again once that run has finished.",
                )
            break
        else:
            await ctx.claims.pause()
    return resolved


async def _resolve_held(
    ctx: PushContext, kind: _Kind[P, R], records: Sequence[P], resolved: Resolved
) -> None:
    """Resolve records this run holds: read again now that they are ours, match, create."""
    existing = await mappings_for(ctx.scope, [kind.entity], [r.id for r in records])
    unresolved: list[P] = []
    for record in records:
        remote_id = _synced_id(existing.get(record.id))
        if remote_id is not None:
            resolved.remote_ids[record.id] = remote_id
        else:
            unresolved.append(record)
    # A pending intent may have been created remotely before its answer was lost, and an
    # earlier error may have been fixed there by hand: look before creating, every time.
    found_all = await kind.find(ctx, unresolved) if unresolved else []
    missing: list[P] = []
    refusal = kind.refusal(ctx)
    for record, found in zip(unresolved, found_all, strict=True):
        if found is not None:
            await _adopt_found(ctx, kind, resolved, record, found, existing)
        elif refusal is not None:
            resolved.errors[record.id] = refusal
        else:
            missing.append(record)
    if Capability.REQUEST_QUEUE in ctx.session.capabilities:
        # The platform answers later and its answers are recorded per request: an intent still
        # PENDING is asked again under its own key, which reads the recorded answer (or keeps
        # waiting for it). A look-up here cannot stand in for that answer: it may itself have
        # been answered before the create was.
        replay = [r for r in missing if _pending(existing.get(r.id))]
        missing = [r for r in missing if not _pending(existing.get(r.id))]
        for chunk in _chunks(replay, ctx.session.max_batch):
            await _send(ctx, kind, chunk, [existing[r.id] for r in chunk], resolved)
    for chunk in _chunks(missing, ctx.session.max_batch):
        await _create(ctx, kind, chunk, existing, resolved)


def _pending(mapping: ExternalMapping | None) -> bool:
    return mapping is not None and mapping.state is MappingState.PENDING


def _remote_name(found: RemoteCustomer | RemoteItem) -> str:
    return found.display_name if isinstance(found, RemoteCustomer) else found.name


async def _adopt_found(
    ctx: PushContext,
    kind: _Kind[P, R],
    resolved: Resolved,
    record: P,
    found: RemoteCustomer | RemoteItem,
    existing: dict[UUID, ExternalMapping],
) -> None:
    """Link a local record to the one found remotely (through its mapping, if any)."""
    ref = RemoteRef(found.id, None, found.version)
    row = await adopt(ctx.scope, kind.entity, record.id, ref, existing.get(record.id))
    if row is None:
        await _settled_elsewhere(ctx, kind, resolved, record.id)
        return
    resolved.remote_ids[record.id] = ref.id
    resolved.matched.add(record.id)
    noun = kind.noun
    await ctx.audit(
        action=f"{noun.lower()}.matched",
        subject_type=noun,
        subject_id=record.id,
        description=f"{noun} {record.name} matched to the existing {noun.lower()} "
        f"{_remote_name(found)} in {ctx.platform} by {ctx.actor_name}",
    )


async def _settled_elsewhere(
    ctx: PushContext, kind: _Kind[P, R], resolved: Resolved, local_id: UUID
) -> None:
    """A mapping another writer changed first: use it if it is synced, else wait no longer."""
    mapping = (await mappings_for(ctx.scope, [kind.entity], [local_id])).get(local_id)
    remote_id = _synced_id(mapping)
    if remote_id is not None:
        resolved.remote_ids[local_id] = remote_id
    else:
        resolved.errors[local_id] = RecordBusy(
            f"another sync run is pushing this {kind.noun.lower()}",
            hint="Sync again once that run has finished.",
        )


async def _create(
    ctx: PushContext,
    kind: _Kind[P, R],
    chunk: Sequence[P],
    existing: dict[UUID, ExternalMapping],
    resolved: Resolved,
) -> None:
    """Create one batch of records known not to exist remotely, through write intents."""
    intents = await open_group(ctx.scope, [(kind.entity, r.id) for r in chunk], existing)
    joined = {m.local_id for m in intents}
    for record in chunk:
        if record.id not in joined:
            await _settled_elsewhere(ctx, kind, resolved, record.id)
    if not intents:
        return
    by_id = {record.id: record for record in chunk}
    await _send(ctx, kind, [by_id[m.local_id] for m in intents], intents, resolved)


async def _send(
    ctx: PushContext,
    kind: _Kind[P, R],
    sent: Sequence[P],
    intents: Sequence[ExternalMapping],
    resolved: Resolved,
) -> None:
    """Send the records of these intents under their keys and store the answers."""
    built = [kind.record(ctx, r, m.idempotency_key) for r, m in zip(sent, intents, strict=True)]
    # A raised error (no answer) leaves every intent PENDING with its key; the next lookup
    # finds what the platform created before the answer was lost.
    outcomes = await kind.send(ctx)(built)
    stored = await save_outcomes(list(zip(intents, outcomes, strict=True)))
    for record, outcome, ok in zip(sent, outcomes, stored, strict=True):
        if not ok:
            await _settled_elsewhere(ctx, kind, resolved, record.id)
            continue
        resolved.take(record.id, outcome)
        if outcome.ok:
            await ctx.audit(
                action=f"{kind.noun.lower()}.pushed",
                subject_type=kind.noun,
                subject_id=record.id,
                description=f"{kind.noun} {record.name} created in {ctx.platform} "
                f"by {ctx.actor_name}",
            )
