"""A connection's sync settings: what syncs, from when, into which accounts, and how often."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from core.errors import ValidationFailed
from core.models.enums import AutoSync


@dataclass(frozen=True, slots=True)
class ConnectionSettings:
    """Stored as JSON on ``Connection.settings``; every field has a safe default."""

    sync_enabled: bool = True
    sync_invoices: bool = True
    sync_payments: bool = True
    sync_customers: bool = True
    sync_start_date: date | None = None
    income_account_id: str | None = None
    default_item_id: str | None = None
    default_tax_code: str | None = None
    payment_methods: tuple[str, ...] = field(default_factory=tuple)
    refund_account_id: str | None = None
    deposit_account_id: str | None = None
    bad_debt_item_id: str | None = None
    lock_after_sync: bool = True
    auto_sync: AutoSync = AutoSync.OFF
    #: Days between scheduled reconciliation reports (weekly by default); 0 turns them off.
    reconcile_every_days: int = 7

    def to_json(self) -> dict[str, object]:
        """The JSON document stored on the connection."""
        data = dataclasses.asdict(self)
        data["sync_start_date"] = self.sync_start_date.isoformat() if self.sync_start_date else None
        data["payment_methods"] = list(self.payment_methods)
        data["auto_sync"] = self.auto_sync.value
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, object] | None) -> ConnectionSettings:
        """Read stored settings, ignoring unknown keys and keeping defaults for missing ones."""
        if not data:
            return cls()
        known = {f.name for f in dataclasses.fields(cls)}
        values: dict[str, object] = {k: v for k, v in data.items() if k in known}
        try:
            if isinstance(values.get("sync_start_date"), str):
                values["sync_start_date"] = date.fromisoformat(str(values["sync_start_date"]))
            if "payment_methods" in values:
                methods = values["payment_methods"] or []
                values["payment_methods"] = tuple(str(m) for m in methods)  # type: ignore[attr-defined]
            if "auto_sync" in values:
                values["auto_sync"] = AutoSync(str(values["auto_sync"]))
        except ValueError as exc:
            raise ValidationFailed(f"stored connection settings are malformed: {exc}") from exc
        return cls(**values)  # type: ignore[arg-type]

    def allows_date(self, when: date | None) -> bool:
        """False for records dated before the sync start date (they never sync)."""
        return self.sync_start_date is None or when is None or when >= self.sync_start_date

    def allows_payment_method(self, method: str | None) -> bool:
        """True when no filter is set, or the method is in it (compared case-insensitively)."""
        if not self.payment_methods:
            return True
        wanted = {m.strip().casefold() for m in self.payment_methods}
        return method is not None and method.strip().casefold() in wanted
