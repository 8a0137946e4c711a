"""Durable write intents: the ExternalMapping rows that make remote creates exactly-once.

Before a create is sent, each record gets a mapping in state PENDING whose idempotency key is
``<group>-<n>``: one group id per remote batch, ``n`` the record's place in it. The intent is
committed before the call, so after any crash the next run finds it and sends the *same* group
again (same records, same keys, same order); the provider derives its request id from those keys,
and the platform replays its first answer instead of creating a second copy.

Resolution after an answer:
- created → SYNCED with the remote id, number and version;
- refused on its content (RemoteValidation) → ERROR with the error and a *new* key, so the
  corrected record is a new request next time;
- not processed although the batch was answered (throttled or missing inside the answer) →
  PENDING with a new key: replaying this group would only replay the same refusal.
When no answer arrived at all (timeout, dropped response, crash) nothing is resolved: the intent
stays PENDING with its key and the next run replays it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

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


def new_group() -> str:
    """A fresh batch group id."""
    return uuid.uuid4().hex[:GROUP_LENGTH]


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
    """Every PENDING mapping of one batch group, in batch order."""
    rows = await ExternalMapping.filter(
        firm_id=scope.firm_id,
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


async def open_group(
    scope: MappingScope,
    members: Sequence[tuple[Entity, UUID]],
    existing: dict[UUID, ExternalMapping],
) -> list[ExternalMapping]:
    """Commit PENDING intents for a new batch group, one per record in order.

    A record with an ERROR mapping (or a PENDING one whose key was released) is moved into the
    new group; a record without a mapping gets one. All rows commit together, before the call.
    """
    group = new_group()
    rows: list[ExternalMapping] = []
    async with in_transaction():
        for position, (entity, local_id) in enumerate(members):
            key = intent_key(group, position)
            row = existing.get(local_id)
            if row is None:
                row = await ExternalMapping.create(
                    firm_id=scope.firm_id,
                    provider=scope.provider,
                    remote_company_id=scope.remote_company_id,
                    entity=entity,
                    local_id=local_id,
                    state=MappingState.PENDING,
                    idempotency_key=key,
                )
            else:
                row.entity = entity
                row.state = MappingState.PENDING
                row.idempotency_key = key
                await row.save(update_fields=["entity", "state", "idempotency_key", "updated_at"])
            rows.append(row)
    return rows


async def adopt(
    scope: MappingScope,
    entity: Entity,
    local_id: UUID,
    ref: RemoteRef,
    existing: ExternalMapping | None,
) -> ExternalMapping:
    """Link a local record to a remote one that already exists (no create was sent)."""
    if existing is None:
        existing = ExternalMapping(
            firm_id=scope.firm_id,
            provider=scope.provider,
            remote_company_id=scope.remote_company_id,
            entity=entity,
            local_id=local_id,
            idempotency_key=intent_key(new_group(), 0),
        )
    mark_synced(existing, ref)
    await existing.save()
    return existing


def mark_synced(mapping: ExternalMapping, ref: RemoteRef) -> None:
    """Set a mapping SYNCED with the remote reference (not saved)."""
    mapping.state = MappingState.SYNCED
    mapping.remote_id = ref.id
    mapping.remote_number = ref.number
    mapping.remote_version = ref.version
    mapping.last_error = None  # type: ignore[assignment]
    mapping.last_error_code = None
    mapping.last_synced_at = datetime.now(UTC)


def apply_outcome(mapping: ExternalMapping, outcome: PushOutcome) -> None:
    """Resolve an intent from an answered request (not saved; see the module docstring)."""
    if outcome.ref is not None:
        mark_synced(mapping, outcome.ref)
        return
    error = outcome.error
    assert error is not None  # a PushOutcome holds a ref or an error
    mapping.last_error = error.message
    mapping.last_error_code = error.code
    mapping.idempotency_key = intent_key(new_group(), 0)
    if isinstance(error, RemoteValidation):
        mapping.state = MappingState.ERROR
    # Anything else was not processed (throttled or missing inside an answered batch): the
    # record stays PENDING, under a new key because this group's answer is now fixed.


async def save_outcomes(
    pairs: Sequence[tuple[ExternalMapping, PushOutcome]],
) -> None:
    """Resolve a whole answered group in one transaction (all of it or none of it)."""
    async with in_transaction():
        for mapping, outcome in pairs:
            apply_outcome(mapping, outcome)
            await mapping.save()
