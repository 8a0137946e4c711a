"""The organisation's currencies: ``Organisation.BaseCurrency`` and the ``/Currencies`` list.

Xero has no multicurrency switch: a plan with multicurrency lets the organisation add
currencies, and only those (and the base one) can be used. So multicurrency counts as on when a
currency besides the base one has been added.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.sync.records import BooksCurrencies

from .client import XeroClient
from .wire import JSONObject, text


def books_currencies_from(
    organisation: JSONObject | None, currencies: Sequence[JSONObject]
) -> BooksCurrencies:
    """The books' currencies from the Organisation record and the Currencies rows."""
    home = text((organisation or {}).get("BaseCurrency"))
    codes = [home] if home else []
    for row in currencies:
        code = text(row.get("Code"))
        if code and code not in codes:
            codes.append(code)
    return BooksCurrencies(home=home, multicurrency=len(codes) > 1, currencies=tuple(codes))


async def read_books_currencies(client: XeroClient) -> BooksCurrencies:
    """Two reads: the organisation (its base currency) and its currencies."""
    organisations = await client.rows("Organisation", "Organisations")
    currencies = await client.rows("Currencies", "Currencies")
    return books_currencies_from(organisations[0] if organisations else None, currencies)
