"""The disconnect mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import NotFound, ValidationFailed
from core.services.connections import disconnect
from graph.accounting.types import CONNECTION_TYPE, AccountingConnection
from graph.context import Info
from graph.errors import NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.permissions import ADMIN
from integrations.registry import kit_for


@strawberry.type(description="The connection is revoked; its mappings are kept.")
class DisconnectSuccess:
    """The connection after the disconnect."""

    connection: AccountingConnection = strawberry.field(
        description="Now REVOKED. `lastError` says if revoking at the platform failed."
    )


DisconnectResult = Annotated[
    DisconnectSuccess | NotFoundError | ValidationError,
    strawberry.union("DisconnectResult", description="The revoked connection, or why not."),
]


@strawberry.type
class DisconnectMutation:
    """Mixin holding the disconnect field."""

    @strawberry.mutation(
        permission_classes=ADMIN,
        description="Disconnect an accounting connection (FIRM_ADMIN or MASTER_ADMIN): revoke "
        "the grant at the platform (best effort: a failure is recorded in `lastError`, the "
        "local disconnect happens anyway), mark it REVOKED and delete its tokens. Mappings are "
        "kept, so reconnecting to the same company brings them back. Disconnecting a revoked "
        "connection changes nothing. Runs waiting for the platform's connector (the QuickBooks "
        "Web Connector) end as FAILED, saying the connection was disconnected. NotFoundError "
        "for an unknown ID or another firm's.",
    )
    async def disconnect(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description="The connection's ID.")
        ],
    ) -> DisconnectResult | None:
        """Revoke, mark REVOKED and audit."""
        viewer = info.context.require_admin()
        try:
            connection = await disconnect(
                viewer,
                kit_for,
                info.context.runtime.providers,
                decode_id(connection_id, CONNECTION_TYPE, field="connectionId"),
                ip_address=info.context.client_ip,
                sink=info.context.runtime.events,
            )
        except (NotFound, ValidationFailed) as exc:
            error = user_error(exc)
            assert isinstance(error, NotFoundError | ValidationError)
            return error
        return DisconnectSuccess(connection=AccountingConnection.from_model(connection))
