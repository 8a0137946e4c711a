"""The SyncInfo type shown on invoices and customers, loaded in batches per request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader

from core.models.enums import Entity, SyncStatus
from core.services.sync_status import NOT_SYNCED, SyncState, sync_states
from graph.context import Info

strawberry.enum(SyncStatus, description="Whether a record is in step with the accounting platform.")


@strawberry.type(description="A record's sync with the connected accounting platform.")
class SyncInfo:
    """Status, remote identity and the last error of one record."""

    status: SyncStatus
    remote_id: str | None = strawberry.field(description="The record's id in the platform.")
    remote_number: str | None = strawberry.field(
        description="The document number in the platform (invoices)."
    )
    last_synced_at: datetime | None
    last_error: str | None = strawberry.field(description="Why the last attempt failed.")
    last_error_code: str | None
    last_error_hint: str | None = strawberry.field(
        description="What to do about the last failure (the hint of the run item that "
        "recorded it), when there is one."
    )

    @classmethod
    def from_state(cls, state: SyncState) -> SyncInfo:
        """Build from the core value."""
        return cls(
            status=state.status,
            remote_id=state.remote_id,
            remote_number=state.remote_number,
            last_synced_at=state.last_synced_at,
            last_error=state.last_error,
            last_error_code=state.last_error_code,
            last_error_hint=state.last_error_hint,
        )


async def _load(
    firm_id: UUID, entities: tuple[Entity, ...], keys: Sequence[UUID]
) -> list[SyncInfo]:
    states = await sync_states(firm_id, entities, keys)
    return [SyncInfo.from_state(states.get(key, NOT_SYNCED)) for key in keys]


def sync_info_loader(info: Info, *entities: Entity) -> DataLoader[UUID, SyncInfo]:
    """The request's loader of SyncInfo for records of the given entities."""
    firm_id = info.context.require_viewer().firm_id

    def build() -> DataLoader[UUID, SyncInfo]:
        return DataLoader(load_fn=partial(_load, firm_id, entities))

    return info.context.loaders.get(build, key=("sync_info", firm_id, entities))
