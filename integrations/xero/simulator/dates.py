"""Xero's date formats: ``/Date(ms+0000)/`` on the wire, ISO dates accepted on input."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime

_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")


def ms_date(moment: datetime) -> str:
    """Format a moment as Xero's ``/Date(1552521600000+0000)/``."""
    return f"/Date({int(moment.timestamp() * 1000)}+0000)/"


def envelope_date(epoch: float) -> str:
    """Format the envelope's ``DateTimeUTC``, which Xero writes without an offset."""
    return f"/Date({int(epoch * 1000)})/"


def from_epoch(epoch: float) -> datetime:
    """Turn the simulator clock's seconds into an aware UTC datetime."""
    return datetime.fromtimestamp(epoch, tz=UTC)


def date_string(day: date) -> str:
    """The ``DateString`` companion field: ``2019-03-11T00:00:00``."""
    return datetime.combine(day, time()).strftime("%Y-%m-%dT%H:%M:%S")


def day_ms_date(day: date) -> str:
    """A calendar date as midnight UTC in MS JSON form."""
    return ms_date(datetime.combine(day, time(), tzinfo=UTC))


def updated_string(epoch: float) -> str:
    """The ``UpdatedDateUTCString`` companion field: ``2019-03-12T23:10:38+00:00``."""
    return from_epoch(epoch).replace(microsecond=0).isoformat()


def parse_input_date(value: object) -> date | None:
    """Read a date sent by a client: ``YYYY-MM-DD``, an ISO datetime, or ``/Date(ms)/``.

    Returns None for anything unreadable so the caller can turn it into a validation error.
    """
    if not isinstance(value, str) or not value:
        return None
    match = _MS_DATE.match(value)
    if match:
        return datetime.fromtimestamp(int(match.group(1)) / 1000, tz=UTC).date()
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def parse_if_modified_since(value: str) -> float | None:
    """Parse the ``If-Modified-Since`` header into epoch seconds.

    Xero's spec documents ISO 8601; HTTP clients commonly send RFC 1123, so both are read. A naive
    ISO value is taken as UTC, as Xero does.
    """
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def event_date(epoch: float) -> str:
    """Webhook ``eventDateUtc``: ISO without offset, millisecond precision."""
    return from_epoch(epoch).replace(tzinfo=None).isoformat(timespec="milliseconds")


def connection_date(epoch: float) -> str:
    """``createdDateUtc``/``updatedDateUtc`` on /connections: ISO with 7 fractional digits."""
    moment = from_epoch(epoch).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}0"
