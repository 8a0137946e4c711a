"""Durable write intents: the ExternalMapping rows that make remote creates exactly-once.

Before a create is sent, each record gets a mapping in state PENDING whose idempotency key is
``<group>-<n>``: one group id per remote batch, ``n`` the record's place in it. The intent is
committed before the call, so after any crash the next run finds it and sends the *same* group
again (same records, same keys, same order); the provider derives its request id from those keys,
and the platform replays its first answer instead of creating a second copy.

The membership of a group is durable: it is the set of PENDING mappings carrying its keys, and
nothing resolves or re-keys one member of an unanswered group on its own. A replay therefore
sends every member, even those its run was not asked for or would not send today (a setting
changed, a date window moved): any other set would carry another request id and be written a
second time.

Resolution after an answer:
- created → SYNCED with the remote id, number and version;
- refused on its content (RemoteValidation) → ERROR with the error and a *new* key, so the
  corrected record is a new request next time;
- not processed although the batch was answered (throttled or missing inside the answer) →
  PENDING with a new key: replaying this group would only replay the same refusal.
When no answer arrived at all (timeout, dropped response, crash) nothing is resolved: the intent
stays PENDING with its key and the next run replays it.

Every write here is conditional (a compare-and-swap on state and key): an answer is stored only
over the intent it belongs to, a record joins a group only while its mapping is as it was read,
and a mapping is created only if no other run created it first. Runs overlapping on the same
records (see :mod:`core.sync.push_claims`) therefore never overwrite each other's outcomes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.models import ExternalMapping
from core.models.enums import Entity, MappingState, Provider
from core.sync.ports import RemoteValidation
from core.sync.records import PushOutcome, RemoteRef

GROUP_LENGTH = 24


@dataclass(frozen=True, slots=True)
class MappingScope:
    """Which remote company mappings belong to (they outlive a connection)."""

    firm_id: UUID
    provider: Provider
    remote_company_id: str


SINGLE_MARK = "s"
"""The first character of a group sent as one single-request create (hex ids never start so):
the way a group was sent is part of its durable key, so a replay sends it the same way."""


def new_group(*, single: bool = False) -> str:
    """A fresh batch group id (``single``: one record sent as a single request, not a batch)."""
    hexa = uuid.uuid4().hex
    return SINGLE_MARK + hexa[: GROUP_LENGTH - 1] if single else hexa[:GROUP_LENGTH]


def is_single(key: str) -> bool:
    """Whether the record with this key was sent in a single request rather than a batch."""
    return group_of(key)[0].startswith(SINGLE_MARK)


def intent_key(group: str, position: int) -> str:
    """The idempotency key of the record at ``position`` in batch ``group``."""
    return f"{group}-{position}"


def group_of(key: str) -> tuple[str, int]:
    """Split a key into its group and position (a key without a position is its own group)."""
    group, _, position = key.rpartition("-")
    if not group or not position.isdigit():
        return key, 0
    return group, int(position)


async def mappings_for(
    scope: MappingScope, entities: Sequence[Entity], local_ids: Iterable[UUID]
) -> dict[UUID, ExternalMapping]:
    """The mappings of these local records in the scope's remote company."""
    ids = list(set(local_ids))
    if not ids:
        return {}
    rows = await ExternalMapping.filter(
        firm_id=scope.firm_id,
        provider=scope.provider,
        remote_company_id=scope.remote_company_id,
        entity__in=list(entities),
        local_id__in=ids,
    )
    return {row.local_id: row for row in rows}


async def group_members(scope: MappingScope, group: str) -> list[ExternalMapping]:
    """Every PENDING mapping of one batch group, in batch order: the group's durable membership.

    Nothing resolves one member of an unanswered group on its own, so while the group waits for
    its answer these are exactly the records it was first sent with.
    """
    rows = await ExternalMapping.filter(
        firm_id=scope.firm_id,
        provider=scope.provider,
        remote_company_id=scope.remote_company_id,
        state=MappingState.PENDING,
        idempotency_key__startswith=f"{group}-",
    )
    return sorted(rows, key=lambda row: group_of(row.idempotency_key)[1])


def pending_groups(mappings: Iterable[ExternalMapping]) -> list[str]:
    """The distinct groups of the PENDING mappings given, oldest first."""
    pending = sorted(
        (m for m in mappings if m.state is MappingState.PENDING), key=lambda m: m.created_at
    )
    groups: list[str] = []
    for mapping in pending:
        group = group_of(mapping.idempotency_key)[0]
        if group not in groups:
            groups.append(group)
    return groups


def _unchanged(row: ExternalMapping) -> QuerySet[ExternalMapping]:
    """The row, only while it still holds the state and key it was read with."""
    return ExternalMapping.filter(id=row.id, state=row.state, idempotency_key=row.idempotency_key)


def _new_row(
    scope: MappingScope, entity: Entity, local_id: UUID, key: str, **values: object
) -> ExternalMapping:
    return ExternalMapping(
        firm_id=scope.firm_id,
        provider=scope.provider,
        remote_company_id=scope.remote_company_id,
        entity=entity,
        local_id=local_id,
        idempotency_key=key,
        **values,
    )


