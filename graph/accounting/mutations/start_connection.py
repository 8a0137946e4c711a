"""The startConnection mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import ValidationFailed
from core.models.enums import Provider
from core.oauth_state import states_for
from core.services.connections import ConnectionConflict, start_connection
from graph.context import Info
from graph.errors import ConnectionConflictError, ValidationError, user_error
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


StartConnectionResult = Annotated[
    StartConnectionSuccess | ConnectionConflictError | ValidationError,
    strawberry.union(
        "StartConnectionResult",
        description="The consent URL, or why connecting cannot start.",
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
        "supported yet. Nothing is stored until the callback completes.",
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
