"""GraphQL types of accounting connections, their sync settings and record mappings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader

from core.models import Connection, ExternalMapping
from core.models.enums import AutoSync, ConnectionStatus, Entity, MappingState, Provider
from core.services.agent_connections import AgentFacts, agent_facts, last_polls
from core.services.book_lists import read_book_lists
from core.services.connection_companies import available_companies
from core.services.connection_settings import ConnectionSettings
from core.services.connections import LIVE_STATUSES, reconnect_hint
from core.sync.currencies import stored_currencies
from core.sync.payment_methods import remembered_unmatched
from graph.accounting.books import BookListsNode
from graph.context import Info
from graph.ids import Node, encode_id, entity_id
from graph.sync.types import load_user
from graph.viewer import UserNode
from integrations.registry import kit_for

CONNECTION_TYPE = "AccountingConnection"
DEPOSIT_ACCOUNT_DESCRIPTION = (
    "The platform's account that payments pushed from here are deposited to (QuickBooks Online: "
    "an account Id; Xero: a bank account's Code or AccountID). Unset: QuickBooks Online files "
    "them under Undeposited Funds; Xero uses the organisation's first active bank account."
)
BAD_DEBT_ITEM_DESCRIPTION = (
    "What an invoice written off as bad debt is credited to: the open balance becomes a credit "
    "(QuickBooks Online: a CreditMemo; Xero: an ACCRECCREDIT credit note) applied to the "
    "invoice. QuickBooks Online: an item Id. Xero: an item's ItemID (the line carries its Code "
    "and books to its sales account) or an account Code, such as a Bad debts expense account. "
    "Unset: an unpaid invoice written off is voided and a partly paid one is not closed remotely."
)

strawberry.enum(Provider, description="An accounting platform Ledgersync connects to.")
strawberry.enum(
    ConnectionStatus,
    description="A connection's state. ACTIVE syncs; EXPIRED and REVOKED need a reconnect; "
    "ERROR syncs again on the next run and shows `lastError`; PENDING never completed consent.",
)
strawberry.enum(
    MappingState,
    description="A record's link to its twin: SYNCED, PENDING (a create in flight or to be "
    "retried with the same idempotency key) or ERROR (see `lastError`).",
)
strawberry.enum(AutoSync, description="When a connection syncs by itself.")


@strawberry.type(name="ConnectionSettings", description="What syncs, from when, and how often.")
class ConnectionSettingsNode:
    """A connection's sync settings."""

    sync_enabled: bool = strawberry.field(description="Master switch: false pauses every sync.")
    sync_invoices: bool = strawberry.field(description="Push invoices and estimates.")
    sync_payments: bool = strawberry.field(description="Pull payments and push local ones.")
    sync_customers: bool = strawberry.field(description="Push and import customers.")
    sync_start_date: date | None = strawberry.field(
        description="Records dated before this day are never synced; null syncs all."
    )
    income_account_id: str | None = strawberry.field(
        description="The platform's account id that new items post income to."
    )
    default_item_id: str | None = strawberry.field(
        description="The platform's item id used for invoice lines without an item."
    )
    default_tax_code: str | None = strawberry.field(
        description="The platform's tax code applied to pushed lines, if any."
    )
    payment_methods: list[str] = strawberry.field(
        description="Payment method names whose payments sync, matched by name to the "
        "platform's payment methods (case-insensitively); empty syncs every method. An "
        "unmatched name is reported on the sync run, never guessed."
    )
    refund_account_id: str | None = strawberry.field(
        description="The platform's account id refunds are paid from."
    )
    deposit_account_id: str | None = strawberry.field(description=DEPOSIT_ACCOUNT_DESCRIPTION)
    bad_debt_item_id: str | None = strawberry.field(description=BAD_DEBT_ITEM_DESCRIPTION)
    lock_after_sync: bool = strawberry.field(
        description="Lock invoices once synced (default). When false, a posted unpaid invoice "
        "may still be edited locally and pushed again."
    )
    auto_sync: AutoSync = strawberry.field(description="OFF, HOURLY or ON_CHANGE.")
    reconcile_every_days: int = strawberry.field(
        description="Days between scheduled reconciliation reports (7 by default); 0 when off."
    )

    @classmethod
    def from_settings(cls, settings: ConnectionSettings) -> ConnectionSettingsNode:
        """Build from the core settings value."""
        return cls(
            sync_enabled=settings.sync_enabled,
            sync_invoices=settings.sync_invoices,
            sync_payments=settings.sync_payments,
            sync_customers=settings.sync_customers,
            sync_start_date=settings.sync_start_date,
            income_account_id=settings.income_account_id,
            default_item_id=settings.default_item_id,
            default_tax_code=settings.default_tax_code,
            payment_methods=list(settings.payment_methods),
            refund_account_id=settings.refund_account_id,
            deposit_account_id=settings.deposit_account_id,
            bad_debt_item_id=settings.bad_debt_item_id,
            lock_after_sync=settings.lock_after_sync,
            auto_sync=settings.auto_sync,
            reconcile_every_days=settings.reconcile_every_days,
        )


