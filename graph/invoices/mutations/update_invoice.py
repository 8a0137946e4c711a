"""updateInvoice: change an unlocked invoice's header and, optionally, its whole line set."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.invoices import update_invoice
from graph.context import Info
from graph.errors import (
    DuplicateError,
    InvalidStateError,
    InvoiceLockedError,
    NotFoundError,
    ValidationError,
    user_error,
)
from graph.ids import decode_id
from graph.invoices.inputs import UpdateInvoiceInput
from graph.invoices.types import INVOICE_TYPE, Invoice
from graph.permissions import AUTHENTICATED


@strawberry.type(description="The document was updated and its totals recomputed.")
class UpdateInvoiceSuccess:
    """The updated document."""

    invoice: Invoice = strawberry.field(description="The document as it is now.")


UpdateInvoiceResult = Annotated[
    UpdateInvoiceSuccess
    | ValidationError
    | NotFoundError
    | InvoiceLockedError
    | InvalidStateError
    | DuplicateError,
    strawberry.union("UpdateInvoiceResult", description="The updated document, or why not."),
]


@strawberry.type
class UpdateInvoiceMutation:
    """The updateInvoice field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Replace the fields given; `lines` replaces the whole line set. Refused "
        "with INVOICE_LOCKED while the document is locked, and with INVALID_STATE once it is "
        "PAID or VOID.",
    )
    async def update_invoice(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The document's ID.")],
        input: Annotated[UpdateInvoiceInput, strawberry.argument(description="The changes.")],
    ) -> UpdateInvoiceResult:
        """Validate, then update through the invoices service."""
        viewer = info.context.require_viewer()
        try:
            invoice = await update_invoice(
                viewer, decode_id(id, INVOICE_TYPE), input.to_core(), ip=info.context.client_ip
            )
        except DomainError as exc:
            return cast(UpdateInvoiceResult, user_error(exc))
        return UpdateInvoiceSuccess(invoice=Invoice.from_model(invoice))
