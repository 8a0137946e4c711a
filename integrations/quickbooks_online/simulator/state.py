"""The simulator's whole in-memory world, with plain Python methods to drive it."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from . import currency, errors
from .credits import SEED_PAYMENT_METHODS
from .faults import DropMode, FaultInjector, FaultKind, FaultRule
from .jsonutil import JSON, money, ref_value
from .names import company_info
from .service import Accounting, Change
from .settings import SimulatorSettings
from .store import Realm, Record
from .throttle import Throttle
from .tokens import TokenStore
from .webhooks import WebhookDispatcher

SEED_ACCOUNTS: tuple[JSON, ...] = (
    {"Name": "Services", "AccountType": "Income", "AccountSubType": "ServiceFeeIncome"},
    {"Name": "Undeposited Funds", "AccountType": "Other Current Asset"},
    {"Name": "Checking", "AccountType": "Bank"},
)


class SimulatorState:
    """Companies, tokens, limits, faults and webhooks of one simulator app."""

    def __init__(self, settings: SimulatorSettings) -> None:
        self.settings = settings
        self.realms: dict[str, Realm] = {}
        self.tokens = TokenStore(settings)
        self.faults = FaultInjector()
        self.throttle = Throttle(settings)
        self.webhooks = WebhookDispatcher(settings)
        self.accounting = Accounting(settings, self._on_change)
        self.random = random.Random(settings.random_seed)  # noqa: S311 - latency jitter only
        for seed in settings.companies:
            self.create_company(seed.name, realm_id=seed.realm_id, closing_date=seed.closing_date)

    def _on_change(self, change: Change, origin: str) -> None:
        if origin == "control" or (origin == "api" and self.settings.webhooks_on_api_writes):
            self.webhooks.emit(change)

    # Companies -------------------------------------------------------------------------------

    def create_company(
        self, name: str, *, realm_id: str | None = None, closing_date: date | None = None
    ) -> Realm:
        """Create a company with a few accounts, a "Services" item and CompanyInfo."""
        realm_id = realm_id or str(
            self.random.randrange(9_130_000_000_000_000, 9_399_999_999_999_999)
        )
        if realm_id in self.realms:
            raise ValueError(f"realm {realm_id} already exists")
        realm = Realm(realm_id, name, self.settings.clock.now())
        self.realms[realm_id] = realm
        for account in SEED_ACCOUNTS:
            self.accounting.create(realm, "Account", dict(account), origin="seed")
        self.accounting.create(
            realm,
            "Item",
            {"Name": "Services", "Type": "Service", "IncomeAccountRef": {"value": "1"}},
            origin="seed",
        )
        for method_name, method_type in SEED_PAYMENT_METHODS:
            method: JSON = {"Name": method_name, "Type": method_type}
            self.accounting.create(realm, "PaymentMethod", method, origin="seed")
        info_id = "1"
        now = self.settings.clock.now()
        realm.table("CompanyInfo")[info_id] = Record(
            "CompanyInfo",
            info_id,
            self.accounting.stamp(company_info(realm_id, name), info_id, "0", None, now),
            now,
        )
        realm.closing_date = closing_date
        return realm

    def companies_of(self, account: str) -> list[Realm]:
        """The companies a signed-in account may connect: its own and those nobody has yet, or
        else a new company of its own. Connecting one makes it the account's, so two accounts
        never share books."""
        offered = [realm for realm in self.realms.values() if realm.account in (None, account)]
        if not offered:
            realm = self.create_company(f"Simulated Company ({account})")
            realm.account = account
            offered.append(realm)
        return offered

    def realm(self, realm_id: str) -> Realm:
        """Return a company or raise `KeyError`."""
        try:
            return self.realms[realm_id]
        except KeyError:
            raise KeyError(f"no company with realm id {realm_id}") from None

    def entities(self, realm_id: str, entity: str, **equals: str) -> list[JSON]:
        """Live records of one type whose top-level fields equal the given values."""
        return [
            record.data
            for record in self.realm(realm_id).live(entity)
            if all(str(record.data.get(k)) == v for k, v in equals.items())
        ]

    def set_currencies(
        self,
        realm_id: str,
        *,
        home: str | None = None,
        multicurrency: bool | None = None,
        rates: dict[str, object] | None = None,
    ) -> None:
        """Set the home currency, turn multicurrency on, add currencies with their rates."""
        currency.set_currencies(
            self.realm(realm_id),
            self.settings.clock.now(),
            home=home,
            multicurrency=multicurrency,
            rates=rates,
        )

    def close_books(self, realm_id: str, closing_date: date | None) -> None:
        """Set (or clear) the closing date: transactions dated on or before it are frozen."""
        self.realm(realm_id).closing_date = closing_date

    # Business events, as a user in the QuickBooks UI would cause them --------------------------

    def record_payment(
        self,
        realm_id: str,
        invoice_id: str,
        amount: Decimal | str | None = None,
        *,
        txn_date: date | None = None,
    ) -> JSON:
        """Receive a payment for an invoice (its open balance unless `amount` is given)."""
        realm = self.realm(realm_id)
        invoice = self.accounting.read(realm, "Invoice", invoice_id)
        paid = money(amount) if amount is not None else money(invoice.data.get("Balance"))
        if paid is None or paid <= 0:
            raise errors.business_rule("Payment amount must be positive", "TotalAmt")
        payload: JSON = {
            "CustomerRef": {"value": ref_value(invoice.data.get("CustomerRef"))},
            "TotalAmt": paid,
            "Line": [{"Amount": paid, "LinkedTxn": [{"TxnId": invoice.id, "TxnType": "Invoice"}]}],
        }
        if txn_date is not None:
            payload["TxnDate"] = txn_date.isoformat()
        return self.accounting.create(realm, "Payment", payload, origin="control").data

    def void_invoice(self, realm_id: str, invoice_id: str) -> JSON:
        """Void an invoice."""
        realm = self.realm(realm_id)
        invoice = self.accounting.read(realm, "Invoice", invoice_id)
        payload: JSON = {"Id": invoice.id, "SyncToken": invoice.sync_token}
        return self.accounting.void(realm, "Invoice", payload, origin="control").data

    def rename_customer(self, realm_id: str, customer_id: str, display_name: str) -> JSON:
        """Change a customer's DisplayName (a sparse update)."""
        realm = self.realm(realm_id)
        customer = self.accounting.read(realm, "Customer", customer_id)
        payload: JSON = {
            "Id": customer.id,
            "SyncToken": customer.sync_token,
            "sparse": True,
            "DisplayName": display_name,
        }
        return self.accounting.update(realm, "Customer", payload, origin="control").data

    # Faults, tokens, webhooks -----------------------------------------------------------------

    def inject_fault(
        self,
        kind: FaultKind,
        *,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
        seconds: float = 0.0,
        drop_mode: DropMode = "disconnect",
    ) -> FaultRule:
        """Arm a fault for the next `count` requests matching `method` and `path` (a regex)."""
        rule = FaultRule(kind, count, method, path, seconds, drop_mode)
        return self.faults.add(rule)

    def clear_faults(self) -> None:
        """Disarm all faults."""
        self.faults.clear()

    def expire_access_tokens(self, realm_id: str | None = None) -> int:
        """Expire access tokens now, so the next API call answers 401."""
        return self.tokens.expire_access_tokens(realm_id)

    async def drain_webhooks(self) -> None:
        """Wait for all pending webhook deliveries."""
        await self.webhooks.drain()

    def describe_entity(self, record: Record) -> JSON:
        """A record plus simulator-only flags, for the control API."""
        return {"entity": record.data, "deleted": record.deleted, "voided": record.voided}
