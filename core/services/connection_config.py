"""Changing a connection's sync settings, with validation and an audit entry."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from uuid import UUID

from tortoise.transactions import in_transaction

from core.errors import Forbidden, ValidationFailed
from core.models import Connection
from core.models.enums import AutoSync
from core.services.activity import record_activity
from core.services.connection_settings import ConnectionSettings
from core.services.connections import get_connection
from core.services.tenancy import Viewer

MAX_REF_LENGTH = 128
MAX_METHOD_LENGTH = 100
MAX_METHODS = 50
EARLIEST_START = date(1900, 1, 1)
MAX_EVERY_DAYS = 366
DEFAULT_RECONCILE_DAYS = ConnectionSettings().reconcile_every_days

# Remote record ids (accounts, items, tax codes): free text, matched at sync time.
_REF_FIELDS = (
    "income_account_id",
    "default_item_id",
    "default_tax_code",
    "refund_account_id",
    "deposit_account_id",
    "bad_debt_item_id",
)
_BOOL_FIELDS = frozenset(
    {"sync_enabled", "sync_invoices", "sync_payments", "sync_customers", "lock_after_sync"}
)
_FIELDS = frozenset(f.name for f in dataclasses.fields(ConnectionSettings))


def validate_changes(
    current: ConnectionSettings, changes: Mapping[str, object]
) -> ConnectionSettings:
    """Apply ``changes`` (only the fields given) to ``current``; ValidationFailed on bad input."""
    unknown = set(changes) - _FIELDS
    if unknown:
        raise ValidationFailed(f"unknown settings: {', '.join(sorted(unknown))}")
    # Checked before applying, so a bad value never half-changes the settings.
    values = dict(changes)
    for name in _REF_FIELDS:
        if name in values:
            values[name] = _reference(values[name], name)
    if "payment_methods" in values:
        values["payment_methods"] = _methods(values["payment_methods"])
    if "sync_start_date" in values:
        values["sync_start_date"] = _start_date(values["sync_start_date"])
    if "auto_sync" in values:
        values["auto_sync"] = _auto_sync(values["auto_sync"])
    if "reconcile_every_days" in values:
        values["reconcile_every_days"] = _every_days(values["reconcile_every_days"])
    for name in _BOOL_FIELDS & values.keys():
        if not isinstance(values[name], bool):
            raise ValidationFailed(f"`{_camel(name)}` must be true or false", field=_camel(name))
    return dataclasses.replace(current, **values)  # type: ignore[arg-type]


def _reference(value: object, name: str) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if len(text) > MAX_REF_LENGTH:
        raise ValidationFailed(
            f"`{_camel(name)}` is longer than {MAX_REF_LENGTH} characters", field=_camel(name)
        )
    return text


def _methods(value: object) -> tuple[str, ...]:
    """Names as given (trimmed), without case-insensitive duplicates; matched by name later."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValidationFailed("`paymentMethods` must be a list of names", field="paymentMethods")
    kept: list[str] = []
    seen: set[str] = set()
    for raw in value:
        name = str(raw).strip()
        if not name:
            raise ValidationFailed("payment method names must not be empty", field="paymentMethods")
        if len(name) > MAX_METHOD_LENGTH:
            raise ValidationFailed(
                f"payment method `{name[:20]}…` is longer than {MAX_METHOD_LENGTH} characters",
                field="paymentMethods",
            )
        if name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    if len(kept) > MAX_METHODS:
        raise ValidationFailed(
            f"at most {MAX_METHODS} payment methods may be listed", field="paymentMethods"
        )
    return tuple(kept)


def _start_date(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date):
        raise ValidationFailed("`syncStartDate` must be an ISO date", field="syncStartDate")
    if value < EARLIEST_START:
        raise ValidationFailed(
            f"`syncStartDate` must be on or after {EARLIEST_START.isoformat()}",
            field="syncStartDate",
        )
    return value


def _auto_sync(value: object) -> AutoSync:
    try:
        return AutoSync(str(value))
    except ValueError:
        allowed = ", ".join(a.value for a in AutoSync)
        raise ValidationFailed(f"`autoSync` must be one of {allowed}", field="autoSync") from None


def _every_days(value: object) -> int:
    if value is None:
        return DEFAULT_RECONCILE_DAYS
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_EVERY_DAYS:
        raise ValidationFailed(
            f"`reconcileEveryDays` must be a whole number from 0 (off) to {MAX_EVERY_DAYS}",
            field="reconcileEveryDays",
        )
    return value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


async def update_settings(
    viewer: Viewer,
    connection_id: UUID,
    changes: Mapping[str, object],
    *,
    ip_address: str | None = None,
) -> Connection:
    """Change some of a connection's sync settings; the others keep their values."""
    if not viewer.is_admin:
        raise Forbidden("changing sync settings needs the FIRM_ADMIN role")
    connection = await get_connection(viewer, connection_id)
    current = ConnectionSettings.from_json(connection.settings)
    updated = validate_changes(current, changes)
    changed = sorted(name for name in _FIELDS if getattr(updated, name) != getattr(current, name))
    if not changed:
        return connection
    connection.settings = updated.to_json()
    async with in_transaction():
        await connection.save(update_fields=["settings", "updated_at"])
        await record_activity(
            firm_id=viewer.firm_id,
            actor_id=viewer.user_id,
            action="connection.settings_updated",
            subject_type="Connection",
            subject_id=connection.id,
            description="Sync settings changed: " + ", ".join(_camel(n) for n in changed),
            ip_address=ip_address,
        )
    return connection
