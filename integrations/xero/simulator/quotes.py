"""Quotes: building, totals, numbering, status changes and the filters of ``GET /Quotes``.

The rules come from Xero's spec (schemas ``Quote``, ``QuoteStatusCodes``,
``QuoteLineAmountTypes``; paths ``/Quotes`` and ``/Quotes/{QuoteID}``): a quote names a Contact
and a Date, its lines are priced as an invoice's, ``LineAmountTypes`` is spelled ``EXCLUSIVE``,
``INCLUSIVE`` or ``NOTAX`` (the invoices' ``Exclusive``/``NoTax`` spelling is refused), Status is
one of DRAFT, SENT, DECLINED, ACCEPTED, INVOICED and DELETED, QuoteNumber is a unique code and
the totals are computed. Where neither the spec nor PROVIDERS.md states a rule the simulator is
tolerant, and the rule says UNVERIFIED. Xero sends no webhooks for quotes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .dates import parse_input_date
from .documents import Draft, build_line, commit_contact, line_sums, read_dates, resolve_contact
from .locks import date_errors, edit_errors
from .org import Organisation
from .rules import ZERO_ID, JsonObject, Outcome, Record, new_id

STATUSES = ("DRAFT", "SENT", "DECLINED", "ACCEPTED", "INVOICED", "DELETED")
#: The quote spelling of LineAmountTypes, and the invoice spelling the line maths uses.
AMOUNT_TYPES = {"EXCLUSIVE": "Exclusive", "INCLUSIVE": "Inclusive", "NOTAX": "NoTax"}
# UNVERIFIED: the texts of these messages (Xero's spec and PROVIDERS.md quote none for quotes).
NO_DATE = "Date is required"
NUMBER_NOT_UNIQUE = "Quote # must be unique."
NOT_VALID_FOR_CREATION = "Quote not of valid status for creation"
NOT_VALID_FOR_MODIFICATION = "Quote not of valid status for modification"
NOT_FOUND = "Quote could not be found"
_SIMPLE_FIELDS = (
    "QuoteNumber",
    "Reference",
    "Terms",
    "Title",
    "Summary",
    "CurrencyCode",
    "BrandingThemeID",
    "LineAmountTypes",
)


def _blank_quote() -> JsonObject:
    return {
        "QuoteID": ZERO_ID,
        "Reference": "",
        "Terms": "",
        "Title": "",
        "Summary": "",
        "LineItems": [],
        "Status": "DRAFT",
        "LineAmountTypes": "EXCLUSIVE",
        "CurrencyRate": 1.0,
        "TotalDiscount": 0.0,
    }


def _required(element: JsonObject, draft: Draft) -> None:
    # The spec's create and update examples both carry Contact and Date, the update example
    # beside the one field it changes; Xero is taken to require both on every write. UNVERIFIED
    # for updates: Xero may keep the stored ones.
    if "Contact" not in element:
        draft.errors.append("The Contact is required for a quote")
    if "Date" not in element:
        draft.errors.append(NO_DATE)


def _amount_types(data: JsonObject, draft: Draft) -> str:
    spelled = str(data.get("LineAmountTypes") or "EXCLUSIVE")
    if spelled not in AMOUNT_TYPES:
        draft.errors.append(f"LineAmountTypes {spelled} is not valid for a quote")
        return "Exclusive"
    return AMOUNT_TYPES[spelled]


def _build(org: Organisation, element: JsonObject, existing: Record | None) -> Draft:
    draft = Draft(dict(existing.data) if existing else _blank_quote())
    data = draft.data
    data.setdefault("CurrencyCode", org.currency)
    data.update({key: element[key] for key in _SIMPLE_FIELDS if key in element})
    _required(element, draft)
    if "Contact" in element:
        resolve_contact(org, element, draft)
    read_dates(element, draft, ("Date", "ExpiryDate"))
    # UNVERIFIED: an ExpiryDate before the Date, and a quote without lines, are accepted.
    amount_types = _amount_types(data, draft)
    if "LineItems" in element:
        lines = element["LineItems"] if isinstance(element["LineItems"], list) else []
        data["LineItems"] = [build_line(org, raw, draft, amount_types) for raw in lines]
    subtotal, tax, total = line_sums(data["LineItems"], amount_types == "Inclusive")
    data.update({"SubTotal": float(subtotal), "TotalTax": float(tax), "Total": float(total)})
    return draft


def transition_errors(existing: Record | None, target: str) -> list[str]:
    """Whether a quote may take status ``target``.

    The spec lists the statuses but no transitions, so any change is accepted except creating a
    DELETED quote and changing a DELETED one (as for invoices: deletion is final). UNVERIFIED,
    both. A secondary source (XeroAPI/xero-mcp-server#309, observed on a live organisation)
    reports DRAFT → DECLINED and ACCEPTED → DECLINED as refused; they are accepted here.
    """
    if target not in STATUSES:
        return [f"Status {target} is not a valid quote status"]
    if existing is None:
        return [NOT_VALID_FOR_CREATION] if target == "DELETED" else []
    if existing.data["Status"] == "DELETED":
        return [NOT_VALID_FOR_MODIFICATION]
    return []


def lock_errors(
    org: Organisation, data: JsonObject, target: str, existing: Record | None
) -> list[str]:
    """Whether the lock dates allow this save. UNVERIFIED: quotes do not post to the ledger and
    Xero's help names only transactions; the simulator holds quotes to the lock dates as it does
    invoices (a quote past DRAFT dated on or before the lock date cannot be saved or changed;
    DRAFT quotes, like draft invoices, can), which is the stricter reading."""
    if existing is not None and existing.data["Status"] != "DRAFT":
        refused = edit_errors(org, existing.data.get("DateString"))
        if refused:
            return refused
    if target in ("DRAFT", "DELETED"):
        return []
    return date_errors(org, data.get("DateString"))


def _number_errors(org: Organisation, data: JsonObject, existing: Record | None) -> list[str]:
    if not data.get("QuoteNumber"):
        data["QuoteNumber"] = org.next_quote_number()
        return []
    # The spec calls QuoteNumber "Unique alpha numeric code identifying a quote".
    clash = org.quote_by_number(str(data["QuoteNumber"]))
    return [NUMBER_NOT_UNIQUE] if clash is not None and clash is not existing else []


def save_quote(
    org: Organisation, element: JsonObject, now: float, *, existing: Record | None
) -> Outcome:
    """Create (``existing`` None) or update one quote, committing only if it is valid."""
    draft = _build(org, element, existing)
    target = str(element.get("Status") or draft.data["Status"])
    errors = transition_errors(existing, target)
    errors += draft.errors or _number_errors(org, draft.data, existing)
    errors += lock_errors(org, draft.data, target, existing)
    if errors:
        return Outcome(draft.data, errors)
    data = draft.data
    data["Status"] = target
    events: list[tuple[str, str, str]] = []
    # A quote does not make its contact a customer: IsCustomer follows sales invoices only.
    commit_contact(org, draft, now, events)
    if existing is None:
        data["QuoteID"] = new_id()
        record = org.add(org.quotes, data["QuoteID"], data, now)
        return Outcome(record.data, events=events)
    existing.data = data
    existing.touch(now)
    return Outcome(existing.data, events=events)


def find_quote_for_post(org: Organisation, element: JsonObject) -> Record | None:
    """The quote a POST element updates, by QuoteID (UNVERIFIED whether Xero also matches a
    QuoteNumber, as it may for invoices: without a QuoteID, POST creates)."""
    if element.get("QuoteID"):
        return org.quotes.get(str(element["QuoteID"]))
    return None


def _day(data: JsonObject, name: str) -> date | None:
    return parse_input_date(data.get(name))


def _within(day: date | None, low: date | None, high: date | None) -> bool:
    if low is None and high is None:
        return True
    if day is None:
        return False
    return (low is None or day >= low) and (high is None or day <= high)


def quote_filter(params: Mapping[str, str], data: JsonObject) -> bool:
    """The query filters of ``GET /Quotes``: ContactID, Status, QuoteNumber and the Date and
    ExpiryDate ranges (inclusive bounds: UNVERIFIED, the spec says "after" and "before")."""
    contact = (data.get("Contact") or {}).get("ContactID")
    for param, value in (
        ("ContactID", contact),
        ("Status", data.get("Status")),
        ("QuoteNumber", data.get("QuoteNumber")),
    ):
        wanted = params.get(param)
        if wanted and str(value).lower() != wanted.lower():
            return False
    bounds = {name: parse_input_date(params.get(name)) for name in _RANGE_PARAMS}
    return _within(_day(data, "Date"), bounds["DateFrom"], bounds["DateTo"]) and _within(
        _day(data, "ExpiryDate"), bounds["ExpiryDateFrom"], bounds["ExpiryDateTo"]
    )


_RANGE_PARAMS = ("DateFrom", "DateTo", "ExpiryDateFrom", "ExpiryDateTo")
