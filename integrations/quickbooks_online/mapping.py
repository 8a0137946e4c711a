"""Pure translation between Ledgersync records and QuickBooks Online JSON (no I/O, no ORM).

Outbound: values longer than Intuit allows are cut, and every cut is reported as a warning
(DisplayName 500 characters without ``:``, tab or newline; line Description 4000; DocNumber 21).
Inbound: the computed ``SubTotalLineDetail`` line is dropped, money becomes Decimal, and a
voided document (Intuit zeroes it and notes "Voided") is reported as VOID.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from core.sync.records import (
    Address,
    BookedAmounts,
    CustomerRecord,
    DocType,
    InvoiceLineRecord,
    InvoiceRecord,
    ItemRecord,
    RemoteCustomer,
    RemoteDocStatus,
    RemoteInvoice,
    RemoteInvoiceLine,
    RemoteItem,
    RemoteRef,
)
from integrations.base import clip, to_decimal

from .wire import JSONObject, as_list, as_object

DISPLAY_NAME_MAX = 500
ITEM_NAME_MAX = 100
DESCRIPTION_MAX = 4000
DOC_NUMBER_MAX = 21
EMAIL_MAX = 100
PHONE_MAX = 30
COMPANY_NAME_MAX = 100
PAYMENT_REF_MAX = 21
ZERO = Decimal("0")
VOIDED_NOTE = "Voided"
ENTITY_BY_DOC_TYPE = {DocType.INVOICE: "Invoice", DocType.ESTIMATE: "Estimate"}
_ESTIMATE_STATUS = {
    "accepted": RemoteDocStatus.ACCEPTED,
    "rejected": RemoteDocStatus.REJECTED,
    "closed": RemoteDocStatus.CLOSED,
}


@dataclass(frozen=True, slots=True)
class Outbound:
    """A body ready to send, with the warnings produced while building it."""

    body: JSONObject
    warnings: tuple[str, ...] = ()


def doc_entity(doc_type: DocType) -> str:
    """The QuickBooks entity of a document type: Invoice or Estimate."""
    return ENTITY_BY_DOC_TYPE[doc_type]


# --- small readers ----------------------------------------------------------------------------


def text_of(value: object) -> str | None:
    """A scalar as text (None for null, objects and lists)."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value)
    return text if text else None


def ref_value(value: object) -> str | None:
    """The ``value`` of a reference object such as ``CustomerRef``."""
    ref = as_object(value)
    return text_of(ref.get("value")) if ref is not None else text_of(value)


def nested(data: Mapping[str, object], key: str, inner: str) -> str | None:
    """``data[key][inner]`` as text, when present."""
    node = as_object(data.get(key))
    return text_of(node.get(inner)) if node is not None else None


def money(value: object) -> Decimal:
    """An amount as Decimal (zero when absent)."""
    return to_decimal(value) or ZERO


def day_of(value: object) -> date | None:
    """The date of a ``YYYY-MM-DD`` value or a timestamp (None when unreadable)."""
    text = text_of(value)
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def updated_at_of(data: Mapping[str, object]) -> datetime | None:
    """``MetaData.LastUpdatedTime`` as an aware datetime."""
    stamp = nested(data, "MetaData", "LastUpdatedTime")
    try:
        return datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None


def is_voided(data: Mapping[str, object]) -> bool:
    """Whether the transaction was voided (QuickBooks zeroes it and notes "Voided")."""
    note = text_of(data.get("PrivateNote")) or ""
    return note.strip().lower() == VOIDED_NOTE.lower() and money(data.get("TotalAmt")) == ZERO


def ref_of(data: Mapping[str, object]) -> RemoteRef:
    """Id, DocNumber and SyncToken of a written entity, and for a transaction how it was
    booked (see :func:`booked_of`)."""
    remote_id = text_of(data.get("Id"))
    if remote_id is None:
        raise ValueError("the QuickBooks answer carries no Id")
    booked = booked_of(data) if "TotalAmt" in data else None
    return RemoteRef(
        remote_id, text_of(data.get("DocNumber")), text_of(data.get("SyncToken")), booked
    )


def booked_of(data: Mapping[str, object]) -> BookedAmounts:
    """A transaction's currency, ``ExchangeRate`` (home units per unit, present only with
    multicurrency on) and home total: ``HomeTotalAmt`` where QuickBooks gives it (invoices),
    else the total at the rate (payments carry no home total)."""
    rate = to_decimal(data.get("ExchangeRate"))
    home = to_decimal(data.get("HomeTotalAmt"))
    if home is None and rate is not None:
        home = (money(data.get("TotalAmt")) * rate).quantize(Decimal("0.01"))
    currency = as_object(data.get("CurrencyRef")) or {}
    return BookedAmounts(text_of(currency.get("value")), rate, home)


# --- customers --------------------------------------------------------------------------------


