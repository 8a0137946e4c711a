"""writeOffInvoice: close an invoice as uncollectible (bad debt), and reconcile it remotely."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.accounting_sync import queue_invoice_sync
from core.services.write_offs import REASON_MAX, write_off_invoice
from graph.accounting.mutations.push_common import QUEUED_NOTE, QueueDown, queue_run
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.invoices.types import INVOICE_TYPE, Invoice
from graph.permissions import AUTHENTICATED
from graph.sync.types import SyncRunNode
from graph.validation import text_argument


@strawberry.type(description="The invoice was written off locally; a synced one is reconciled.")
class WriteOffInvoiceSuccess:
    """The written-off invoice and the run that reconciles it remotely."""

    invoice: Invoice = strawberry.field(
        description="The invoice, now VOID, its memo noting the write-off and its reason."
    )
    run: SyncRunNode | None = strawberry.field(
        description="The queued push run that writes the invoice off in the accounting "
        "platform; null when the invoice is not synced to a live connection, or when the job "
        "queue was unavailable (the next sync reconciles it then)."
    )


WriteOffInvoiceResult = Annotated[
    WriteOffInvoiceSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union(
        "WriteOffInvoiceResult", description="The written-off invoice, or why nothing changed."
    ),
]


@strawberry.type
class WriteOffInvoiceMutation:
    """The writeOffInvoice field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=(
            "Close an issued, unpaid or partly paid invoice as uncollectible (any member may). "
            "Locally it becomes VOID; its amounts stay as they were, its memo records "
            "'Written off as bad debt: <reason>' and an activity records who did it. When the "
            "invoice is synced, a push run is queued: with a bad-debt item in the connection "
            "settings, a credit memo (Xero: a credit note) for the remote open balance is created "
            "on that item and applied to the invoice (exactly once, also when retried); without "
            "one, an unpaid "
            "invoice is voided remotely and a partly paid one is refused with a hint. Paid, "
            "void and draft invoices and estimates are refused (INVALID_STATE); an empty reason "
            f"or one over {REASON_MAX} characters is refused (VALIDATION). " + QUEUED_NOTE
        ),
    )
    async def write_off_invoice(
        self,
        info: Info,
        invoice_id: Annotated[
            strawberry.ID, strawberry.argument(description="The invoice to write off.")
        ],
        reason: Annotated[
            str,
            text_argument(
                "Why it is uncollectible (not blank), kept on the invoice.",
                max_length=REASON_MAX,
            ),
        ],
    ) -> WriteOffInvoiceResult:
        """Write off through the write-offs service, then queue the reconciling push."""
        viewer = info.context.require_viewer()
        ip = info.context.client_ip
        try:
            local_id = decode_id(invoice_id, INVOICE_TYPE, field="invoiceId")
            done = await write_off_invoice(viewer, local_id, reason, ip=ip)
        except DomainError as exc:
            return cast(WriteOffInvoiceResult, user_error(exc))
        run: SyncRunNode | None = None
        if done.connection is not None:
            # The write-off itself is committed: a run that cannot be queued leaves the
            # reconciliation to the next sync instead of reporting the write-off as failed.
            try:
                queued = await queue_run(
                    queue_invoice_sync(viewer, info.context.runtime.queue, [local_id], ip=ip)
                )
            except QueueDown:
                queued = None
            run = queued if isinstance(queued, SyncRunNode) else None
        return WriteOffInvoiceSuccess(invoice=Invoice.from_model(done.invoice), run=run)
