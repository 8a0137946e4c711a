"""The selectXeroTenant mutation: the deprecated name of selectCompany.

It keeps its own argument (`tenantId`) and result types (`SelectXeroTenantResult`,
`SelectXeroTenantSuccess`) so that existing documents stay valid; the work is selectCompany's.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.services.connections import COMPANY_ID_MAX_LENGTH
from graph.accounting.mutations.select_company import (
    COMPANY_ID_DESCRIPTION,
    CONNECTION_ID_DESCRIPTION,
    SUCCESS_CONNECTION_DESCRIPTION,
    choose_company,
)
from graph.accounting.types import AccountingConnection
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError
from graph.permissions import ADMIN
from graph.validation import text_argument


@strawberry.type(description="The chosen company is connected (deprecated: see selectCompany).")
class SelectXeroTenantSuccess:
    """The connection after the choice."""

    connection: AccountingConnection = strawberry.field(description=SUCCESS_CONNECTION_DESCRIPTION)


SelectXeroTenantResult = Annotated[
    SelectXeroTenantSuccess | NotFoundError | ValidationError | InvalidStateError,
    strawberry.union(
        "SelectXeroTenantResult",
        description="The connected company, or why not (deprecated: see selectCompany).",
    ),
]


@strawberry.type
class SelectXeroTenantMutation:
    """Mixin holding the deprecated selectXeroTenant field."""

    @strawberry.mutation(
        permission_classes=ADMIN,
        description="The former name of `selectCompany`, kept for existing clients: the same "
        "mutation for every platform, with the company's id in `tenantId` instead of "
        "`companyId` and its own result types.",
        deprecation_reason="Use selectCompany.",
    )
    async def select_xero_tenant(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description=CONNECTION_ID_DESCRIPTION)
        ],
        tenant_id: Annotated[
            str, text_argument(COMPANY_ID_DESCRIPTION, max_length=COMPANY_ID_MAX_LENGTH)
        ],
    ) -> SelectXeroTenantResult | None:
        """selectCompany under its former name and argument."""
        outcome = await choose_company(info, connection_id, tenant_id, company_argument="tenantId")
        if isinstance(outcome, AccountingConnection):
            return SelectXeroTenantSuccess(connection=outcome)
        return outcome