def clean_display_name(name: str, warnings: list[str]) -> str:
    """DisplayName without ``:``, tab or newline, and at most 500 characters."""
    cleaned = name.replace(":", "-").replace("\t", " ").replace("\r\n", " ").replace("\n", " ")
    cleaned = cleaned.replace("\r", " ").strip()
    if cleaned != name.strip():
        warnings.append("DisplayName had ':', tab or newline characters replaced")
    return clip(cleaned, DISPLAY_NAME_MAX, "DisplayName", warnings)


def _address_to_qbo(address: Address) -> JSONObject:
    fields = {
        "Line1": address.line1,
        "Line2": address.line2,
        "City": address.city,
        "CountrySubDivisionCode": address.region,
        "PostalCode": address.postal_code,
        "Country": address.country,
    }
    return {k: v for k, v in fields.items() if v}


def _address_from_qbo(value: object) -> Address | None:
    node = as_object(value)
    if not node:
        return None
    return Address(
        line1=text_of(node.get("Line1")),
        line2=text_of(node.get("Line2")),
        city=text_of(node.get("City")),
        region=text_of(node.get("CountrySubDivisionCode")),
        postal_code=text_of(node.get("PostalCode")),
        country=text_of(node.get("Country")),
    )


def customer_to_qbo(record: CustomerRecord) -> Outbound:
    """A Customer create (or sparse-update) body."""
    warnings: list[str] = []
    body: JSONObject = {
        "DisplayName": clean_display_name(record.display_name, warnings),
        "Active": record.active,
    }
    if record.email:
        body["PrimaryEmailAddr"] = {"Address": clip(record.email, EMAIL_MAX, "Email", warnings)}
    if record.phone:
        body["PrimaryPhone"] = {"FreeFormNumber": clip(record.phone, PHONE_MAX, "Phone", warnings)}
    if record.company_name:
        body["CompanyName"] = clip(record.company_name, COMPANY_NAME_MAX, "CompanyName", warnings)
    if record.address is not None and (address := _address_to_qbo(record.address)):
        body["BillAddr"] = address
    if record.currency:
        body["CurrencyRef"] = {"value": record.currency}
    return Outbound(body, tuple(warnings))


def customer_from_qbo(data: Mapping[str, object]) -> RemoteCustomer:
    """A RemoteCustomer from a Customer entity."""
    ref = ref_of(data)
    return RemoteCustomer(
        id=ref.id,
        version=ref.version,
        display_name=text_of(data.get("DisplayName")) or "",
        email=nested(data, "PrimaryEmailAddr", "Address"),
        phone=nested(data, "PrimaryPhone", "FreeFormNumber"),
        company_name=text_of(data.get("CompanyName")),
        address=_address_from_qbo(data.get("BillAddr")),
        active=data.get("Active") is not False,
        balance=money(data.get("Balance")),
        updated_at=updated_at_of(data),
    )


# --- items ------------------------------------------------------------------------------------


def item_name(name: str, warnings: list[str]) -> str:
    """The item Name as it is sent (cleaned like display names, at most 100 characters)."""
    return clip(clean_display_name(name, []), ITEM_NAME_MAX, "Item name", warnings)


def item_to_qbo(record: ItemRecord, income_account_id: str | None) -> Outbound:
    """An Item create body (a Service item; Intuit requires its income account)."""
    warnings: list[str] = []
    body: JSONObject = {
        "Name": item_name(record.name, warnings),
        "Type": "Service",
        "UnitPrice": record.unit_price,
        "Active": record.active,
    }
    if record.description:
        body["Description"] = clip(record.description, DESCRIPTION_MAX, "Description", warnings)
    if record.sku:
        # Sku is UNVERIFIED for every QuickBooks region; send it, never depend on it coming back.
        body["Sku"] = record.sku
    account = record.income_account_remote_id or income_account_id
    if account:
        body["IncomeAccountRef"] = {"value": account}
    return Outbound(body, tuple(warnings))


def item_from_qbo(data: Mapping[str, object]) -> RemoteItem:
    """A RemoteItem from an Item entity."""
    ref = ref_of(data)
    return RemoteItem(
        id=ref.id,
        version=ref.version,
        name=text_of(data.get("Name")) or "",
        description=text_of(data.get("Description")),
        unit_price=money(data.get("UnitPrice")),
        sku=text_of(data.get("Sku")),
        active=data.get("Active") is not False,
        updated_at=updated_at_of(data),
    )


# --- invoices and estimates -------------------------------------------------------------------


def _line_to_qbo(line: InvoiceLineRecord, position: int, warnings: list[str]) -> JSONObject:
    if not line.item_remote_id:
        raise ValueError(f"line {position} has no QuickBooks item; sync the item first")
    detail: JSONObject = {
        "ItemRef": {"value": line.item_remote_id},
        "Qty": line.quantity,
        "UnitPrice": line.unit_price,
    }
    out: JSONObject = {
        "Amount": line.amount,
        "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": detail,
    }
    if line.description:
        label = f"Line {position} description"
        out["Description"] = clip(line.description, DESCRIPTION_MAX, label, warnings)
    return out


