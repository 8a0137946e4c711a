"""Multicurrency as QuickBooks Online has it: a home currency, the switch, the company's
currency list with its rates, customers whose currency is fixed once set, and the refusals.

The wording of the three refusals is UNVERIFIED (no recorded fault): they are modelled as the
6000 business validation errors QuickBooks answers for other rule breaks.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from . import errors
from .context import BuildContext
from .errors import QboError
from .jsonutil import JSON, money, ref_value, text
from .store import Realm, Record

CENT = Decimal("0.01")


def not_enabled(code: str, home: str) -> QboError:
    """A foreign currency without multicurrency (UNVERIFIED wording)."""
    return errors.business_rule(
        f"Multicurrency is not turned on for this company: {code} is not allowed, only {home}",
        "CurrencyRef",
    )


def not_listed(code: str) -> QboError:
    """A currency not added to the company's currency list (UNVERIFIED wording)."""
    return errors.business_rule(
        f"Currency {code} is not in the company's currency list: add it first", "CurrencyRef"
    )


def customer_mismatch(code: str, customer_code: str) -> QboError:
    """A transaction in another currency than its customer's (UNVERIFIED wording)."""
    return errors.business_rule(
        f"The transaction currency {code} must match the currency of the customer, {customer_code}",
        "CurrencyRef",
    )


def currency_fixed(code: str) -> QboError:
    """A customer's currency cannot change once set (UNVERIFIED wording)."""
    return errors.business_rule(
        f"The currency of a customer cannot be changed once set (it is {code})", "CurrencyRef"
    )


def _ref(code: str) -> JSON:
    return {"value": code}


def _check_allowed(realm: Realm, code: str) -> None:
    if code == realm.home_currency:
        return
    if not realm.multicurrency:
        raise not_enabled(code, realm.home_currency)
    if code not in realm.rates:
        raise not_listed(code)


def of_record(realm: Realm, record: Record | None) -> str:
    """The currency code a stored customer or transaction is in."""
    if record is None:
        return realm.home_currency
    return ref_value(record.data.get("CurrencyRef")) or realm.home_currency


def customer_currency(ctx: BuildContext, source: JSON, out: JSON) -> None:
    """Set a customer's currency: the one sent, else its current one, else the home one."""
    realm = ctx.realm
    current = of_record(realm, ctx.existing) if ctx.existing is not None else None
    code = ref_value(source.get("CurrencyRef")) or current or realm.home_currency
    if current is not None and code != current:
        raise currency_fixed(current)
    _check_allowed(realm, code)
    out["CurrencyRef"] = _ref(code)


def transaction_currency(ctx: BuildContext, source: JSON, out: JSON, total: Decimal) -> str:
    """Set a transaction's currency, rate and home total; returns its currency code.

    The currency is the customer's unless another is sent (then refused); the rate is the one
    sent, else the company's rate for the currency. Without multicurrency there is no rate.
    """
    realm = ctx.realm
    customer = realm.get("Customer", ref_value(source.get("CustomerRef")))
    customer_code = of_record(realm, customer)
    code = ref_value(source.get("CurrencyRef")) or customer_code
    _check_allowed(realm, code)
    if customer is not None and code != customer_code:
        raise customer_mismatch(code, customer_code)
    out["CurrencyRef"] = _ref(code)
    out.pop("ExchangeRate", None)
    if realm.multicurrency:
        sent = money(source.get("ExchangeRate"))
        rate = Decimal(1) if code == realm.home_currency else sent or realm.rates[code]
        out["ExchangeRate"] = rate
        out["HomeTotalAmt"] = (total * rate).quantize(CENT)
    return code


def check_linked(realm: Realm, code: str, invoice: Record) -> None:
    """A payment applies only to invoices in its own currency."""
    invoice_code = of_record(realm, invoice)
    if invoice_code != code:
        raise errors.business_rule(
            f"The payment currency {code} differs from the currency {invoice_code} of invoice "
            f"{invoice.id}",
            "LinkedTxn",
        )


def preferences(realm: Realm) -> JSON:
    """The ``Preferences`` entity's ``CurrencyPrefs`` (the rest of Preferences is not kept)."""
    return {
        "CurrencyPrefs": {
            "MultiCurrencyEnabled": realm.multicurrency,
            "HomeCurrency": {"value": realm.home_currency},
        },
    }


def company_currencies(realm: Realm) -> list[JSON]:
    """The ``CompanyCurrency`` rows: every currency added besides the home one, in the order
    they were added."""
    return [
        {"Id": str(n), "Code": code, "Name": code, "Active": True}
        for n, code in enumerate(realm.rates, start=1)
    ]


def set_currencies(
    realm: Realm,
    now: datetime,
    *,
    home: str | None = None,
    multicurrency: bool | None = None,
    rates: dict[str, object] | None = None,
) -> None:
    """Control: the home currency, the switch (QuickBooks cannot turn it off again) and the
    currency list with each currency's rate (home units per unit)."""
    if home is not None:
        realm.home_currency = home
    if multicurrency is not None:
        if realm.multicurrency and not multicurrency:
            raise errors.business_rule("Multicurrency cannot be turned off once it is on")
        realm.multicurrency = multicurrency
    for code, raw in (rates or {}).items():
        rate = money(raw)
        if rate is None or rate <= 0 or text(code) is None:
            raise errors.business_rule(f"Rate of {code} must be a positive number")
        realm.rates[str(code)] = rate
    table = realm.table("CompanyCurrency")
    for row in company_currencies(realm):
        row_id = str(row["Id"])
        if row_id not in table:
            table[row_id] = Record("CompanyCurrency", row_id, row, now)