@strawberry.type(description="A company a consent granted access to, offered for choosing.")
class AvailableCompany:
    """One granted company."""

    id: str = strawberry.field(
        description="The company's id at the platform (a Xero tenantId): pass it to "
        "`selectCompany`."
    )
    name: str | None = strawberry.field(description="The company's name at the platform.")


def _last_polls_loader(info: Info) -> DataLoader[UUID, datetime | None]:
    async def load(keys: Sequence[UUID]) -> list[datetime | None]:
        polls = await last_polls(keys)
        return [polls.get(key) for key in keys]

    return info.context.loaders.get(lambda: DataLoader(load_fn=load), key="accounting.polls")


def _facts_loader(info: Info) -> DataLoader[UUID, AgentFacts | None]:
    async def load(keys: Sequence[UUID]) -> list[AgentFacts | None]:
        facts = await agent_facts(keys)
        return [facts.get(key) for key in keys]

    return info.context.loaders.get(lambda: DataLoader(load_fn=load), key="accounting.facts")


@strawberry.type(
    description="What the platform's connector on the customer's computer (the QuickBooks Web "
    "Connector) reported about the company file on its last session. Each field is null until "
    "it has reported."
)
class ConnectorReport:
    """The agent's facts."""

    product: str | None = strawberry.field(
        description="The accounting product and edition (e.g. QuickBooks Enterprise Solutions)."
    )
    version: str | None = strawberry.field(description="The product's version (major.minor).")
    country: str | None = strawberry.field(description="The edition's country (US, CA, UK).")
    api_versions: list[str] = strawberry.field(
        description="The qbXML versions the product accepts."
    )
    multicurrency: bool | None = strawberry.field(
        description="Whether multicurrency is turned on in the company file."
    )
    home_currency: str | None = strawberry.field(
        description="The company file's home currency (ISO 4217), when multicurrency is on."
    )
    connector_version: str | None = strawberry.field(
        description="The version of the connector program itself (the QuickBooks Web "
        "Connector's, e.g. 2.3.0.215), as it announced it when it last signed in."
    )

    @classmethod
    def from_facts(cls, facts: AgentFacts) -> ConnectorReport:
        """Build from the stored facts."""
        return cls(
            product=facts.product,
            version=facts.version,
            country=facts.country,
            api_versions=list(facts.api_versions),
            multicurrency=facts.multicurrency,
            home_currency=facts.home_currency,
            connector_version=facts.agent_version,
        )


