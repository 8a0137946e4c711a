"""Choosing the company of a consent that granted several (a Xero consent may grant many
organisations): the connection stays PENDING, listing them, until one is chosen here.

Provider-blind: the kit's OAuth client releases the companies not chosen at the provider
(``OAuthClient.select_company``) and returns the tokens to keep.
"""

from __future__ import annotations

from uuid import UUID

from core.errors import Forbidden, InvalidState, ValidationFailed
from core.models import Connection, User
from core.models.enums import ConnectionStatus
from core.services.connection_companies import AVAILABLE_COMPANIES, available_companies
from core.services.connections import (
    KitLookup,
    activate,
    get_connection,
    refuse_other_provider,
)
from core.services.tenancy import Viewer
from core.sync.ports import ProviderError
from core.sync.session import ProviderEnv

COMPANY_FIELD = "companyId"
"""The ``field`` of errors about the chosen company (the GraphQL argument of selectCompany)."""


async def select_company(
    viewer: Viewer,
    kits: KitLookup,
    env: ProviderEnv,
    connection_id: UUID,
    company_id: str,
    *,
    ip_address: str | None = None,
) -> Connection:
    """Keep ``company_id`` of the PENDING connection's granted companies; return it ACTIVE.

    The other companies are released at the provider. Reconnecting a company the firm was
    connected to before reuses that connection's row (its settings and checkpoints); the
    PENDING row is then removed. Raises Forbidden, NotFound, InvalidState (not waiting for a
    choice, or the provider refused) or ValidationFailed (a company the consent did not grant).
    """
    if not viewer.is_admin:
        raise Forbidden("choosing the company to connect needs the FIRM_ADMIN role")
    pending = await get_connection(viewer, connection_id)
    kit = kits(pending.provider)
    choices = available_companies(pending)
    if not choices:
        raise InvalidState(
            "This connection is not waiting for a company to be chosen.", field="connectionId"
        )
    chosen = next((c for c in choices if c.id == company_id), None)
    if chosen is None:
        raise ValidationFailed(
            "That company was not granted by this consent; choose one of availableCompanies.",
            field=COMPANY_FIELD,
        )
    await refuse_other_provider(viewer.firm_id, kit.provider, kit.display_name)
    try:
        tokens = await kit.oauth(env).select_company(env.credentials.decrypt(pending), company_id)
    except ProviderError as exc:
        reason = exc.message
        raise InvalidState(
            f"{kit.display_name} did not accept the choice ({reason}); try again.",
            field=COMPANY_FIELD,
        ) from exc
    connection = await _row_for(pending, company_id)
    connection.status = ConnectionStatus.ACTIVE
    connection.last_error = None  # type: ignore[assignment]  # a nullable column
    connection.connected_by_id = pending.connected_by_id  # type: ignore[attr-defined]
    state = dict(connection.sync_state or {})
    state.pop(AVAILABLE_COMPANIES, None)
    connection.sync_state = state
    await env.credentials.store(connection, tokens)
    if connection.id != pending.id:
        await pending.delete()
    user = await User.get(id=viewer.user_id)
    await activate(kit, env, connection, user, company_name=chosen.name, ip_address=ip_address)
    return connection


async def _row_for(pending: Connection, company_id: str) -> Connection:
    """The firm's earlier row for that company (settings and checkpoints), else the pending one."""
    earlier = await Connection.get_or_none(
        firm_id=pending.firm_id,  # type: ignore[attr-defined]
        provider=pending.provider,
        remote_company_id=company_id,
    )
    if earlier is not None:
        return earlier
    pending.remote_company_id = company_id
    return pending
