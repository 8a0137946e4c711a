"""Per-provider drivers for the simulators mounted in the app, so one test runs for every provider.

A driver knows how its simulator is reached and driven (consent page, company name, entering
customers and invoices and recording a payment as a user would, counting invoices, checking a
revoked grant). ``install`` prepares a run: for Xero, the mounted simulator validates every
request it receives and every response it returns against Xero's official OpenAPI documents
(wherever the client runs, including a separate worker process), and ``finish`` fails the test
on any mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from core.models import Connection, Firm
from core.models.enums import ConnectionStatus
from core.sync.session import ProviderEnv, ProviderKit
from integrations.quickbooks_online.kit import SIMULATOR_PATH as QBO_PATH
from integrations.xero.kit import SIMULATOR_PATH as XERO_PATH
from integrations.xero.simulator.contacts import save_contact
from integrations.xero.simulator.invoices import save_invoice
from integrations.xero.simulator.openapi_check import (
    SpecMismatch,
    XeroSpecValidator,
    xero_specs,
)
from integrations.xero.simulator.rules import JsonObject, Outcome
from integrations.xero.simulator.state import SimulatorError


def mounted_state(app: Starlette, path: str) -> Any:
    """The state of the simulator mounted at ``path``."""
    for route in app.routes:
        if isinstance(route, Mount) and route.path == path:
            return route.app.state.simulator  # type: ignore[attr-defined]
    raise AssertionError(f"no simulator is mounted at {path}")


class SimDriver(Protocol):
    """What a provider-parametrized test needs from a simulator."""

    provider: str
    slug: str
    mount_path: str
    consent_path: str
    company_name: str
    display_name: str

    def state(self, app: Starlette) -> Any:
        """The mounted simulator's state."""
        ...

    def company_ids(self, app: Starlette) -> list[str]:
        """The ids of the simulator's companies."""
        ...

    def install(self, app: Starlette) -> None:
        """Prepare the simulator for this run (spec validation for Xero)."""
        ...

    def finish(self) -> None:
        """Fail on anything ``install`` caught."""
        ...

    def grant_revoked(self, app: Starlette) -> bool:
        """Whether the consent was revoked at the provider."""
        ...

    def count_invoices(self, app: Starlette, company_id: str) -> int:
        """Invoices in the remote company."""
        ...

    def record_payment(
        self, app: Starlette, company_id: str, invoice_id: str, amount: float
    ) -> None:
        """Pay a remote invoice as a user of the platform would."""
        ...

    def voided(self, app: Starlette, company_id: str) -> list[bool]:
        """For each remote invoice, whether it is voided."""
        ...

    def create_contact(
        self,
        app: Starlette,
        company_id: str,
        name: str,
        email: str | None = None,
        phone: str | None = None,
    ) -> str:
        """A customer entered in the platform by a user, nothing sold to it yet; its id."""
        ...

    def create_customer(
        self,
        app: Starlette,
        company_id: str,
        name: str,
        email: str | None = None,
        phone: str | None = None,
    ) -> str:
        """A contact the platform counts as a customer, entered by a user; its id."""
        ...

    def create_invoice(
        self, app: Starlette, company_id: str, customer_id: str, amount: str, number: str
    ) -> str:
        """An approved, unpaid sales invoice entered by a user: one line of ``amount``; its id."""
        ...

    def mute_webhooks(self, app: Starlette) -> None:
        """Stop the simulator's webhook deliveries (a test that proves the poll alone)."""
        ...

    def steal_refresh_token(self, app: Starlette, refresh_token: str) -> None:
        """Under strict rotation, someone else rotates the chain with this refresh token, and
        every access token expires: our next call must refresh, and is refused."""
        ...


class _MountedDriver:
    """What every driver does the same way with the simulator mounted at ``mount_path``."""

    mount_path: str

    def state(self, app: Starlette) -> Any:
        """The mounted simulator's state."""
        return mounted_state(app, self.mount_path)

    def mute_webhooks(self, app: Starlette) -> None:
        """No deliveries from now on."""
        self.state(app).settings.webhook_url = None


