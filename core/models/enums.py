"""Enumerations stored in the database (as their string values)."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """A user's role in a firm."""

    MASTER_ADMIN = "MASTER_ADMIN"
    FIRM_ADMIN = "FIRM_ADMIN"
    STAFF = "STAFF"

    @property
    def is_admin(self) -> bool:
        """True for roles that may connect, disconnect and configure the sync."""
        return self in (Role.MASTER_ADMIN, Role.FIRM_ADMIN)


class DocType(enum.StrEnum):
    """Whether a document is an invoice or an estimate (quote)."""

    INVOICE = "INVOICE"
    ESTIMATE = "ESTIMATE"


class InvoiceStatus(enum.StrEnum):
    """An invoice's life cycle in the local books."""

    DRAFT = "DRAFT"
    SENT = "SENT"
    PARTIAL = "PARTIAL"
    PAID = "PAID"
    OVERDUE = "OVERDUE"
    VOID = "VOID"


class PaymentOrigin(enum.StrEnum):
    """Where a payment was first recorded."""

    LOCAL = "LOCAL"
    PROVIDER = "PROVIDER"


class Provider(enum.StrEnum):
    """The accounting platforms Ledgersync connects to."""

    QUICKBOOKS_ONLINE = "QUICKBOOKS_ONLINE"
    XERO = "XERO"
    QUICKBOOKS_DESKTOP = "QUICKBOOKS_DESKTOP"


class ConnectionStatus(enum.StrEnum):
    """The state of a firm's connection to its accounting platform."""

    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"
    ERROR = "ERROR"
    REVOKED = "REVOKED"


class Entity(enum.StrEnum):
    """Kinds of records that are mapped between Ledgersync and a provider."""

    CUSTOMER = "CUSTOMER"
    ITEM = "ITEM"
    INVOICE = "INVOICE"
    ESTIMATE = "ESTIMATE"
    PAYMENT = "PAYMENT"
    REFUND = "REFUND"
    CREDIT_MEMO = "CREDIT_MEMO"


class MappingState(enum.StrEnum):
    """The state of one record's link to its remote twin.

    PENDING is a durable write intent: committed before the remote create is sent, so a retry
    after any crash re-uses the same idempotency key instead of creating a second remote record.
    """

    PENDING = "PENDING"
    SYNCED = "SYNCED"
    ERROR = "ERROR"


class SyncStatus(enum.StrEnum):
    """A record's sync status, as shown to users."""

    SYNCED = "SYNCED"
    PENDING = "PENDING"
    ERROR = "ERROR"
    NOT_SYNCED = "NOT_SYNCED"


class SyncKind(enum.StrEnum):
    """What a sync run does."""

    OVERDUE_SWEEP = "OVERDUE_SWEEP"
    PUSH_INVOICES = "PUSH_INVOICES"
    PUSH_CUSTOMERS = "PUSH_CUSTOMERS"
    PULL_PAYMENTS = "PULL_PAYMENTS"
    IMPORT_CUSTOMERS = "IMPORT_CUSTOMERS"
    IMPORT_INVOICES = "IMPORT_INVOICES"
    FULL_SYNC = "FULL_SYNC"
    WEBHOOK = "WEBHOOK"
    PUSH_PAYMENTS = "PUSH_PAYMENTS"
    UPDATE_INVOICE = "UPDATE_INVOICE"
    VOID_INVOICE = "VOID_INVOICE"
    RECONCILE = "RECONCILE"


class PlanAction(enum.StrEnum):
    """What a sync plan does with one record."""

    CREATE = "CREATE"
    UPDATE = "UPDATE"
    VOID = "VOID"
    ADOPT = "ADOPT"
    SKIP = "SKIP"
    FAIL = "FAIL"


class PlanStatus(enum.StrEnum):
    """A sync plan's state."""

    READY = "READY"
    EXECUTED = "EXECUTED"


class SyncTrigger(enum.StrEnum):
    """What started a sync run."""

    USER = "USER"
    SCHEDULE = "SCHEDULE"
    WEBHOOK = "WEBHOOK"
    AUTO = "AUTO"


