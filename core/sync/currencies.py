"""The books' currencies and the one currency check before any document or payment is written.

Each platform reports its books' home currency, whether multicurrency is on and the currencies
added to the books (:class:`BooksCurrencies`, read through the optional :class:`CurrencyFacts`
session member). The engine keeps the last report on the connection, so the API shows it without
a remote call and a run asks again only when that report would refuse a record. Every new
invoice, estimate and payment is checked against it before anything is sent: a record in a
currency the books cannot hold fails with CURRENCY_NOT_ENABLED, and one whose currency differs
from its customer's fails with CUSTOMER_CURRENCY_MISMATCH. Nothing is written to the books for
such a record, and its amount is never booked in the home currency instead. When the stored
report is stale the other way (a currency removed), the platform's own refusal is mapped by the
provider to the same errors.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from tortoise.transactions import in_transaction

from core.models import Connection
from core.sync.ports import CustomerCurrencyMismatch, ProviderError
from core.sync.records import BooksCurrencies

BOOKS_CURRENCIES_KEY = "books_currencies"
"""``Connection.sync_state`` key: the books' currencies as the platform last reported them."""


@runtime_checkable
class CurrencyFacts(Protocol):
    """An optional session member: the platform can say which currencies its books hold."""

    async def books_currencies(self) -> BooksCurrencies | None:
        """The books' currencies (None when the platform has not told us yet)."""
        ...


def stored_currencies(connection: Connection) -> BooksCurrencies | None:
    """The books' currencies as the last sync read them (None before any sync read them)."""
    return BooksCurrencies.from_document((connection.sync_state or {}).get(BOOKS_CURRENCIES_KEY))


def mismatch(currency: str, customer_currency: str, customer: str) -> ProviderError | None:
    """A record whose currency differs from its customer's: the platforms fix a customer's
    currency once set (QuickBooks) or default it on the contact (Xero), so it is refused here."""
    if currency == customer_currency:
        return None
    return CustomerCurrencyMismatch(
        f"it is in {currency}, but its customer {customer} is billed in {customer_currency}",
        hint=f"Issue it in {customer_currency}, or bill a customer whose currency is {currency}; "
        "then sync again.",
    )


class CurrencyGate:
    """The currency check of one run.

    It asks the platform for the books' currencies only when none are stored on the connection,
    or when the stored ones would refuse a record (they may be stale: multicurrency turned on,
    a currency added since), at most once per run; otherwise the stored ones decide, and a
    platform that has changed since refuses the record itself. So a run spends no calls of a
    platform's daily budget on currencies it already knows.
    """

    def __init__(self, session: object, connection: Connection, platform: str) -> None:
        self._session = session
        self._connection = connection
        self._platform = platform
        self._asked = False

    async def facts(self, *, fresh: bool = False) -> BooksCurrencies | None:
        """The books' currencies: the stored ones, or (when none are, or ``fresh``) the
        platform's, asked once per run and then stored."""
        stored = stored_currencies(self._connection)
        if (stored is not None and not fresh) or self._asked:
            return stored
        self._asked = True
        if not isinstance(self._session, CurrencyFacts):
            return stored
        facts = await self._session.books_currencies()
        if facts is None:
            return stored
        if facts != stored:
            await _store(self._connection, facts)
        return facts

    async def refusal(
        self, currency: str, customer_currency: str | None, customer: str
    ) -> ProviderError | None:
        """Why a record in ``currency`` for this customer cannot be sent, or None."""
        facts = await self.facts()
        refused = facts.refusal(currency, self._platform) if facts is not None else None
        if refused is not None and not self._asked:
            facts = await self.facts(fresh=True)
            refused = facts.refusal(currency, self._platform) if facts is not None else None
        if refused is None and customer_currency is not None:
            refused = mismatch(currency, customer_currency, customer)
        return refused


async def _store(connection: Connection, facts: BooksCurrencies) -> None:
    """Keep the report on the connection without touching the other sync_state keys."""
    document = facts.to_document()
    async with in_transaction():
        row = await Connection.filter(id=connection.id).select_for_update().get()
        state = dict(row.sync_state or {})
        state[BOOKS_CURRENCIES_KEY] = document
        row.sync_state = state
        await row.save(update_fields=["sync_state", "updated_at"])
    connection.sync_state = {**(connection.sync_state or {}), BOOKS_CURRENCIES_KEY: document}
