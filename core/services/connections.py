"""Connecting a firm to its accounting platform: OAuth start and callback, disconnect, sessions.

Provider-blind: every provider-specific step goes through a :class:`ProviderKit` the caller looks
up in the registry. One accounting connection per firm — a firm may reconnect its provider
(the same company brings its old mappings back, as mappings are keyed by firm, provider and
remote company) but must disconnect before switching to another provider.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from uuid import UUID

from core.errors import DomainError, ErrorCode, Forbidden, InvalidState, NotFound
from core.events import EventSink
from core.models import Connection, Membership, User
from core.models.enums import ConnectionStatus, Provider
from core.oauth_state import OAuthStates
from core.services.activity import record_activity
from core.services.connection_companies import (
    CHOOSE_HINT,
    available_companies,
    pending_choice,
)
from core.services.tenancy import Viewer
from core.sync.disconnected import end_waiting_runs
from core.sync.ports import (
    AuthExpired,
    InvalidGrant,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
)
from core.sync.session import (
    ProviderEnv,
    ProviderKit,
    ProviderSession,
    RemoteCompany,
    SessionTarget,
)
from core.sync.tokens import RECONNECT_HINT

logger = logging.getLogger("ledgersync.connections")

KitLookup = Callable[[Provider], ProviderKit]
"""Finds the kit of a provider (``integrations.registry.kit_for``)."""

# Statuses in which a connection still holds (or may regain) working credentials.
LIVE_STATUSES = (ConnectionStatus.ACTIVE, ConnectionStatus.ERROR)
# Statuses that count towards "one accounting connection per firm".
HELD_STATUSES = (ConnectionStatus.ACTIVE, ConnectionStatus.ERROR, ConnectionStatus.EXPIRED)
ERROR_HINT = "Check the last error; the next sync retries. Reconnect if it keeps failing."
# The size of Connection.remote_company_id (and of the mappings' company column).
COMPANY_ID_MAX_LENGTH = 128


class ConnectionConflict(DomainError):
    """The firm already has a connection to another accounting platform."""

    code = ErrorCode.CONNECTION_CONFLICT


class ConnectionNotActive(InvalidState):
    """The connection cannot talk to its platform (expired, revoked, never completed)."""

    def __init__(self, message: str, *, status: ConnectionStatus, hint: str | None) -> None:
        super().__init__(message, field="connectionId")
        self.status = status
        self.hint = hint


class ConnectionFailed(DomainError):
    """The OAuth callback could not complete; ``reason`` is a stable code for the redirect."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Authorization:
    """Where to send the user to consent."""

    url: str
    provider: Provider


# --- sessions (used by the push and pull engines) -------------------------------------------


@asynccontextmanager
async def open_session(
    kit: ProviderKit, env: ProviderEnv, connection: Connection, *, run_id: UUID | None = None
) -> AsyncIterator[ProviderSession]:
    """A provider session for a connection that can sync.

    ACTIVE and ERROR connections open (ERROR means the last operation failed, not the
    credentials); PENDING, EXPIRED and REVOKED raise :class:`ConnectionNotActive` with a
    reconnect hint. When the platform refuses the refresh token during the session, the
    credential store has already marked the connection EXPIRED before InvalidGrant surfaces.
    """
    if connection.status not in LIVE_STATUSES or not connection.remote_company_id:
        raise ConnectionNotActive(
            f"The {kit.display_name} connection is {connection.status.value.lower()}: "
            f"{RECONNECT_HINT}",
            status=connection.status,
            hint=reconnect_hint(connection),
        )
    target = SessionTarget(
        connection.id, connection.remote_company_id, dict(connection.settings), run_id=run_id
    )
    async with kit.session(env, target) as session:
        yield session


def reconnect_hint(connection: Connection) -> str | None:
    """What the user should do about the connection's status, if anything."""
    if connection.status is ConnectionStatus.PENDING and available_companies(connection):
        return CHOOSE_HINT
    if connection.status in (
        ConnectionStatus.EXPIRED,
        ConnectionStatus.REVOKED,
        ConnectionStatus.PENDING,
    ):
        return RECONNECT_HINT
    if connection.status is ConnectionStatus.ERROR:
        return ERROR_HINT
    return None


async def record_connection_failure(connection_id: UUID, exc: ProviderError) -> None:
    """Make the status tell the truth after a connection-level provider error.

    Refused credentials → EXPIRED (reconnect); transient trouble (throttling, outages) changes
    nothing but the last error; anything else → ERROR with the message.
    """
    connection = await Connection.get_or_none(id=connection_id)
    if connection is None or connection.status is ConnectionStatus.REVOKED:
        return
    connection.last_error = exc.message
    if isinstance(exc, AuthExpired | InvalidGrant):
        connection.status = ConnectionStatus.EXPIRED
    elif not isinstance(exc, ProviderUnavailable | RateLimited):
        connection.status = ConnectionStatus.ERROR
    await connection.save(update_fields=["status", "last_error", "updated_at"])


