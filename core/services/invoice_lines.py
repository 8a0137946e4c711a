"""Invoice line input, its validation against the firm's items, and the totals arithmetic.

Pure Decimal arithmetic: each line's net amount and tax are rounded half-up to cents, and the
invoice totals are the sums of the rounded line figures, so the totals always add up to what
the lines show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from core.errors import NotFound, ValidationFailed
from core.models import Item

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# The database columns hold 14 digits with 2 decimals.
MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True, slots=True)
class LineInput:
    """One line as the caller sends it; item, description and price may come from the item."""

    item_id: UUID | None = None
    description: str | None = None
    quantity: Decimal = Decimal(1)
    unit_price: Decimal | None = None
    tax_rate: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A validated line with its rounded amounts."""

    item_id: UUID | None
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    amount: Decimal
    tax: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    """An invoice's subtotal, tax total and total."""

    subtotal: Decimal
    tax_total: Decimal
    total: Decimal


def round_cents(value: Decimal) -> Decimal:
    """Round half-up to cents (1.005 → 1.01)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_amounts(
    quantity: Decimal, unit_price: Decimal, tax_rate: Decimal
) -> tuple[Decimal, Decimal]:
    """(net amount, tax) of one line, each rounded half-up to cents."""
    net = round_cents(quantity * unit_price)
    tax = round_cents(net * tax_rate / HUNDRED)
    return net, tax


def totals_of(lines: Sequence[PricedLine]) -> Totals:
    """Sum the rounded line figures."""
    subtotal = sum((line.amount for line in lines), Decimal("0.00"))
    tax_total = sum((line.tax for line in lines), Decimal("0.00"))
    return Totals(subtotal=subtotal, tax_total=tax_total, total=subtotal + tax_total)


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check_number(
    value: Decimal, field: str, *, places: int, minimum: Decimal, exclusive: bool = False
) -> None:
    if not value.is_finite():
        raise ValidationFailed("must be a finite number", field=field)
    if exclusive and value <= minimum:
        raise ValidationFailed(f"must be greater than {minimum}", field=field)
    if value < minimum:
        raise ValidationFailed(f"must be at least {minimum}", field=field)
    if _places(value.normalize()) > places:
        raise ValidationFailed(f"must have at most {places} decimal places", field=field)


def _validate_line(line: LineInput, item: Item | None, field: str) -> PricedLine:
    _check_number(line.quantity, f"{field}.quantity", places=4, minimum=Decimal(0), exclusive=True)
    _check_number(line.tax_rate, f"{field}.taxRate", places=4, minimum=Decimal(0))
    if line.tax_rate > HUNDRED:
        raise ValidationFailed("must be between 0 and 100 (a percentage)", field=f"{field}.taxRate")
    unit_price = line.unit_price
    if unit_price is None:
        if item is None:
            raise ValidationFailed(
                "a line without an item needs a unit price", field=f"{field}.unitPrice"
            )
        unit_price = item.unit_price
    _check_number(unit_price, f"{field}.unitPrice", places=2, minimum=Decimal(0))
    description = (line.description or "").strip()
    if not description and item is not None:
        description = (item.description or item.name).strip()
    if not description:
        raise ValidationFailed(
            "a line without an item needs a description", field=f"{field}.description"
        )
    amount, tax = line_amounts(line.quantity, unit_price, line.tax_rate)
    if amount + tax > MAX_AMOUNT:
        raise ValidationFailed("the line amount is too large", field=f"{field}.quantity")
    return PricedLine(
        item_id=item.id if item else None,
        description=description,
        quantity=line.quantity,
        unit_price=unit_price,
        tax_rate=line.tax_rate,
        amount=amount,
        tax=tax,
    )


async def price_lines(firm_id: UUID, lines: Sequence[LineInput]) -> list[PricedLine]:
    """Validate the lines (items must belong to the firm) and compute their amounts.

    Raises ValidationFailed or NotFound naming the line field at fault, e.g. ``lines[1].quantity``.
    """
    item_ids = {line.item_id for line in lines if line.item_id is not None}
    items: dict[UUID, Item] = {}
    if item_ids:
        items = {item.id: item for item in await Item.filter(firm_id=firm_id, id__in=item_ids)}
    priced = []
    for index, line in enumerate(lines):
        field = f"lines[{index}]"
        item = None
        if line.item_id is not None:
            item = items.get(line.item_id)
            if item is None:
                raise NotFound("no item with this ID in your firm", field=f"{field}.itemId")
        priced.append(_validate_line(line, item, field))
    if totals_of(priced).total > MAX_AMOUNT:
        raise ValidationFailed("the invoice total is too large", field="lines")
    return priced
