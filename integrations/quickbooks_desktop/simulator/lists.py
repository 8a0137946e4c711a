"""The simulated QuickBooks' list requests: host, company, preferences, customers, items;
and the paging (iterators and MaxReturned) every query shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol

from lxml import etree

from ..qbxml import Element, add, child_text, children, element, tag_of
from .chart import account_ret, payment_method_ret
from .company import CompanyFile
from .errors import Refused
from .records import Customer, ServiceItem, Stamp, customer_ret, item_ret

NAME_MAX = 41
ITEM_NAME_MAX = 31
STRING_TOO_LONG = 3070

Page = tuple[list[Element], dict[str, str]]


# --- shared query helpers ---------------------------------------------------------------------


def when(text: str | None) -> datetime | None:
    """A DATETIMETYPE filter value (no offset means the company file's time zone, UTC here)."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise Refused(3020, f"The value {text!r} is not a valid date and time.") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def in_range(stamp: datetime, low: datetime | None, high: datetime | None) -> bool:
    """Whether a TimeModified falls inside a modified-date filter."""
    return (low is None or stamp >= low) and (high is None or stamp <= high)


def _signature(request: Element) -> str:
    return "".join(etree.tostring(child, encoding="unicode") for child in request)


def page(
    company: CompanyFile, request: Element, ids: list[str], render: Callable[[str], Element]
) -> Page:
    """The records of a query, through an iterator when the request asks for one."""
    iterator = request.get("iterator")
    limit_text = child_text(request, "MaxReturned")
    limit = int(limit_text) if limit_text and limit_text.isdigit() else None
    if iterator is None:
        chosen = ids[:limit] if limit is not None else ids
        return [render(i) for i in chosen], {}
    kind = tag_of(request)
    if iterator == "Start":
        iterator_id = company.open_iterator(kind, list(ids), limit or 100, _signature(request))
    elif iterator == "Continue":
        iterator_id = request.get("iteratorID", "")
        opened = company.iterators.get(iterator_id)
        if opened is None or opened.kind != kind:
            raise Refused(3170, f"The iterator {iterator_id} has expired or does not exist.")
        if opened.signature != _signature(request):
            raise Refused(3175, "A Continue request must repeat the Start request's filters.")
    else:
        company.iterators.pop(request.get("iteratorID", ""), None)
        return [], {"retCount": "0", "iteratorRemainingCount": "0"}
    opened = company.iterators[iterator_id]
    chunk = opened.ids[opened.position : opened.position + opened.max_returned]
    opened.position += len(chunk)
    left = len(opened.ids) - opened.position
    if left == 0:
        company.iterators.pop(iterator_id, None)
    attributes = {
        "retCount": str(len(chunk)),
        "iteratorRemainingCount": str(left),
        "iteratorID": iterator_id,
    }
    return [render(i) for i in chunk], attributes


def _name_matches(name: str, request: Element) -> bool:
    node = request.find("NameFilter")
    if node is None:
        return True
    wanted = (child_text(node, "Name") or "").lower()
    how = child_text(node, "MatchCriterion") or "StartsWith"
    low = name.lower()
    if how == "Contains":
        return wanted in low
    if how == "EndsWith":
        return low.endswith(wanted)
    return low.startswith(wanted)


def _active_matches(active: bool, request: Element) -> bool:
    status = child_text(request, "ActiveStatus") or "ActiveOnly"
    return status == "All" or (status == "ActiveOnly") == active


class Listed(Protocol):
    """What a list query selects on: the id, the name and the active flag."""

    stamp: Stamp
    name: str
    is_active: bool


def _selected(records: Iterable[Listed], request: Element) -> list[str]:
    """The ids a list query names (ListID/FullName) or filters for, in name order."""
    ids = [node.text or "" for node in children(request, "ListID")]
    names = [(node.text or "").lower() for node in children(request, "FullName")]
    rows: list[Listed] = sorted(records, key=lambda r: r.name.lower())
    if ids or names:
        chosen = [r.stamp.id for r in rows if r.stamp.id in ids or r.name.lower() in names]
        missing = [i for i in ids if i not in chosen]
        if missing:
            raise Refused(3120, f'Object "{missing[0]}" specified in the request cannot be found.')
        return chosen
    low = when(child_text(request, "FromModifiedDate"))
    high = when(child_text(request, "ToModifiedDate"))
    return [
        r.stamp.id
        for r in rows
        if _active_matches(r.is_active, request)
        and in_range(r.stamp.modified, low, high)
        and _name_matches(r.name, request)
    ]


def _too_long(value: str, limit: int, label: str) -> None:
    if len(value) > limit:
        raise Refused(STRING_TOO_LONG, f'The string "{value}" in the field "{label}" is too long.')


def _in_use(name: str) -> Refused:
    return Refused(3100, f'The name "{name}" of the list element is already in use.')


# --- the first exchange -----------------------------------------------------------------------


def host_query(company: CompanyFile, request: Element) -> list[Element]:
    """``HostRet``."""
    host = element("HostRet")
    add(host, "ProductName", company.product_name)
    add(host, "MajorVersion", "34")
    add(host, "MinorVersion", "0")
    add(host, "Country", company.country)
    for version in company.supported_versions:
        add(host, "SupportedQBXMLVersion", version)
    add(host, "IsAutomaticLogin", "true" if company.automatic_login else "false")
    add(host, "QBFileMode", "SingleUser")
    return [host]


def company_query(company: CompanyFile, request: Element) -> list[Element]:
    """``CompanyRet`` (with the FileID stored under the OwnerID asked for)."""
    node = element("CompanyRet")
    add(node, "IsSampleCompany", "false")
    add(node, "CompanyName", company.name)
    add(node, "LegalCompanyName", company.name)
    owners = [(o.text or "").upper() for o in children(request, "OwnerID")]
    if company.stores_file_id and company.owner_id.upper() in owners:
        ext = element("DataExtRet")
        add(ext, "OwnerID", company.owner_id)
        add(ext, "DataExtName", "FileID")
        add(ext, "DataExtType", "STR255TYPE")
        add(ext, "DataExtValue", company.file_id)
        node.append(ext)
    return [node]


def preferences_query(company: CompanyFile, request: Element) -> list[Element]:
    """``PreferencesRet`` with ``MultiCurrencyPreferences``."""
    node = element("PreferencesRet")
    prefs = element("MultiCurrencyPreferences")
    add(prefs, "IsMultiCurrencyOn", "true" if company.multicurrency else "false")
    if company.multicurrency:
        home = element("HomeCurrencyRef")
        add(home, "FullName", company.home_currency)
        prefs.append(home)
    node.append(prefs)
    return [node]


# --- customers --------------------------------------------------------------------------------


def customer_query(company: CompanyFile, request: Element) -> Page:
    """``CustomerQueryRq``."""
    ids = _selected(company.customers.values(), request)
    return page(
        company,
        request,
        ids,
        lambda i: customer_ret(company.customers[i], company.customer_balance(i)),
    )


def _address(node: Element | None) -> dict[str, str]:
    if node is None:
        return {}
    return {tag_of(child): child.text or "" for child in node if tag_of(child)}


def _customer_fields(customer: Customer, body: Element) -> None:
    if body.find("IsActive") is not None:
        customer.is_active = child_text(body, "IsActive") == "true"
    for tag, attribute in (("CompanyName", "company_name"), ("Phone", "phone"), ("Email", "email")):
        if body.find(tag) is not None:
            setattr(customer, attribute, child_text(body, tag))
    if body.find("BillAddress") is not None:
        customer.bill_address = _address(body.find("BillAddress"))


def customer_add(company: CompanyFile, request: Element) -> list[Element]:
    """``CustomerAddRq``: names are unique (3100)."""
    body = request.find("CustomerAdd")
    name = child_text(body, "Name") or ""
    if body is None or not name:
        raise Refused(3210, "The Name field is required.")
    _too_long(name, NAME_MAX, "Name")
    if company.customer_named(name) is not None:
        raise _in_use(name)
    currency = child_text(body, "CurrencyRef", "FullName") if company.multicurrency else None
    customer = Customer(
        company.stamp(True),
        name,
        external_guid=child_text(body, "ExternalGUID"),
        currency=currency or (company.home_currency if company.multicurrency else None),
    )
    _customer_fields(customer, body)
    company.customers[customer.stamp.id] = customer
    return [customer_ret(customer, Decimal("0"))]


def customer_mod(company: CompanyFile, request: Element) -> list[Element]:
    """``CustomerModRq``: the EditSequence must be current (3200)."""
    body = request.find("CustomerMod")
    list_id = child_text(body, "ListID") or ""
    customer = company.customers.get(list_id)
    if body is None or customer is None:
        raise Refused(3120, f'Object "{list_id}" specified in the request cannot be found.')
    sequence = child_text(body, "EditSequence") or ""
    if sequence != customer.stamp.edit_sequence:
        raise Refused(3200, f'The provided edit sequence "{sequence}" is out-of-date. ')
    name = child_text(body, "Name")
    if name and name.lower() != customer.name.lower():
        _too_long(name, NAME_MAX, "Name")
        if company.customer_named(name) is not None:
            raise _in_use(name)
    if name:
        customer.name = name
    _customer_fields(customer, body)
    company.touch(customer.stamp)
    return [customer_ret(customer, company.customer_balance(list_id))]


# --- service items ----------------------------------------------------------------------------


def item_query(company: CompanyFile, request: Element) -> Page:
    """``ItemServiceQueryRq``."""
    ids = _selected(company.items.values(), request)
    return page(company, request, ids, lambda i: item_ret(company.items[i]))


def item_add(company: CompanyFile, request: Element) -> list[Element]:
    """``ItemServiceAddRq``: a SalesOrPurchase with an account is required."""
    body = request.find("ItemServiceAdd")
    name = child_text(body, "Name") or ""
    sales = body.find("SalesOrPurchase") if body is not None else None
    if body is None or not name or sales is None:
        raise Refused(3210, "A service item needs a Name and SalesOrPurchase.")
    _too_long(name, ITEM_NAME_MAX, "Name")
    if company.item_named(name) is not None:
        raise _in_use(name)
    item = ServiceItem(
        company.stamp(True),
        name,
        description=child_text(sales, "Desc"),
        price=Decimal(child_text(sales, "Price") or "0"),
        account_id=child_text(sales, "AccountRef", "ListID"),
        external_guid=child_text(body, "ExternalGUID"),
    )
    if child_text(body, "IsActive") == "false":
        item.is_active = False
    company.items[item.stamp.id] = item
    return [item_ret(item)]


# --- the lists the settings choose from -------------------------------------------------------


def account_query(company: CompanyFile, request: Element) -> Page:
    """``AccountQueryRq`` (no iterator), optionally of some AccountTypes."""
    types = {node.text or "" for node in children(request, "AccountType")}
    ids = [
        i
        for i in _selected(company.accounts.values(), request)
        if not types or company.accounts[i].account_type in types
    ]
    return page(company, request, ids, lambda i: account_ret(company.accounts[i]))


def item_list_query(company: CompanyFile, request: Element) -> Page:
    """``ItemQueryRq``: every item type (this company file holds service items)."""
    ids = _selected(company.items.values(), request)
    return page(company, request, ids, lambda i: item_ret(company.items[i]))


def payment_method_query(company: CompanyFile, request: Element) -> Page:
    """``PaymentMethodQueryRq``."""
    ids = _selected(company.payment_methods.values(), request)
    return page(company, request, ids, lambda i: payment_method_ret(company.payment_methods[i]))