@dataclass
class QboDriver(_MountedDriver):
    """QuickBooks Online's simulator at /_sim/qbo."""

    provider: str = "QUICKBOOKS_ONLINE"
    slug: str = "quickbooks"
    mount_path: str = QBO_PATH
    consent_path: str = QBO_PATH + "/connect/oauth2"
    company_name: str = "Simulated Company"
    display_name: str = "QuickBooks Online"

    def company_ids(self, app: Starlette) -> list[str]:
        """Realm ids."""
        return list(self.state(app).realms)

    def install(self, app: Starlette) -> None:
        """Nothing to wrap: Intuit publishes no spec we validate against."""

    def finish(self) -> None:
        """Nothing was wrapped."""

    def grant_revoked(self, app: Starlette) -> bool:
        """Every grant the simulator issued is revoked."""
        grants = list(self.state(app).tokens.grants.values())
        return bool(grants) and all(g.revoked for g in grants)

    def count_invoices(self, app: Starlette, company_id: str) -> int:
        """Invoices in the realm."""
        return len(self.state(app).entities(company_id, "Invoice"))

    def record_payment(
        self, app: Starlette, company_id: str, invoice_id: str, amount: float
    ) -> None:
        """A payment entered in QuickBooks."""
        self.state(app).record_payment(company_id, invoice_id, amount)

    def steal_refresh_token(self, app: Starlette, refresh_token: str) -> None:
        """Strict rotation; Intuit's chain rotated by someone else."""
        state = self.state(app)
        state.settings.rotation = "strict"
        state.tokens.refresh(state.settings.clients[0].client_id, refresh_token)
        state.expire_access_tokens()

    def voided(self, app: Starlette, company_id: str) -> list[bool]:
        """QuickBooks voids by zeroing the amounts."""
        rows = self.state(app).entities(company_id, "Invoice")
        return [float(r["TotalAmt"]) == 0 for r in rows]

    def _create(self, app: Starlette, company_id: str, entity: str, body: dict[str, Any]) -> str:
        state = self.state(app)
        record = state.accounting.create(state.realm(company_id), entity, body, origin="control")
        return str(record.id)

    def create_contact(
        self,
        app: Starlette,
        company_id: str,
        name: str,
        email: str | None = None,
        phone: str | None = None,
    ) -> str:
        """A Customer (QuickBooks keeps customers apart from vendors, sales or not)."""
        body: dict[str, Any] = {"DisplayName": name}
        if email:
            body["PrimaryEmailAddr"] = {"Address": email}
        if phone:
            body["PrimaryPhone"] = {"FreeFormNumber": phone}
        return self._create(app, company_id, "Customer", body)

    def create_customer(
        self,
        app: Starlette,
        company_id: str,
        name: str,
        email: str | None = None,
        phone: str | None = None,
    ) -> str:
        """Every QuickBooks Customer is a customer: the same as ``create_contact``."""
        return self.create_contact(app, company_id, name, email, phone)

    def create_invoice(
        self, app: Starlette, company_id: str, customer_id: str, amount: str, number: str
    ) -> str:
        """An Invoice with one service line (QuickBooks invoices are open once saved)."""
        line = {
            "Amount": Decimal(amount),
            "DetailType": "SalesItemLineDetail",
            "Description": "Consulting",
            "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
        }
        body = {"Line": [line], "CustomerRef": {"value": customer_id}, "DocNumber": number}
        return self._create(app, company_id, "Invoice", body)


class XeroSpecCheck:
    """Checks every exchange a mounted Xero simulator answers against Xero's OpenAPI documents,
    whichever process sent the request; mismatches are recorded for the end of the test (the
    client still gets its answer)."""

    def __init__(self) -> None:
        self._validator: XeroSpecValidator | None = None
        self.mismatches: list[str] = []

    @property
    def validator(self) -> XeroSpecValidator:
        """The validator, built on first use (the specs load once per process)."""
        if self._validator is None:
            self._validator = XeroSpecValidator(xero_specs())
        return self._validator

    def observe(self, request: httpx.Request, response: httpx.Response) -> None:
        """Validate one exchange; record a mismatch."""
        try:
            self.validator.validate(request, response)
        except SpecMismatch as exc:
            self.mismatches.append(str(exc))

    def install(self, app: Starlette) -> None:
        """Observe the Xero simulator mounted in ``app``, if there is one."""
        for route in app.routes:
            if isinstance(route, Mount) and route.path == XERO_PATH:
                route.app.state.simulator.settings.exchange_observer = self.observe  # type: ignore[attr-defined]


