"""The createCustomer mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import Duplicate, ValidationFailed
from core.services.customers import create_customer
from graph.context import Info
from graph.customers.inputs import CreateCustomerInput, input_error
from graph.customers.types import Customer
from graph.errors import DuplicateError, ValidationError
from graph.permissions import AUTHENTICATED


@strawberry.type(description="The customer was created.")
class CreateCustomerSuccess:
    """The new customer."""

    customer: Customer = strawberry.field(description="The customer as stored.")


CreateCustomerResult = Annotated[
    CreateCustomerSuccess | ValidationError | DuplicateError,
    strawberry.union(
        "CreateCustomerResult",
        description="The new customer, or why nothing was created.",
    ),
]


@strawberry.type
class CreateCustomerMutation:
    """Mixin holding the createCustomer field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Create a customer in your firm (any role may). Returns ValidationError "
        "for bad input (the `field` names the input path, e.g. `billingAddress.postalCode`) "
        "and DuplicateError when an active customer already has the name, ignoring case.",
    )
    async def create_customer(
        self,
        info: Info,
        input: Annotated[
            CreateCustomerInput, strawberry.argument(description="The customer to create.")
        ],
    ) -> CreateCustomerResult | None:
        """Validate, create and audit the customer."""
        viewer = info.context.require_viewer()
        try:
            customer = await create_customer(
                viewer, input.to_core(), ip_address=info.context.client_ip
            )
        except (ValidationFailed, Duplicate) as exc:
            error = input_error(exc)
            if isinstance(error, ValidationError | DuplicateError):
                return error
            raise
        return CreateCustomerSuccess(customer=Customer.from_model(customer))
