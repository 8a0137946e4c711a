"""Assembles the simulator's Starlette application."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from . import api, control, oauth
from .errors import WWW_AUTHENTICATE, QboError, authentication_failed_body
from .jsonutil import JSONBody
from .middleware import SimulatorMiddleware
from .settings import SimulatorSettings
from .state import SimulatorState
from .tokens import AccessDenied


async def _on_fault(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, QboError)
    return api.fault_response(api.simulator(request), exc)


async def _on_access_denied(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AccessDenied)
    now = api.simulator(request).settings.clock.now()
    return JSONBody(
        authentication_failed_body(exc.detail, now),
        status_code=401,
        headers={"www-authenticate": WWW_AUTHENTICATE},
    )


def create_app(settings: SimulatorSettings | None = None) -> Starlette:
    """Build a simulator app; its state is `app.state.simulator`."""
    settings = settings or SimulatorSettings()
    state = SimulatorState(settings)
    routes: list[BaseRoute] = [*oauth.routes, *api.routes]
    if settings.control_api:
        routes.extend(control.routes)
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SimulatorMiddleware, state=state)],
        exception_handlers={QboError: _on_fault, AccessDenied: _on_access_denied},
    )
    app.state.simulator = state
    return app
