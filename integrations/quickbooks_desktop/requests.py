"""Builders for every qbXML request Ledgersync sends, each in the element order of the schema.

Each builder returns one ``…Rq`` element without a ``requestID``: the dispatcher gives every
request of a message set its own id when it hands the set to the Web Connector. The record
bodies (``CustomerAdd``, ``InvoiceAdd``…) come from the pure mapping modules; this module wraps
them and builds the queries, iterators, voids and deletes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .config import OWNER_ID
from .qbxml import Element, add, copy, date_text, datetime_text, element, tag_of

ITERATOR_START = "Start"
ITERATOR_CONTINUE = "Continue"

LIST_QUERIES = frozenset({"CustomerQueryRq", "ItemServiceQueryRq"})
TXN_QUERIES = frozenset({"InvoiceQueryRq", "EstimateQueryRq", "ReceivePaymentQueryRq"})
ITERATOR_QUERIES = LIST_QUERIES | TXN_QUERIES


def wrap(body: Element) -> Element:
    """``CustomerAdd`` → ``<CustomerAddRq><CustomerAdd>…</CustomerAdd></CustomerAddRq>``."""
    request = element(f"{tag_of(body)}Rq")
    request.append(body)
    return request


# --- the first exchange of a session ----------------------------------------------------------


def host_query() -> Element:
    """``HostQueryRq``: product, version, country and the qbXML versions QuickBooks supports."""
    return element("HostQueryRq")


def company_query(owner_id: str = OWNER_ID) -> Element:
    """``CompanyQueryRq`` with our OwnerID, so the FileID QuickBooks stored for us comes back."""
    request = element("CompanyQueryRq")
    add(request, "OwnerID", owner_id)
    return request


def preferences_query() -> Element:
    """``PreferencesQueryRq``: its ``MultiCurrencyPreferences`` say whether currencies are on."""
    return element("PreferencesQueryRq")


# --- list queries (customers, service items) --------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListFilter:
    """The ListFilter group: which list records a query (or its iterator) returns."""

    max_returned: int | None = None
    active_status: str | None = None
    from_modified: datetime | None = None
    to_modified: datetime | None = None
    name_starts_with: str | None = None


def list_query(
    tag: str,
    *,
    list_ids: Sequence[str] = (),
    full_names: Sequence[str] = (),
    filters: ListFilter | None = None,
    owner_id: str | None = None,
) -> Element:
    """``CustomerQueryRq`` / ``ItemServiceQueryRq`` by ListIDs, FullNames, or a filter."""
    request = element(tag)
    for list_id in list_ids:
        add(request, "ListID", list_id)
    for name in full_names:
        add(request, "FullName", name)
    if filters is not None and not list_ids and not full_names:
        add(request, "MaxReturned", _count(filters.max_returned))
        add(request, "ActiveStatus", filters.active_status)
        add(request, "FromModifiedDate", _stamp(filters.from_modified))
        add(request, "ToModifiedDate", _stamp(filters.to_modified))
        if filters.name_starts_with:
            name_filter = element("NameFilter")
            add(name_filter, "MatchCriterion", "StartsWith")
            add(name_filter, "Name", filters.name_starts_with)
            request.append(name_filter)
    add(request, "OwnerID", owner_id)
    return request


# --- transaction queries (invoices, estimates, payments) --------------------------------------


@dataclass(frozen=True, slots=True)
class TxnFilter:
    """The TxnFilter group (plus the invoice-only PaidStatus)."""

    max_returned: int | None = None
    from_modified: datetime | None = None
    to_modified: datetime | None = None
    from_txn_date: date | None = None
    to_txn_date: date | None = None
    customer_list_id: str | None = None
    ref_number: str | None = None
    paid_status: str | None = None


def txn_query(
    tag: str,
    *,
    txn_ids: Sequence[str] = (),
    ref_numbers: Sequence[str] = (),
    filters: TxnFilter | None = None,
    include_line_items: bool = False,
    include_linked_txns: bool = False,
    owner_id: str | None = None,
) -> Element:
    """``InvoiceQueryRq`` / ``EstimateQueryRq`` / ``ReceivePaymentQueryRq``."""
    request = element(tag)
    for txn_id in txn_ids:
        add(request, "TxnID", txn_id)
    for ref_number in ref_numbers:
        add(request, "RefNumber", ref_number)
    if filters is not None and not txn_ids and not ref_numbers:
        _txn_filter(request, filters, invoices=tag == "InvoiceQueryRq")
    if include_line_items:
        add(request, "IncludeLineItems", "true")
    if include_linked_txns and tag != "ReceivePaymentQueryRq":
        add(request, "IncludeLinkedTxns", "true")
    add(request, "OwnerID", owner_id)
    return request


def _txn_filter(request: Element, filters: TxnFilter, *, invoices: bool) -> None:
    add(request, "MaxReturned", _count(filters.max_returned))
    if filters.from_modified or filters.to_modified:
        dates = element("ModifiedDateRangeFilter")
        add(dates, "FromModifiedDate", _stamp(filters.from_modified))
        add(dates, "ToModifiedDate", _stamp(filters.to_modified))
        request.append(dates)
    elif filters.from_txn_date or filters.to_txn_date:
        dates = element("TxnDateRangeFilter")
        add(
            dates,
            "FromTxnDate",
            date_text(filters.from_txn_date) if filters.from_txn_date else None,
        )
        add(dates, "ToTxnDate", date_text(filters.to_txn_date) if filters.to_txn_date else None)
        request.append(dates)
    if filters.customer_list_id:
        entity = element("EntityFilter")
        add(entity, "ListID", filters.customer_list_id)
        request.append(entity)
    if filters.ref_number:
        ref = element("RefNumberFilter")
        add(ref, "MatchCriterion", "StartsWith")
        add(ref, "RefNumber", filters.ref_number)
        request.append(ref)
    if invoices:
        add(request, "PaidStatus", filters.paid_status)


# --- iterators --------------------------------------------------------------------------------


def is_iterator(request: Element) -> bool:
    """Whether this request pages through an iterator."""
    return request.tag in ITERATOR_QUERIES and request.get("iterator") is not None


def start_iterator(request: Element) -> Element:
    """The first page: ``iterator="Start"``."""
    request.set("iterator", ITERATOR_START)
    return request


def continue_iterator(request: Element, iterator_id: str) -> Element:
    """The next page: a copy with ``iterator="Continue"`` and the iteratorID. The filters and
    MaxReturned stay those of the Start request, as every Continue must resend them."""
    following = copy(request)
    following.set("iterator", ITERATOR_CONTINUE)
    following.set("iteratorID", iterator_id)
    return following


# --- voids and deletes ------------------------------------------------------------------------


def txn_void(txn_type: str, txn_id: str) -> Element:
    """``TxnVoidRq`` (invoices; QuickBooks keeps the transaction with zero amounts)."""
    request = element("TxnVoidRq")
    add(request, "TxnVoidType", txn_type)
    add(request, "TxnID", txn_id)
    return request


def txn_del(txn_type: str, txn_id: str) -> Element:
    """``TxnDelRq`` (payments and estimates, which QuickBooks cannot void)."""
    request = element("TxnDelRq")
    add(request, "TxnDelType", txn_type)
    add(request, "TxnID", txn_id)
    return request


def _count(value: int | None) -> str | None:
    return str(value) if value is not None else None


def _stamp(value: datetime | None) -> str | None:
    return datetime_text(value) if value is not None else None
