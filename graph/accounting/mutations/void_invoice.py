"""voidInvoice: queue a push run."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.accounting_sync import queue_invoice_void
from graph.accounting.mutations.push_common import QUEUED_NOTE, queue_run
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.invoices.types import INVOICE_TYPE
from graph.permissions import AUTHENTICATED
from graph.sync.types import SyncRunNode


@strawberry.type(description="The push was queued as a sync run.")
class VoidInvoiceSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


VoidInvoiceResult = Annotated[
    VoidInvoiceSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union("VoidInvoiceResult", description="The queued run, or why nothing was queued."),
]


@strawberry.type
class VoidInvoiceMutation:
    """The voidInvoice field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=(
            "Queue voiding a synced invoice: it is voided in the accounting platform first, then "
            "marked VOID locally (any member may). Invoices with payments are read-only "
            "(INVALID_STATE); estimates and documents not synced yet are refused (INVALID_STATE). "
            + QUEUED_NOTE
        ),
    )
    async def void_invoice(
        self,
        info: Info,
        invoice_id: Annotated[
            strawberry.ID, strawberry.argument(description="The synced invoice's ID.")
        ],
    ) -> VoidInvoiceResult:
        """Queue through the accounting sync service."""
        viewer = info.context.require_viewer()
        try:
            local_id = decode_id(invoice_id, INVOICE_TYPE, field="invoiceId")
        except DomainError as exc:
            return cast(VoidInvoiceResult, user_error(exc))
        queue = info.context.runtime.queue
        ip = info.context.client_ip
        result = await queue_run(queue_invoice_void(viewer, queue, local_id, ip=ip))
        if isinstance(result, SyncRunNode):
            return VoidInvoiceSuccess(run=result)
        return cast(VoidInvoiceResult, result)
