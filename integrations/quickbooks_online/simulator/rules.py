"""Validation rules that decide which Intuit fault a write earns."""

from __future__ import annotations

from datetime import date

from . import errors
from .jsonutil import JSON, arr, obj, text
from .store import Realm

DISPLAY_NAME_MAX = 500
DOC_NUMBER_MAX = 21
DESCRIPTION_MAX = 4000
NAME_FIELD_LIMITS = {
    "GivenName": 100,
    "MiddleName": 100,
    "FamilyName": 100,
    "CompanyName": 100,
    "Title": 16,
    "Suffix": 16,
    "Notes": 2000,
    "PrivateNote": 4000,
}
FORBIDDEN_NAME_CHARS = (":", "\t", "\n")


def check_length(field_name: str, value: object, maximum: int) -> None:
    """Raise 2050 when a string field is too long."""
    if isinstance(value, str) and len(value) > maximum:
        raise errors.bad_length(field_name, maximum, len(value))


def check_field_limits(payload: JSON) -> None:
    """Apply the common length limits present in `payload`."""
    for name, maximum in NAME_FIELD_LIMITS.items():
        check_length(name, payload.get(name), maximum)


def check_display_name(name: str) -> None:
    """DisplayName: at most 500 characters, no colon, tab or newline."""
    check_length("DisplayName", name, DISPLAY_NAME_MAX)
    if any(ch in name for ch in FORBIDDEN_NAME_CHARS):
        raise errors.business_rule(
            "DisplayName cannot contain a colon (:), tab or newline.", "DisplayName"
        )


def name_key(name: str, case_insensitive: bool) -> str:
    """Normalise a name for uniqueness checks."""
    stripped = " ".join(name.split())
    return stripped.casefold() if case_insensitive else stripped


def check_unique_name(
    realm: Realm,
    entities: tuple[str, ...],
    field_name: str,
    name: str,
    own_id: str | None,
    case_insensitive: bool,
) -> None:
    """Raise 6240 when another live record already uses `name`."""
    wanted = name_key(name, case_insensitive)
    for entity in entities:
        for record in realm.live(entity):
            other = record.data.get(field_name)
            if (
                record.id != own_id
                and isinstance(other, str)
                and name_key(other, case_insensitive) == wanted
            ):
                raise errors.duplicate_name(record.id)


def check_doc_number(
    realm: Realm, entity: str, doc_number: str, own_id: str | None, allow_duplicates: bool
) -> None:
    """DocNumber: at most 21 characters and, unless allowed, unique per transaction type."""
    check_length("DocNumber", doc_number, DOC_NUMBER_MAX)
    if allow_duplicates:
        return
    for record in realm.live(entity):
        if record.id != own_id and record.data.get("DocNumber") == doc_number:
            raise errors.duplicate_doc_number(doc_number, entity, record.id)


def check_line_descriptions(lines: list[object]) -> None:
    """Line descriptions are capped at 4000 characters."""
    for line in lines:
        line_obj = obj(line)
        if line_obj is not None:
            check_length("Line.Description", line_obj.get("Description"), DESCRIPTION_MAX)


def check_period_open(realm: Realm, *txn_dates: date | None) -> None:
    """Raise 6210 when any date falls on or before the realm's closing date."""
    if realm.closing_date is None:
        return
    for txn_date in txn_dates:
        if txn_date is not None and txn_date <= realm.closing_date:
            raise errors.period_closed()


def check_sync_token(current: str, payload: JSON) -> None:
    """An update must carry the current SyncToken."""
    supplied = text(payload.get("SyncToken"))
    if supplied is None:
        raise errors.required_missing("SyncToken")
    if supplied != current:
        raise errors.stale_object()


def require_ref(realm: Realm, payload: JSON, field_name: str, entity: str) -> JSON:
    """Return a filled-in reference `{value, name}` to an existing record, or raise."""
    ref = obj(payload.get(field_name))
    if ref is None or text(ref.get("value")) is None:
        raise errors.required_missing(field_name)
    ref_id = text(ref.get("value"))
    record = realm.get(entity, ref_id)
    if record is None:
        raise errors.invalid_reference(field_name, ref_id)
    label = record.data.get("DisplayName") or record.data.get("Name")
    return {"value": record.id, "name": label} if isinstance(label, str) else {"value": record.id}


def require_lines(payload: JSON) -> list[object]:
    """Transactions need at least one line."""
    lines = arr(payload.get("Line"))
    if not lines:
        raise errors.required_missing("Line")
    return lines
