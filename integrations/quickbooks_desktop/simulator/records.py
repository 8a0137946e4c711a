"""The records of a simulated company file and their ``…Ret`` elements in schema order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from ..qbxml import Element, add, amount_text, date_text, datetime_text, element, price_text

ZERO = Decimal("0")
CENT = Decimal("0.01")


@dataclass
class Stamp:
    """ListID/TxnID, times and EditSequence shared by every record."""

    id: str
    created: datetime
    modified: datetime
    edit_sequence: str


@dataclass
class Customer:
    """A customer of the company file."""

    stamp: Stamp
    name: str
    is_active: bool = True
    company_name: str | None = None
    bill_address: dict[str, str] = field(default_factory=dict)
    phone: str | None = None
    email: str | None = None
    external_guid: str | None = None
    currency: str | None = None


@dataclass
class ServiceItem:
    """A service item."""

    stamp: Stamp
    name: str
    is_active: bool = True
    description: str | None = None
    price: Decimal = ZERO
    account_id: str | None = None
    external_guid: str | None = None


@dataclass
class Line:
    """One line of an invoice or estimate."""

    txn_line_id: str
    item_id: str | None
    description: str | None
    quantity: Decimal | None
    rate: Decimal | None
    amount: Decimal


@dataclass
class Document:
    """An invoice or an estimate (``kind``)."""

    kind: str
    stamp: Stamp
    txn_number: int
    customer_id: str
    txn_date: date
    ref_number: str | None
    lines: list[Line]
    due_date: date | None = None
    memo: str | None = None
    external_guid: str | None = None
    applied: Decimal = ZERO
    is_active: bool = True
    voided: bool = False
    #: In a multicurrency file: the customer's currency name and the rate it was booked at.
    currency: str | None = None
    exchange_rate: Decimal | None = None

    @property
    def subtotal(self) -> Decimal:
        """The sum of the lines."""
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def balance(self) -> Decimal:
        """What is still owed on an invoice."""
        return self.subtotal - self.applied


@dataclass
class Payment:
    """A received payment and the invoices it pays."""

    stamp: Stamp
    txn_number: int
    customer_id: str
    txn_date: date
    total: Decimal
    ref_number: str | None = None
    method_id: str | None = None
    deposit_id: str | None = None
    external_guid: str | None = None
    applications: list[tuple[str, Decimal]] = field(default_factory=list)
    currency: str | None = None
    exchange_rate: Decimal | None = None

    @property
    def unused(self) -> Decimal:
        """The part of the payment not applied to an invoice."""
        return self.total - sum((amount for _, amount in self.applications), ZERO)


def core_fields(node: Element, stamp: Stamp, id_tag: str) -> None:
    """The id, times and EditSequence every ``…Ret`` starts with."""
    add(node, id_tag, stamp.id)
    add(node, "TimeCreated", datetime_text(stamp.created))
    add(node, "TimeModified", datetime_text(stamp.modified))
    add(node, "EditSequence", stamp.edit_sequence)


def _ref(node: Element, tag: str, list_id: str | None, full_name: str | None) -> None:
    if not list_id and not full_name:
        return
    ref = element(tag)
    add(ref, "ListID", list_id)
    add(ref, "FullName", full_name)
    node.append(ref)


def customer_ret(customer: Customer, balance: Decimal) -> Element:
    """``CustomerRet``."""
    node = element("CustomerRet")
    core_fields(node, customer.stamp, "ListID")
    add(node, "Name", customer.name)
    add(node, "FullName", customer.name)
    add(node, "IsActive", "true" if customer.is_active else "false")
    add(node, "Sublevel", "0")
    add(node, "CompanyName", customer.company_name)
    if customer.bill_address:
        address = element("BillAddress")
        for tag in ("Addr1", "Addr2", "Addr3", "Addr4", "Addr5", "City", "State", "PostalCode"):
            add(address, tag, customer.bill_address.get(tag))
        add(address, "Country", customer.bill_address.get("Country"))
        node.append(address)
    add(node, "Phone", customer.phone)
    add(node, "Email", customer.email)
    add(node, "Balance", amount_text(balance))
    add(node, "TotalBalance", amount_text(balance))
    add(node, "JobStatus", "None")
    add(node, "ExternalGUID", customer.external_guid)
    _ref(node, "CurrencyRef", None, customer.currency)
    return node


def item_ret(item: ServiceItem) -> Element:
    """``ItemServiceRet``."""
    node = element("ItemServiceRet")
    core_fields(node, item.stamp, "ListID")
    add(node, "Name", item.name)
    add(node, "FullName", item.name)
    add(node, "IsActive", "true" if item.is_active else "false")
    add(node, "Sublevel", "0")
    sales = element("SalesOrPurchase")
    add(sales, "Desc", item.description)
    add(sales, "Price", amount_text(item.price))
    _ref(sales, "AccountRef", item.account_id, None)
    node.append(sales)
    add(node, "ExternalGUID", item.external_guid)
    return node


def _line_ret(tag: str, line: Line, items: dict[str, ServiceItem]) -> Element:
    node = element(tag)
    add(node, "TxnLineID", line.txn_line_id)
    item = items.get(line.item_id or "")
    _ref(node, "ItemRef", line.item_id, item.name if item else None)
    add(node, "Desc", line.description)
    add(node, "Quantity", price_text(line.quantity) if line.quantity is not None else None)
    add(node, "Rate", price_text(line.rate) if line.rate is not None else None)
    add(node, "Amount", amount_text(line.amount))
    return node


def document_ret(
    doc: Document,
    customer: Customer | None,
    items: dict[str, ServiceItem],
    *,
    lines: bool = True,
    linked: list[tuple[str, Decimal]] | None = None,
) -> Element:
    """``InvoiceRet`` or ``EstimateRet`` (lines and linked payments when asked for)."""
    node = element(f"{doc.kind}Ret")
    core_fields(node, doc.stamp, "TxnID")
    add(node, "TxnNumber", str(doc.txn_number))
    _ref(node, "CustomerRef", doc.customer_id, customer.name if customer else None)
    add(node, "TxnDate", date_text(doc.txn_date))
    add(node, "RefNumber", doc.ref_number)
    if doc.kind == "Estimate":
        add(node, "IsActive", "true" if doc.is_active else "false")
    else:
        add(node, "IsPending", "false")
    add(node, "DueDate", date_text(doc.due_date) if doc.due_date else None)
    add(node, "Subtotal", amount_text(doc.subtotal))
    add(node, "SalesTaxTotal", "0.00")
    if doc.kind == "Estimate":
        add(node, "TotalAmount", amount_text(doc.subtotal))
    else:
        add(node, "AppliedAmount", amount_text(-doc.applied))
        add(node, "BalanceRemaining", amount_text(doc.balance))
    if doc.exchange_rate is not None:
        _ref(node, "CurrencyRef", None, doc.currency)
        add(node, "ExchangeRate", price_text(doc.exchange_rate))
        if doc.kind == "Invoice":
            home = (doc.balance * doc.exchange_rate).quantize(CENT)
            add(node, "BalanceRemainingInHomeCurrency", amount_text(home))
    add(node, "Memo", doc.memo)
    if doc.kind == "Invoice":
        add(node, "IsPaid", "true" if doc.subtotal > ZERO and doc.balance <= ZERO else "false")
    add(node, "ExternalGUID", doc.external_guid)
    for txn_id, amount in linked or []:
        link = element("LinkedTxn")
        add(link, "TxnID", txn_id)
        add(link, "TxnType", "ReceivePayment")
        add(link, "Amount", amount_text(-amount))
        node.append(link)
    if lines:
        for line in doc.lines:
            node.append(_line_ret(f"{doc.kind}LineRet", line, items))
    return node


def payment_ret(payment: Payment, customer: Customer | None) -> Element:
    """``ReceivePaymentRet``."""
    node = element("ReceivePaymentRet")
    core_fields(node, payment.stamp, "TxnID")
    add(node, "TxnNumber", str(payment.txn_number))
    _ref(node, "CustomerRef", payment.customer_id, customer.name if customer else None)
    add(node, "TxnDate", date_text(payment.txn_date))
    add(node, "RefNumber", payment.ref_number)
    add(node, "TotalAmount", amount_text(payment.total))
    if payment.exchange_rate is not None:
        _ref(node, "CurrencyRef", None, payment.currency)
        add(node, "ExchangeRate", price_text(payment.exchange_rate))
        home = (payment.total * payment.exchange_rate).quantize(CENT)
        add(node, "TotalAmountInHomeCurrency", amount_text(home))
    _ref(node, "PaymentMethodRef", payment.method_id, None)
    _ref(node, "DepositToAccountRef", payment.deposit_id, None)
    add(node, "UnusedPayment", amount_text(payment.unused))
    add(node, "UnusedCredits", "0.00")
    add(node, "ExternalGUID", payment.external_guid)
    for txn_id, amount in payment.applications:
        applied = element("AppliedToTxnRet")
        add(applied, "TxnID", txn_id)
        add(applied, "TxnType", "Invoice")
        add(applied, "Amount", amount_text(amount))
        node.append(applied)
    return node
