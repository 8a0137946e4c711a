"""syncInvoices: queue one push run for many invoices and estimates (sent in batches)."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.accounting_sync import MAX_BULK, queue_invoice_sync
from graph.accounting.mutations.push_common import QUEUED_NOTE, queue_run
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.invoices.types import INVOICE_TYPE
from graph.permissions import AUTHENTICATED
from graph.sync.types import SyncRunNode


@strawberry.type(description="The push was queued as one sync run for all the documents.")
class SyncInvoicesSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


SyncInvoicesResult = Annotated[
    SyncInvoicesSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union(
        "SyncInvoicesResult", description="The queued run, or why nothing was queued."
    ),
]


@strawberry.type
class SyncInvoicesMutation:
    """The syncInvoices field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=f"Queue one push of up to {MAX_BULK} invoices and estimates (any member "
        "may). Customers and items are made to exist first, then the documents are created "
        "in batches, each exactly once. Drafts, documents dated before the sync start date and "
        "documents already synced are recorded as SKIPPED items with the reason; a synced "
        "invoice voided locally is voided remotely. An unknown ID fails the whole call "
        "(NOT_FOUND) and queues nothing. " + QUEUED_NOTE,
    )
    async def sync_invoices(
        self,
        info: Info,
        invoice_ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description="The IDs of the invoices and estimates to push."),
        ],
    ) -> SyncInvoicesResult:
        """Queue through the accounting sync service."""
        viewer = info.context.require_viewer()
        try:
            local_ids = [decode_id(i, INVOICE_TYPE, field="invoiceIds") for i in invoice_ids]
        except DomainError as exc:
            return cast(SyncInvoicesResult, user_error(exc))
        queue = info.context.runtime.queue
        result = await queue_run(
            queue_invoice_sync(viewer, queue, local_ids, ip=info.context.client_ip)
        )
        if isinstance(result, SyncRunNode):
            return SyncInvoicesSuccess(run=result)
        return cast(SyncInvoicesResult, result)
