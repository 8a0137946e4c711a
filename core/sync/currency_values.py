"""Provider-blind currency values: the books' currencies and what a platform booked.

Re-exported by :mod:`core.sync.records`, where providers import them from.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.sync.ports import CurrencyNotEnabled, ProviderError


@dataclass(frozen=True, slots=True)
class BookedAmounts:
    """How the platform booked a document or payment: in ``currency`` at ``exchange_rate``
    home-currency units per unit of it, for ``home_total`` in the books' home currency."""

    currency: str | None
    exchange_rate: Decimal | None
    home_total: Decimal | None


@dataclass(frozen=True, slots=True)
class BooksCurrencies:
    """The currencies of the remote books.

    ``home`` is the books' home (base) currency, None when the platform did not say;
    ``multicurrency`` whether records in other currencies are accepted at all; ``currencies``
    the codes added to the books (the home one included), empty when the platform has no list.
    """

    home: str | None
    multicurrency: bool
    currencies: tuple[str, ...] = ()

    def to_document(self) -> dict[str, object]:
        """The JSON form kept on the connection."""
        return {
            "home": self.home,
            "multicurrency": self.multicurrency,
            "currencies": list(self.currencies),
        }

    @classmethod
    def from_document(cls, raw: object) -> BooksCurrencies | None:
        """Read :meth:`to_document` output (None when absent or unreadable)."""
        if not isinstance(raw, dict):
            return None
        home = raw.get("home")
        codes = raw.get("currencies")
        return cls(
            home=home if isinstance(home, str) and home else None,
            multicurrency=raw.get("multicurrency") is True,
            currencies=tuple(str(c) for c in codes) if isinstance(codes, list) else (),
        )

    def refusal(self, currency: str, platform: str) -> ProviderError | None:
        """Why a record in ``currency`` cannot be booked here, or None when it can."""
        if self.home is None or currency == self.home:
            return None
        if not self.multicurrency:
            return CurrencyNotEnabled(
                f"it is in {currency}, but multicurrency is off in {platform}, whose books keep "
                f"only {self.home}; it was not sent, so no amount is booked in {self.home}",
                hint=f"Turn on multicurrency in {platform} and add {currency}, or issue the "
                f"record in {self.home}; then sync again.",
            )
        if self.currencies and currency not in self.currencies:
            return CurrencyNotEnabled(
                f"it is in {currency}, which is not one of the currencies added to the books in "
                f"{platform} ({', '.join(self.currencies)}); it was not sent",
                hint=f"Add {currency} to the currencies in {platform}, then sync again.",
            )
        return None