def invoice_to_qbo(record: InvoiceRecord) -> Outbound:
    """An Invoice or Estimate create body (see :func:`doc_entity` for which)."""
    warnings: list[str] = []
    lines = [_line_to_qbo(line, n, warnings) for n, line in enumerate(record.lines, start=1)]
    if not lines:
        raise ValueError("a document needs at least one line")
    body: JSONObject = {
        "CustomerRef": {"value": record.customer_remote_id},
        "TxnDate": record.issue_date.isoformat(),
        "Line": lines,
        "CurrencyRef": {"value": record.currency},
    }
    if record.exchange_rate is not None:  # else QuickBooks uses its rate for the day
        body["ExchangeRate"] = record.exchange_rate
    if record.number:
        body["DocNumber"] = clip(record.number, DOC_NUMBER_MAX, "DocNumber", warnings)
    if record.due_date is not None:
        body["DueDate"] = record.due_date.isoformat()
    if record.memo:
        body["CustomerMemo"] = {"value": clip(record.memo, 1000, "Memo", warnings)}
    if record.email:
        body["BillEmail"] = {"Address": clip(record.email, EMAIL_MAX, "Email", warnings)}
    return Outbound(body, tuple(warnings))


def sales_lines(data: Mapping[str, object]) -> list[JSONObject]:
    """A document's lines without the computed ``SubTotalLineDetail`` line."""
    lines = (as_object(raw) for raw in as_list(data.get("Line")))
    return [
        line
        for line in lines
        if line is not None and line.get("DetailType") != "SubTotalLineDetail"
    ]


def _doc_status(data: Mapping[str, object], doc_type: DocType) -> RemoteDocStatus:
    if is_voided(data):
        return RemoteDocStatus.VOID
    if doc_type is DocType.ESTIMATE:
        txn_status = (text_of(data.get("TxnStatus")) or "").lower()
        return _ESTIMATE_STATUS.get(txn_status, RemoteDocStatus.OPEN)
    total, balance = money(data.get("TotalAmt")), money(data.get("Balance"))
    if balance <= ZERO and total > ZERO:
        return RemoteDocStatus.PAID
    if ZERO < balance < total:
        return RemoteDocStatus.PARTIAL
    return RemoteDocStatus.OPEN


def invoice_from_qbo(
    data: Mapping[str, object], doc_type: DocType = DocType.INVOICE
) -> RemoteInvoice:
    """A RemoteInvoice from an Invoice or Estimate entity."""
    ref = ref_of(data)
    total = money(data.get("TotalAmt"))
    balance = to_decimal(data.get("Balance"))
    return RemoteInvoice(
        id=ref.id,
        number=ref.number,
        version=ref.version,
        doc_type=doc_type,
        total=total,
        # Estimates carry no Balance: nothing is owed on a quote.
        balance=balance if balance is not None else ZERO,
        status=_doc_status(data, doc_type),
        customer_remote_id=ref_value(data.get("CustomerRef")),
        issue_date=day_of(data.get("TxnDate")),
        due_date=day_of(data.get("DueDate")),
        updated_at=updated_at_of(data),
        lines=tuple(_line_from_qbo(line) for line in sales_lines(data)),
        memo=nested(data, "CustomerMemo", "value"),
        currency=ref_value(data.get("CurrencyRef")),
    )


def _line_from_qbo(line: Mapping[str, object]) -> RemoteInvoiceLine:
    detail = as_object(line.get("SalesItemLineDetail")) or {}
    item = nested(detail, "ItemRef", "name")
    return RemoteInvoiceLine(
        description=text_of(line.get("Description")) or item or "",
        amount=money(line.get("Amount")),
        quantity=to_decimal(detail.get("Qty")),
        unit_price=to_decimal(detail.get("UnitPrice")),
    )


# --- updates ----------------------------------------------------------------------------------


def sparse_update(fields: Mapping[str, object], remote_id: str, sync_token: str) -> JSONObject:
    """A sparse update body: only ``fields`` change; omitted fields keep their values."""
    body: JSONObject = {k: v for k, v in fields.items() if k != "Line"}
    if "Line" in fields:
        # Echoing a computed subtotal back is refused by some regions; QuickBooks recomputes it.
        body["Line"] = [
            line
            for line in as_list(fields["Line"])
            if not (isinstance(line, dict) and line.get("DetailType") == "SubTotalLineDetail")
        ]
    body.update(Id=remote_id, SyncToken=sync_token, sparse=True)
    return body


def quote(value: str) -> str:
    """A string literal for Intuit's query language."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def ids_in(ids: Sequence[str]) -> str:
    """``('1', '2')`` for an ``Id IN`` condition."""
    return "(" + ", ".join(quote(i) for i in ids) + ")"
