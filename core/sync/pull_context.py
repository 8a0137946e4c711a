"""What every pull operation carries: the run, the session, the connection and its settings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from tortoise.transactions import in_transaction

from core.models import Connection, ExternalMapping
from core.models.enums import ActivitySource, Entity, MappingState
from core.services.activity import record_activity
from core.services.connection_settings import ConnectionSettings
from core.sync.currencies import CurrencyGate
from core.sync.intents import MappingScope
from core.sync.runs import RunReporter
from core.sync.session import ProviderSession

if TYPE_CHECKING:
    from core.sync.pull_page import PageState

DEFAULT_PLATFORM = "the accounting platform"


@dataclass(slots=True)
class PullContext:
    """One pull run's collaborators, built once per run by :func:`pull_context`."""

    reporter: RunReporter
    session: ProviderSession
    connection: Connection
    settings: ConnectionSettings
    scope: MappingScope
    platform: str
    #: The run's currency check (see core.sync.currencies).
    currencies: CurrencyGate
    #: The page of payments being applied, with what it prefetched (None outside a page).
    page: PageState | None = None

    @property
    def firm_id(self) -> UUID:
        """The firm the run belongs to."""
        return self.scope.firm_id

    async def audit(
        self, *, action: str, subject_type: str, subject_id: UUID, description: str
    ) -> None:
        """Record an Activity for a change that came from the accounting platform."""
        await record_activity(
            firm_id=self.firm_id,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            description=description,
            source=ActivitySource.PROVIDER,
        )

    async def mapped_local_ids(self, entity: Entity, remote_ids: list[str]) -> dict[str, UUID]:
        """Remote id → local id for the SYNCED mappings of these remote records."""
        if not remote_ids:
            return {}
        page = self.page
        if entity is Entity.INVOICE and page is not None and page.looked_up.issuperset(remote_ids):
            return {r: page.invoice_ids[r] for r in remote_ids if r in page.invoice_ids}
        rows = await ExternalMapping.filter(
            firm_id=self.firm_id,
            provider=self.scope.provider,
            remote_company_id=self.scope.remote_company_id,
            entity=entity,
            state=MappingState.SYNCED,
            remote_id__in=list(set(remote_ids)),
        ).values_list("remote_id", "local_id")
        return {str(remote): UUID(str(local)) for remote, local in rows}

    async def mapping_of_remote(self, entity: Entity, remote_id: str) -> ExternalMapping | None:
        """The mapping (any state) that links a local record to this remote one."""
        page = self.page
        if entity is Entity.PAYMENT and page is not None and remote_id in page.payments:
            return page.payments[remote_id]
        return await ExternalMapping.get_or_none(
            firm_id=self.firm_id,
            provider=self.scope.provider,
            remote_company_id=self.scope.remote_company_id,
            entity=entity,
            remote_id=remote_id,
        )


def remote_key(ctx: PullContext, entity: Entity, remote_id: str) -> str:
    """A fixed idempotency key for the mapping of a record that came from the platform.

    Derived from the remote record, so two workers importing the same record collide on the
    unique key instead of creating two local copies.
    """
    scope = ctx.scope
    parts = (str(scope.firm_id), scope.provider.value, scope.remote_company_id, entity.value)
    raw = "|".join((*parts, remote_id))
    return "pull-" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def pull_context(
    reporter: RunReporter,
    session: ProviderSession,
    connection: Connection,
    *,
    platform: str = DEFAULT_PLATFORM,
) -> PullContext:
    """Build the context of a pull; the run must belong to the connection's firm."""
    firm_id: UUID = connection.firm_id  # type: ignore[attr-defined]
    if reporter.run.firm_id != firm_id:  # type: ignore[attr-defined]
        raise ValueError("the run and the connection belong to different firms")
    if connection.remote_company_id is None:
        raise ValueError("the connection has no remote company")
    return PullContext(
        reporter=reporter,
        session=session,
        connection=connection,
        settings=ConnectionSettings.from_json(connection.settings),
        scope=MappingScope(firm_id, connection.provider, connection.remote_company_id),
        platform=platform,
        currencies=CurrencyGate(session, connection, platform),
    )


async def save_checkpoint(connection_id: UUID, key: str, value: str) -> None:
    """Store one engine checkpoint in ``Connection.sync_state`` without touching the others.

    The row is locked and re-read so concurrent writers of other keys are never overwritten.
    """
    async with in_transaction():
        row = await Connection.filter(id=connection_id).select_for_update().get()
        state = dict(row.sync_state or {})
        state[key] = value
        row.sync_state = state
        await row.save(update_fields=["sync_state", "updated_at"])


def parse_checkpoint(value: object) -> datetime | None:
    """A stored checkpoint as an aware datetime (None when absent or unreadable)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
