"""The simulator's state: company files and the Web Connector configured for each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from .company import Clock, CompanyFile
from .connector import WebConnector

DEMO_COMPANY_NAME = "Simulated Company"


@dataclass
class SimulatorSettings:
    """Where the simulated Web Connectors send their SOAP calls (the app's ``/qbwc``) and
    how they reach it (``client_factory``: in-process in the app and in tests)."""

    endpoint_url: str = "http://127.0.0.1:8000/qbwc"
    client_factory: Callable[[], httpx.AsyncClient] = httpx.AsyncClient
    noop_pause_seconds: float = 5.0
    control_api: bool = True


@dataclass
class SimulatorState:
    """Company files by FileID, each with the Web Connector set up for it (if any)."""

    settings: SimulatorSettings = field(default_factory=SimulatorSettings)
    companies: dict[str, CompanyFile] = field(default_factory=dict)
    connectors: dict[str, tuple[str, str]] = field(default_factory=dict)

    def create_company(
        self, name: str, *, file_id: str | None = None, multicurrency: bool = False
    ) -> CompanyFile:
        """A new company file (its FileID as the .qwc gives it, when known)."""
        company = CompanyFile(name=name, multicurrency=multicurrency, clock=Clock())
        if file_id:
            company.file_id = file_id
        self.companies[company.file_id] = company
        return company

    def company(self, file_id: str) -> CompanyFile:
        """A company file, or KeyError."""
        try:
            return self.companies[file_id]
        except KeyError:
            raise KeyError(f"no company file {file_id}") from None

    def configure(self, file_id: str, user_name: str, password: str) -> None:
        """Set up the Web Connector of a company file (the .qwc's UserName, the password)."""
        self.company(file_id)
        self.connectors[file_id] = (user_name, password)

    def set_up_login(
        self,
        user_name: str,
        password: str,
        *,
        file_id: str | None = None,
        company_name: str | None = None,
    ) -> CompanyFile:
        """The company file whose Web Connector signs in as ``user_name`` (its password
        updated), or a new one set up for it, as adding the .qwc in the Web Connector does.

        Without the .qwc's ``file_id`` a new file holds no FileID for Ledgersync, so
        Ledgersync has nothing to compare and accepts it as the connection's company file.
        """
        for known, (name, _) in self.connectors.items():
            if name == user_name and (file_id is None or known.upper() == file_id.upper()):
                self.connectors[known] = (user_name, password)
                return self.company(known)
        company = self.create_company(company_name or DEMO_COMPANY_NAME, file_id=file_id)
        company.stores_file_id = file_id is not None
        self.connectors[company.file_id] = (user_name, password)
        return company

    def connector(self, file_id: str, http: httpx.AsyncClient) -> WebConnector:
        """The Web Connector of a company file, talking over ``http``."""
        if file_id not in self.connectors:
            raise KeyError(f"no Web Connector is set up for {file_id}")
        user_name, password = self.connectors[file_id]
        return WebConnector(
            http,
            self.settings.endpoint_url,
            self.company(file_id),
            user_name=user_name,
            password=password,
            noop_pause_seconds=self.settings.noop_pause_seconds,
        )