@strawberry.type(description="Your firm's link to one company in an accounting platform.")
class AccountingConnection(Node):
    """A connection; credentials are never exposed."""

    id: strawberry.ID = strawberry.field(description="The connection's global ID.")
    provider: Provider = strawberry.field(description="The accounting platform.")
    status: ConnectionStatus = strawberry.field(description="Whether the connection works.")
    remote_company_id: str | None = strawberry.field(
        description="The company's id at the platform (a QuickBooks realm id, a Xero tenantId); "
        "null while a choice among several granted companies is pending."
    )
    remote_company_name: str | None = strawberry.field(
        description="The company's name at the platform."
    )
    access_expires_at: datetime | None = strawberry.field(
        description="When the current access token expires (refreshed automatically before)."
    )
    refresh_expires_at: datetime | None = strawberry.field(
        description="When the refresh token expires if unused (each refresh extends it)."
    )
    refresh_hard_expires_at: datetime | None = strawberry.field(
        description="The refresh token's hard expiry: after it the user must reconnect, "
        "whatever happens. Warn before it arrives."
    )
    settings: ConnectionSettingsNode = strawberry.field(description="The sync settings.")
    last_sync_at: datetime | None = strawberry.field(description="When a sync last finished.")
    last_error: str | None = strawberry.field(
        description="The last connection-level error (refused token, failed revoke, …)."
    )
    reconnect_hint: str | None = strawberry.field(
        description="What to do about the status, when it needs action."
    )
    available_companies: list[AvailableCompany] = strawberry.field(
        description="While PENDING after a consent that granted several companies (Xero "
        "organisations): the companies to choose from with `selectCompany`. Empty otherwise."
    )
    unmatched_payment_methods: list[str] = strawberry.field(
        description="Payment methods named in the settings' `paymentMethods` that the last sync "
        "found no match for at the platform (by name, ignoring case). Payments with such a "
        "method are not pushed: create the method there or fix its name in the settings."
    )
    home_currency: str | None = strawberry.field(
        description="The books' home currency (ISO 4217) as the platform last reported it: "
        "QuickBooks Online's CurrencyPrefs, Xero's BaseCurrency, QuickBooks Desktop's "
        "multicurrency preference (or its edition's country). Null until a sync has read it."
    )
    multicurrency: bool | None = strawberry.field(
        description="Whether the books accept other currencies than the home one (Xero: whether "
        "a currency besides the base one has been added). An invoice or payment in another "
        "currency fails with CURRENCY_NOT_ENABLED while this is false; nothing is sent. Null "
        "until a sync has read it."
    )
    currencies: list[str] = strawberry.field(
        description="The ISO 4217 codes the books hold, the home one first; a record in a "
        "currency not listed fails with CURRENCY_NOT_ENABLED. Empty when unknown or when the "
        "platform's list is not read (QuickBooks Desktop)."
    )
    created_at: datetime = strawberry.field(description="When the firm first connected.")
    connected_by_id: strawberry.Private[UUID | None]
    pk: strawberry.Private[UUID]

    @strawberry.field(
        description="API calls the company may still make today under the platform's daily "
        "cap (Xero: 5,000 a rolling day per organisation), as Ledgersync's shared budget counts "
        "them, corrected by the platform's own remaining-call headers. Bulk pushes plan around "
        "it. Null when the platform has no daily cap or the connection cannot sync."
    )
    async def calls_remaining_today(self, info: Info) -> int | None:
        """Asked of the provider's kit (no provider call is made)."""
        if self.status not in LIVE_STATUSES or not self.remote_company_id:
            return None
        kit = kit_for(self.provider)
        return await kit.calls_remaining_today(
            info.context.runtime.providers, self.remote_company_id
        )

    @strawberry.field(
        description="The accounts, items and payment methods of the company's books, to choose "
        "the settings from. Read from the platform when asked: select it on one connection "
        "(`connection(id)`), not in lists. Platforms whose connector answers later (QuickBooks "
        "Desktop) answer from the copy read on the connector's last poll, and say WAITING "
        "until it first brings the lists (reading never fails a sync or the connection). Null "
        "when the connection cannot sync."
    )
    async def books(
        self,
        info: Info,
        refresh: Annotated[
            bool,
            strawberry.argument(
                description="Read the lists again: platforms that answer later queue the reads "
                "for the connector's next poll and keep the last copy until it answers. "
                "Platforms Ledgersync calls are read afresh every time anyway."
            ),
        ] = False,
    ) -> BookListsNode | None:
        """Read through the provider's session; a refusal comes back as `error`."""
        connection = await Connection.get_or_none(id=self.pk)
        if connection is None:
            return None
        lists = await read_book_lists(
            kit_for(self.provider), info.context.runtime.providers, connection, refresh=refresh
        )
        return BookListsNode.from_lists(lists) if lists is not None else None

    @strawberry.field(
        description="When the platform's connector on the customer's computer (the QuickBooks "
        "Web Connector) last polled Ledgersync; null before its first poll and for platforms "
        "Ledgersync calls (QuickBooks Online, Xero)."
    )
    async def last_polled_at(self, info: Info) -> datetime | None:
        """Batched per request through the agent-login loader."""
        return await _last_polls_loader(info).load(self.pk)

    @strawberry.field(
        description="What the platform's connector (the QuickBooks Web Connector) reported about "
        "the company file; null for platforms Ledgersync calls (QuickBooks Online, Xero)."
    )
    async def connector(self, info: Info) -> ConnectorReport | None:
        """Batched per request through the agent-login loader."""
        facts = await _facts_loader(info).load(self.pk)
        return ConnectorReport.from_facts(facts) if facts is not None else None

    @strawberry.field(description="The user who last completed the consent.")
    async def connected_by(self, info: Info) -> UserNode | None:
        """Batched through the request's user loader."""
        return await load_user(info, self.connected_by_id)

    @classmethod
    def from_model(cls, connection: Connection) -> AccountingConnection:
        """Build from the model."""
        books = stored_currencies(connection)
        return cls(
            id=encode_id(CONNECTION_TYPE, connection.id),
            provider=connection.provider,
            status=connection.status,
            remote_company_id=connection.remote_company_id,
            remote_company_name=connection.remote_company_name,
            access_expires_at=connection.access_expires_at,
            refresh_expires_at=connection.refresh_expires_at,
            refresh_hard_expires_at=connection.refresh_hard_expires_at,
            settings=ConnectionSettingsNode.from_settings(
                ConnectionSettings.from_json(connection.settings)
            ),
            last_sync_at=connection.last_sync_at,
            last_error=connection.last_error,
            reconnect_hint=reconnect_hint(connection),
            available_companies=[
                AvailableCompany(id=c.id, name=c.name) for c in available_companies(connection)
            ],
            unmatched_payment_methods=remembered_unmatched(connection),
            home_currency=books.home if books else None,
            multicurrency=books.multicurrency if books else None,
            currencies=list(books.currencies) if books else [],
            created_at=connection.created_at,
            connected_by_id=connection.connected_by_id,  # type: ignore[attr-defined]
            pk=connection.id,
        )