class SyncRunStatus(enum.StrEnum):
    """A sync run's state."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    #: Parked until the platform answers later (an agent that polls for work): not finished.
    WAITING = "WAITING"
    SUCCEEDED = "SUCCEEDED"
    PARTIAL = "PARTIAL"
    FAILED = "FAILED"

    @property
    def is_terminal(self) -> bool:
        """True once the run will change no more."""
        return self in (SyncRunStatus.SUCCEEDED, SyncRunStatus.PARTIAL, SyncRunStatus.FAILED)


class ItemOutcome(enum.StrEnum):
    """The outcome for one record in a sync run."""

    SUCCEEDED = "SUCCEEDED"
    WARNING = "WARNING"
    FAILED = "FAILED"
    SKIPPED = "SKIPPED"


class ActivitySource(enum.StrEnum):
    """Who did what an activity records."""

    USER = "USER"
    SYSTEM = "SYSTEM"
    PROVIDER = "PROVIDER"


class WebhookState(enum.StrEnum):
    """Processing state of a received webhook delivery."""

    RECEIVED = "RECEIVED"
    PROCESSED = "PROCESSED"
    FAILED = "FAILED"
    REJECTED = "REJECTED"


class AutoSync(enum.StrEnum):
    """When a connection syncs by itself."""

    OFF = "OFF"
    HOURLY = "HOURLY"
    ON_CHANGE = "ON_CHANGE"


class AgentSessionState(enum.StrEnum):
    """A polling agent's session (a program on the customer's machine that calls us)."""

    OPEN = "OPEN"
    CLOSED = "CLOSED"
    ABANDONED = "ABANDONED"
    FAILED = "FAILED"


class RequestState(enum.StrEnum):
    """A request in the durable ledger of a provider that answers later.

    QUEUED waits for the agent; SENT was handed to it; ANSWERED holds the answer (which may be a
    per-record refusal); FAILED will not be answered (cancelled, or refused as a whole); LOST
    was handed out but its outcome is unknown, so the next session verifies before resending.
    """

    QUEUED = "QUEUED"
    SENT = "SENT"
    ANSWERED = "ANSWERED"
    FAILED = "FAILED"
    LOST = "LOST"

    @property
    def is_final(self) -> bool:
        """True once the request will change no more."""
        return self in (RequestState.ANSWERED, RequestState.FAILED)


class DiscrepancyKind(enum.StrEnum):
    """What differs between the local books and the accounting platform."""

    TOTAL_MISMATCH = "TOTAL_MISMATCH"
    BALANCE_MISMATCH = "BALANCE_MISMATCH"
    STATUS_MISMATCH = "STATUS_MISMATCH"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    VOIDED_REMOTELY = "VOIDED_REMOTELY"
    DELETED_REMOTELY = "DELETED_REMOTELY"
    NOT_IMPORTED = "NOT_IMPORTED"
    REMOTE_MISSING = "REMOTE_MISSING"
    PAYMENT_MISSING_LOCALLY = "PAYMENT_MISSING_LOCALLY"
    PAYMENT_MISSING_REMOTELY = "PAYMENT_MISSING_REMOTELY"


class FixAction(enum.StrEnum):
    """What fixes a discrepancy: a mutation Ledgersync can run, or a hint for the accountant."""

    #: ``syncPayments``: pull the payments recorded there.
    PULL_PAYMENTS = "PULL_PAYMENTS"
    #: ``syncNow``: push the local payments the platform lacks.
    PUSH_PAYMENTS = "PUSH_PAYMENTS"
    #: ``updateSyncedInvoice``: send the local invoice again.
    PUSH_UPDATE = "PUSH_UPDATE"
    #: ``importInvoices``: import the open invoices the books lack.
    IMPORT = "IMPORT"
    #: Nothing Ledgersync can do by itself: ``hint`` says what the accountant should check.
    HINT = "HINT"


class ReportStatus(enum.StrEnum):
    """A reconciliation report's state."""

    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
