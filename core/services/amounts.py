"""The allowed ranges of money, quantities and rates, checked before any arithmetic.

Each range matches the database column that stores the value (a DECIMAL with so many digits
before and after the point) and the platforms' decimals: amounts and prices have 2 decimal
places (QuickBooks Online, Xero and QuickBooks Desktop amounts), quantities and tax rates 4.

A value is checked on its digits and exponent alone, before it is rounded, multiplied or
compared with anything else, so ``1E+999999999``, ``NaN`` or thirty nines never reach an
operation that would overflow the decimal context: they get a ValidationFailed that names the
field and says the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.errors import ValidationFailed

# Longer values are not repeated in the message: the input may be thousands of digits.
_SHOWN_MAX = 32


def decimal_places(value: Decimal) -> int:
    """How many digits after the point the value needs (trailing zeros do not count)."""
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0 or not any(digits):
        return 0
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - trailing)


def _plain(value: Decimal) -> str:
    """1,000.5 rather than 1000.5000 or 1E+3."""
    return f"{value.normalize():,f}"


@dataclass(frozen=True, slots=True)
class DecimalRange:
    """The values a decimal field takes: from ``minimum`` to ``maximum``, ``places`` decimals."""

    minimum: Decimal
    maximum: Decimal
    places: int

    def __post_init__(self) -> None:
        # _problem relies on it: a positive value under the minimum has too many decimals.
        if self.minimum not in (0, self._step):
            raise ValueError("the minimum of a DecimalRange is 0 or one step (10^-places)")

    def describe(self) -> str:
        """The range in words, for messages and the schema descriptions."""
        return (
            f"from {_plain(self.minimum)} to {_plain(self.maximum)}, "
            f"with at most {self.places} decimal places"
        )

    def check(self, value: Decimal, *, field: str, label: str) -> Decimal:
        """Return ``value`` with ``places`` decimals, or raise ValidationFailed naming ``field``.

        ``label`` starts the message, e.g. "Unit price". A negative zero becomes 0.
        """
        problem = self._problem(value)
        if problem is not None:
            shown = str(value)
            got = f" (got {shown})" if len(shown) <= _SHOWN_MAX else ""
            raise ValidationFailed(
                f"{label} {problem}: it must be {self.describe()}{got}", field=field
            )
        # Safe now that the value is in range: the result has at most 14 digits.
        return value.quantize(self._step) + 0

    @property
    def _step(self) -> Decimal:
        return Decimal(1).scaleb(-self.places)

    def _problem(self, value: Decimal) -> str | None:
        if not value.is_finite():
            return "must be a finite number"
        # adjusted() is the exponent of the first digit: no arithmetic on a huge value.
        if value.adjusted() > self.maximum.adjusted() or value > self.maximum:
            return "is too large"
        if value < 0 or (value == 0 and self.minimum > 0):
            return "cannot be negative" if self.minimum == 0 else "must be greater than 0"
        # A positive value under the minimum (one step, 0.01 or 0.0001) has too many decimals.
        if decimal_places(value) > self.places:
            return f"can have at most {self.places} decimal places"
        return None


# DECIMAL(14, 2) columns: 12 digits before the point, 2 after.
MAX_MONEY = Decimal("999999999999.99")

PRICE = DecimalRange(minimum=Decimal("0.00"), maximum=MAX_MONEY, places=2)
"""A unit price: 0 is a free item or line."""

AMOUNT = DecimalRange(minimum=Decimal("0.01"), maximum=MAX_MONEY, places=2)
"""A payment amount or the part of it applied to an invoice."""

# DECIMAL(14, 4): 10 digits before the point, 4 after.
QUANTITY = DecimalRange(minimum=Decimal("0.0001"), maximum=Decimal("9999999999.9999"), places=4)
"""Units sold on an invoice line."""

TAX_RATE = DecimalRange(minimum=Decimal("0.0000"), maximum=Decimal("100.0000"), places=4)
"""A line's tax rate in percent."""

# DECIMAL(20, 10): 10 digits before the point, 10 after.
EXCHANGE_RATE = DecimalRange(
    minimum=Decimal("0.0000000001"), maximum=Decimal("9999999999.9999999999"), places=10
)
"""Home-currency units of the connected books for one unit of a document's currency."""
