"""The companies a consent granted, kept on a PENDING connection until one is chosen.

A consent may grant several companies (Xero organisations); the connection then stays PENDING
with the granted companies in ``Connection.sync_state`` (no model change) and the tokens stored,
until ``connection_choice.select_company`` keeps one.
"""

from __future__ import annotations

from uuid import UUID

from core.models import Connection, User
from core.models.enums import ConnectionStatus
from core.sync.session import Grant, ProviderEnv, ProviderKit, RemoteCompany

# Where a PENDING connection keeps the companies its consent granted.
AVAILABLE_COMPANIES = "available_companies"
CHOOSE_HINT = "Choose one of the available companies to finish connecting."


def available_companies(connection: Connection) -> list[RemoteCompany]:
    """The companies a PENDING connection's consent granted, to choose one from."""
    if connection.status is not ConnectionStatus.PENDING:
        return []
    raw = (connection.sync_state or {}).get(AVAILABLE_COMPANIES)
    return [
        RemoteCompany(id=str(c["id"]), name=str(c["name"]) if c.get("name") else None)
        for c in (raw if isinstance(raw, list) else [])
        if isinstance(c, dict) and c.get("id")
    ]


async def pending_choice(
    kit: ProviderKit, env: ProviderEnv, grant: Grant, firm_id: UUID, user: User
) -> Connection:
    """A consent that granted several companies: a PENDING row listing them, holding the tokens
    until the user picks one (see ``connection_choice.select_company``)."""
    connection = await Connection.get_or_none(
        firm_id=firm_id,
        provider=kit.provider,
        status=ConnectionStatus.PENDING,
        remote_company_id=None,
    )
    if connection is None:
        connection = Connection(firm_id=firm_id, provider=kit.provider)
    connection.status = ConnectionStatus.PENDING
    connection.connected_by = user
    connection.last_error = None  # type: ignore[assignment]  # a nullable column
    connection.sync_state = {
        **(connection.sync_state or {}),
        AVAILABLE_COMPANIES: [{"id": c.id, "name": c.name} for c in grant.companies],
    }
    await env.credentials.store(connection, grant.tokens)
    return connection
