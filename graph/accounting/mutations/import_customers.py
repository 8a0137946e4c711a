"""importCustomers: queue a import customers run for an accounting connection."""

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
class ImportCustomersSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


ImportCustomersResult = Annotated[
    ImportCustomersSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union(
        "ImportCustomersResult", description="The queued run, or why nothing was queued."
    ),
]


@strawberry.type
class ImportCustomersMutation:
    """The importCustomers field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=(
            "Queue an import of the accounting platform's active customers, merged into yours by "
            "link, then name, then email, without duplicates. When both sides differ, the side "
            "edited last wins and the conflict is recorded as a WARNING item naming the fields; "
            "customers without a match are created here, linked. " + QUEUED_NOTE
        ),
    )
    async def import_customers(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description=CONNECTION_ID_DESCRIPTION)
        ],
    ) -> ImportCustomersResult:
        """Queue through the accounting pull service."""
        result = await queue_pull_run(info, connection_id, SyncKind.IMPORT_CUSTOMERS)
        if isinstance(result, SyncRunNode):
            return ImportCustomersSuccess(run=result)
        return cast(ImportCustomersResult, result)
