"""createInvoice: a new DRAFT invoice or estimate with computed totals."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.invoices import create_invoice
from graph.context import Info
from graph.errors import DuplicateError, NotFoundError, ValidationError, user_error
from graph.invoices.inputs import CreateInvoiceInput
from graph.invoices.types import Invoice
from graph.permissions import AUTHENTICATED


@strawberry.type(description="The invoice or estimate was created as a DRAFT.")
class CreateInvoiceSuccess:
    """The new document."""

    invoice: Invoice = strawberry.field(description="The new document, with its totals.")


CreateInvoiceResult = Annotated[
    CreateInvoiceSuccess | ValidationError | NotFoundError | DuplicateError,
    strawberry.union("CreateInvoiceResult", description="The new document, or why not."),
]


@strawberry.type
class CreateInvoiceMutation:
    """The createInvoice field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Create a DRAFT invoice or estimate. Totals are computed from the lines: "
        "each line's amount and tax are rounded half-up to cents.",
    )
    async def create_invoice(
        self,
        info: Info,
        input: Annotated[
            CreateInvoiceInput, strawberry.argument(description="The document to create.")
        ],
    ) -> CreateInvoiceResult:
        """Validate, then create through the invoices service."""
        viewer = info.context.require_viewer()
        try:
            invoice = await create_invoice(viewer, input.to_core(), ip=info.context.client_ip)
        except DomainError as exc:
            return cast(CreateInvoiceResult, user_error(exc))
        return CreateInvoiceSuccess(invoice=Invoice.from_model(invoice))
