"""The selectXeroTenant mutation: choose the company of a consent that granted several."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import InvalidState, NotFound, ValidationFailed
from core.services.connection_choice import select_company
from core.services.connections import COMPANY_ID_MAX_LENGTH
from graph.accounting.types import CONNECTION_TYPE, AccountingConnection
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.permissions import ADMIN
from graph.validation import text_argument
from integrations.registry import kit_for


@strawberry.type(description="The chosen company is connected.")
class SelectXeroTenantSuccess:
    """The connection after the choice."""

    connection: AccountingConnection = strawberry.field(
        description="Now ACTIVE for the chosen company. Its ID may differ from the PENDING "
        "one when the firm was connected to that company before (its settings come back)."
    )


SelectXeroTenantResult = Annotated[
    SelectXeroTenantSuccess | NotFoundError | ValidationError | InvalidStateError,
    strawberry.union("SelectXeroTenantResult", description="The connected company, or why not."),
]


@strawberry.type
class SelectXeroTenantMutation:
    """Mixin holding the selectXeroTenant field."""

    @strawberry.mutation(
        permission_classes=ADMIN,
        description="Finish a connection whose consent granted several companies (a Xero "
        "consent may grant many organisations): the connection stays PENDING, listing them in "
        "`availableCompanies`, until one is chosen here (FIRM_ADMIN or MASTER_ADMIN). The "
        "others are released at the platform (their Xero connections are deleted). "
        "ValidationError for a company the consent did not grant; InvalidStateError when the "
        "connection is not waiting for a choice or the platform refused; NotFoundError for an "
        "unknown ID or another firm's.",
    )
    async def select_xero_tenant(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description="The PENDING connection's ID.")
        ],
        tenant_id: Annotated[
            str,
            text_argument(
                "The chosen company's id from `availableCompanies`.",
                max_length=COMPANY_ID_MAX_LENGTH,
            ),
        ],
    ) -> SelectXeroTenantResult | None:
        """Keep one company, activate the connection and audit."""
        viewer = info.context.require_admin()
        try:
            connection = await select_company(
                viewer,
                kit_for,
                info.context.runtime.providers,
                decode_id(connection_id, CONNECTION_TYPE, field="connectionId"),
                tenant_id,
                ip_address=info.context.client_ip,
            )
        except (NotFound, ValidationFailed, InvalidState) as exc:
            error = user_error(exc)
            assert isinstance(error, NotFoundError | ValidationError | InvalidStateError)
            return error
        return SelectXeroTenantSuccess(connection=AccountingConnection.from_model(connection))
