"""The createItem mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import Duplicate, ValidationFailed
from core.services.items import create_item
from graph.context import Info
from graph.customers.inputs import CreateItemInput, input_error
from graph.customers.types import Item
from graph.errors import DuplicateError, ValidationError
from graph.permissions import AUTHENTICATED


@strawberry.type(description="The item was created.")
class CreateItemSuccess:
    """The new item."""

    item: Item = strawberry.field(description="The item as stored.")


CreateItemResult = Annotated[
    CreateItemSuccess | ValidationError | DuplicateError,
    strawberry.union(
        "CreateItemResult",
        description="The new item, or why nothing was created.",
    ),
]


@strawberry.type
class CreateItemMutation:
    """Mixin holding the createItem field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Create an item in your firm (any role may). Returns ValidationError "
        "for bad input (the `field` names the input path, e.g. `unitPrice`) and "
        "DuplicateError when an active item already has the name, ignoring case.",
    )
    async def create_item(
        self,
        info: Info,
        input: Annotated[CreateItemInput, strawberry.argument(description="The item to create.")],
    ) -> CreateItemResult | None:
        """Validate, create and audit the item."""
        viewer = info.context.require_viewer()
        try:
            item = await create_item(viewer, input.to_core(), ip_address=info.context.client_ip)
        except (ValidationFailed, Duplicate) as exc:
            error = input_error(exc)
            if isinstance(error, ValidationError | DuplicateError):
                return error
            raise
        return CreateItemSuccess(item=Item.from_model(item))
