"""A record's sync status, derived from its mapping to the firm's current remote company."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from core.models import Connection, ExternalMapping, SyncRunItem
from core.models.enums import ConnectionStatus, Entity, ItemOutcome, MappingState, SyncStatus


@dataclass(frozen=True, slots=True)
class SyncState:
    """What users see of a record's sync: status, remote id/number and the last error."""

    status: SyncStatus
    remote_id: str | None = None
    remote_number: str | None = None
    last_synced_at: datetime | None = None
    last_error: str | None = None
    last_error_code: str | None = None
    last_error_hint: str | None = None


NOT_SYNCED = SyncState(status=SyncStatus.NOT_SYNCED)

_STATE_COLUMNS = (
    "local_id",
    "state",
    "remote_id",
    "remote_number",
    "last_synced_at",
    "last_error",
    "last_error_code",
)

_FROM_STATE = {
    MappingState.SYNCED: SyncStatus.SYNCED,
    MappingState.PENDING: SyncStatus.PENDING,
    MappingState.ERROR: SyncStatus.ERROR,
}


def _current_connection(firm_id: UUID) -> QuerySet[Connection]:
    """The firm's newest connection that is not revoked and names a remote company."""
    return (
        Connection.filter(firm_id=firm_id, remote_company_id__isnull=False)
        .exclude(status=ConnectionStatus.REVOKED)
        .order_by("-created_at", "-id")
        .limit(1)
    )


async def current_company(firm_id: UUID) -> tuple[str, str] | None:
    """(provider, remote company id) of the firm's newest connection that is not revoked."""
    connection = await _current_connection(firm_id).first()
    if connection is None or connection.remote_company_id is None:
        return None
    return connection.provider.value, connection.remote_company_id


async def sync_states(
    firm_id: UUID, entities: Sequence[Entity], local_ids: Sequence[UUID]
) -> dict[UUID, SyncState]:
    """Sync states of many records at once, in one query whatever the count.

    The current company is a subquery of that query; without one, no mapping matches.
    """
    if not local_ids:
        return {}
    current = _current_connection(firm_id)
    rows = await ExternalMapping.filter(
        firm_id=firm_id,
        provider=Subquery(current.values("provider")),
        remote_company_id=Subquery(current.values("remote_company_id")),
        entity__in=list(entities),
        local_id__in=list(local_ids),
    ).values(*_STATE_COLUMNS)
    # Plain rows, not models: a page asks for up to 200 of them at once.
    errors = [row["local_id"] for row in rows if MappingState(row["state"]) is MappingState.ERROR]
    hints = await _failure_hints(firm_id, errors)
    return {
        row["local_id"]: SyncState(
            status=_FROM_STATE[MappingState(row["state"])],
            remote_id=row["remote_id"],
            remote_number=row["remote_number"],
            last_synced_at=row["last_synced_at"],
            last_error=row["last_error"],
            last_error_code=row["last_error_code"],
            last_error_hint=hints.get(row["local_id"]),
        )
        for row in rows
    }


async def _failure_hints(firm_id: UUID, local_ids: Sequence[UUID]) -> dict[UUID, str]:
    """The hint of each record's newest failed run item (one query, none without errors).

    Mappings keep the last error and its code; what to do about it lives on the run item that
    recorded the failure.
    """
    if not local_ids:
        return {}
    rows = (
        await SyncRunItem.filter(
            run__firm_id=firm_id, local_id__in=list(local_ids), outcome=ItemOutcome.FAILED
        )
        .order_by("-id")
        .values("local_id", "hint")
    )
    hints: dict[UUID, str] = {}
    for row in rows:
        local_id = row["local_id"]
        if local_id not in hints and row["hint"]:
            hints[local_id] = row["hint"]
    return hints