@dataclass
class XeroDriver(_MountedDriver):
    """Xero's simulator at /_sim/xero, every exchange checked against Xero's spec."""

    provider: str = "XERO"
    slug: str = "xero"
    mount_path: str = XERO_PATH
    consent_path: str = XERO_PATH + "/identity/connect/authorize"
    company_name: str = "Demo Company (Global)"
    display_name: str = "Xero"
    spec: XeroSpecCheck = field(default_factory=XeroSpecCheck)

    def company_ids(self, app: Starlette) -> list[str]:
        """Tenant ids."""
        return list(self.state(app).organisations)

    def install(self, app: Starlette) -> None:
        """Have the mounted simulator check every exchange it answers against Xero's spec,
        whichever process sent the request (the test, the embedded worker, a worker process)."""
        self.state(app).settings.exchange_observer = self.spec.observe

    def finish(self) -> None:
        """Fail on any spec mismatch seen during the run, or if nothing was checked at all."""
        assert not self.spec.mismatches, self.spec.mismatches
        assert self.spec.validator.checked, "no Xero exchange was checked against the spec"

    def grant_revoked(self, app: Starlette) -> bool:
        """No Xero connection is left and every refresh token is revoked."""
        identity = self.state(app).identity
        tokens = list(identity.refresh_tokens.values())
        return not identity.connections and bool(tokens) and all(t.revoked for t in tokens)

    def count_invoices(self, app: Starlette, company_id: str) -> int:
        """Invoices in the organisation."""
        return len(self.state(app).entities(company_id, "invoices"))

    def record_payment(
        self, app: Starlette, company_id: str, invoice_id: str, amount: float
    ) -> None:
        """A payment entered in Xero (Xero sends no payment webhook for it)."""
        self.state(app).record_payment(company_id, invoice_id, amount)

    def steal_refresh_token(self, app: Starlette, refresh_token: str) -> None:
        """No grace for a rotated refresh token; Xero's chain rotated by someone else."""
        state = self.state(app)
        state.settings.refresh_token_grace = 0.0
        identity = state.identity
        identity.refresh(refresh_token, state.settings.client_id)
        for access in identity.access_tokens.values():
            access.expires_at = 0.0

    def voided(self, app: Starlette, company_id: str) -> list[bool]:
        """Xero keeps a voided invoice with Status VOIDED."""
        rows = self.state(app).entities(company_id, "invoices")
        return [r["Status"] == "VOIDED" for r in rows]

    def _saved(self, app: Starlette, company_id: str, outcome: Outcome) -> JsonObject:
        """Commit a change made in Xero by a user, with Xero's validation and webhooks."""
        if not outcome.ok:
            raise SimulatorError(outcome.errors)
        self.state(app).announce(company_id, outcome)
        return outcome.element

    def _save_invoice(self, app: Starlette, company_id: str, element: JsonObject) -> str:
        state = self.state(app)
        org = state.organisation(company_id)
        outcome = save_invoice(org, element, state.settings.clock(), existing=None)
        return str(self._saved(app, company_id, outcome)["InvoiceID"])

    def create_contact(
        self,
        app: Starlette,
        company_id: str,
        name: str,
        email: str | None = None,
        phone: str | None = None,
    ) -> str:
        """A Contact; Xero does not count it as a customer (IsCustomer) until it is invoiced."""
        element: JsonObject = {"Name": name}
        if email:
            element["EmailAddress"] = email
        if phone:
            element["Phones"] = [{"PhoneType": "DEFAULT", "PhoneNumber": phone}]
        state = self.state(app)
        org = state.organisation(company_id)
        outcome = save_contact(org, element, state.settings.clock(), upsert=False)
        return str(self._saved(app, company_id, outcome)["ContactID"])

    def create_customer(
        self,
        app: Starlette,
        company_id: str,
        name: str,
        email: str | None = None,
        phone: str | None = None,
    ) -> str:
        """A Contact with a draft sales invoice: Xero marks a contact IsCustomer once a sales
        invoice is entered against it, and a draft is not an open invoice to import."""
        contact_id = self.create_contact(app, company_id, name, email, phone)
        draft = {"Type": "ACCREC", "Contact": {"ContactID": contact_id}, "Status": "DRAFT"}
        self._save_invoice(app, company_id, draft)
        return contact_id

    def create_invoice(
        self, app: Starlette, company_id: str, customer_id: str, amount: str, number: str
    ) -> str:
        """An AUTHORISED sales invoice without tax, one line booked to Sales (200)."""
        line = {
            "Description": "Consulting",
            "Quantity": 1,
            "UnitAmount": float(amount),
            "AccountCode": "200",
        }
        element: JsonObject = {
            "Type": "ACCREC",
            "Contact": {"ContactID": customer_id},
            "InvoiceNumber": number,
            "LineAmountTypes": "NoTax",
            "Status": "AUTHORISED",
            "LineItems": [line],
        }
        return self._save_invoice(app, company_id, element)


DRIVERS: dict[str, type[QboDriver] | type[XeroDriver]] = {"qbo": QboDriver, "xero": XeroDriver}


async def connect_directly(env: ProviderEnv, kit: ProviderKit, firm: Firm) -> Connection:
    """Consent (auto-approved by the mounted simulator), exchange the code, and store an ACTIVE
    connection of ``firm`` to the first company granted."""
    oauth = kit.oauth(env)
    async with httpx.AsyncClient(transport=env.transport) as browser:
        response = await browser.get(oauth.authorization_url("state-1"))
    query = parse_qs(urlparse(response.headers["location"]).query)
    grant = await oauth.exchange_code({k: v[0] for k, v in query.items()})
    connection = await Connection.create(
        firm=firm,
        provider=kit.provider,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=grant.companies[0].id,
    )
    await env.credentials.store(connection, grant.tokens)
    return connection
