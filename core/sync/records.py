"""Provider-blind value types the sync engine exchanges with provider packages.

The engine builds ``*Record`` values from the local books and hands them to a provider; the
provider answers with ``Remote*`` values, :class:`PushOutcome` results and :class:`ChangeNotice`
lists. They are plain frozen dataclasses: money is :class:`~decimal.Decimal`, timestamps are
timezone-aware, and nothing here performs I/O or names a provider.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from core.models.enums import DocType
from core.sync.currency_values import BookedAmounts, BooksCurrencies
from core.sync.ports import ProviderError

__all__ = [
    "Address",
    "BookedAmounts",
    "BooksCurrencies",
    "ChangeDelivery",
    "ChangeNotice",
    "ChangeOperation",
    "CustomerRecord",
    "DocType",
    "InvoiceLineRecord",
    "InvoiceRecord",
    "ItemRecord",
    "PaymentApplicationRef",
    "PaymentRecord",
    "PushOutcome",
    "RefundRecord",
    "RemoteCustomer",
    "RemoteDocStatus",
    "RemoteInvoice",
    "RemoteInvoiceLine",
    "RemoteItem",
    "RemotePayment",
    "RemoteRef",
]


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address; every part is optional."""

    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None


# --- what the engine pushes ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerRecord:
    """A local customer to create or update remotely."""

    local_id: str
    display_name: str
    idempotency_key: str
    email: str | None = None
    phone: str | None = None
    company_name: str | None = None
    address: Address | None = None
    currency: str = "USD"
    active: bool = True


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """A local product or service to create or update remotely."""

    local_id: str
    name: str
    idempotency_key: str
    description: str | None = None
    unit_price: Decimal = Decimal("0")
    sku: str | None = None
    active: bool = True
    income_account_remote_id: str | None = None


