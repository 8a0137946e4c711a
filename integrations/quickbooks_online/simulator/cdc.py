"""Change data capture: everything changed since a moment, deletes as tombstones."""

from __future__ import annotations

from datetime import timedelta

from . import errors
from .jsonutil import JSON, fmt_meta_time, parse_datetime
from .settings import SimulatorSettings
from .store import ENTITY_NAMES, Realm, Record


def _tombstone(record: Record, settings: SimulatorSettings) -> JSON:
    meta: JSON = {"LastUpdatedTime": fmt_meta_time(record.updated_at, settings.company_timezone)}
    return {"domain": "QBO", "status": "Deleted", "Id": record.id, "MetaData": meta}


def run_cdc(
    realm: Realm, entities: str | None, changed_since: str | None, settings: SimulatorSettings
) -> JSON:
    """Build the `CDCResponse` body for the given `entities` and `changedSince` parameters."""
    if not entities:
        raise errors.required_missing("entities")
    if not changed_since:
        raise errors.required_missing("changedSince")
    names: list[str] = []
    for raw in entities.split(","):
        name = ENTITY_NAMES.get(raw.strip().lower())
        if name is None:
            raise errors.query_invalid(f"Invalid entity name {raw.strip()} for change data capture")
        names.append(name)
    since = parse_datetime(changed_since, settings.company_timezone)
    if since is None:
        raise errors.query_invalid(f"Invalid changedSince value {changed_since}")
    if settings.clock.now() - since > timedelta(days=settings.cdc_max_lookback_days):
        raise errors.query_invalid(
            f"changedSince must be within the last {settings.cdc_max_lookback_days} days"
        )
    changed = sorted(
        (r for name in names for r in realm.everything(name) if r.updated_at >= since),
        key=lambda r: r.updated_at,
    )[: settings.cdc_max_objects]
    responses: list[object] = []
    for name in names:
        rows = [
            _tombstone(r, settings) if r.deleted else r.data for r in changed if r.entity == name
        ]
        responses.append({name: rows, "startPosition": 1, "maxResults": len(rows)} if rows else {})
    return {"CDCResponse": [{"QueryResponse": responses}]}
