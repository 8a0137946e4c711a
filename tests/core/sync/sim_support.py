"""What the push and pull test helpers share: an in-process QBO simulator and a connected firm."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from core.crypto import SecretBox
from core.events import SyncEvent
from core.models import Connection, Firm
from core.models.enums import ConnectionStatus, Provider
from core.settings import Settings
from core.sync.session import ProviderEnv
from core.sync.tokens import CredentialStore
from integrations.quickbooks_online.kit import SIMULATOR_PATH, QuickBooksOnlineKit
from integrations.quickbooks_online.simulator import SimulatorSettings, create_app
from integrations.quickbooks_online.simulator.settings import RegisteredClient
from integrations.quickbooks_online.simulator.state import SimulatorState

PLATFORM = "QuickBooks Online"


class ListSink:
    """Keeps every published event."""

    def __init__(self) -> None:
        self.events: list[SyncEvent] = []

    async def publish(self, event: SyncEvent) -> None:
        self.events.append(event)


def simulator_env(settings: Settings, **simulator: Any) -> tuple[ProviderEnv, SimulatorState]:
    """A ProviderEnv whose HTTP goes in-process to a simulator mounted at /_sim/qbo."""
    kit = QuickBooksOnlineKit()
    env = ProviderEnv(
        settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys))
    )
    app = create_app(
        SimulatorSettings(
            auto_approve=True,
            clients=(
                RegisteredClient("sim-client-id", "sim-client-secret", (kit.redirect_uri(env),)),
            ),
            **simulator,
        )
    )
    env.transport = httpx.ASGITransport(app=Starlette(routes=[Mount(SIMULATOR_PATH, app=app)]))
    return env, app.state.simulator


async def connect_firm_to(
    env: ProviderEnv,
    firm_id: str = "firm-a",
    realm_id: str | None = None,
    *,
    firm_name: str | None = None,
) -> tuple[Firm, Connection]:
    """Consent (to ``realm_id``, default the first company), exchange the code, and store an
    ACTIVE connection for the firm with external id ``firm_id`` (created when missing)."""
    oauth = QuickBooksOnlineKit().oauth(env)
    url = oauth.authorization_url("state-1") + (f"&realmId={realm_id}" if realm_id else "")
    async with httpx.AsyncClient(transport=env.transport) as browser:
        response = await browser.get(url)
    params = {k: v[0] for k, v in parse_qs(urlparse(response.headers["location"]).query).items()}
    grant = await oauth.exchange_code(params)
    firm = await Firm.get_or_none(external_id=firm_id) or await Firm.create(
        external_id=firm_id, name=firm_name or firm_id
    )
    connection = await Connection.create(
        firm=firm,
        provider=Provider.QUICKBOOKS_ONLINE,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=grant.companies[0].id,
    )
    await env.credentials.store(connection, grant.tokens)
    return firm, connection
