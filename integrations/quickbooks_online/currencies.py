"""The company's currencies: ``Preferences.CurrencyPrefs`` and the ``CompanyCurrency`` list.

QuickBooks Online keeps a home currency and a multicurrency switch (which cannot be turned off
once on); with it on, the currencies added to the company are ``CompanyCurrency`` entities.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.sync.records import BooksCurrencies

from .client import QboClient
from .wire import JSONObject, as_object, query_rows

CURRENCY_QUERY = "SELECT * FROM CompanyCurrency MAXRESULTS 1000"


def books_currencies_from(
    preferences: JSONObject, company_currencies: Sequence[JSONObject] = ()
) -> BooksCurrencies:
    """The books' currencies from a Preferences entity and the active CompanyCurrency rows."""
    prefs = as_object(preferences.get("CurrencyPrefs")) or {}
    home_ref = as_object(prefs.get("HomeCurrency")) or {}
    home = home_ref.get("value")
    home_code = str(home) if isinstance(home, str) and home else None
    codes = [home_code] if home_code else []
    for row in company_currencies:
        code = row.get("Code")
        if isinstance(code, str) and row.get("Active") is not False and code not in codes:
            codes.append(code)
    return BooksCurrencies(
        home=home_code,
        multicurrency=prefs.get("MultiCurrencyEnabled") is True,
        currencies=tuple(codes),
    )


async def read_books_currencies(client: QboClient) -> BooksCurrencies:
    """Read the preferences, and the currency list when multicurrency is on (one more call)."""
    preferences = await client.preferences()
    facts = books_currencies_from(preferences)
    if not facts.multicurrency:
        return facts
    rows = query_rows(await client.query(CURRENCY_QUERY), "CompanyCurrency")
    return books_currencies_from(preferences, rows)
