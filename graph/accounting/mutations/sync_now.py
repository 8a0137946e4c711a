"""syncNow: queue a full sync run for an accounting connection."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.models.enums import SyncKind
from graph.accounting.mutations.pull_common import (
    CONNECTION_ID_DESCRIPTION,
    QUEUED_NOTE,
    queue_pull_run,
)
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError
from graph.permissions import AUTHENTICATED
from graph.sync.types import SyncRunNode


@strawberry.type(description="The run was queued.")
class SyncNowSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


SyncNowResult = Annotated[
    SyncNowSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union("SyncNowResult", description="The queued run, or why nothing was queued."),
]


@strawberry.type
class SyncNowMutation:
    """The syncNow field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=(
            "Queue one run of everything the connection settings enable: customers and invoices "
            "changed since the last sync are pushed, payments are pulled, and local payments and "
            "refunds of synced invoices are pushed (refunds as refund receipts from the refund "
            "account). " + QUEUED_NOTE
        ),
    )
    async def sync_now(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description=CONNECTION_ID_DESCRIPTION)
        ],
    ) -> SyncNowResult:
        """Queue through the accounting pull service."""
        result = await queue_pull_run(info, connection_id, SyncKind.FULL_SYNC)
        if isinstance(result, SyncRunNode):
            return SyncNowSuccess(run=result)
        return cast(SyncNowResult, result)
