"""The selectCompany mutation: choose the company of a consent that granted several."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import InvalidState, NotFound, ValidationFailed
from core.services.connection_choice import COMPANY_FIELD, select_company
from core.services.connections import COMPANY_ID_MAX_LENGTH
from graph.accounting.types import CONNECTION_TYPE, AccountingConnection
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.permissions import ADMIN
from graph.validation import text_argument
from integrations.registry import kit_for

SELECT_COMPANY_DESCRIPTION = (
    "Finish a connection whose consent granted several companies (a Xero consent may grant "
    "many organisations): the connection stays PENDING, listing them in `availableCompanies`, "
    "until one is chosen here (FIRM_ADMIN or MASTER_ADMIN). The others are released at the "
    "platform (for Xero, their connections are deleted). ValidationError for a company the consent "
    "did not grant; InvalidStateError when the connection is not waiting for a choice or the "
    "platform refused; NotFoundError for an unknown ID or another firm's."
)
CONNECTION_ID_DESCRIPTION = "The PENDING connection's ID."
COMPANY_ID_DESCRIPTION = "The chosen company's id from `availableCompanies`."
SUCCESS_CONNECTION_DESCRIPTION = (
    "Now ACTIVE for the chosen company. Its ID may differ from the PENDING one when the firm "
    "was connected to that company before (its settings come back)."
)

SelectCompanyError = NotFoundError | ValidationError | InvalidStateError


@strawberry.type(description="The chosen company is connected.")
class SelectCompanySuccess:
    """The connection after the choice."""

    connection: AccountingConnection = strawberry.field(description=SUCCESS_CONNECTION_DESCRIPTION)


SelectCompanyResult = Annotated[
    SelectCompanySuccess | NotFoundError | ValidationError | InvalidStateError,
    strawberry.union("SelectCompanyResult", description="The connected company, or why not."),
]


async def choose_company(
    info: Info, connection_id: strawberry.ID, company_id: str, *, company_argument: str
) -> AccountingConnection | SelectCompanyError:
    """Keep one company, activate the connection and audit; shared by selectCompany and its
    deprecated alias selectXeroTenant.

    ``company_argument`` is the name the calling mutation gives the company's id, so that an
    error's ``field`` names an argument the client sent.
    """
    viewer = info.context.require_admin()
    try:
        connection = await select_company(
            viewer,
            kit_for,
            info.context.runtime.providers,
            decode_id(connection_id, CONNECTION_TYPE, field="connectionId"),
            company_id,
            ip_address=info.context.client_ip,
        )
    except (NotFound, ValidationFailed, InvalidState) as exc:
        if exc.field == COMPANY_FIELD:
            exc.field = company_argument
        error = user_error(exc)
        assert isinstance(error, NotFoundError | ValidationError | InvalidStateError)
        return error
    return AccountingConnection.from_model(connection)


@strawberry.type
class SelectCompanyMutation:
    """Mixin holding the selectCompany field."""

    @strawberry.mutation(permission_classes=ADMIN, description=SELECT_COMPANY_DESCRIPTION)
    async def select_company(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description=CONNECTION_ID_DESCRIPTION)
        ],
        company_id: Annotated[
            str, text_argument(COMPANY_ID_DESCRIPTION, max_length=COMPANY_ID_MAX_LENGTH)
        ],
    ) -> SelectCompanyResult | None:
        """Keep one company, activate the connection and audit."""
        outcome = await choose_company(
            info, connection_id, company_id, company_argument="companyId"
        )
        if isinstance(outcome, AccountingConnection):
            return SelectCompanySuccess(connection=outcome)
        return outcome
