"""Pure readers of Intuit's response envelopes: faults, query pages, CDC and batch answers.

Intuit's error bodies are not uniform: 400s use ``Fault/Error/code`` (the code is a string),
401s use lower-case ``fault/error``, throttling may come as XML, and old throttles used HTTP 403.
Everything here reads keys case-insensitively and turns faults into the ProviderError tree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from integrations.base import (
    AuthExpired,
    CurrencyNotEnabled,
    CustomerCurrencyMismatch,
    DuplicateName,
    DuplicateNumber,
    PeriodClosed,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
    RemoteValidation,
    StaleVersion,
)

JSONObject = dict[str, object]
THROTTLE_BACKOFF = 60.0
RECONNECT_HINT = "Reconnect QuickBooks Online from the connection settings."

_HINTS: dict[str, str] = {
    "610": "The referenced record was deleted or made inactive in QuickBooks; reactivate it "
    "there or re-sync the record it points to.",
    "2010": "The request carried a field QuickBooks does not accept; report this as a bug.",
    "2020": "A required field is missing; fill it in and sync again.",
    "2050": "A text field is longer than QuickBooks allows; shorten it and sync again.",
    "2500": "The record points at a customer, item or account that no longer exists in "
    "QuickBooks; re-sync that record first.",
    "6000": "QuickBooks rejected the record; read the detail, correct it and sync again.",
    "6140": "Another QuickBooks transaction already uses this number; renumber the document "
    "or turn off duplicate-number checking in QuickBooks.",
    "6190": "The QuickBooks subscription is suspended or lapsed; the company owner must "
    "restore it.",
    "3100": "This app is no longer authorized for the QuickBooks company; " + RECONNECT_HINT,
    "120": "The connected QuickBooks user lacks permission for this; reconnect as an admin.",
}
PERIOD_CLOSED_HINT = (
    "The document's date is inside a closed accounting period: reopen the period in QuickBooks "
    "(Account and Settings > Advanced > Close the books) or move the sync start date after the "
    "closing date."
)
DUPLICATE_NAME_HINT = (
    "QuickBooks names must be unique across customers, vendors and employees: rename the "
    "record here or in QuickBooks, or link it to the existing one."
)


@dataclass(frozen=True, slots=True)
class FaultError:
    """One ``Fault.Error`` entry."""

    code: str
    message: str
    detail: str
    element: str | None = None


def ci_get(data: Mapping[str, object], key: str) -> object:
    """``data[key]`` ignoring the key's case (Intuit's 401 body is lower-case)."""
    if key in data:
        return data[key]
    lowered = key.lower()
    return next((v for k, v in data.items() if k.lower() == lowered), None)


def as_object(value: object) -> JSONObject | None:
    """``value`` if it is a JSON object."""
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else None


def as_list(value: object) -> list[object]:
    """``value`` if it is a JSON array, else an empty list."""
    return list(value) if isinstance(value, list) else []


def fault_errors(fault: Mapping[str, object]) -> list[FaultError]:
    """The entries of a ``Fault`` object (any key case)."""
    found: list[FaultError] = []
    for raw in as_list(ci_get(fault, "Error")):
        entry = as_object(raw)
        if entry is None:
            continue
        element = ci_get(entry, "element")
        found.append(
            FaultError(
                code=str(ci_get(entry, "code") or ""),
                message=str(ci_get(entry, "Message") or ""),
                detail=str(ci_get(entry, "Detail") or ""),
                element=str(element) if element else None,
            )
        )
    return found


_XML_ERROR = re.compile(
    r"<Error\b[^>]*\bcode=\"(?P<code>[^\"]*)\"[^>]*>(?P<body>.*?)</Error>", re.S
)
_XML_TAG = r"<{0}>(.*?)</{0}>"


def _xml_fault(text: str) -> list[FaultError]:
    # Intuit answers XML when a client forgets Accept: JSON, and throttles were XML for years.
    # Only code, Message and Detail are needed, so a regular expression avoids an XML parser.
    found: list[FaultError] = []
    for match in _XML_ERROR.finditer(text):
        body = match.group("body")
        message = re.search(_XML_TAG.format("Message"), body, re.S)
        detail = re.search(_XML_TAG.format("Detail"), body, re.S)
        found.append(
            FaultError(
                code=match.group("code"),
                message=message.group(1).strip() if message else "",
                detail=detail.group(1).strip() if detail else "",
            )
        )
    return found


def read_fault_body(body: bytes) -> list[FaultError]:
    """The fault entries of a JSON or XML error body (empty when there are none)."""
    text = body.decode("utf-8", errors="replace").strip()
    if text.startswith("<"):
        return _xml_fault(text)
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        return []
    document = as_object(parsed)
    fault = as_object(ci_get(document, "Fault")) if document is not None else None
    return fault_errors(fault) if fault is not None else []


def retry_after_seconds(headers: Mapping[str, str]) -> float:
    """Seconds from a ``Retry-After`` header, else Intuit's documented 60 s back-off."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    try:
        seconds = float(value) if value is not None else THROTTLE_BACKOFF
    except ValueError:
        seconds = THROTTLE_BACKOFF
    return seconds if seconds >= 0 else THROTTLE_BACKOFF


