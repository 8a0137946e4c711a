"""syncInvoice: queue a push run."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.accounting_sync import queue_invoice_sync
from graph.accounting.mutations.push_common import QUEUED_NOTE, queue_run
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.invoices.types import INVOICE_TYPE
from graph.permissions import AUTHENTICATED
from graph.sync.types import SyncRunNode


@strawberry.type(description="The push was queued as a sync run.")
class SyncInvoiceSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


SyncInvoiceResult = Annotated[
    SyncInvoiceSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union("SyncInvoiceResult", description="The queued run, or why nothing was queued."),
]


@strawberry.type
class SyncInvoiceMutation:
    """The syncInvoice field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=(
            "Queue a push of one invoice or estimate to the connected accounting platform (any "
            "member of the firm may). The customer is matched by name, then email, before it is "
            "created (never a duplicate); missing items are created as service items on the "
            "configured income account; the document is created exactly once and then locked unless"
            " lock-after-sync is off. A DRAFT is refused (INVALID_STATE), as is a firm without a "
            "live connection (INVALID_STATE). " + QUEUED_NOTE
        ),
    )
    async def sync_invoice(
        self,
        info: Info,
        invoice_id: Annotated[
            strawberry.ID, strawberry.argument(description="The invoice's or estimate's ID.")
        ],
    ) -> SyncInvoiceResult:
        """Queue through the accounting sync service."""
        viewer = info.context.require_viewer()
        try:
            local_id = decode_id(invoice_id, INVOICE_TYPE, field="invoiceId")
        except DomainError as exc:
            return cast(SyncInvoiceResult, user_error(exc))
        queue = info.context.runtime.queue
        ip = info.context.client_ip
        result = await queue_run(queue_invoice_sync(viewer, queue, [local_id], single=True, ip=ip))
        if isinstance(result, SyncRunNode):
            return SyncInvoiceSuccess(run=result)
        return cast(SyncInvoiceResult, result)
