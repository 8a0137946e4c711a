"""importInvoices: queue a import invoices run for an accounting connection."""

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
class ImportInvoicesSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


ImportInvoicesResult = Annotated[
    ImportInvoicesSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union(
        "ImportInvoicesResult", description="The queued run, or why nothing was queued."
    ),
]


@strawberry.type
class ImportInvoicesMutation:
    """The importInvoices field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=(
            "Queue an import of the accounting platform's open invoices of active customers "
            "(customers are merged first). Each becomes a locked local invoice, SENT or PARTIAL, "
            "with description-only lines carrying the remote amounts; an invoice already linked, "
            "or whose number is used here, is skipped with the reason. " + QUEUED_NOTE
        ),
    )
    async def import_invoices(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description=CONNECTION_ID_DESCRIPTION)
        ],
    ) -> ImportInvoicesResult:
        """Queue through the accounting pull service."""
        result = await queue_pull_run(info, connection_id, SyncKind.IMPORT_INVOICES)
        if isinstance(result, SyncRunNode):
            return ImportInvoicesSuccess(run=result)
        return cast(ImportInvoicesResult, result)
