"""QuickBooks Desktop as the engine sees it: the Web Connector's SOAP route and ledger sessions.

There is no OAuth and there are no webhooks: a connection gets a Web Connector login
(:mod:`.logins`), the Web Connector polls ``POST /qbwc`` (:mod:`.endpoint`), and a session
(:class:`.provider.QuickBooksDesktopProvider`) answers from the request ledger or queues the
requests and says the run must wait. In the ``simulator`` environment a simulated company file
and Web Connector are served at ``/_sim/qbd`` and poll the app in-process.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from uuid import UUID

import httpx
from starlette.routing import BaseRoute
from starlette.types import ASGIApp

from core.models import AgentLogin, Connection
from core.models.enums import Provider
from core.sync.ports import AgentSetup, ProviderError, WebhookSignatureError
from core.sync.records import ChangeDelivery
from core.sync.session import OAuthClient, ProviderEnv, SessionTarget
from integrations.provider_settings import provider_settings
from integrations.simulators import SimulatorControl

from .config import SIMULATOR_PATH, SOAP_PATH, QbdSettings, load_qbd_settings
from .endpoint import soap_routes
from .ledger import RequestLedger
from .logins import issue_login
from .mapping import HOME_BY_COUNTRY, Currencies, currency_code
from .provider import CAPABILITIES, QuickBooksDesktopProvider
from .qwc import https_problem, qwc_file
from .service import WebConnectorService, WorkHooks

SLUG = "quickbooks-desktop"
SETTINGS_KEY = "qbd-settings"


class QuickBooksDesktopKit:
    """Builds the SOAP route, the simulator and ledger-backed sessions from the settings."""

    provider = Provider.QUICKBOOKS_DESKTOP
    display_name = "QuickBooks Desktop"
    slug = SLUG
    capabilities = CAPABILITIES

    def settings(self, env: ProviderEnv) -> QbdSettings:
        """The ``LEDGERSYNC_QBD_*`` settings, read once per process environment."""
        return provider_settings(env, SETTINGS_KEY, QbdSettings, load_qbd_settings)

    def service(self, env: ProviderEnv, hooks: WorkHooks | None = None) -> WebConnectorService:
        """The Web Connector service over this process's database."""
        return WebConnectorService(self.settings(env), hooks=hooks)

    def routes(self, env: ProviderEnv, hooks: WorkHooks | None = None) -> list[BaseRoute]:
        """The provider's own HTTP routes: ``POST /qbwc``."""
        return soap_routes(self.service(env, hooks), SOAP_PATH)

    async def agent_setup(self, env: ProviderEnv, connection: Connection) -> AgentSetup:
        """A new Web Connector login for the connection: its .qwc file and one-time password.

        Issuing again gives a new password and closes the sessions of the old one.
        """
        issued = await issue_login(connection)
        public = env.settings.public_url
        content = qwc_file(
            self.settings(env),
            public,
            user_name=issued.login.user_name,
            file_id=issued.login.company_key,
            description="Syncs invoices, customers and payments with Ledgersync.",
        )
        encoded = base64.b64encode(content.encode()).decode()
        return AgentSetup(
            provider=self.provider.value,
            connection_id=str(connection.id),
            user_name=issued.login.user_name,
            password=issued.password,
            config_file_name="ledgersync.qwc",
            config_file=content,
            config_url=f"data:application/xml;base64,{encoded}",
            warning=https_problem(public),
        )

    @asynccontextmanager
    async def session(
        self, env: ProviderEnv, target: SessionTarget, *, run_id: UUID | None = None
    ) -> AsyncIterator[QuickBooksDesktopProvider]:
        """A session of one company file for one run, answered from the request ledger."""
        login = await AgentLogin.get_or_none(connection_id=target.connection_id)
        facts = login.facts if login is not None else {}
        settings = target.settings
        yield QuickBooksDesktopProvider(
            RequestLedger(target.connection_id, run_id or target.run_id),
            remote_company_id=target.remote_company_id,
            currencies=Currencies(
                enabled=bool(facts.get("multicurrency")),
                home=currency_code(_text(facts.get("home_currency")))
                or HOME_BY_COUNTRY.get(str(facts.get("country") or "").upper()),
                reported="multicurrency" in facts,
            ),
            default_item_id=_text(settings.get("default_item_id")),
            income_account_id=_text(settings.get("income_account_id")),
        )

    def oauth(self, env: ProviderEnv) -> OAuthClient:
        """QuickBooks Desktop has no OAuth: a connection gets a Web Connector login instead."""
        raise ProviderError(
            "QuickBooks Desktop connects through the QuickBooks Web Connector, not OAuth",
            code="QBD-NO-OAUTH",
        )

    def parse_webhook(
        self, env: ProviderEnv, headers: Mapping[str, str], body: bytes
    ) -> ChangeDelivery:
        """QuickBooks Desktop sends no webhooks."""
        raise WebhookSignatureError("QuickBooks Desktop sends no webhooks")

    async def calls_remaining_today(self, env: ProviderEnv, remote_company_id: str) -> int | None:
        """No daily cap: None."""
        return None

    def simulator_control(self, http: httpx.AsyncClient, app_url: str) -> SimulatorControl:
        """The control API of the simulator mounted on the app running at ``app_url``."""
        from .simulator.remote import QbdSimulatorControl

        return QbdSimulatorControl(http, app_url.rstrip("/") + SIMULATOR_PATH)

    def simulator_mount(
        self, env: ProviderEnv, client: Callable[[], httpx.AsyncClient]
    ) -> tuple[str, ASGIApp] | None:
        """The simulated company files and Web Connector, only in the simulator environment;
        ``client`` reaches this app (its ``/qbwc``) in-process."""
        if self.settings(env).environment != "simulator":
            return None
        # Imported here so production never loads the simulator.
        from .simulator import SimulatorSettings, create_app

        public = env.settings.public_url.rstrip("/")
        simulator = create_app(
            SimulatorSettings(endpoint_url=f"{public}{SOAP_PATH}", client_factory=client)
        )
        return SIMULATOR_PATH, simulator


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
