"""The simulator's whole in-memory world, with the Python twin of every control API call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from .contacts import contact_errors
from .currency import add_currencies
from .faults import Fault, FaultInjector, FaultKind
from .invoices import save_invoice
from .limits import RateLimiter
from .locks import lock_dates
from .org import Organisation
from .payments import create_payment
from .quotes import save_quote
from .rules import JsonObject, Outcome, Record, new_id
from .settings import SimulatorSettings
from .tokens import IdentityStore
from .webhooks import Delivery, WebhookDispatcher

KINDS = (
    "contacts",
    "items",
    "accounts",
    "invoices",
    "quotes",
    "payments",
    "batch_payments",
    "credit_notes",
)


class SimulatorError(Exception):
    """A control call Xero itself would have refused; ``messages`` are Xero's validation texts."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class StoredResponse:
    """A response kept for an Idempotency-Key so a retry gets the very same answer."""

    status_code: int
    body: bytes
    media_type: str | None


@dataclass
class SimulatorState:
    """Organisations, identity, limits, faults, idempotency and webhooks of one simulator."""

    settings: SimulatorSettings
    identity: IdentityStore = field(init=False)
    limiter: RateLimiter = field(init=False)
    faults: FaultInjector = field(default_factory=FaultInjector)
    webhooks: WebhookDispatcher = field(init=False)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    idempotency: dict[tuple[str, str, str], StoredResponse] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.identity = IdentityStore(self.settings)
        self.limiter = RateLimiter(self.settings)
        self.webhooks = WebhookDispatcher(self.settings)
        for name in self.settings.default_organisations:
            self.create_organisation(name)

    # Organisations and entities -------------------------------------------------------------

    def create_organisation(
        self, name: str, currency: str = "USD", tenant_id: str | None = None
    ) -> Organisation:
        """Add a tenant (with its seeded chart of accounts) that consent can then grant."""
        org = Organisation(tenant_id or str(uuid.uuid4()), name, currency)
        org.seed_accounts(self.settings.clock())
        self.organisations[org.tenant_id] = org
        return org

    def organisations_of(self, account: str) -> list[Organisation]:
        """The organisations a signed-in account may grant: its own and those nobody has yet.

        Granting one makes it the account's, so two accounts never share books. When none of
        them is a default organisation, the account gets its own copies of the defaults, as
        every Xero user has a demo company of their own.
        """
        offered = [org for org in self.organisations.values() if org.account in (None, account)]
        defaults = self.settings.default_organisations or ("Demo Company (Global)",)
        if not any(org.name in defaults for org in offered):
            for name in defaults:
                org = self.create_organisation(name)
                org.account = account
                offered.append(org)
        return offered

    def add_currencies(self, tenant_id: str, rates: dict[str, object]) -> None:
        """Add currencies to an organisation with their day rates (foreign units per base
        unit), as a Xero plan with multicurrency allows."""
        add_currencies(self.organisation(tenant_id), rates)

    def organisation(self, tenant_id: str) -> Organisation:
        """The tenant with this id; KeyError if there is none."""
        return self.organisations[tenant_id]

    def organisation_by_name(self, name: str) -> Organisation:
        """The first tenant with this name; KeyError if there is none."""
        for org in self.organisations.values():
            if org.name == name:
                return org
        raise KeyError(name)

    def set_lock_dates(
        self,
        tenant_id: str,
        period_lock_date: date | None = None,
        end_of_year_lock_date: date | None = None,
    ) -> JsonObject:
        """Set both lock dates as an adviser would in Xero's financial settings (None clears
        one); returns them as the Organisation endpoint spells them. Writes dated on or before
        the later of the two are refused from then on (see locks.py)."""
        org = self.organisation(tenant_id)
        org.period_lock_date = period_lock_date
        org.end_of_year_lock_date = end_of_year_lock_date
        return lock_dates(org)

    def _table(self, tenant_id: str, kind: str) -> dict[str, Record]:
        if kind not in KINDS:
            raise KeyError(kind)
        table: dict[str, Record] = getattr(self.organisation(tenant_id), kind)
        return table

    def entities(self, tenant_id: str, kind: str) -> list[JsonObject]:
        """Every stored record of ``kind`` (e.g. "invoices") in creation order, wire-shaped."""
        rows = sorted(self._table(tenant_id, kind).values(), key=lambda record: record.seq)
        return [dict(record.data) for record in rows]

    def entity(self, tenant_id: str, kind: str, entity_id: str) -> JsonObject:
        """One stored record; KeyError if absent."""
        return dict(self._table(tenant_id, kind)[entity_id].data)

    # Changes made "in Xero" by someone else: each announces itself by webhook ----------------

    def announce(self, tenant_id: str, outcome: Outcome, from_api: bool = False) -> None:
        """Emit the webhooks a committed change calls for."""
        if from_api and not self.settings.webhooks_for_api_writes:
            return
        for category, event_type, resource_id in outcome.events:
            self.webhooks.emit(tenant_id, category, event_type, resource_id)

    def _checked(self, tenant_id: str, outcome: Outcome) -> JsonObject:
        if not outcome.ok:
            raise SimulatorError(outcome.errors)
        self.announce(tenant_id, outcome)
        return outcome.element

    def record_payment(
        self,
        tenant_id: str,
        invoice_id: str,
        amount: float,
        account_code: str = "090",
        date: str | None = None,
        reference: str = "",
    ) -> JsonObject:
        """Pay (part of) an invoice as a user in Xero would; the invoice may become PAID."""
        element: JsonObject = {
            "Invoice": {"InvoiceID": invoice_id},
            "Account": {"Code": account_code},
            "Amount": amount,
            "Reference": reference,
        }
        if date is not None:
            element["Date"] = date
        org = self.organisation(tenant_id)
        return self._checked(tenant_id, create_payment(org, element, self.settings.clock()))

    def update_invoice(self, tenant_id: str, invoice_id: str, changes: JsonObject) -> JsonObject:
        """Edit an invoice with Xero's rules (e.g. ``{"Status": "VOIDED"}``)."""
        org = self.organisation(tenant_id)
        existing = org.invoices[invoice_id]
        outcome = save_invoice(org, changes, self.settings.clock(), existing=existing)
        return self._checked(tenant_id, outcome)

    def void_invoice(self, tenant_id: str, invoice_id: str) -> JsonObject:
        """Void an AUTHORISED invoice without payments; anything else is refused."""
        return self.update_invoice(tenant_id, invoice_id, {"Status": "VOIDED"})

    def update_quote(self, tenant_id: str, quote_id: str, changes: JsonObject) -> JsonObject:
        """Change a quote as a user in Xero would (e.g. ``{"Status": "ACCEPTED"}``): the rest
        of the quote, its Contact and Date included, stays as it is."""
        org = self.organisation(tenant_id)
        existing = org.quotes[quote_id]
        kept = {
            "Contact": {"ContactID": existing.data["Contact"]["ContactID"]},
            "Date": existing.data["DateString"][:10],
        }
        outcome = save_quote(org, {**kept, **changes}, self.settings.clock(), existing=existing)
        return self._checked(tenant_id, outcome)

    def rename_contact(self, tenant_id: str, contact_id: str, name: str) -> JsonObject:
        """Rename a contact, keeping active names unique."""
        org = self.organisation(tenant_id)
        record = org.contacts[contact_id]
        errors = contact_errors(org, {**record.data, "Name": name}, exclude=contact_id)
        if errors:
            raise SimulatorError(errors)
        record.data["Name"] = name
        record.touch(self.settings.clock())
        return self._checked(
            tenant_id, Outcome(record.data, events=[("CONTACT", "UPDATE", record.id)])
        )

    def create_credit_note(
        self,
        tenant_id: str,
        contact_id: str,
        total: float,
        credit_type: str = "ACCRECCREDIT",
        status: str = "AUTHORISED",
    ) -> JsonObject:
        """Raise a credit note for a contact; the webhook carries ``data{Type, Status}``."""
        org = self.organisation(tenant_id)
        contact = org.contacts[contact_id]
        note_id = new_id()
        data: JsonObject = {
            "CreditNoteID": note_id,
            "CreditNoteNumber": f"CN-{len(org.credit_notes) + 1:04d}",
            "Type": credit_type,
            "Status": status,
            "Contact": {"ContactID": contact.id, "Name": contact.data["Name"]},
            "LineAmountTypes": "NoTax",
            "LineItems": [],
            "SubTotal": total,
            "TotalTax": 0.0,
            "Total": total,
            "RemainingCredit": total,
            "CurrencyCode": org.currency,
        }
        org.add(org.credit_notes, note_id, data, self.settings.clock())
        self.webhooks.emit(
            tenant_id, "CREDITNOTE", "CREATE", note_id, {"Type": credit_type, "Status": status}
        )
        return dict(data)

    # Faults, webhooks -----------------------------------------------------------------------

    def inject_fault(
        self,
        kind: FaultKind | str,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        seconds: float | None = None,
        retry_after: int = 1,
        problem: str = "minute",
    ) -> Fault:
        """Make the next ``count`` requests matching ``method``/``path`` (prefix) misbehave."""
        fault = Fault(FaultKind(kind), count, method, path, seconds, retry_after, problem)
        return self.faults.add(fault)

    async def drain_webhooks(self) -> list[Delivery]:
        """Wait for every background webhook delivery; returns all deliveries so far."""
        return await self.webhooks.drain()

    async def send_intent_to_receive(self, count: int | None = None) -> list[Delivery]:
        """Run the intent-to-receive handshake against ``settings.webhook_url``."""
        return await self.webhooks.send_intent_to_receive(count)
