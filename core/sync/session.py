"""What the engine and the connection services need from a provider, as protocols.

A provider package implements these (see ``integrations/<provider>/kit.py``) and registers a
:class:`ProviderKit` in ``integrations.registry``; ``core`` only ever sees the protocols, so the
engine stays provider-blind and provider names never appear outside their own folder.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable
from uuid import UUID

import httpx
from redis.asyncio import Redis

from core.models.enums import DocType, Provider
from core.settings import Settings
from core.sync.ports import Capability, TokenSet
from core.sync.records import (
    ChangeDelivery,
    CustomerQuery,
    CustomerRecord,
    InvoiceRecord,
    ItemQuery,
    ItemRecord,
    PaymentRecord,
    PushOutcome,
    RefundRecord,
    RemoteCustomer,
    RemoteInvoice,
    RemoteItem,
    RemotePayment,
)
from core.sync.tokens import CredentialStore


@dataclass(frozen=True, slots=True)
class PaymentPage:
    """One page of pulled payments; ``checkpoint`` is the newest change time in it."""

    payments: tuple[RemotePayment, ...]
    checkpoint: datetime | None


@dataclass(frozen=True, slots=True)
class RemoteCompany:
    """A company (QuickBooks realm, Xero organisation) an authorization grants access to."""

    id: str
    name: str | None = None
    connection_ref: str | None = None


@dataclass(frozen=True, slots=True)
class Grant:
    """A completed consent: the first tokens and the companies they reach."""

    tokens: TokenSet
    companies: tuple[RemoteCompany, ...]


@dataclass(slots=True)
class ProviderEnv:
    """What a provider kit needs from the running process to build clients.

    ``transport`` routes provider HTTP in-process (tests, and the simulator mounted in the app);
    ``None`` means the network. ``redis`` backs the shared rate budget when REDIS_URL is set.
    """

    settings: Settings
    credentials: CredentialStore
    redis: Redis | None = None
    transport: httpx.AsyncBaseTransport | None = None
    extras: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SessionTarget:
    """The connection a session talks for."""

    connection_id: UUID
    remote_company_id: str
    settings: Mapping[str, object]
    #: The run the session works for (a provider that records requests keys them by run).
    run_id: UUID | None = None


@runtime_checkable
class OAuthClient(Protocol):
    """A provider's OAuth 2.0 endpoints for our registered app."""

    def authorization_url(self, state: str, *, login_hint: str | None = None) -> str:
        """Where to send the user to consent.

        ``login_hint`` names who signs in (the firm's id in the billing application). A real
        platform never gets it; a simulator gives each one its own company.
        """
        ...

    async def exchange_code(self, params: Mapping[str, str]) -> Grant:
        """Turn the callback's query parameters into tokens and the companies granted."""
        ...

    async def refresh(self, tokens: TokenSet) -> TokenSet:
        """Exchange the refresh token (rotating it)."""
        ...

    async def revoke(self, tokens: TokenSet) -> None:
        """Revoke the grant at the provider."""
        ...

    async def supersede(self, previous: TokenSet, current: TokenSet, company_id: str) -> None:
        """End the access of ``previous`` to ``company_id``, which a newer consent (``current``)
        replaces; ``current`` must keep working afterwards.

        Platforms whose revocation ends only that company's grant revoke ``previous``; platforms
        whose revocation ends every connection of the user release just that company.
        """
        ...

    async def select_company(self, tokens: TokenSet, company_id: str) -> TokenSet:
        """Keep one company of a consent that granted several; return the tokens to store.

        Providers whose consent reaches a single company return ``tokens`` unchanged; others
        release the companies not chosen at the provider.
        """
        ...


