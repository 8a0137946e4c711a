"""Pure readers of Xero's wire format: ``/Date(ms+0000)/`` dates and error bodies.

Xero answers a rejected write with ``400 {"Type": "ValidationException", "Elements": [...]}``
(each element carrying ``ValidationErrors[].Message``), other API errors with ``{"Type",
"Message"}``, and identity-layer errors (401/403) with a problem-details object. Rate limits are
``429`` with ``Retry-After`` and ``X-Rate-Limit-Problem``. Everything here turns those into the
ProviderError tree; nothing performs I/O.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from integrations.base import (
    AuthExpired,
    CurrencyNotEnabled,
    DuplicateName,
    DuplicateNumber,
    PeriodClosed,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
    RemoteValidation,
)

JSONObject = dict[str, object]

RECONNECT_HINT = "Reconnect Xero from the connection settings."
PERMISSION_HINT = (
    "Xero refused access to this organisation: it was disconnected from the app, or the "
    "connection lacks a permission (scope). " + RECONNECT_HINT
)
DUPLICATE_NAME_HINT = (
    "Xero contact names must be unique among active contacts: rename the customer here or in "
    "Xero, or link it to the existing contact."
)
PERIOD_CLOSED_HINT = (
    "The document's date is before the organisation's lock date: move the lock date in Xero "
    "(Settings > Advanced > Financial settings) or move the sync start date after it."
)
DUPLICATE_NUMBER_HINT = (
    "Another Xero invoice already uses this number: renumber the document or change the "
    "invoice numbering in Xero."
)
DUPLICATE_QUOTE_NUMBER_HINT = (
    "Another Xero quote already uses this number: renumber the estimate or change the quote "
    "numbering in Xero."
)
_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
# Xero's lock-date texts vary by document and version; match the stable words loosely.
_PERIOD_LOCK = re.compile(
    r"period lock|lock date|locked period|period is locked|closed period|end of year lock",
    re.IGNORECASE,
)
#: A currency the organisation has not added (wording UNVERIFIED: the simulator's).
_NOT_SUBSCRIBED = re.compile(r"not subscribed to currency", re.IGNORECASE)
_DUPLICATE_NAME = re.compile(r"already assigned to another contact", re.IGNORECASE)
_DUPLICATE_NUMBER = re.compile(r"must be unique", re.IGNORECASE)


def as_object(value: object) -> JSONObject | None:
    """``value`` if it is a JSON object."""
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else None


def as_list(value: object) -> list[object]:
    """``value`` if it is a JSON array, else an empty list."""
    return list(value) if isinstance(value, list) else []


def objects(value: object) -> list[JSONObject]:
    """The JSON objects of an array (anything else is skipped)."""
    return [row for row in (as_object(v) for v in as_list(value)) if row is not None]


def text(value: object) -> str | None:
    """A non-empty scalar as text, else None."""
    if value is None or isinstance(value, dict | list):
        return None
    found = str(value)
    return found if found else None


# --- dates -----------------------------------------------------------------------------------


def parse_datetime(value: object) -> datetime | None:
    """A timestamp from ``/Date(ms+0000)/`` or ISO 8601 (naive means UTC); None if unreadable.

    The milliseconds are UTC epoch milliseconds; the offset only says where the user was.
    """
    if not isinstance(value, str) or not value:
        return None
    match = _MS_DATE.match(value.strip())
    if match:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=int(match.group(1)))
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_date(value: object, fallback: object = None) -> date | None:
    """A calendar date from ``DateString`` (preferred, it is the organisation's day) or the
    ``/Date()/`` field."""
    for candidate in (fallback, value):
        moment = parse_datetime(candidate)
        if moment is not None:
            return moment.date()
    return None


def ms_date(moment: datetime) -> str:
    """``/Date(ms+0000)/`` for an aware timestamp."""
    if moment.tzinfo is None:
        raise ValueError("the timestamp must be timezone-aware")
    return f"/Date({int(moment.timestamp() * 1000)}+0000)/"


# --- errors ----------------------------------------------------------------------------------


class XeroRateLimited(RateLimited):
    """A 429 from Xero; ``problem`` is ``X-Rate-Limit-Problem`` (minute, day, concurrent…)."""

    def __init__(self, message: str, *, retry_after: float, problem: str | None) -> None:
        super().__init__(
            message,
            retry_after=retry_after,
            code=f"XERO-429-{(problem or 'unknown').upper()}",
            hint="Xero limits each organisation to 60 calls a minute, 5 at once and 5,000 a "
            "day; the sync resumes after the back-off.",
        )
        self.problem = problem


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value, ignoring the name's case."""
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


def retry_after(
    headers: Mapping[str, str], *, minute: float = 60.0, concurrent: float = 1.0
) -> float:
    """Seconds to wait after a 429: ``Retry-After``, else 1 s for the concurrency limit (whose
    429s may lack the header) and 60 s otherwise."""
    raw = header(headers, "retry-after")
    try:
        seconds = float(raw) if raw is not None else None
    except ValueError:
        seconds = None
    if seconds is not None and seconds >= 0:
        return seconds
    problem = (header(headers, "x-rate-limit-problem") or "").lower()
    return concurrent if problem == "concurrent" else minute


def remaining(headers: Mapping[str, str], name: str) -> int | None:
    """An ``X-*Limit-Remaining`` header as a number, or None."""
    raw = header(headers, name)
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def validation_messages(element: Mapping[str, object]) -> list[str]:
    """The ``ValidationErrors[].Message`` texts of one element (empty when it has none)."""
    return [
        str(entry["Message"])
        for entry in objects(element.get("ValidationErrors"))
        if entry.get("Message")
    ]


def messages_to_error(messages: list[str], *, name: str | None = None) -> RemoteValidation:
    """One element's validation messages as the most specific error they describe."""
    joined = "; ".join(messages) or "Xero rejected the record"
    for message in messages:
        if _DUPLICATE_NAME.search(message):
            who = f" ({name!r})" if name else ""
            return DuplicateName(
                f"Another active Xero contact already has this name{who}: {message}",
                code="XERO-DUPLICATE-NAME",
                hint=DUPLICATE_NAME_HINT,
            )
        if _PERIOD_LOCK.search(message):
            return PeriodClosed(message, code="XERO-PERIOD-LOCKED", hint=PERIOD_CLOSED_HINT)
        if _NOT_SUBSCRIBED.search(message):
            return CurrencyNotEnabled(
                f"Xero refused the currency: {message}",
                hint="Add the currency to the organisation in Xero (Settings, Currencies; it "
                "needs a plan with multicurrency), then sync again.",
            )
    for document, hint in (
        ("Invoice", DUPLICATE_NUMBER_HINT),
        ("Quote", DUPLICATE_QUOTE_NUMBER_HINT),
    ):
        if any(_DUPLICATE_NUMBER.search(m) and document in m for m in messages):
            return DuplicateNumber(joined, code="XERO-DUPLICATE-NUMBER", hint=hint)
    return RemoteValidation(
        joined,
        code="XERO-VALIDATION",
        hint=f"Xero said: {joined}. Correct the record and sync again.",
    )


def _body(content: bytes) -> JSONObject | None:
    try:
        parsed = json.loads(content) if content.strip() else None
    except ValueError:
        return None
    return as_object(parsed)


def parse_error(
    status: int, headers: Mapping[str, str], content: bytes, *, name: str | None = None
) -> ProviderError:
    """Turn a failed HTTP answer into the ProviderError tree; ``name`` is the name we sent."""
    if status == 429:
        problem = header(headers, "x-rate-limit-problem")
        return XeroRateLimited(
            f"Xero throttled the request ({problem or 'limit unknown'})",
            retry_after=retry_after(headers),
            problem=problem,
        )
    if status == 401:
        return AuthExpired("Xero refused the access token", hint="Refresh the access token.")
    if status >= 500:
        return ProviderUnavailable(f"Xero answered HTTP {status}; try again later")
    body = _body(content) or {}
    if status == 403:
        return RemoteValidation(
            "Xero refused access to the organisation (HTTP 403)",
            code="XERO-403",
            hint=PERMISSION_HINT,
        )
    if status == 404:
        return RemoteValidation(
            "The record was not found in Xero", code="XERO-404", hint="Re-sync the record."
        )
    if body.get("Type") == "ValidationException":
        found: list[str] = []
        for element in objects(body.get("Elements")):
            found.extend(validation_messages(element))
        return messages_to_error(found or [str(body.get("Message") or "")], name=name)
    message = text(body.get("Message")) or text(body.get("Detail")) or f"HTTP {status}"
    kind = text(body.get("Type")) or f"HTTP-{status}"
    return RemoteValidation(
        f"Xero rejected the request: {message}",
        code=f"XERO-{kind}",
        hint="Check the record; report it if it persists.",
    )
