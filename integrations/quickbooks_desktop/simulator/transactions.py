"""The simulated QuickBooks' transactions: invoices, estimates, received payments, voids."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from ..qbxml import Element, child_text, children, element, tag_of
from .company import CompanyFile
from .errors import Refused
from .lists import Page, in_range, page, when
from .records import Customer, Document, Line, Payment, document_ret, payment_ret

ZERO = Decimal("0")
REF_NUMBER_MAX = 11
VOID_PREFIX = "VOID:"


def _kind(request: Element) -> str:
    tag = tag_of(request)
    return "Estimate" if tag.startswith("Estimate") else "Invoice"


def _decimal(text: str | None, label: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise Refused(3210, f'The "{label}" field has an invalid value "{text}".') from None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise Refused(3020, f"The date {text!r} is not valid.") from None


def _customer(company: CompanyFile, ref: Element | None, kind: str) -> Customer:
    list_id = child_text(ref, "ListID")
    found = company.customers.get(list_id or "") if list_id else None
    if found is None and child_text(ref, "FullName"):
        found = company.customer_named(child_text(ref, "FullName") or "")
    if found is None:
        name = list_id or child_text(ref, "FullName") or ""
        raise Refused(
            3140,
            f'There is an invalid reference to QuickBooks Customer "{name}" in the {kind}. '
            "QuickBooks error message: Invalid argument. The specified record does not exist.",
        )
    return found


def _item_id(company: CompanyFile, ref: Element | None, kind: str) -> str | None:
    if ref is None:
        return None
    list_id = child_text(ref, "ListID")
    if list_id and list_id in company.items:
        return list_id
    named = company.item_named(child_text(ref, "FullName") or "") if not list_id else None
    if named is None:
        raise Refused(
            3140, f'There is an invalid reference to QuickBooks Item "{list_id}" in the {kind}.'
        )
    return named.stamp.id


def _line(company: CompanyFile, node: Element, kind: str) -> Line:
    quantity = _decimal(child_text(node, "Quantity"), "Quantity")
    rate = _decimal(child_text(node, "Rate"), "Rate")
    amount = _decimal(child_text(node, "Amount"), "Amount")
    if amount is None:
        amount = ((quantity or Decimal("1")) * (rate or ZERO)).quantize(Decimal("0.01"))
    return Line(
        txn_line_id=company.stamp(False).id,
        item_id=_item_id(company, node.find("ItemRef"), kind),
        description=child_text(node, "Desc"),
        quantity=quantity,
        rate=rate,
        amount=amount,
    )


def _ret(company: CompanyFile, doc: Document, request: Element | None = None) -> Element:
    lines = request is None or child_text(request, "IncludeLineItems") == "true"
    linked = request is not None and child_text(request, "IncludeLinkedTxns") == "true"
    return document_ret(
        doc,
        company.customers.get(doc.customer_id),
        company.items,
        lines=lines,
        linked=company.payments_for(doc.stamp.id) if linked else None,
    )


# --- invoices and estimates -------------------------------------------------------------------


def _paid_status(doc: Document, request: Element) -> bool:
    status = child_text(request, "PaidStatus") or "All"
    paid = doc.subtotal > ZERO and doc.balance <= ZERO
    return status == "All" or (status == "PaidOnly") == paid


def _txn_filter(
    record_modified: object, txn_date: date, customer_id: str, request: Element
) -> bool:
    modified = request.find("ModifiedDateRangeFilter")
    if modified is not None:
        low = when(child_text(modified, "FromModifiedDate"))
        high = when(child_text(modified, "ToModifiedDate"))
        if not in_range(record_modified, low, high):  # type: ignore[arg-type]
            return False
    dates = request.find("TxnDateRangeFilter")
    if dates is not None:
        low_day, high_day = (
            _day(child_text(dates, "FromTxnDate")),
            _day(child_text(dates, "ToTxnDate")),
        )
        if (low_day and txn_date < low_day) or (high_day and txn_date > high_day):
            return False
    entity = child_text(request, "EntityFilter", "ListID")
    return entity is None or entity == customer_id


def _explicit(request: Element, known: dict[str, object]) -> list[str] | None:
    ids = [node.text or "" for node in children(request, "TxnID")]
    if not ids:
        return None
    missing = [i for i in ids if i not in known]
    if missing:
        raise Refused(3120, f'Object "{missing[0]}" specified in the request cannot be found.')
    return ids


def document_query(company: CompanyFile, request: Element) -> Page:
    """``InvoiceQueryRq`` / ``EstimateQueryRq``."""
    kind = _kind(request)
    docs = {k: d for k, d in company.documents.items() if d.kind == kind}
    ids = _explicit(request, docs)  # type: ignore[arg-type]
    if ids is None:
        refs = [node.text or "" for node in children(request, "RefNumber")]
        ref_filter = child_text(request, "RefNumberFilter", "RefNumber")
        ids = [
            d.stamp.id
            for d in sorted(docs.values(), key=lambda d: d.stamp.modified)
            if (not refs or d.ref_number in refs)
            and (ref_filter is None or (d.ref_number or "").startswith(ref_filter))
            and _txn_filter(d.stamp.modified, d.txn_date, d.customer_id, request)
            and (kind == "Estimate" or _paid_status(d, request))
        ]
    return page(company, request, ids, lambda i: _ret(company, company.documents[i], request))


def _header(doc: Document, body: Element) -> None:
    if body.find("TxnDate") is not None:
        doc.txn_date = _day(child_text(body, "TxnDate")) or doc.txn_date
    if body.find("RefNumber") is not None:
        doc.ref_number = child_text(body, "RefNumber")
    if body.find("DueDate") is not None:
        doc.due_date = _day(child_text(body, "DueDate"))
    if body.find("Memo") is not None:
        doc.memo = child_text(body, "Memo")
    if (doc.ref_number or "") and len(doc.ref_number or "") > REF_NUMBER_MAX:
        raise Refused(3070, f'The string "{doc.ref_number}" in the field "RefNumber" is too long.')


def _booking(
    company: CompanyFile, customer: Customer, body: Element
) -> tuple[str | None, Decimal | None]:
    """A new transaction's currency (always its customer's) and rate: the ``ExchangeRate``
    sent, else the currency list's. Without multicurrency there is neither, and a rate sent is
    refused (the wording is UNVERIFIED)."""
    sent = _decimal(child_text(body, "ExchangeRate"), "ExchangeRate")
    if not company.multicurrency:
        if sent is not None:
            raise Refused(3250, "This feature is not enabled or not available: multicurrency.")
        return None, None
    currency = customer.currency or company.home_currency
    if currency == company.home_currency:
        return currency, Decimal(1)
    return currency, sent or company.rates.get(currency, Decimal(1))


def document_add(company: CompanyFile, request: Element) -> list[Element]:
    """``InvoiceAddRq`` / ``EstimateAddRq``: the customer and items must exist (3140).

    As in QuickBooks, RefNumber is not unique: the same InvoiceAdd twice makes two invoices.
    """
    kind = _kind(request)
    body = request.find(f"{kind}Add")
    if body is None:
        raise Refused(3210, f"{kind}Add is missing.")
    customer = _customer(company, body.find("CustomerRef"), kind)
    lines = [_line(company, node, kind) for node in children(body, f"{kind}LineAdd")]
    if not lines:
        raise Refused(3210, f"The {kind} needs at least one line.")
    doc = Document(
        kind=kind,
        stamp=company.stamp(False),
        txn_number=company.next_txn_number(),
        customer_id=customer.stamp.id,
        txn_date=company.clock.now().date(),
        ref_number=None,
        lines=lines,
        external_guid=child_text(body, "ExternalGUID"),
    )
    _header(doc, body)
    doc.currency, doc.exchange_rate = _booking(company, customer, body)
    if doc.ref_number is None and kind == "Invoice":
        doc.ref_number = company.next_ref_number()
    company.documents[doc.stamp.id] = doc
    return [_ret(company, doc)]


def document_mod(company: CompanyFile, request: Element) -> list[Element]:
    """``InvoiceModRq`` / ``EstimateModRq``: a current EditSequence (3200); line mods replace
    the lines (``TxnLineID`` -1 adds one; lines left out are removed)."""
    kind = _kind(request)
    body = request.find(f"{kind}Mod")
    txn_id = child_text(body, "TxnID") or ""
    doc = company.documents.get(txn_id)
    if body is None or doc is None or doc.kind != kind:
        raise Refused(3120, f'Object "{txn_id}" specified in the request cannot be found.')
    sequence = child_text(body, "EditSequence") or ""
    if sequence != doc.stamp.edit_sequence:
        raise Refused(3200, f'The provided edit sequence "{sequence}" is out-of-date. ')
    if body.find("CustomerRef") is not None:
        doc.customer_id = _customer(company, body.find("CustomerRef"), kind).stamp.id
    _header(doc, body)
    mods = children(body, f"{kind}LineMod")
    if mods:
        doc.lines = [_line(company, node, kind) for node in mods]
    company.touch(doc.stamp)
    return [_ret(company, doc)]


# --- payments ---------------------------------------------------------------------------------


def payment_query(company: CompanyFile, request: Element) -> Page:
    """``ReceivePaymentQueryRq``."""
    ids = _explicit(request, company.payments)  # type: ignore[arg-type]
    if ids is None:
        refs = [node.text or "" for node in children(request, "RefNumber")]
        ids = [
            p.stamp.id
            for p in sorted(company.payments.values(), key=lambda p: p.stamp.modified)
            if (not refs or p.ref_number in refs)
            and _txn_filter(p.stamp.modified, p.txn_date, p.customer_id, request)
        ]
    return page(
        company,
        request,
        ids,
        lambda i: payment_ret(
            company.payments[i], company.customers.get(company.payments[i].customer_id)
        ),
    )


def _applications(
    company: CompanyFile, body: Element, customer: Customer, total: Decimal
) -> list[tuple[str, Decimal]]:
    applications: list[tuple[str, Decimal]] = []
    for node in children(body, "AppliedToTxnAdd"):
        txn_id = child_text(node, "TxnID") or ""
        invoice = company.documents.get(txn_id)
        if invoice is None or invoice.kind != "Invoice" or invoice.customer_id != customer.stamp.id:
            raise Refused(
                3140, f'There is an invalid reference to QuickBooks Transaction "{txn_id}".'
            )
        amount = _decimal(child_text(node, "PaymentAmount"), "AppliedToTxnAdd payment amount")
        amount = invoice.balance if amount is None else amount
        if amount > invoice.balance:
            raise Refused(
                3210,
                f'The "AppliedToTxnAdd payment amount" field has an invalid value "{amount}".  '
                "QuickBooks error message: You cannot pay more than the amount due.",
            )
        applications.append((txn_id, amount))
    if sum((a for _, a in applications), ZERO) > total:
        raise Refused(3210, "The amounts applied are more than the payment's TotalAmount.")
    return applications


def payment_add(company: CompanyFile, request: Element) -> list[Element]:
    """``ReceivePaymentAddRq``: applications to the customer's invoices, never above balance."""
    body = request.find("ReceivePaymentAdd")
    if body is None:
        raise Refused(3210, "ReceivePaymentAdd is missing.")
    customer = _customer(company, body.find("CustomerRef"), "ReceivePayment")
    total = _decimal(child_text(body, "TotalAmount"), "TotalAmount") or ZERO
    applications = _applications(company, body, customer, total)
    payment = Payment(
        company.stamp(False),
        company.next_txn_number(),
        customer.stamp.id,
        _day(child_text(body, "TxnDate")) or company.clock.now().date(),
        total,
        ref_number=child_text(body, "RefNumber"),
        method_id=child_text(body, "PaymentMethodRef", "ListID"),
        deposit_id=child_text(body, "DepositToAccountRef", "ListID"),
        external_guid=child_text(body, "ExternalGUID"),
        applications=applications,
    )
    payment.currency, payment.exchange_rate = _booking(company, customer, body)
    company.payments[payment.stamp.id] = payment
    for txn_id, amount in applications:
        company.documents[txn_id].applied += amount
        company.touch(company.documents[txn_id].stamp)
    return [payment_ret(payment, customer)]