@runtime_checkable
class ProviderSession(Protocol):
    """Operations on one remote company, used by the sync engine.

    Errors about a single record come back as failed :class:`PushOutcome` values; errors about
    the connection (AuthExpired, RateLimited, ProviderUnavailable) are raised.
    """

    capabilities: frozenset[Capability]

    @property
    def remote_company_id(self) -> str:
        """The remote company's id."""
        ...

    @property
    def max_batch(self) -> int:
        """The most records one ``create_*`` call sends in a single remote batch request."""
        ...

    async def company_name(self) -> str | None:
        """The remote company's display name."""
        ...

    async def find_customers(self, queries: Sequence[CustomerQuery]) -> list[RemoteCustomer | None]:
        """For each query, an existing remote customer with its name, else its email (None when
        there is none), found in as few calls as the platform allows."""
        ...

    async def income_account_id(self) -> str | None:
        """The default income account for new items."""
        ...

    async def default_item_id(self) -> str | None:
        """The item used for lines without a synced item."""
        ...

    async def create_customers(self, records: Sequence[CustomerRecord]) -> list[PushOutcome]:
        """Create customers (batched where the provider can); one outcome per record, in order."""
        ...

    async def find_items(self, queries: Sequence[ItemQuery]) -> list[RemoteItem | None]:
        """For each query, an existing active remote item with its code or name (None when
        there is none), found in as few calls as the platform allows."""
        ...

    async def create_items(self, records: Sequence[ItemRecord]) -> list[PushOutcome]:
        """Create items; one outcome per record, in order."""
        ...

    async def create_invoices(self, records: Sequence[InvoiceRecord]) -> list[PushOutcome]:
        """Create invoices/estimates; one outcome per record, in order."""
        ...

    async def update_customer(
        self, remote_id: str, version: str | None, record: CustomerRecord
    ) -> PushOutcome:
        """Update a customer (stale versions are re-read and retried once)."""
        ...

    async def update_invoice(
        self, remote_id: str, version: str | None, record: InvoiceRecord
    ) -> PushOutcome:
        """Update an invoice (stale versions are re-read and retried once)."""
        ...

    async def void_invoice(self, remote_id: str, version: str | None) -> PushOutcome:
        """Void an invoice."""
        ...

    async def read_invoices(
        self, remote_ids: Sequence[str], doc_type: DocType = DocType.INVOICE
    ) -> list[RemoteInvoice]:
        """Read documents by id (unknown ids are left out)."""
        ...

    async def read_payments(self, remote_ids: Sequence[str]) -> list[RemotePayment]:
        """Read payments by id (unknown or deleted ids are left out)."""
        ...

    async def read_customers(self, remote_ids: Sequence[str]) -> list[RemoteCustomer]:
        """Read customers by id (unknown or inactive ids are left out)."""
        ...

    async def create_payments(self, records: Sequence[PaymentRecord]) -> list[PushOutcome]:
        """Create payments applied to remote invoices; one outcome per record, in order."""
        ...

    async def create_refund_receipts(self, records: Sequence[RefundRecord]) -> list[PushOutcome]:
        """Create refund receipts paid from the refund account; one outcome per record."""
        ...

    def pull_payments(self, since: datetime | None) -> AsyncIterator[PaymentPage]:
        """Payments changed since ``since``, oldest first, a page at a time."""
        ...

    def list_customers(self) -> AsyncIterator[list[RemoteCustomer]]:
        """All active customers, a page at a time."""
        ...

    def list_open_invoices(self) -> AsyncIterator[list[RemoteInvoice]]:
        """Invoices with an open balance, a page at a time."""
        ...


@runtime_checkable
class ReceivablesReader(Protocol):
    """The read role of a session whose capabilities include ``RECEIVABLES``.

    A reconciliation reads through the session's own reads (``list_open_invoices``,
    ``pull_payments``, ``list_customers`` and ``read_invoices``/``read_payments``/
    ``read_customers`` for linked ids that are not listed); this member says what that costs,
    so a report can be planned inside a daily call cap.
    """

    def reconcile_calls(self, invoices: int, customers: int, payments: int) -> int:
        """About how many platform calls a reconciliation of books this size makes."""
        ...


@runtime_checkable
class DailyBudget(Protocol):
    """An optional session member: sessions of platforms with a daily call cap (Xero) have it,
    and the push engine plans bulk work so the day's remaining calls cover it."""

    async def calls_remaining_today(self) -> int | None:
        """Calls the company has left today (None when unknown)."""
        ...


@runtime_checkable
class ConcurrentWrites(Protocol):
    """An optional session member: sessions of platforms that take several create calls at once
    say how many the push engine may keep in flight (see :mod:`core.sync.push_window`)."""

    @property
    def writes_in_flight(self) -> int:
        """Create calls a push may have open at once for this company (at least 1)."""
        ...


def writes_in_flight(session: object) -> int:
    """How many create calls a push keeps in flight through ``session``: one unless it says more."""
    if isinstance(session, ConcurrentWrites):
        return max(int(session.writes_in_flight), 1)
    return 1


@runtime_checkable
class SingleCreates(Protocol):
    """An optional session member: sessions of platforms that count batch calls in a tighter
    window than single requests (QuickBooks Online: 40 batch calls a minute within 500 requests)
    say how many batch calls could start now, and create one document per request. When no batch
    call could start, the push engine sends the next document on its own instead of waiting for
    the batch window (see :mod:`core.sync.push_modes`)."""

    async def batch_calls_free(self) -> int:
        """Batch create calls the company's shared budget would start right now."""
        ...

    async def create_invoice(self, record: InvoiceRecord) -> PushOutcome:
        """Create one invoice or estimate in a single request keyed by its idempotency key."""
        ...


@runtime_checkable
class ProviderKit(Protocol):
    """Everything Ledgersync knows how to do with one accounting platform."""

    provider: Provider
    display_name: str
    slug: str
    capabilities: frozenset[Capability]

    def oauth(self, env: ProviderEnv) -> OAuthClient:
        """The OAuth client for the configured environment."""
        ...

    def session(
        self, env: ProviderEnv, target: SessionTarget
    ) -> AbstractAsyncContextManager[ProviderSession]:
        """Open a session for one connection (tokens via the fenced store, shared rate budget)."""
        ...

    def parse_webhook(
        self, env: ProviderEnv, headers: Mapping[str, str], body: bytes
    ) -> ChangeDelivery:
        """Verify a webhook delivery's signature on the raw body, then parse it."""
        ...

    async def calls_remaining_today(self, env: ProviderEnv, remote_company_id: str) -> int | None:
        """Calls the company may still make today under a daily cap; None without one."""
        ...
