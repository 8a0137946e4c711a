"""The startConnection mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import ValidationFailed
from core.models.enums import Provider
from core.oauth_state import states_for
from core.services.agent_connections import polls_for_work, start_agent_connection
from core.services.connections import ConnectionConflict, start_connection
from core.sync.ports import AgentSetup
from graph.accounting.types import CONNECTION_TYPE
from graph.context import Info
from graph.errors import ConnectionConflictError, ValidationError, user_error
from graph.ids import encode_id
from graph.permissions import ADMIN
from integrations.registry import UnsupportedProvider, kit_for


@strawberry.type(description="Send the user's browser to `authorizationUrl` to give consent.")
class StartConnectionSuccess:
    """Where the consent happens."""

    authorization_url: str = strawberry.field(
        description="The platform's consent page. It carries a signed `state` that is valid for "
        "10 minutes, once, for you and your firm. After consent the platform sends the browser "
        "to `/oauth/<provider>/callback`, which redirects to the billing app with "
        "`?status=connected&connection=<ID>` or `?status=error&error=<code>&message=<text>`."
    )
    provider: Provider = strawberry.field(description="The platform being connected.")


@strawberry.type(
    description="Install the connector: for a platform whose agent polls Ledgersync (QuickBooks "
    "Desktop: the QuickBooks Web Connector). Add the `.qwc` file to the Web Connector, enter "
    "the password, and run Update Selected; the connection stays PENDING until the first "
    "session reports the company file, then it is ACTIVE."
)
class WebConnectorSetup:
    """The connector's configuration file and its one-time password."""

    provider: Provider = strawberry.field(description="The platform being connected.")
    connection_id: strawberry.ID = strawberry.field(description="The PENDING connection.")
    user_name: str = strawberry.field(description="The UserName written in the .qwc file.")
    password: str = strawberry.field(
        description="Shown this once and stored only as a slow hash. Starting the connection "
        "again issues a new password; the old one stops working."
    )
    qwc_file_name: str = strawberry.field(description="A file name to save the .qwc file as.")
    qwc_content: str = strawberry.field(description="The .qwc file (XML).")
    qwc_download_url: str = strawberry.field(
        description="The .qwc file as a `data:` URL a browser downloads (it holds no secret)."
    )
    warning: str | None = strawberry.field(
        description="Why the Web Connector would refuse Ledgersync's address (it accepts only "
        "HTTPS, or http://localhost); null when it accepts it."
    )

    @classmethod
    def from_setup(cls, setup: AgentSetup) -> WebConnectorSetup:
        """Build from the engine's value."""
        return cls(
            provider=Provider(setup.provider),
            connection_id=encode_id(CONNECTION_TYPE, setup.connection_id),
            user_name=setup.user_name,
            password=setup.password,
            qwc_file_name=setup.config_file_name,
            qwc_content=setup.config_file,
            qwc_download_url=setup.config_url,
            warning=setup.warning,
        )


StartConnectionResult = Annotated[
    StartConnectionSuccess | WebConnectorSetup | ConnectionConflictError | ValidationError,
    strawberry.union(
        "StartConnectionResult",
        description="The consent URL (OAuth platforms), the connector's setup (platforms whose "
        "agent polls Ledgersync), or why connecting cannot start.",
    ),
]


@strawberry.type
class StartConnectionMutation:
    """Mixin holding the startConnection field."""

    @strawberry.mutation(
        permission_classes=ADMIN,
        description="Start connecting your firm to an accounting platform (FIRM_ADMIN or "
        "MASTER_ADMIN). Reconnecting the platform you already use is allowed (the same company "
        "gets its mappings back); ConnectionConflictError when the firm is connected to another "
        "platform (one accounting connection per firm); ValidationError for a platform not "
        "supported yet. For OAuth platforms nothing is stored until the callback completes; for a "
        "platform whose agent polls Ledgersync (QUICKBOOKS_DESKTOP) a PENDING connection and "
        "the agent's login are stored and WebConnectorSetup is returned.",
    )
    async def start_connection(
        self,
        info: Info,
        provider: Annotated[Provider, strawberry.argument(description="The platform to connect.")],
    ) -> StartConnectionResult | None:
        """Build the consent URL with a signed, single-use state."""
        viewer = info.context.require_admin()
        runtime = info.context.runtime
        try:
            kit = kit_for(provider)
        except UnsupportedProvider as exc:
            return ValidationError(message=str(exc), code=ValidationFailed.code, field="provider")
        try:
            if polls_for_work(kit):
                setup = await start_agent_connection(viewer, kit, runtime.providers)
                return WebConnectorSetup.from_setup(setup)
            authorization = await start_connection(
                viewer, kit, runtime.providers, states_for(runtime.settings, runtime.redis)
            )
        except ConnectionConflict as exc:
            error = user_error(exc)
            assert isinstance(error, ConnectionConflictError)
            return error
        return StartConnectionSuccess(
            authorization_url=authorization.url, provider=authorization.provider
        )
