"""Currencies as Xero has them: the organisation's base currency, the currencies added to it
(only on plans with multicurrency) with their day rates, and the refusal of any other currency.

Xero states a rate as units of the foreign currency for one unit of the base currency
(``CurrencyRate``): an invoice in EUR of an organisation in USD at 0.9 is 1 USD = 0.9 EUR. A
document without a rate gets the day rate (XE.com at Xero). The refusal's wording is UNVERIFIED.
A contact's ``DefaultCurrency`` is only a default in Xero: documents in another currency are
accepted, so the simulator refuses nothing there (the engine checks it before sending).
"""

from __future__ import annotations

from decimal import Decimal

from .org import Organisation
from .rules import JsonObject, money

RATE_PLACES = Decimal("0.000001")


def not_subscribed(code: str) -> str:
    """The validation message for a currency the organisation has not added (UNVERIFIED)."""
    return f"Organisation is not subscribed to currency {code}"


def currency_errors(org: Organisation, code: object) -> list[str]:
    """Errors for a document or payment in ``code``."""
    if code in (None, org.currency):
        return []
    return [] if code in org.rates else [not_subscribed(str(code))]


def rate_for(org: Organisation, code: object, given: object) -> float:
    """The rate a document in ``code`` is saved with: the one sent, else the day rate."""
    if code in (None, org.currency):
        return 1.0
    sent = money(given) if given is not None else Decimal(0)
    rate = sent if sent > 0 else org.rates.get(str(code), Decimal(1))
    return float(rate.quantize(RATE_PLACES))


def currencies_body(org: Organisation) -> JsonObject:
    """``GET /Currencies``: the base currency and every one added."""
    codes = [org.currency, *(code for code in org.rates if code != org.currency)]
    return {"Currencies": [{"Code": code, "Description": code} for code in codes]}


def organisation_body(org: Organisation) -> JsonObject:
    """``GET /Organisation``: the fields the simulator keeps."""
    return {
        "Organisations": [
            {
                "OrganisationID": org.tenant_id,
                "Name": org.name,
                "BaseCurrency": org.currency,
                "OrganisationStatus": "ACTIVE",
                "IsDemoCompany": False,
            }
        ]
    }


def add_currencies(org: Organisation, rates: dict[str, object]) -> None:
    """Control: add currencies with their day rates (foreign units per base unit)."""
    for code, raw in rates.items():
        rate = money(raw)
        if rate <= 0:
            raise ValueError(f"the rate of {code} must be a positive number")
        org.rates[str(code)] = rate