@strawberry.type(description="A local record linked to its twin in the connected company.")
class Mapping:
    """One record's mapping."""

    id: strawberry.ID = strawberry.field(description="The mapping's global ID.")
    entity: Entity = strawberry.field(description="What kind of record.")
    local_id: strawberry.ID = strawberry.field(
        description="The global ID of the local record (Customer, Item, Invoice, Payment, Refund; "
        "an estimate's and a bad-debt credit memo's is an Invoice ID), accepted by `node(id:)`."
    )
    remote_id: str | None = strawberry.field(
        description="The record's id at the platform; null until the create succeeded."
    )
    remote_number: str | None = strawberry.field(
        description="The platform's document number (e.g. a QuickBooks DocNumber)."
    )
    remote_version: str | None = strawberry.field(
        description="The platform's version of the record (a QuickBooks SyncToken)."
    )
    state: MappingState = strawberry.field(description="SYNCED, PENDING or ERROR.")
    last_error: str | None = strawberry.field(description="Why the last attempt failed.")
    last_synced_at: datetime | None = strawberry.field(description="When it last synced.")
    currency: str | None = strawberry.field(
        description="For an invoice, estimate or payment: the currency the platform booked it "
        "in (ISO 4217). Null for other records and before it synced."
    )
    exchange_rate: Decimal | None = strawberry.field(
        description="The exchange rate the platform booked it at: units of the books' home "
        "currency for one unit of `currency` (the document's own rate when it had one, else "
        "the platform's). Null when the platform reported none (e.g. multicurrency off)."
    )
    home_total: Decimal | None = strawberry.field(
        description="The total in the books' home currency as the platform booked it (at "
        "`exchangeRate`), 2 decimal places. Null when the platform reported no rate."
    )

    @classmethod
    def from_model(cls, mapping: ExternalMapping) -> Mapping:
        """Build from the model."""
        return cls(
            id=encode_id("Mapping", mapping.id),
            entity=mapping.entity,
            local_id=entity_id(mapping.entity, mapping.local_id),
            remote_id=mapping.remote_id,
            remote_number=mapping.remote_number,
            remote_version=mapping.remote_version,
            state=mapping.state,
            last_error=mapping.last_error,
            last_synced_at=mapping.last_synced_at,
            currency=mapping.currency,
            exchange_rate=mapping.exchange_rate,
            home_total=mapping.home_total,
        )


async def mapping_nodes(rows: Sequence[ExternalMapping]) -> list[Mapping]:
    """A page of mappings as nodes (no related lookups needed)."""
    return [Mapping.from_model(row) for row in rows]
