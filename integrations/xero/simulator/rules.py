"""Shared Accounting API behaviour: records, envelopes, batch semantics, filtering and paging."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .dates import envelope_date, from_epoch, ms_date, updated_string

JsonObject = dict[str, Any]
ZERO_ID = "00000000-0000-0000-0000-000000000000"
_CENT = Decimal("0.01")


def money(value: object, default: str = "0") -> Decimal:
    """A JSON number as Decimal; garbage becomes ``default`` (schema validation catches types)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return Decimal(default)
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return Decimal(default)


def cents(value: Decimal) -> Decimal:
    """Round half-up to two decimals, as Xero rounds amounts."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def new_id() -> str:
    """A fresh Xero-style GUID."""
    return str(uuid.uuid4())


@dataclass
class Record:
    """One stored entity: its wire-shaped data and when it last changed (epoch seconds)."""

    id: str
    data: JsonObject
    updated: float
    seq: int = 0

    def touch(self, now: float) -> None:
        """Mark the record changed at ``now`` and refresh the wire timestamp fields."""
        self.updated = now
        self.data["UpdatedDateUTC"] = ms_date(from_epoch(now))
        self.data["UpdatedDateUTCString"] = updated_string(now)


@dataclass
class Outcome:
    """The result of one element of a batch write."""

    element: JsonObject
    errors: list[str] = field(default_factory=list)
    #: (eventCategory, eventType, resourceId) to announce by webhook when the write commits.
    events: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the element was saved."""
        return not self.errors


def envelope(provider_name: str, now: float, body: JsonObject) -> JsonObject:
    """Wrap a payload in Xero's response envelope (Id, Status, ProviderName, DateTimeUTC)."""
    return {
        "Id": new_id(),
        "Status": "OK",
        "ProviderName": provider_name,
        "DateTimeUTC": envelope_date(now),
        **body,
    }


def validation_exception(elements: list[JsonObject]) -> JsonObject:
    """The 400 body Xero returns when a summarized write has failing elements."""
    return {
        "ErrorNumber": 10,
        "Type": "ValidationException",
        "Message": "A validation exception occurred",
        "Elements": elements,
    }


def failed_element(element: JsonObject, errors: list[str], flag: str | None) -> JsonObject:
    """Echo an element with its validation errors; ``flag`` is HasErrors or HasValidationErrors."""
    echoed = dict(element)
    if flag is not None:
        echoed[flag] = True
    echoed["ValidationErrors"] = [{"Message": message} for message in errors]
    return echoed


def batch_response(
    outcomes: list[Outcome], key: str, summarize: bool, flag: str | None
) -> tuple[int, JsonObject]:
    """Status and body of a many-element write (the 200 body still needs its envelope).

    Summarized (Xero's default): any failure makes the call a 400 listing only the failures, though
    the valid elements were saved. ``summarizeErrors=false``: 200 with every element marked.
    """
    if summarize and any(not outcome.ok for outcome in outcomes):
        failures = [failed_element(o.element, o.errors, flag) for o in outcomes if not o.ok]
        return 400, validation_exception(failures)
    elements: list[JsonObject] = []
    for outcome in outcomes:
        if outcome.ok:
            elements.append({**outcome.element, "StatusAttributeString": "OK"})
        else:
            failed = failed_element(outcome.element, outcome.errors, flag)
            elements.append({**failed, "StatusAttributeString": "ERROR"})
    return 200, {key: elements}


_CLAUSE = re.compile(
    r'^\s*([A-Za-z][\w.]*)\s*(==|!=)\s*(?:guid\(\s*)?"?([^"()]*?)"?\s*\)?\s*$', re.IGNORECASE
)


def _lookup(data: JsonObject, dotted: str) -> object:
    value: object = data
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def where_filter(where: str | None) -> Callable[[JsonObject], bool]:
    """A loose reading of Xero's ``where`` (``A=="x" AND B!="y"``); other clauses are ignored."""
    if not where or re.search(r"\bOR\b", where, re.IGNORECASE):
        return lambda _data: True
    clauses = []
    for part in re.split(r"\bAND\b", where, flags=re.IGNORECASE):
        match = _CLAUSE.match(part.replace("&&", ""))
        if match:
            clauses.append((match.group(1), match.group(2), match.group(3)))

    def keep(data: JsonObject) -> bool:
        for name, op, expected in clauses:
            actual = _lookup(data, name)
            text = str(actual).lower() if isinstance(actual, bool) else str(actual)
            if (text.lower() == expected.lower()) != (op == "=="):
                return False
        return True

    return keep


def ordered(records: Iterable[Record], order: str | None) -> list[Record]:
    """Sort by ``order`` ("Field [ASC|DESC]"), else by creation; UpdatedDateUTC sorts by time."""
    rows = sorted(records, key=lambda record: record.seq)
    if not order:
        return rows
    for part in reversed([p.strip() for p in order.split(",") if p.strip()]):
        words = part.split()
        name, descending = words[0], len(words) > 1 and words[1].upper() == "DESC"

        def key(record: Record, name: str = name) -> tuple[int, object]:
            if name == "UpdatedDateUTC":
                return (0, record.updated)
            value = _lookup(record.data, name)
            return (0, value) if isinstance(value, int | float) else (1, str(value))

        rows.sort(key=key, reverse=descending)
    return rows


def modified_since(records: Iterable[Record], since: float | None) -> list[Record]:
    """Records changed at or after ``since`` (millisecond resolution, as on the wire)."""
    if since is None:
        return list(records)
    floor = math.floor(since * 1000)
    return [record for record in records if math.floor(record.updated * 1000) >= floor]


@dataclass
class Page:
    """One page of a listing, plus the ``pagination`` block Xero adds when paging."""

    rows: list[Record]
    pagination: JsonObject | None


def paginate(rows: list[Record], page: int | None, page_size: int) -> Page:
    """Slice ``rows`` for a 1-based ``page``; without ``page`` everything is returned."""
    if page is None:
        return Page(rows, None)
    page = max(page, 1)
    start = (page - 1) * page_size
    info = {
        "page": page,
        "pageSize": page_size,
        "pageCount": math.ceil(len(rows) / page_size),
        "itemCount": len(rows),
    }
    return Page(rows[start : start + page_size], info)