# --- voids and deletes ------------------------------------------------------------------------


def _done(tag: str, kind: str, txn_id: str) -> list[Element]:
    type_node = element(f"{tag}Type")
    type_node.text = kind
    id_node = element("TxnID")
    id_node.text = txn_id
    return [type_node, id_node]


def txn_void(company: CompanyFile, request: Element) -> list[Element]:
    """``TxnVoidRq`` for an invoice without payments: amounts become zero, the memo says VOID."""
    kind = child_text(request, "TxnVoidType") or ""
    txn_id = child_text(request, "TxnID") or ""
    doc = company.documents.get(txn_id)
    if kind != "Invoice" or doc is None or doc.kind != "Invoice":
        raise Refused(3120, f'Object "{txn_id}" specified in the request cannot be found.')
    if company.payments_for(txn_id):
        raise Refused(3210, "The invoice has payments applied: remove them before voiding it.")
    for line in doc.lines:
        line.amount = ZERO
        line.quantity = ZERO
    doc.voided = True
    doc.memo = f"{VOID_PREFIX} {doc.memo or ''}".strip()
    company.touch(doc.stamp)
    return _done("TxnVoid", kind, txn_id)


def txn_del(company: CompanyFile, request: Element) -> list[Element]:
    """``TxnDelRq`` for a payment (its invoices owe again) or an estimate."""
    kind = child_text(request, "TxnDelType") or ""
    txn_id = child_text(request, "TxnID") or ""
    if kind == "ReceivePayment" and txn_id in company.payments:
        payment = company.payments.pop(txn_id)
        for invoice_id, amount in payment.applications:
            company.documents[invoice_id].applied -= amount
            company.touch(company.documents[invoice_id].stamp)
        return _done("TxnDel", kind, txn_id)
    doc = company.documents.get(txn_id)
    if kind == "Estimate" and doc is not None and doc.kind == "Estimate":
        del company.documents[txn_id]
        return _done("TxnDel", kind, txn_id)
    raise Refused(3120, f'Object "{txn_id}" specified in the request cannot be found.')
