"""Plain HTTP routes next to GraphQL: the OAuth callback (and, in its own module, webhooks).

The callback is where the provider sends the user's browser back after consent. It completes
the connection and redirects (303) to the billing app with the outcome in the query string;
the authorization code and tokens never appear in a redirect or a log line.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from core.errors import DomainError
from core.models.enums import ConnectionStatus
from core.oauth_state import OAuthStateInvalid, states_for
from core.runtime import Runtime
from core.services.connections import ConnectionFailed, complete_connection
from graph.accounting.types import CONNECTION_TYPE
from graph.ids import encode_id
from graph.webhook_routes import WEBHOOK_ROUTES
from integrations.registry import UnsupportedProvider, kit_by_slug

logger = logging.getLogger("ledgersync.oauth")


def app_redirect(runtime: Runtime, params: dict[str, str]) -> RedirectResponse:
    """A 303 to the billing app (``app_url``, else Ledgersync's own root) with ``params``."""
    settings = runtime.settings
    target = settings.app_url or f"{settings.public_url.rstrip('/')}/"
    separator = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{separator}{urlencode(params)}", status_code=303)


def _failure(runtime: Runtime, code: str, message: str) -> RedirectResponse:
    logger.warning("OAuth callback failed: %s", code)
    return app_redirect(runtime, {"status": "error", "error": code, "message": message})


async def oauth_callback(request: Request) -> Response:
    """``GET /oauth/{slug}/callback``: finish connecting, then send the user back to the app."""
    runtime: Runtime = request.app.state.runtime
    try:
        kit = kit_by_slug(request.path_params["slug"])
    except UnsupportedProvider as exc:
        return _failure(runtime, "UNSUPPORTED_PROVIDER", str(exc))
    client = request.client
    try:
        connection = await complete_connection(
            kit,
            runtime.providers,
            dict(request.query_params),
            states_for(runtime.settings, runtime.redis),
            ip_address=client.host if client else None,
        )
    except OAuthStateInvalid as exc:
        return _failure(runtime, "INVALID_STATE", exc.message)
    except ConnectionFailed as exc:
        return _failure(runtime, exc.reason, exc.message)
    except DomainError as exc:
        return _failure(runtime, exc.code.value, exc.message)
    logger.info("connection %s completed", connection.id)
    global_id = encode_id(CONNECTION_TYPE, connection.id)
    # A consent that granted several companies waits for selectCompany.
    status = "choose_company" if connection.status is ConnectionStatus.PENDING else "connected"
    return app_redirect(runtime, {"connection": str(global_id), "status": status})


ROUTES: list[BaseRoute] = [
    Route("/oauth/{slug}/callback", oauth_callback, methods=["GET"]),
    *WEBHOOK_ROUTES,
]
