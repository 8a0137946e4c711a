"""Transactions: Invoice, Estimate, RefundReceipt (sales forms) and Payment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from . import currency, errors, rules
from .context import USD, BuildContext, writable
from .credits import (
    CREDIT_MEMO_DEFAULTS,
    credit_line,
    credit_links,
    credit_used,
    payment_method_ref,
)
from .jsonutil import JSON, arr, money, obj, parse_date, ref_value, text
from .ledger import invoice_applications, invoice_links

ZERO = Decimal(0)


@dataclass(frozen=True)
class SalesForm:
    """How one sales-form entity differs from the others."""

    entity: str
    has_balance: bool
    needs_deposit_account: bool
    needs_customer: bool
    defaults: JSON


INVOICE_DEFAULTS: JSON = {
    "AllowIPNPayment": False,
    "AllowOnlinePayment": False,
    "AllowOnlineCreditCardPayment": False,
    "AllowOnlineACHPayment": False,
    "CurrencyRef": USD,
    "ApplyTaxAfterDiscount": False,
    "PrintStatus": "NeedToPrint",
    "EmailStatus": "NotSet",
}
AUTO_NUMBERED = frozenset({"Invoice", "Estimate"})
"""Forms QuickBooks numbers itself when the request has no DocNumber."""

SALES_FORMS = {
    "Invoice": SalesForm("Invoice", True, False, True, INVOICE_DEFAULTS),
    "Estimate": SalesForm(
        "Estimate",
        False,
        False,
        True,
        {**INVOICE_DEFAULTS, "TxnStatus": "Pending"},
    ),
    "RefundReceipt": SalesForm(
        "RefundReceipt",
        False,
        True,
        False,
        {"CurrencyRef": USD, "ApplyTaxAfterDiscount": False, "PrintStatus": "NotSet"},
    ),
    "CreditMemo": SalesForm("CreditMemo", False, False, True, CREDIT_MEMO_DEFAULTS),
}


def _sales_line(ctx: BuildContext, line: JSON, number: int, voided: bool) -> tuple[JSON, Decimal]:
    """One client line → (stored line, signed contribution to the total)."""
    detail_type = text(line.get("DetailType"))
    amount = money(line.get("Amount"))
    out: JSON = {"Id": str(number), "LineNum": number}
    if isinstance(line.get("Description"), str):
        out["Description"] = line["Description"]
    if detail_type == "DescriptionOnly":
        out.update(DetailType=detail_type, DescriptionOnly=obj(line.get("DescriptionOnly")) or {})
        return out, ZERO
    if detail_type not in ("SalesItemLineDetail", "DiscountLineDetail"):
        raise errors.unsupported_property(f"Line DetailType {detail_type!r} is not supported")
    if amount is None:
        raise errors.required_missing("Line.Amount")
    detail = dict(obj(line.get(detail_type)) or {})
    sign = Decimal(1)
    if detail_type == "SalesItemLineDetail":
        detail["ItemRef"] = rules.require_ref(ctx.realm, detail, "ItemRef", "Item")
        detail.setdefault("TaxCodeRef", {"value": "NON"})
    else:
        sign = Decimal(-1)
    if voided:
        amount = ZERO
    out.update(Amount=amount, DetailType=detail_type)
    out[detail_type] = detail
    return out, sign * amount


def build_lines(
    ctx: BuildContext, lines: list[object], voided: bool
) -> tuple[list[object], Decimal]:
    """Number the lines, validate items, and append the computed SubTotalLineDetail."""
    rules.check_line_descriptions(lines)
    out: list[object] = []
    total = ZERO
    for raw in lines:
        line = obj(raw)
        if line is None:
            raise errors.business_rule("Each Line must be an object", "Line")
        if line.get("DetailType") == "SubTotalLineDetail":
            # Clients echo the computed subtotal back on update; it is recomputed.
            continue
        stored, contribution = _sales_line(ctx, line, len(out) + 1, voided)
        out.append(stored)
        total += contribution
    out.append({"Amount": total, "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}})
    return out, total


def _doc_number(ctx: BuildContext, source: JSON, form: SalesForm) -> str | None:
    doc = text(source.get("DocNumber"))
    if doc is None and ctx.existing is not None:
        doc = text(ctx.existing.data.get("DocNumber"))
    if (doc is None or doc == "AUTO_GENERATE") and form.entity in AUTO_NUMBERED:
        doc = ctx.realm.allocate_doc_number(form.entity)
    if doc is not None:
        rules.check_doc_number(
            ctx.realm, form.entity, doc, ctx.entity_id, ctx.allow_duplicate_doc_number
        )
    return doc


def _check_dates(ctx: BuildContext, source: JSON) -> str:
    txn_date = parse_date(source.get("TxnDate")) or ctx.today
    old = parse_date(ctx.existing.data.get("TxnDate")) if ctx.existing else None
    rules.check_period_open(ctx.realm, txn_date, old)
    return txn_date.isoformat()


def build_sales_form(ctx: BuildContext, source: JSON, form: SalesForm) -> JSON:
    """Validate and complete an Invoice, Estimate or RefundReceipt; totals are server-side."""
    rules.check_field_limits(source)
    lines_in = rules.require_lines(source)
    txn_date = _check_dates(ctx, source)
    out: JSON = dict(form.defaults)
    out.update(writable(source))
    if form.needs_customer or "CustomerRef" in source:
        customer = rules.require_ref(ctx.realm, source, "CustomerRef", "Customer")
        out["CustomerRef"] = customer
        _copy_addresses(ctx, source, out, customer)
    if form.needs_deposit_account:
        out["DepositToAccountRef"] = rules.require_ref(
            ctx.realm, source, "DepositToAccountRef", "Account"
        )
    doc = _doc_number(ctx, source, form)
    if doc is not None:
        out["DocNumber"] = doc
    voided = ctx.existing is not None and ctx.existing.voided
    lines, total = build_lines(ctx, lines_in, voided)
    out.update(TxnDate=txn_date, Line=lines, TxnTaxDetail={"TotalTax": 0}, TotalAmt=total)
    currency.transaction_currency(ctx, source, out, total)
    if form.entity == "Invoice":
        due = parse_date(source.get("DueDate"))
        out["DueDate"] = (
            due or (parse_date(txn_date) or ctx.today) + timedelta(days=30)
        ).isoformat()
        applied, linked = invoice_applications(ctx.realm, ctx.entity_id)
        if applied > total:
            raise errors.business_rule("The invoice total is less than the payments applied to it")
        out.update(LinkedTxn=linked, Balance=total - applied)
    elif form.entity == "RefundReceipt":
        out["Balance"] = ZERO
    elif form.entity == "CreditMemo":
        used = credit_used(ctx.realm, ctx.entity_id) if ctx.entity_id else ZERO
        if used > total:
            raise errors.business_rule("The credit memo total is less than the credit used")
        out.update(Balance=total - used, RemainingCredit=total - used)
    return out


def _copy_addresses(ctx: BuildContext, source: JSON, out: JSON, customer: JSON) -> None:
    record = ctx.realm.get("Customer", text(customer.get("value")))
    if record is None:
        return
    for key in ("BillAddr", "ShipAddr"):
        if key not in source and key in record.data:
            out[key] = record.data[key]


def _payment_line(ctx: BuildContext, line: JSON, customer_id: str | None) -> tuple[JSON, Decimal]:
    amount = money(line.get("Amount"))
    if amount is None:
        raise errors.required_missing("Line.Amount")
    invoice_ids = invoice_links(line)
    if len(invoice_ids) != 1:
        raise errors.business_rule("Each payment line must link exactly one Invoice", "LinkedTxn")
    invoice = ctx.realm.get("Invoice", invoice_ids[0])
    if invoice is None:
        raise errors.invalid_reference("LinkedTxn", invoice_ids[0])
    if ref_value(invoice.data.get("CustomerRef")) != customer_id:
        raise errors.business_rule("The invoice belongs to another customer", "LinkedTxn")
    customer = ctx.realm.get("Customer", customer_id)
    currency.check_linked(ctx.realm, currency.of_record(ctx.realm, customer), invoice)
    applied, _ = invoice_applications(ctx.realm, invoice.id, exclude_payment=ctx.entity_id)
    open_balance = (money(invoice.data.get("TotalAmt")) or ZERO) - applied
    if amount > open_balance:
        raise errors.business_rule(
            f"The amount applied to invoice {invoice.id} exceeds its open balance", "Line.Amount"
        )
    stored: JSON = {"Amount": amount, "LinkedTxn": [{"TxnId": invoice.id, "TxnType": "Invoice"}]}
    return stored, amount


def build_payment(ctx: BuildContext, source: JSON) -> JSON:
    """Validate a Payment, check each application against the invoice's open balance."""
    customer = rules.require_ref(ctx.realm, source, "CustomerRef", "Customer")
    total = money(source.get("TotalAmt"))
    if total is None:
        raise errors.required_missing("TotalAmt")
    txn_date = _check_dates(ctx, source)
    voided = ctx.existing is not None and ctx.existing.voided
    lines: list[object] = []
    applied = ZERO
    for raw in [] if voided else arr(source.get("Line")):
        line = obj(raw)
        if line is None:
            raise errors.business_rule("Each Line must be an object", "Line")
        customer_id = text(customer.get("value"))
        if credit_links(line):
            # Credit used pays part of the invoices, so it offsets the money applied.
            stored, amount = credit_line(ctx, line, customer_id)
            amount = -amount
        else:
            stored, amount = _payment_line(ctx, line, customer_id)
        lines.append(stored)
        applied += amount
    if voided:
        total = ZERO
    if applied > total or applied < ZERO:
        raise errors.business_rule("The amounts applied exceed the payment total", "TotalAmt")
    out: JSON = {"CurrencyRef": USD, "ProcessPayment": False}
    out.update(writable(source))
    deposit = obj(source.get("DepositToAccountRef"))
    out.update(
        CustomerRef=customer,
        TxnDate=txn_date,
        TotalAmt=total,
        UnappliedAmt=total - applied,
        Line=lines,
        DepositToAccountRef=deposit or _undeposited_funds(ctx),
    )
    currency.transaction_currency(ctx, source, out, total)
    method = payment_method_ref(ctx, source)
    if method is not None:
        out["PaymentMethodRef"] = method
    return out


def _undeposited_funds(ctx: BuildContext) -> JSON:
    for account in ctx.realm.live("Account"):
        if account.data.get("Name") == "Undeposited Funds":
            return {"value": account.id, "name": "Undeposited Funds"}
    return {"value": "4"}
