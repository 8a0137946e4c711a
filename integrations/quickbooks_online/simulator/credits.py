"""PaymentMethod (a name list) and CreditMemo (customer credit), with how payments apply credit.

In QuickBooks a credit memo is applied to an invoice by a Payment whose lines link both: one
line linking the invoice (the amount it settles) and one linking the credit memo (the credit it
uses), with ``TotalAmt`` 0 when the credit covers the whole application.
"""

from __future__ import annotations

from decimal import Decimal

from . import errors, rules
from .context import USD, BuildContext, writable
from .jsonutil import JSON, arr, money, obj, ref_value, text
from .store import Realm

ZERO = Decimal(0)
PAYMENT_METHOD_TYPES = frozenset({"CREDIT_CARD", "NON_CREDIT_CARD"})
SEED_PAYMENT_METHODS: tuple[tuple[str, str], ...] = (
    ("Cash", "NON_CREDIT_CARD"),
    ("Check", "NON_CREDIT_CARD"),
    ("Visa", "CREDIT_CARD"),
    ("MasterCard", "CREDIT_CARD"),
    ("American Express", "CREDIT_CARD"),
    ("Discover", "CREDIT_CARD"),
    ("Diners Club", "CREDIT_CARD"),
)
"""The payment methods a new QuickBooks Online company starts with."""


def build_payment_method(ctx: BuildContext, source: JSON) -> JSON:
    """Validate and complete a PaymentMethod (Name unique, Type CREDIT_CARD or NON_CREDIT_CARD)."""
    name = text(source.get("Name"))
    if not name:
        raise errors.required_missing("Name")
    rules.check_length("Name", name, 31)
    rules.check_unique_name(
        ctx.realm,
        ("PaymentMethod",),
        "Name",
        name,
        ctx.entity_id,
        ctx.settings.case_insensitive_names,
    )
    kind = text(source.get("Type")) or "NON_CREDIT_CARD"
    if kind not in PAYMENT_METHOD_TYPES:
        raise errors.business_rule(f"Type must be one of {sorted(PAYMENT_METHOD_TYPES)}", "Type")
    out: JSON = {"Active": True}
    out.update(writable(source))
    out.update(Name=name, Type=kind)
    return out


def payment_method_ref(ctx: BuildContext, source: JSON) -> JSON | None:
    """A payment's PaymentMethodRef checked against the company's methods (Intuit echoes only
    ``value``, so readers resolve the name through the PaymentMethod list)."""
    if obj(source.get("PaymentMethodRef")) is None:
        return None
    ref = rules.require_ref(ctx.realm, source, "PaymentMethodRef", "PaymentMethod")
    return {"value": ref["value"]}


def credit_links(line: object) -> list[str]:
    """CreditMemo Ids a payment line uses credit from."""
    line_obj = obj(line)
    if line_obj is None:
        return []
    links = (obj(link) for link in arr(line_obj.get("LinkedTxn")))
    return [
        tid
        for link in links
        if link is not None
        and link.get("TxnType") == "CreditMemo"
        and (tid := text(link.get("TxnId"))) is not None
    ]


def payment_credit_memo_ids(data: JSON) -> set[str]:
    """All credit memos a payment uses credit from."""
    return {tid for line in arr(data.get("Line")) for tid in credit_links(line)}


def credit_used(realm: Realm, memo_id: str, exclude_payment: str | None = None) -> Decimal:
    """Credit of one memo already used by live payments."""
    used = ZERO
    for payment in realm.live("Payment"):
        if payment.id == exclude_payment:
            continue
        for line in arr(payment.data.get("Line")):
            line_obj = obj(line)
            if line_obj is not None and memo_id in credit_links(line_obj):
                used += money(line_obj.get("Amount")) or ZERO
    return used


def credit_line(ctx: BuildContext, line: JSON, customer_id: str | None) -> tuple[JSON, Decimal]:
    """A payment line that uses a credit memo's remaining credit → (stored line, credit used)."""
    amount = money(line.get("Amount"))
    if amount is None:
        raise errors.required_missing("Line.Amount")
    memo_ids = credit_links(line)
    if len(memo_ids) != 1:
        raise errors.business_rule("Each payment line must link exactly one transaction")
    memo = ctx.realm.get("CreditMemo", memo_ids[0])
    if memo is None:
        raise errors.invalid_reference("LinkedTxn", memo_ids[0])
    if ref_value(memo.data.get("CustomerRef")) != customer_id:
        raise errors.business_rule("The credit memo belongs to another customer", "LinkedTxn")
    remaining = (money(memo.data.get("TotalAmt")) or ZERO) - credit_used(
        ctx.realm, memo.id, exclude_payment=ctx.entity_id
    )
    if amount > remaining:
        raise errors.business_rule(
            f"The amount used from credit memo {memo.id} exceeds its remaining credit",
            "Line.Amount",
        )
    stored: JSON = {"Amount": amount, "LinkedTxn": [{"TxnId": memo.id, "TxnType": "CreditMemo"}]}
    return stored, amount


CREDIT_MEMO_DEFAULTS: JSON = {
    "CurrencyRef": USD,
    "ApplyTaxAfterDiscount": False,
    "PrintStatus": "NotSet",
    "EmailStatus": "NotSet",
}
