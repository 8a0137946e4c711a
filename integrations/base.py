"""The provider contract as provider packages see it, plus small helpers they share.

The seams themselves live in :mod:`core.sync.ports` (so the engine in ``core`` can use them
without importing ``integrations``); they are re-exported here so a provider package imports
``integrations.base`` and ``core.sync.records`` and nothing else from the engine.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from core.sync.books import AccountGroup, BookRead, RemoteAccount, RemoteCatalogItem
from core.sync.ports import (
    AuthExpired,
    AwaitingProvider,
    Capability,
    CurrencyNotEnabled,
    CustomerCurrencyMismatch,
    DuplicateName,
    DuplicateNumber,
    InvalidGrant,
    PeriodClosed,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
    RemoteValidation,
    StaleVersion,
    TokenRefresher,
    TokenSet,
    WebhookSignatureError,
)

__all__ = [
    "AccountGroup",
    "AuthExpired",
    "AwaitingProvider",
    "BookRead",
    "Capability",
    "CurrencyNotEnabled",
    "CustomerCurrencyMismatch",
    "DuplicateName",
    "DuplicateNumber",
    "InvalidGrant",
    "PeriodClosed",
    "ProviderError",
    "ProviderUnavailable",
    "RateLimited",
    "RemoteAccount",
    "RemoteCatalogItem",
    "RemoteValidation",
    "StaleVersion",
    "TokenRefresher",
    "TokenSet",
    "WebhookSignatureError",
    "clip",
    "expires_after",
    "to_decimal",
    "utcnow",
]


def utcnow() -> datetime:
    """The current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


def expires_after(seconds: object, now: datetime) -> datetime | None:
    """``now + seconds`` for a lifetime given in seconds (int, float or numeric text), else None."""
    if isinstance(seconds, bool) or seconds is None:
        return None
    try:
        value = float(str(seconds))
    except ValueError:
        return None
    return now + timedelta(seconds=value)


def to_decimal(value: object) -> Decimal | None:
    """A money or quantity value from JSON (number or text) as Decimal; None if absent or bad.

    Floats go through ``str`` so ``100.1`` becomes ``Decimal("100.1")``, not its binary value.
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def clip(value: str, limit: int, label: str, warnings: list[str]) -> str:
    """Cut ``value`` to ``limit`` characters, recording a warning when something was cut."""
    if len(value) <= limit:
        return value
    warnings.append(f"{label} was cut from {len(value)} to {limit} characters")
    return value[:limit]