async def record_connection_success(connection_id: UUID) -> None:
    """Clear an ERROR status after an operation on the connection succeeded."""
    await Connection.filter(id=connection_id, status=ConnectionStatus.ERROR).update(
        status=ConnectionStatus.ACTIVE, last_error=None
    )


# --- connecting -----------------------------------------------------------------------------


async def held_connection(firm_id: UUID) -> Connection | None:
    """The firm's accounting connection that is not revoked (the newest, if several)."""
    return (
        await Connection.filter(firm_id=firm_id, status__in=HELD_STATUSES)
        .order_by("-updated_at")
        .first()
    )


async def refuse_other_provider(firm_id: UUID, provider: Provider, display_name: str) -> None:
    held = await held_connection(firm_id)
    if held is not None and held.provider is not provider:
        raise ConnectionConflict(
            f"This firm is already connected to {held.provider.value}: one accounting "
            f"connection per firm. Disconnect it before connecting {display_name}.",
            field="provider",
        )


async def start_connection(
    viewer: Viewer, kit: ProviderKit, env: ProviderEnv, states: OAuthStates
) -> Authorization:
    """The consent URL for the viewer's firm, carrying a signed single-use state."""
    if not viewer.is_admin:
        raise Forbidden("connecting an accounting platform needs the FIRM_ADMIN role")
    await refuse_other_provider(viewer.firm_id, kit.provider, kit.display_name)
    state = states.issue(firm_id=viewer.firm_id, user_id=viewer.user_id, provider=kit.provider)
    url = kit.oauth(env).authorization_url(state, login_hint=viewer.firm_external_id)
    return Authorization(url=url, provider=kit.provider)


async def complete_connection(
    kit: ProviderKit,
    env: ProviderEnv,
    params: Mapping[str, str],
    states: OAuthStates,
    *,
    ip_address: str | None = None,
) -> Connection:
    """Finish the consent the provider redirected back with; return the ACTIVE connection.

    Raises OAuthStateInvalid (bad state), ConnectionFailed (consent refused, exchange failed),
    Forbidden (the user is no longer an admin of the firm) or ConnectionConflict.
    """
    state = await states.consume(params.get("state", ""), provider=kit.provider)
    user = await _admin_of(state.firm_id, state.user_id)
    if params.get("error"):
        raise ConnectionFailed(
            "CONSENT_DENIED", f"{kit.display_name} consent was not given ({params['error']})."
        )
    await refuse_other_provider(state.firm_id, kit.provider, kit.display_name)
    company, connection = await _exchange(kit, env, params, state.firm_id, user)
    if connection.status is ConnectionStatus.PENDING:
        count = len(available_companies(connection))
        await record_activity(
            firm_id=state.firm_id,
            actor_id=user.id,
            action="connection.consented",
            subject_type="Connection",
            subject_id=connection.id,
            description=f"{kit.display_name} consent by {display_user(user)} granted "
            f"{count} companies; one must be chosen",
            ip_address=ip_address,
        )
        return connection
    await activate(kit, env, connection, user, company_name=company.name, ip_address=ip_address)
    return connection


async def activate(
    kit: ProviderKit,
    env: ProviderEnv,
    connection: Connection,
    user: User,
    *,
    company_name: str | None,
    ip_address: str | None,
) -> None:
    """Finish an ACTIVE connection: leave other companies, read the name, record the activity."""
    firm_id: UUID = connection.firm_id  # type: ignore[attr-defined]
    await _supersede_other_companies(kit, env, connection, firm_id)
    connection.remote_company_name = await _company_name(kit, env, connection) or company_name
    await connection.save(update_fields=["remote_company_name", "updated_at"])
    await record_activity(
        firm_id=firm_id,
        actor_id=user.id,
        action="connection.connected",
        subject_type="Connection",
        subject_id=connection.id,
        description=f"{kit.display_name} connected by {display_user(user)}",
        ip_address=ip_address,
    )


async def _admin_of(firm_id: UUID, user_id: UUID) -> User:
    membership = await Membership.get_or_none(firm_id=firm_id, user_id=user_id).prefetch_related(
        "user"
    )
    if membership is None or not membership.role.is_admin:
        raise Forbidden("only a FIRM_ADMIN or MASTER_ADMIN of the firm can connect it")
    return membership.user


async def _exchange(
    kit: ProviderKit, env: ProviderEnv, params: Mapping[str, str], firm_id: UUID, user: User
) -> tuple[RemoteCompany, Connection]:
    """Exchange the code, then store the tokens on the firm's row for that company."""
    try:
        grant = await kit.oauth(env).exchange_code(params)
    except ProviderError as exc:
        raise ConnectionFailed("PROVIDER_ERROR", exc.message) from exc
    except ValueError as exc:
        raise ConnectionFailed("INVALID_CALLBACK", str(exc)) from exc
    if not grant.companies:
        raise ConnectionFailed("NO_COMPANY", f"{kit.display_name} granted access to no company.")
    for granted in grant.companies:
        _check_company_id(kit, granted.id)
    if len(grant.companies) > 1:
        return grant.companies[0], await pending_choice(kit, env, grant, firm_id, user)
    company = grant.companies[0]
    # Reusing the row for the same company keeps its settings and checkpoints.
    connection = await Connection.get_or_none(
        firm_id=firm_id, provider=kit.provider, remote_company_id=company.id
    )
    if connection is None:
        connection = Connection(
            firm_id=firm_id,
            provider=kit.provider,
            remote_company_id=company.id,
            status=ConnectionStatus.PENDING,
        )
    connection.status = ConnectionStatus.ACTIVE
    connection.connected_by = user
    connection.last_error = None  # type: ignore[assignment]  # a nullable column
    await env.credentials.store(connection, grant.tokens)
    return company, connection


