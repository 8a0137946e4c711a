"""Connecting a platform that polls us (the request-queue role): a login instead of consent.

A provider that declares :attr:`~core.sync.ports.Capability.REQUEST_QUEUE` has an agent on the
customer's machine (e.g. the QuickBooks Web Connector) that signs in to Ledgersync and asks for
work. Starting such a connection stores a PENDING connection for the firm (or reuses the one it
has for that platform, so its mappings stay) and asks the kit for the agent's setup: its
configuration file and a password shown once. The connection becomes ACTIVE when the agent's
first session reports the company.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable
from uuid import UUID

from core.errors import Forbidden
from core.models import AgentLogin, Connection
from core.models.enums import ConnectionStatus
from core.services.activity import record_activity
from core.services.connections import refuse_other_provider
from core.services.tenancy import Viewer
from core.sync.ports import AgentSetup, Capability
from core.sync.session import ProviderEnv, ProviderKit


@runtime_checkable
class AgentKit(Protocol):
    """The request-queue role of a kit: issuing an agent's login for a connection."""

    async def agent_setup(self, env: ProviderEnv, connection: Connection) -> AgentSetup:
        """Issue (or re-issue) the connection's login; the old password stops working."""
        ...


def polls_for_work(kit: ProviderKit) -> bool:
    """Whether the platform's agent polls Ledgersync instead of being called."""
    return Capability.REQUEST_QUEUE in kit.capabilities and isinstance(kit, AgentKit)


async def start_agent_connection(
    viewer: Viewer, kit: ProviderKit, env: ProviderEnv, *, ip_address: str | None = None
) -> AgentSetup:
    """The agent's setup for the viewer's firm; the connection is PENDING until it polls."""
    if not viewer.is_admin:
        raise Forbidden("connecting an accounting platform needs the FIRM_ADMIN role")
    assert isinstance(kit, AgentKit)
    await refuse_other_provider(viewer.firm_id, kit.provider, kit.display_name)
    connection = (
        await Connection.filter(firm_id=viewer.firm_id, provider=kit.provider)
        .order_by("-updated_at")
        .first()
    )
    if connection is None:
        connection = await Connection.create(
            firm_id=viewer.firm_id,
            provider=kit.provider,
            status=ConnectionStatus.PENDING,
            connected_by_id=viewer.user_id,
        )
    elif connection.status is ConnectionStatus.REVOKED:
        connection.status = ConnectionStatus.PENDING
        connection.last_error = None  # type: ignore[assignment]
        await connection.save(update_fields=["status", "last_error", "updated_at"])
    setup = await kit.agent_setup(env, connection)
    await record_activity(
        firm_id=viewer.firm_id,
        actor_id=viewer.user_id,
        action="connection.agent_login_issued",
        subject_type="Connection",
        subject_id=connection.id,
        description=f"{kit.display_name} connector login issued",
        ip_address=ip_address,
    )
    return setup


async def last_polls(connection_ids: Sequence[UUID]) -> dict[UUID, datetime | None]:
    """When each connection's agent last polled, in one query; absent for connections without
    an agent login (platforms that are called instead)."""
    logins = await AgentLogin.filter(connection_id__in=list(connection_ids)).values_list(
        "connection_id", "last_polled_at"
    )
    return {connection_id: polled for connection_id, polled in logins}


@dataclass(frozen=True, slots=True)
class AgentFacts:
    """What a connection's agent reported about the books on its last session (as stored with
    its login); every field is None until it has reported."""

    product: str | None = None
    version: str | None = None
    country: str | None = None
    api_versions: tuple[str, ...] = ()
    multicurrency: bool | None = None
    home_currency: str | None = None
    agent_version: str | None = None

    @classmethod
    def from_document(
        cls, facts: dict[str, object] | None, agent_version: str | None = None
    ) -> AgentFacts:
        """Read the facts document the agent's first exchange stored (unknown keys ignored),
        with the agent's own version as it announced it on its last sign-in."""
        facts = facts or {}
        versions = facts.get("qbxml_versions")
        multicurrency = facts.get("multicurrency")
        return cls(
            product=_text(facts.get("product_name")),
            version=_text(facts.get("version")),
            country=_text(facts.get("country")),
            api_versions=tuple(str(v) for v in versions) if isinstance(versions, list) else (),
            multicurrency=multicurrency if isinstance(multicurrency, bool) else None,
            home_currency=_text(facts.get("home_currency")),
            agent_version=agent_version or None,
        )


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str | int | float) and str(value) else None


async def agent_facts(connection_ids: Sequence[UUID]) -> dict[UUID, AgentFacts]:
    """Each connection's agent facts, in one query; absent for connections without an agent
    login (platforms that are called instead)."""
    logins = await AgentLogin.filter(connection_id__in=list(connection_ids)).values_list(
        "connection_id", "facts", "agent_version"
    )
    return {
        connection_id: AgentFacts.from_document(facts, version)
        for connection_id, facts, version in logins
    }