async def open_group(
    scope: MappingScope,
    members: Sequence[tuple[Entity, UUID]],
    existing: dict[UUID, ExternalMapping],
    *,
    single: bool = False,
) -> list[ExternalMapping]:
    """Commit PENDING intents for a new batch group, one per record in order; return them.

    ``single`` marks the group as sent in a single request (one record): see :func:`is_single`.

    A record with an ERROR mapping (or a PENDING one whose key was released) is moved into the
    new group; a record without a mapping gets one. All rows commit together, before the call.
    Every write is conditional: a row moves only while it is still as it was read (state and
    key), and a new row is inserted only if no other run inserted one first. A record lost that
    way is left out of the group (another run is pushing it): the rows returned are the group.
    """
    if single and len(members) != 1:
        raise ValueError("a single-request group holds exactly one record")
    group = new_group(single=single)
    now = datetime.now(UTC)
    async with in_transaction():
        fresh: list[ExternalMapping] = []
        for position, (entity, local_id) in enumerate(members):
            key = intent_key(group, position)
            row = existing.get(local_id)
            if row is None:
                fresh.append(_new_row(scope, entity, local_id, key, state=MappingState.PENDING))
                continue
            await _unchanged(row).update(
                entity=entity, state=MappingState.PENDING, idempotency_key=key, updated_at=now
            )
        if fresh:
            await ExternalMapping.bulk_create(fresh, ignore_conflicts=True)
    rows = await group_members(scope, group)
    for row in rows:
        existing[row.local_id] = row
    return rows


async def adopt(
    scope: MappingScope,
    entity: Entity,
    local_id: UUID,
    ref: RemoteRef,
    existing: ExternalMapping | None,
) -> ExternalMapping | None:
    """Link a local record to a remote one that already exists (no create was sent).

    Conditional like :func:`open_group`: returns the row as stored, or None when another run
    changed or created the mapping first (it is left as that run stored it).
    """
    synced = _synced_values(ref)
    if existing is None:
        row = _new_row(scope, entity, local_id, intent_key(new_group(), 0), **synced)
        await ExternalMapping.bulk_create([row], ignore_conflicts=True)
        stored = await ExternalMapping.get_or_none(idempotency_key=row.idempotency_key)
        return stored
    if not await _unchanged(existing).update(**synced, updated_at=datetime.now(UTC)):
        return None
    _assign(existing, synced)
    return existing


def _synced_values(ref: RemoteRef) -> dict[str, object]:
    values: dict[str, object] = {
        "state": MappingState.SYNCED,
        "remote_id": ref.id,
        "remote_number": ref.number,
        "remote_version": ref.version,
        "last_error": None,
        "last_error_code": None,
        "last_synced_at": datetime.now(UTC),
    }
    if ref.booked is not None:
        # Kept for reconciliation: what the platform booked, in its currency and at its rate.
        values.update(
            currency=ref.booked.currency,
            exchange_rate=ref.booked.exchange_rate,
            home_total=ref.booked.home_total,
        )
    return values


def _assign(mapping: ExternalMapping, values: dict[str, object]) -> None:
    for name, value in values.items():
        setattr(mapping, name, value)


def outcome_values(outcome: PushOutcome) -> dict[str, object]:
    """What resolving an intent from an answered request writes (see the module docstring)."""
    if outcome.ref is not None:
        return _synced_values(outcome.ref)
    error = outcome.error
    assert error is not None  # a PushOutcome holds a ref or an error
    values: dict[str, object] = {
        "last_error": error.message,
        "last_error_code": error.code,
        "idempotency_key": intent_key(new_group(), 0),
    }
    if isinstance(error, RemoteValidation):
        values["state"] = MappingState.ERROR
    # Anything else was not processed (throttled or missing inside an answered batch): the
    # record stays PENDING, under a new key because this group's answer is now fixed.
    return values


async def resolve(mapping: ExternalMapping, outcome: PushOutcome) -> bool:
    """Resolve one intent from its answer, only if it is still the intent that was sent.

    The write is conditional on the mapping being PENDING under the key it was sent with; False
    (nothing written) when another run resolved or replaced it meanwhile. Its caller then reads
    the mapping again instead of reporting this answer.
    """
    values = outcome_values(outcome)
    sent = ExternalMapping.filter(
        id=mapping.id, state=MappingState.PENDING, idempotency_key=mapping.idempotency_key
    )
    if not await sent.update(**values, updated_at=datetime.now(UTC)):
        return False
    _assign(mapping, values)
    return True


async def save_outcomes(pairs: Sequence[tuple[ExternalMapping, PushOutcome]]) -> list[bool]:
    """Resolve a whole answered group in one transaction; for each intent, whether its answer
    was stored (False: another run resolved it first, see :func:`resolve`)."""
    async with in_transaction():
        return [await resolve(mapping, outcome) for mapping, outcome in pairs]


async def reread(mapping: ExternalMapping) -> ExternalMapping | None:
    """The mapping as it is stored now (None when it was deleted)."""
    return await ExternalMapping.get_or_none(id=mapping.id)
