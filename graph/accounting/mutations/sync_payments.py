"""syncPayments: queue a pull payments run for an accounting connection."""

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
class SyncPaymentsSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


SyncPaymentsResult = Annotated[
    SyncPaymentsSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union(
        "SyncPaymentsResult", description="The queued run, or why nothing was queued."
    ),
]


@strawberry.type
class SyncPaymentsMutation:
    """The syncPayments field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=(
            "Queue a pull of the payments changed in the accounting platform since the last pull "
            "(constant memory, a checkpoint after each page of up to 1000). Each payment is "
            "applied to the linked invoices, which become PARTIAL or PAID; a voided payment "
            "reverses its application; a payment whose method is not in the settings' payment "
            "methods, or that no linked invoice matches, is recorded as a SKIPPED item with the "
            "remote id and the reason. Running it twice changes nothing the second time. "
            + QUEUED_NOTE
        ),
    )
    async def sync_payments(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description=CONNECTION_ID_DESCRIPTION)
        ],
    ) -> SyncPaymentsResult:
        """Queue through the accounting pull service."""
        result = await queue_pull_run(info, connection_id, SyncKind.PULL_PAYMENTS)
        if isinstance(result, SyncRunNode):
            return SyncPaymentsSuccess(run=result)
        return cast(SyncPaymentsResult, result)
