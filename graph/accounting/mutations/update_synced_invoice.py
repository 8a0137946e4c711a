"""updateSyncedInvoice: queue a push run."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.accounting_sync import queue_invoice_update
from graph.accounting.mutations.push_common import QUEUED_NOTE, queue_run
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.invoices.types import INVOICE_TYPE
from graph.permissions import AUTHENTICATED
from graph.sync.types import SyncRunNode


@strawberry.type(description="The push was queued as a sync run.")
class UpdateSyncedInvoiceSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


UpdateSyncedInvoiceResult = Annotated[
    UpdateSyncedInvoiceSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union(
        "UpdateSyncedInvoiceResult", description="The queued run, or why nothing was queued."
    ),
]


@strawberry.type
class UpdateSyncedInvoiceMutation:
    """The updateSyncedInvoice field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=(
            "Queue sending a synced invoice's current lines and header to the accounting platform "
            "as a sparse update (any member may). A version conflict with a change made there is "
            "re-read and retried. Paid invoices are read-only (INVALID_STATE), as are void ones; a "
            "document not synced yet is refused (INVALID_STATE): use syncInvoice. " + QUEUED_NOTE
        ),
    )
    async def update_synced_invoice(
        self,
        info: Info,
        invoice_id: Annotated[
            strawberry.ID, strawberry.argument(description="The synced invoice's ID.")
        ],
    ) -> UpdateSyncedInvoiceResult:
        """Queue through the accounting sync service."""
        viewer = info.context.require_viewer()
        try:
            local_id = decode_id(invoice_id, INVOICE_TYPE, field="invoiceId")
        except DomainError as exc:
            return cast(UpdateSyncedInvoiceResult, user_error(exc))
        queue = info.context.runtime.queue
        ip = info.context.client_ip
        result = await queue_run(queue_invoice_update(viewer, queue, local_id, ip=ip))
        if isinstance(result, SyncRunNode):
            return UpdateSyncedInvoiceSuccess(run=result)
        return cast(UpdateSyncedInvoiceResult, result)
