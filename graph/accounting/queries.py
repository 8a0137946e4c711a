"""Root query fields of the accounting domain: connections and their record mappings."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from core.errors import ValidationFailed
from core.models import Connection, ExternalMapping
from core.models.enums import Entity
from graph.accounting.types import CONNECTION_TYPE, AccountingConnection, Mapping, mapping_nodes
from graph.context import Info
from graph.errors import PublicError
from graph.ids import decode_id
from graph.pagination import Connection as Page
from graph.pagination import after_argument, paginate
from graph.permissions import AUTHENTICATED


@strawberry.type
class AccountingQueries:
    """Query fields, merged into the root Query type."""

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="Your firm's accounting connections, newest first, revoked ones included "
        "(at most one is not revoked: one accounting connection per firm).",
    )
    async def connections(self, info: Info) -> list[AccountingConnection]:
        """Every connection of the caller's firm."""
        viewer = info.context.require_viewer()
        rows = await Connection.filter(firm_id=viewer.firm_id).order_by("-created_at", "-id")
        return [AccountingConnection.from_model(row) for row in rows]

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="One of your firm's connections; null for an unknown ID or another firm's.",
    )
    async def connection(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The connection's ID.")],
    ) -> AccountingConnection | None:
        """The connection, scoped to the caller's firm."""
        viewer = info.context.require_viewer()
        connection_id = _decode(id, "id")
        row = await Connection.get_or_none(id=connection_id, firm_id=viewer.firm_id)
        return AccountingConnection.from_model(row) if row else None

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="The record mappings of a connection's remote company, newest first. "
        "Mappings outlive a disconnect and are shared by every connection of your firm to the "
        "same company. Empty for an unknown ID or another firm's connection.",
    )
    async def mappings(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description="The connection's ID.")
        ],
        entity: Annotated[
            Entity | None, strawberry.argument(description="Only mappings of this kind.")
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size, 1 to 200 (default 50).")
        ] = None,
        after: Annotated[
            str | None, after_argument("The `endCursor` of the previous page.")
        ] = None,
    ) -> Page[Mapping]:
        """A page of mappings keyed by the connection's firm, provider and company."""
        viewer = info.context.require_viewer()
        connection_id_ = _decode(connection_id, "connectionId")
        connection = await Connection.get_or_none(id=connection_id_, firm_id=viewer.firm_id)
        if connection is None or connection.remote_company_id is None:
            queryset = ExternalMapping.filter(id__in=[])
        else:
            queryset = ExternalMapping.filter(
                firm_id=viewer.firm_id,
                provider=connection.provider,
                remote_company_id=connection.remote_company_id,
            )
            if entity is not None:
                queryset = queryset.filter(entity=entity)
        try:
            return await paginate(queryset, first=first, after=after, to_node=mapping_nodes)
        except ValidationFailed as exc:
            raise PublicError(exc.message) from None


def _decode(global_id: str, field: str) -> UUID:
    try:
        return decode_id(global_id, CONNECTION_TYPE, field=field)
    except ValidationFailed as exc:
        raise PublicError(exc.message) from None
