"""issueInvoice: move a DRAFT invoice or estimate to SENT."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.accounting_pull import on_local_change
from core.services.invoices import issue_invoice
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.invoices.types import INVOICE_TYPE, Invoice
from graph.permissions import AUTHENTICATED


@strawberry.type(description="The document was issued: it is now SENT.")
class IssueInvoiceSuccess:
    """The issued document."""

    invoice: Invoice = strawberry.field(description="The document, with its issuedAt time.")


IssueInvoiceResult = Annotated[
    IssueInvoiceSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union("IssueInvoiceResult", description="The issued document, or why not."),
]


@strawberry.type
class IssueInvoiceMutation:
    """The issueInvoice field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Issue a DRAFT invoice or estimate (DRAFT → SENT). A document with no "
        "lines or a zero total cannot be issued (INVALID_STATE).",
    )
    async def issue_invoice(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The document's ID.")],
    ) -> IssueInvoiceResult:
        """Issue through the invoices service."""
        viewer = info.context.require_viewer()
        try:
            invoice = await issue_invoice(
                viewer, decode_id(id, INVOICE_TYPE), ip=info.context.client_ip
            )
        except DomainError as exc:
            return cast(IssueInvoiceResult, user_error(exc))
        await on_local_change(viewer.firm_id, info.context.runtime.queue)
        return IssueInvoiceSuccess(invoice=Invoice.from_model(invoice))
