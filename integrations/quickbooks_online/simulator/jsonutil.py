"""JSON helpers: Decimal-preserving parsing, Intuit time formats and typed accessors."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal, InvalidOperation

from starlette.responses import Response

JSON = dict[str, object]
"""A JSON object as it travels in and out of the simulator."""


def _encode_default(value: object) -> object:
    if isinstance(value, Decimal):
        # Intuit sends money as JSON numbers; float() keeps 100.0 looking like real payloads.
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(value: object) -> bytes:
    """Serialise compactly (the byte string webhooks sign must be the one sent)."""
    return json.dumps(
        value, default=_encode_default, separators=(",", ":"), ensure_ascii=False
    ).encode()


def loads(raw: bytes | str) -> object:
    """Parse JSON keeping non-integral numbers as `Decimal`."""
    return json.loads(raw, parse_float=Decimal)


class JSONBody(Response):
    """A JSON response that understands `Decimal` values."""

    media_type = "application/json"

    def render(self, content: object) -> bytes:
        """Encode the content with `dumps`."""
        return dumps(content)


def fmt_meta_time(moment: datetime, zone: tzinfo) -> str:
    """Format like MetaData times: company-local, whole seconds, numeric offset."""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def fmt_response_time(moment: datetime, zone: tzinfo) -> str:
    """Format like the top-level `time` field: company-local with milliseconds."""
    return moment.astimezone(zone).isoformat(timespec="milliseconds")


def fmt_utc_z(moment: datetime, timespec: str = "milliseconds") -> str:
    """Format as UTC with a `Z` suffix, as webhook payloads do."""
    return moment.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def parse_datetime(text: str, zone: tzinfo) -> datetime | None:
    """Parse an ISO-8601 date or datetime; naive values are read in the company's zone."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def parse_date(text: object) -> date | None:
    """Parse a `YYYY-MM-DD` value, or return None."""
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def obj(value: object) -> JSON | None:
    """Return `value` if it is a JSON object."""
    return value if isinstance(value, dict) else None


def arr(value: object) -> list[object]:
    """Return `value` if it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def text(value: object) -> str | None:
    """Return a string form of scalars (ids may arrive as numbers), or None."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal | float):
        return str(value)
    return None


def money(value: object) -> Decimal | None:
    """Read a JSON number or numeric string as `Decimal`."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float | str):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    return None


def ref_value(value: object) -> str | None:
    """Return the `value` of a reference object such as `{"value": "1", "name": "..."}`."""
    ref = obj(value)
    return text(ref.get("value")) if ref is not None else None