def _is_throttle(errors: list[FaultError]) -> bool:
    return any(e.code == "3001" or "ThrottleExceeded" in e.message for e in errors)


def parse_fault(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    name: str | None = None,
) -> ProviderError:
    """Turn a failed HTTP answer into the ProviderError tree; ``name`` is the name we sent."""
    errors = read_fault_body(body)
    if status == 429 or _is_throttle(errors):
        return RateLimited(
            "QuickBooks Online throttled the request",
            retry_after=retry_after_seconds(headers),
            code="QBO-3001",
            hint="Requests are limited per company; the sync resumes after the back-off.",
        )
    if status == 401 or any(e.code == "3200" for e in errors):
        return AuthExpired(
            "QuickBooks Online refused the access token", hint="Refresh the access token."
        )
    if status >= 500 or (status >= 400 and not errors and status not in (400, 403, 404)):
        return ProviderUnavailable(f"QuickBooks Online answered HTTP {status}; try again later")
    if errors:
        return fault_to_error(errors[0], name=name)
    return RemoteValidation(
        f"QuickBooks Online answered HTTP {status} without a fault",
        code=f"QBO-HTTP-{status}",
        hint="Check the request; report it if it persists.",
    )


def fault_to_error(error: FaultError, *, name: str | None = None) -> ProviderError:
    """One ``Fault.Error`` (plain or inside a batch item) as a ProviderError."""
    text = error.detail or error.message
    if error.code == "3001":
        return RateLimited(text, retry_after=THROTTLE_BACKOFF, code="QBO-3001")
    if error.code == "3200":
        return AuthExpired("QuickBooks Online refused the access token")
    if error.code == "5010":
        return StaleVersion(
            "The record changed in QuickBooks since it was read",
            code="QBO-5010",
            hint="Re-read the record and apply the change again.",
        )
    if error.code == "6240":
        existing = re.search(r"Id=(\w+)", error.detail)
        who = f"the name {name!r}" if name else "the name"
        where = f" (QuickBooks record {existing.group(1)})" if existing else ""
        return DuplicateName(
            f"QuickBooks already has a customer, vendor or employee with {who}{where}",
            code="QBO-6240",
            hint=DUPLICATE_NAME_HINT,
        )
    if error.code == "6210":
        return PeriodClosed(
            "The accounting period is closed in QuickBooks",
            code="QBO-6210",
            hint=PERIOD_CLOSED_HINT,
        )
    if error.code in ("3100", "120"):
        return ProviderError(
            f"QuickBooks Online refused access: {error.message}",
            code=f"QBO-{error.code}",
            hint=_HINTS[error.code],
        )
    label = f"QBO-{error.code}" if error.code else "QBO-UNKNOWN"
    message = f"{error.message}: {error.detail}" if error.detail else error.message
    hint = _HINTS.get(error.code, f"QuickBooks said: {text}. Correct the record and sync again.")
    if error.code == "6140":
        return DuplicateNumber(message or "Duplicate Document Number Error", code=label, hint=hint)
    refused = currency_refusal(error.code, text)
    if refused is not None:
        return refused
    return RemoteValidation(
        message or "QuickBooks Online rejected the request", code=label, hint=hint
    )