@dataclass(frozen=True, slots=True)
class InvoiceLineRecord:
    """One invoice line; ``item_remote_id`` is the item's remote id when the item is mapped."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    item_remote_id: str | None = None
    sku: str | None = None


@dataclass(frozen=True, slots=True)
class InvoiceRecord:
    """A local invoice or estimate to push; ``idempotency_key`` makes the create exactly-once."""

    local_id: str
    doc_type: DocType
    number: str | None
    customer_remote_id: str
    issue_date: date
    idempotency_key: str
    lines: tuple[InvoiceLineRecord, ...]
    due_date: date | None = None
    currency: str = "USD"
    memo: str | None = None
    email: str | None = None
    #: Home-currency units for one unit of ``currency``; None lets the platform choose its rate.
    exchange_rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    """A local payment to create remotely, applied to invoices that are already pushed."""

    local_id: str
    customer_remote_id: str
    date: date
    amount: Decimal
    idempotency_key: str
    applications: tuple[PaymentApplicationRef, ...] = ()
    currency: str = "USD"
    reference: str | None = None
    method_remote_id: str | None = None
    #: The account the money goes into; None leaves it to the provider's default.
    deposit_account_remote_id: str | None = None
    #: Home-currency units for one unit of ``currency``; None lets the platform choose its rate.
    exchange_rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class RefundRecord:
    """Money returned to a customer, paid out of ``account_remote_id`` (the refund account)."""

    local_id: str
    customer_remote_id: str
    date: date
    amount: Decimal
    account_remote_id: str
    idempotency_key: str
    description: str | None = None
    currency: str = "USD"
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class CreditMemoRecord:
    """An uncollectible open balance written off as bad debt: a credit on ``item_remote_id``
    for ``amount``, applied to the invoice ``invoice_remote_id``."""

    local_id: str
    customer_remote_id: str
    invoice_remote_id: str
    item_remote_id: str
    amount: Decimal
    date: date
    idempotency_key: str
    memo: str | None = None
    currency: str = "USD"


# --- what the provider answers ----------------------------------------------------------------


class RemoteDocStatus(enum.StrEnum):
    """A remote invoice's or estimate's state, derived from its amounts and flags."""

    OPEN = "OPEN"
    PARTIAL = "PARTIAL"
    PAID = "PAID"
    VOID = "VOID"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    CLOSED = "CLOSED"


@dataclass(frozen=True, slots=True)
class RemoteRef:
    """Where a pushed record lives remotely: id, document number and version (sync token),
    and for documents and payments the amounts the platform booked (None when not known)."""

    id: str
    number: str | None = None
    version: str | None = None
    booked: BookedAmounts | None = None


@dataclass(frozen=True, slots=True)
class CustomerQuery:
    """A local customer to look for remotely before creating it: by name, then by email."""

    display_name: str
    email: str | None = None


@dataclass(frozen=True, slots=True)
class ItemQuery:
    """A local item to look for remotely before creating it: by its code (the SKU, where the
    platform has codes), then by name."""

    name: str
    sku: str | None = None


@dataclass(frozen=True, slots=True)
class RemoteCustomer:
    """A customer as the accounting platform holds it."""

    id: str
    version: str | None
    display_name: str
    email: str | None = None
    phone: str | None = None
    company_name: str | None = None
    address: Address | None = None
    active: bool = True
    balance: Decimal = Decimal("0")
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RemoteItem:
    """A product or service as the accounting platform holds it."""

    id: str
    version: str | None
    name: str
    description: str | None = None
    unit_price: Decimal = Decimal("0")
    sku: str | None = None
    active: bool = True
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RemoteInvoiceLine:
    """One line of a remote document, reduced to what an import keeps."""

    description: str
    amount: Decimal
    quantity: Decimal | None = None
    unit_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class RemoteInvoice:
    """An invoice or estimate as the accounting platform holds it."""

    id: str
    number: str | None
    version: str | None
    doc_type: DocType
    total: Decimal
    balance: Decimal
    status: RemoteDocStatus
    customer_remote_id: str | None
    issue_date: date | None = None
    due_date: date | None = None
    updated_at: datetime | None = None
    lines: tuple[RemoteInvoiceLine, ...] = ()
    memo: str | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class PaymentApplicationRef:
    """Part of a payment applied to one remote invoice."""

    invoice_remote_id: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class RemotePayment:
    """A payment received on the accounting platform."""

    id: str
    version: str | None
    date: date | None
    amount: Decimal
    customer_remote_id: str | None
    applications: tuple[PaymentApplicationRef, ...] = ()
    unapplied: Decimal = Decimal("0")
    method_name: str | None = None
    reference: str | None = None
    voided: bool = False
    updated_at: datetime | None = None
    #: The id of the remote record that groups several payments (e.g. a batch), set when a local
    #: payment applied to several invoices was pushed as one such group; None otherwise.
    group_id: str | None = None


@dataclass(frozen=True, slots=True)
class RemotePaymentMethod:
    """A payment method (cash, check, a card brand) as the accounting platform lists it."""

    id: str
    name: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class PushOutcome:
    """The result of pushing one record: a remote reference, or the error that refused it."""

    ref: RemoteRef | None = None
    error: ProviderError | None = None
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.ref is None) == (self.error is None):
            raise ValueError("a PushOutcome holds exactly one of ref and error")

    @property
    def ok(self) -> bool:
        """True when the record now exists remotely."""
        return self.ref is not None

    @classmethod
    def success(cls, ref: RemoteRef, warnings: Sequence[str] = ()) -> PushOutcome:
        """A pushed record."""
        return cls(ref=ref, warnings=tuple(warnings))

    @classmethod
    def failure(cls, error: ProviderError, warnings: Sequence[str] = ()) -> PushOutcome:
        """A refused record."""
        return cls(error=error, warnings=tuple(warnings))


# --- change notifications ---------------------------------------------------------------------


class ChangeOperation(enum.StrEnum):
    """What happened to a remote record, as a webhook reports it."""

    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    MERGE = "MERGE"
    VOID = "VOID"
    EMAILED = "EMAILED"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class ChangeNotice:
    """One remote change: ids only, the record itself must be fetched."""

    entity: str
    remote_id: str
    operation: ChangeOperation
    remote_company_id: str
    event_id: str
    occurred_at: datetime | None = None
    deleted_id: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeDelivery:
    """A verified webhook delivery; ``delivery_id`` is stable across redeliveries (dedupe key)."""

    delivery_id: str
    notices: tuple[ChangeNotice, ...] = field(default_factory=tuple)
