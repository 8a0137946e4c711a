"""Root query fields of customers and items."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import ValidationFailed
from core.services import customers as customer_service
from core.services import items as item_service
from graph.context import Info
from graph.customers.types import (
    CUSTOMER_TYPE,
    ITEM_TYPE,
    Customer,
    Item,
    customer_nodes,
    item_nodes,
)
from graph.errors import PublicError
from graph.ids import decode_id
from graph.pagination import Connection, after_argument, paginate
from graph.permissions import AUTHENTICATED
from graph.validation import text_argument

_FIRST = "How many records to return: 1 to 200, 50 when omitted."
SEARCH_MAX_LENGTH = 200
_AFTER = "The `endCursor` of the previous page; omit for the first page."
_MALFORMED = (
    " An ID that is not a well-formed {0} ID (malformed, or another type's ID) is a top-level "
    "error with `extensions.code = BAD_REQUEST`."
)


def _bad_request(exc: ValidationFailed) -> PublicError:
    # Malformed arguments are the caller's bug, not a masked server error: say what is wrong.
    return PublicError(exc.message)


@strawberry.type
class CustomerQueries:
    """Query fields, merged into the root Query type."""

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="Your firm's customers, newest first.",
    )
    async def customers(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description=_FIRST)] = None,
        after: Annotated[str | None, after_argument(_AFTER)] = None,
        search: Annotated[
            str | None,
            text_argument(
                "Only customers whose name or email contains this text, ignoring case.",
                max_length=SEARCH_MAX_LENGTH,
            ),
        ] = None,
        active: Annotated[
            bool | None,
            strawberry.argument(
                description="true: only active customers; false: only inactive ones; omitted: all.",
            ),
        ] = None,
    ) -> Connection[Customer]:
        """One page of the caller's customers."""
        viewer = info.context.require_viewer()
        queryset = customer_service.customers_query(viewer.firm_id, search=search, active=active)
        try:
            return await paginate(queryset, first=first, after=after, to_node=customer_nodes)
        except ValidationFailed as exc:
            raise _bad_request(exc) from None

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="One of your firm's customers; null when no customer of your firm has "
        "this ID (another firm's ID included)." + _MALFORMED.format(CUSTOMER_TYPE),
    )
    async def customer(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The customer's global ID.")],
    ) -> Customer | None:
        """Look up one customer by its global ID."""
        viewer = info.context.require_viewer()
        try:
            local_id = decode_id(id, CUSTOMER_TYPE)
        except ValidationFailed as exc:
            raise _bad_request(exc) from None
        customer = await customer_service.get_customer(viewer.firm_id, local_id)
        return Customer.from_model(customer) if customer else None

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="Your firm's items (products and services), newest first.",
    )
    async def items(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description=_FIRST)] = None,
        after: Annotated[str | None, after_argument(_AFTER)] = None,
        search: Annotated[
            str | None,
            text_argument(
                "Only items whose name or SKU contains this text, ignoring case.",
                max_length=SEARCH_MAX_LENGTH,
            ),
        ] = None,
    ) -> Connection[Item]:
        """One page of the caller's items."""
        viewer = info.context.require_viewer()
        queryset = item_service.items_query(viewer.firm_id, search=search)
        try:
            return await paginate(queryset, first=first, after=after, to_node=item_nodes)
        except ValidationFailed as exc:
            raise _bad_request(exc) from None

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="One of your firm's items; null when no item of your firm has this ID "
        "(another firm's ID included)." + _MALFORMED.format(ITEM_TYPE),
    )
    async def item(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The item's global ID.")],
    ) -> Item | None:
        """Look up one item by its global ID."""
        viewer = info.context.require_viewer()
        try:
            local_id = decode_id(id, ITEM_TYPE)
        except ValidationFailed as exc:
            raise _bad_request(exc) from None
        item = await item_service.get_item(viewer.firm_id, local_id)
        return Item.from_model(item) if item else None