def currency_refusal(code: str, text: str) -> ProviderError | None:
    """A 6000 refusal about currencies, as the engine's currency errors (the wording QuickBooks
    uses is UNVERIFIED: matched on the words the simulator's refusals share with it)."""
    lowered = text.lower()
    if code != "6000" or "currenc" not in lowered:
        return None
    if "customer" in lowered:
        return CustomerCurrencyMismatch(
            f"QuickBooks refused the currency: {text}",
            code="CUSTOMER_CURRENCY_MISMATCH",
            hint="A QuickBooks customer's currency is fixed once set: bill the customer in its "
            "currency, or use a customer in the record's currency; then sync again.",
        )
    if "multicurrency" in lowered or "currency list" in lowered:
        return CurrencyNotEnabled(
            f"QuickBooks refused the currency: {text}",
            hint="Turn on multicurrency in QuickBooks Online (Account and settings, Advanced) "
            "and add the currency, then sync again.",
        )
    return None


# --- query, CDC and batch envelopes -----------------------------------------------------------


def query_rows(response: Mapping[str, object], entity: str) -> list[JSONObject]:
    """The rows of a ``QueryResponse``; the entity key is absent when there are none."""
    rows = as_list(ci_get(response, entity))
    return [row for row in (as_object(r) for r in rows) if row is not None]


def query_count(response: Mapping[str, object]) -> int:
    """``totalCount`` of a ``SELECT COUNT(*)`` answer."""
    value = ci_get(response, "totalCount")
    return int(str(value)) if value is not None else 0


def cdc_rows(body: Mapping[str, object]) -> dict[str, list[JSONObject]]:
    """Rows of a CDC answer per entity (``CDCResponse[0].QueryResponse[i].<Entity>[]``)."""
    found: dict[str, list[JSONObject]] = {}
    for response in as_list(ci_get(body, "CDCResponse")):
        response_obj = as_object(response) or {}
        for part in as_list(ci_get(response_obj, "QueryResponse")):
            for key, value in (as_object(part) or {}).items():
                if isinstance(value, list):
                    found.setdefault(key, []).extend(
                        row for row in (as_object(v) for v in value) if row is not None
                    )
    return found


@dataclass(frozen=True, slots=True)
class BatchResult:
    """One ``BatchItemResponse``: the entity (or query answer) or the error that refused it."""

    bid: str
    entity: str | None = None
    body: JSONObject | None = None
    error: ProviderError | None = None


def batch_results(body: Mapping[str, object]) -> dict[str, BatchResult]:
    """The items of a batch answer by ``bId``; they come back in any order."""
    results: dict[str, BatchResult] = {}
    for raw in as_list(ci_get(body, "BatchItemResponse")):
        item = as_object(raw)
        if item is None:
            continue
        bid = str(ci_get(item, "bId") or "")
        fault = as_object(ci_get(item, "Fault"))
        if fault is not None:
            errors = fault_errors(fault)
            error = (
                fault_to_error(errors[0])
                if errors
                else RemoteValidation("batch item failed", code="QBO-UNKNOWN")
            )
            results[bid] = BatchResult(bid, error=error)
            continue
        entity = next((k for k, v in item.items() if k != "bId" and isinstance(v, dict)), None)
        results[bid] = BatchResult(bid, entity, as_object(item.get(entity)) if entity else None)
    return results