def _check_company_id(kit: ProviderKit, company_id: str) -> None:
    """Refuse a company id no platform issues: the callback's query string is the browser's
    (QuickBooks Online sends ``realmId`` there), so it may hold anything."""
    if len(company_id) > COMPANY_ID_MAX_LENGTH or not company_id.isprintable():
        raise ConnectionFailed(
            "INVALID_CALLBACK",
            f"The callback names a company id that is not a {kit.display_name} company id.",
        )


async def _company_name(kit: ProviderKit, env: ProviderEnv, connection: Connection) -> str | None:
    """The company's display name; a failure leaves the name unknown, not the connection."""
    try:
        async with open_session(kit, env, connection) as session:
            return await session.company_name()
    except ProviderError as exc:
        logger.warning(
            "could not read the company name of connection %s: %s",
            connection.id,
            type(exc).__name__,
        )
        return None


async def _supersede_other_companies(
    kit: ProviderKit, env: ProviderEnv, connection: Connection, firm_id: UUID
) -> None:
    """A firm connected to a new company of the same provider leaves the previous one."""
    others = await Connection.filter(
        firm_id=firm_id, provider=kit.provider, status__in=HELD_STATUSES
    ).exclude(id=connection.id)
    for other in others:
        await _revoke(
            kit,
            env,
            other,
            reason="replaced by a connection to another company",
            successor=connection,
        )


# --- disconnecting --------------------------------------------------------------------------


async def disconnect(
    viewer: Viewer,
    kits: KitLookup,
    env: ProviderEnv,
    connection_id: UUID,
    *,
    ip_address: str | None = None,
    sink: EventSink | None = None,
) -> Connection:
    """Revoke the grant at the provider (best effort), mark REVOKED, clear credentials.

    Mappings are kept: reconnecting to the same company brings them back. Runs waiting for
    the platform's connector end, saying why (their events go to ``sink``).
    """
    if not viewer.is_admin:
        raise Forbidden("disconnecting needs the FIRM_ADMIN role")
    connection = await get_connection(viewer, connection_id)
    if connection.status is ConnectionStatus.REVOKED:
        return connection
    kit = kits(connection.provider)
    await _revoke(kit, env, connection, reason=None)
    if sink is not None:
        await end_waiting_runs(connection.id, sink)
    user = await User.get(id=viewer.user_id)
    await record_activity(
        firm_id=viewer.firm_id,
        actor_id=viewer.user_id,
        action="connection.disconnected",
        subject_type="Connection",
        subject_id=connection.id,
        description=f"{kit.display_name} disconnected by {display_user(user)}",
        ip_address=ip_address,
    )
    return connection


async def _revoke(
    kit: ProviderKit,
    env: ProviderEnv,
    connection: Connection,
    *,
    reason: str | None,
    successor: Connection | None = None,
) -> None:
    """End the connection; a ``successor`` (a newer consent replacing it) must keep working."""
    error: str | None = None
    if connection.credentials:
        try:
            oauth = kit.oauth(env)
            previous = env.credentials.decrypt(connection)
            if successor is not None and successor.credentials and connection.remote_company_id:
                current = env.credentials.decrypt(successor)
                await oauth.supersede(previous, current, connection.remote_company_id)
            else:
                await oauth.revoke(previous)
        except ProviderError as exc:
            # The local disconnect must not depend on the platform answering.
            error = f"Revoking the grant at {kit.display_name} failed: {_describe(exc)}"
            logger.warning("revoke failed for connection %s: %s", connection.id, type(exc).__name__)
    connection.status = ConnectionStatus.REVOKED
    connection.credentials = None  # type: ignore[assignment]  # a nullable column
    # Bumping the version fences out a refresh that started before the disconnect.
    connection.credentials_version += 1
    connection.last_error = error or (f"Disconnected: {reason}." if reason else None)  # type: ignore[assignment]
    await connection.save()


def _describe(exc: ProviderError) -> str:
    return exc.message


# --- reading --------------------------------------------------------------------------------


async def get_connection(viewer: Viewer, connection_id: UUID) -> Connection:
    """The viewer's firm's connection, or NotFound (another firm's id looks unknown)."""
    connection = await Connection.get_or_none(id=connection_id, firm_id=viewer.firm_id)
    if connection is None:
        raise NotFound("No connection with that ID exists in your firm.", field="connectionId")
    return connection


def display_user(user: User | None) -> str:
    """How an activity names a user."""
    if user is None:
        return "a former user"
    return user.name or user.email or user.external_id
