"""The updateCustomer mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import Duplicate, InvalidState, NotFound, ValidationFailed
from core.services.customers import update_customer
from graph.context import Info
from graph.customers.inputs import UpdateCustomerInput, input_error
from graph.customers.types import CUSTOMER_TYPE, Customer
from graph.errors import DuplicateError, InvalidStateError, NotFoundError, ValidationError
from graph.ids import decode_id
from graph.permissions import AUTHENTICATED


@strawberry.type(description="The customer was updated (or was already as asked).")
class UpdateCustomerSuccess:
    """The customer after the update."""

    customer: Customer = strawberry.field(description="The customer as stored now.")


UpdateCustomerResult = Annotated[
    UpdateCustomerSuccess | ValidationError | NotFoundError | DuplicateError | InvalidStateError,
    strawberry.union(
        "UpdateCustomerResult",
        description="The updated customer, or why nothing was changed.",
    ),
]


@strawberry.type
class UpdateCustomerMutation:
    """Mixin holding the updateCustomer field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Change some fields of one of your firm's customers (any role may). Fields "
        "left out of `input` keep their value; an explicit null clears an optional field. "
        "Returns NotFoundError for an unknown ID or another firm's customer, ValidationError "
        "for bad input or a malformed ID, DuplicateError for a name clash with another active "
        "customer and InvalidStateError for a currency change once the customer has invoices "
        "or payments.",
    )
    async def update_customer(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The customer's global ID.")],
        input: Annotated[
            UpdateCustomerInput, strawberry.argument(description="The fields to change.")
        ],
    ) -> UpdateCustomerResult | None:
        """Validate, apply and audit the partial update."""
        viewer = info.context.require_viewer()
        try:
            customer = await update_customer(
                viewer,
                decode_id(id, CUSTOMER_TYPE),
                input.to_core(),
                ip_address=info.context.client_ip,
            )
        except (ValidationFailed, NotFound, Duplicate, InvalidState) as exc:
            error = input_error(exc)
            if isinstance(
                error, ValidationError | NotFoundError | DuplicateError | InvalidStateError
            ):
                return error
            raise
        return UpdateCustomerSuccess(customer=Customer.from_model(customer))
