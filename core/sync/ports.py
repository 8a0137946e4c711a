"""The seams between the provider-blind engine and provider packages.

The engine in ``core`` talks to an accounting platform only through these protocols, value types
and errors; each provider package (``integrations/<provider>``) implements them, and
``integrations.base`` re-exports them for providers. Nothing here names a provider.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable


class Capability(enum.StrEnum):
    """What a provider can do; the engine and the API branch on capabilities, not names."""

    OAUTH2 = "oauth2"
    PUSH = "push"
    PULL = "pull"
    WEBHOOKS = "webhooks"
    REQUEST_QUEUE = "request_queue"
    #: Local refunds are pushed (QuickBooks: refund receipts); without it they are skipped.
    REFUNDS = "refunds"
    #: The session is a receivables reader (:class:`~core.sync.session.ReceivablesReader`): it
    #: reads open invoices, payments since a date, customers and linked ids for a reconciliation.
    RECEIVABLES = "receivables"


# --- errors ------------------------------------------------------------------------------------


class ProviderError(Exception):
    """A failure talking to the accounting platform, with a code and an actionable hint."""

    code: str = "PROVIDER_ERROR"
    retryable: bool = False

    def __init__(self, message: str, *, code: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.hint = hint


class AuthExpired(ProviderError):
    """The access token was refused; a refresh (or, failing that, a reconnect) is needed."""

    code = "AUTH_EXPIRED"


class InvalidGrant(ProviderError):
    """The refresh token was refused (expired, revoked or already rotated)."""

    code = "INVALID_GRANT"


class RateLimited(ProviderError):
    """The platform throttled us; retry after ``retry_after`` seconds."""

    code = "RATE_LIMITED"
    retryable = True

    def __init__(
        self, message: str, *, retry_after: float, code: str | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, code=code, hint=hint)
        self.retry_after = retry_after


class ProviderUnavailable(ProviderError):
    """The platform failed or timed out (5xx, network); safe to retry later."""

    code = "PROVIDER_UNAVAILABLE"
    retryable = True


class AwaitingProvider(ProviderError):
    """The platform answers later: the request is recorded and the run must wait for it.

    Raised by providers that cannot be called (an agent on the customer's machine polls us for
    work). The requests are already durable in the request ledger when this is raised; the run
    should be parked with ``message`` as its reason and resumed once they are answered, when
    the same calls return the recorded answers.
    """

    code = "AWAITING_PROVIDER"
    retryable = True

    def __init__(
        self,
        message: str,
        *,
        request_ids: tuple[str, ...] = (),
        code: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, code=code, hint=hint)
        self.request_ids = request_ids


@dataclass(frozen=True, slots=True)
class AgentSetup:
    """What a user installs for a platform whose agent polls us: its configuration file (and a
    ``data:`` URL to download it) and a password shown once; ``warning`` when the agent would
    refuse Ledgersync's address (e.g. not HTTPS)."""

    provider: str
    connection_id: str
    user_name: str
    password: str = field(repr=False)
    config_file_name: str
    config_file: str
    config_url: str
    warning: str | None


class RemoteValidation(ProviderError):
    """The platform rejected the record's content."""

    code = "REMOTE_VALIDATION"


class StaleVersion(RemoteValidation):
    """The record changed remotely since we read it (stale SyncToken / EditSequence)."""

    code = "STALE_VERSION"
    retryable = True


class DuplicateName(RemoteValidation):
    """Another remote record already uses this name."""

    code = "DUPLICATE_NAME"


class DuplicateNumber(RemoteValidation):
    """Another remote document of this type already uses this number."""

    code = "DUPLICATE_NUMBER"


class PeriodClosed(RemoteValidation):
    """The transaction date falls in a closed accounting period."""

    code = "PERIOD_CLOSED"


class CurrencyNotEnabled(RemoteValidation):
    """The record's currency is not one the books can hold (multicurrency off, or the currency
    not added to the books); nothing is booked in the home currency instead."""

    code = "CURRENCY_NOT_ENABLED"


class CustomerCurrencyMismatch(RemoteValidation):
    """The record's currency differs from the currency of its customer in the books."""

    code = "CUSTOMER_CURRENCY_MISMATCH"


class WebhookSignatureError(ProviderError):
    """A webhook delivery's signature does not match its body."""

    code = "WEBHOOK_SIGNATURE"


# --- tokens ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenSet:
    """An OAuth token set as stored (encrypted) on a connection."""

    access_token: str
    refresh_token: str | None
    access_expires_at: datetime
    refresh_expires_at: datetime | None = None
    refresh_hard_expires_at: datetime | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    def access_valid_for(self, margin: timedelta, now: datetime | None = None) -> bool:
        """True if the access token stays valid for at least ``margin`` from now."""
        return self.access_expires_at - margin > (now or datetime.now(UTC))

    def to_document(self) -> dict[str, object]:
        """The JSON document that is encrypted at rest."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "access_expires_at": self.access_expires_at.isoformat(),
            "refresh_expires_at": _iso(self.refresh_expires_at),
            "refresh_hard_expires_at": _iso(self.refresh_hard_expires_at),
            "extra": dict(self.extra),
        }

    @classmethod
    def from_document(cls, doc: Mapping[str, object]) -> TokenSet:
        """Rebuild from :meth:`to_document` output."""
        extra = doc.get("extra") or {}
        return cls(
            access_token=str(doc["access_token"]),
            refresh_token=str(doc["refresh_token"]) if doc.get("refresh_token") else None,
            access_expires_at=datetime.fromisoformat(str(doc["access_expires_at"])),
            refresh_expires_at=_parse(doc.get("refresh_expires_at")),
            refresh_hard_expires_at=_parse(doc.get("refresh_hard_expires_at")),
            extra={str(k): str(v) for k, v in dict(extra).items()},  # type: ignore[call-overload]
        )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


@runtime_checkable
class TokenRefresher(Protocol):
    """Exchanges a refresh token for a new token set (the provider's OAuth client)."""

    async def refresh(self, tokens: TokenSet) -> TokenSet:
        """Return the new token set; raise :class:`InvalidGrant` if the refresh token is dead."""
        ...
