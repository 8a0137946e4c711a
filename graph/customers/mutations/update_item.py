"""The updateItem mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import Duplicate, NotFound, ValidationFailed
from core.services.items import update_item
from graph.context import Info
from graph.customers.inputs import UpdateItemInput, input_error
from graph.customers.types import ITEM_TYPE, Item
from graph.errors import DuplicateError, NotFoundError, ValidationError
from graph.ids import decode_id
from graph.permissions import AUTHENTICATED


@strawberry.type(description="The item was updated (or was already as asked).")
class UpdateItemSuccess:
    """The item after the update."""

    item: Item = strawberry.field(description="The item as stored now.")


UpdateItemResult = Annotated[
    UpdateItemSuccess | ValidationError | NotFoundError | DuplicateError,
    strawberry.union(
        "UpdateItemResult",
        description="The updated item, or why nothing was changed.",
    ),
]


@strawberry.type
class UpdateItemMutation:
    """Mixin holding the updateItem field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Change some fields of one of your firm's items (any role may). Fields "
        "left out of `input` keep their value; an explicit null clears an optional field. "
        "Returns NotFoundError for an unknown ID or another firm's item, ValidationError "
        "for bad input or a malformed ID and DuplicateError for a name clash with another "
        "active item.",
    )
    async def update_item(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The item's global ID.")],
        input: Annotated[UpdateItemInput, strawberry.argument(description="The fields to change.")],
    ) -> UpdateItemResult | None:
        """Validate, apply and audit the partial update."""
        viewer = info.context.require_viewer()
        try:
            item = await update_item(
                viewer,
                decode_id(id, ITEM_TYPE),
                input.to_core(),
                ip_address=info.context.client_ip,
            )
        except (ValidationFailed, NotFound, Duplicate) as exc:
            error = input_error(exc)
            if isinstance(error, ValidationError | NotFoundError | DuplicateError):
                return error
            raise
        return UpdateItemSuccess(item=Item.from_model(item))
