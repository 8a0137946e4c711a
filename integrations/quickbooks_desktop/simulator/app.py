"""Assembles the simulator's Starlette application (the control API)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import BaseRoute

from . import control
from .state import SimulatorSettings, SimulatorState


def create_app(settings: SimulatorSettings | None = None) -> Starlette:
    """A simulator app; its state is ``app.state.simulator``."""
    state = SimulatorState(settings or SimulatorSettings())
    routes: list[BaseRoute] = list(control.routes) if state.settings.control_api else []
    app = Starlette(routes=routes)
    app.state.simulator = state
    return app
