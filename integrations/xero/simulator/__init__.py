"""A faithful, in-memory Xero: identity (OAuth 2.0 and connections), a subset of the Accounting
API with Xero's shapes, errors and limits, signed webhooks, and fault injection.

Only imported in the simulator environment (tests, the demo, benchmarks) and never by production
settings: the production client reaches it purely by being pointed at another base URL.

Paths mirror Xero's hosts on one origin: ``/identity/connect/authorize`` (login.xero.com),
``/connect/token`` and ``/connect/revocation`` (identity.xero.com), ``/connections`` and
``/api.xro/2.0/...`` (api.xero.com). ``/_control/...`` drives the simulation.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware

from . import accounting, control, identity
from .faults import FaultKind, ResponseDropped, SimulatedTimeout
from .observe import ObservedApp
from .settings import SimulatorSettings
from .state import SimulatorError, SimulatorState
from .webhooks import Delivery, sign

__all__ = [
    "Delivery",
    "FaultKind",
    "ResponseDropped",
    "SimulatedTimeout",
    "SimulatorError",
    "SimulatorSettings",
    "SimulatorState",
    "create_app",
    "sign",
]


def create_app(settings: SimulatorSettings | None = None) -> Starlette:
    """Build the simulator app; its state is ``app.state.simulator`` (a :class:`SimulatorState`)."""
    settings = settings or SimulatorSettings()
    app = Starlette(
        routes=[*identity.routes, *accounting.routes, *control.routes],
        middleware=[Middleware(ObservedApp, settings=settings)],
    )
    app.state.simulator = SimulatorState(settings)
    return app
