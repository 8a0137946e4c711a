"""A simulated QuickBooks Desktop: company files and the Web Connector that polls Ledgersync.

The company file answers qbXML as QuickBooks does (ids, EditSequence, unique names, iterators
that expire with the session, status codes, schema-order checking with the parse-error
hresult, the multicurrency preference). The Web Connector drives a SOAP endpoint over HTTP in
QuickBooks' Web Connector's order of calls, with injectable faults. A control API under
``/_control/`` drives both from tests and demos.

Nothing in the service imports this package outside the ``simulator`` environment.
"""

from __future__ import annotations

from .app import create_app
from .company import Clock, CompanyFile
from .connector import Faults, SessionReport, WebConnector
from .processor import first_exchange, process
from .state import SimulatorSettings, SimulatorState

__all__ = [
    "Clock",
    "CompanyFile",
    "Faults",
    "SessionReport",
    "SimulatorSettings",
    "SimulatorState",
    "WebConnector",
    "create_app",
    "first_exchange",
    "process",
]
