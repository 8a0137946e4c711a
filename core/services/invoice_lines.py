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
from core.services.amounts import MAX_MONEY, PRICE, QUANTITY, TAX_RATE

CENT = Decimal("0.01")
# QuickBooks Online and Xero both keep at most 4,000 characters of a line description.
DESCRIPTION_MAX_LENGTH = 4000
HUNDRED = Decimal(100)


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


def _validate_line(line: LineInput, item: Item | None, field: str) -> PricedLine:
    quantity = QUANTITY.check(line.quantity, field=f"{field}.quantity", label="Quantity")
    tax_rate = TAX_RATE.check(line.tax_rate, field=f"{field}.taxRate", label="Tax rate")
    unit_price = line.unit_price
    if unit_price is None:
        if item is None:
            raise ValidationFailed(
                "a line without an item needs a unit price", field=f"{field}.unitPrice"
            )
        unit_price = item.unit_price
    unit_price = PRICE.check(unit_price, field=f"{field}.unitPrice", label="Unit price")
    description = (line.description or "").strip()
    if not description and item is not None:
        description = (item.description or item.name).strip()
    if not description:
        raise ValidationFailed(
            "a line without an item needs a description", field=f"{field}.description"
        )
    amount, tax = line_amounts(quantity, unit_price, tax_rate)
    if amount + tax > MAX_MONEY:
        raise ValidationFailed(
            f"the line amount with tax would be {amount + tax:,}, more than {MAX_MONEY:,}",
            field=f"{field}.quantity",
        )
    return PricedLine(
        item_id=item.id if item else None,
        description=description,
        quantity=quantity,
        unit_price=unit_price,
        tax_rate=tax_rate,
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
    total = totals_of(priced).total
    if total > MAX_MONEY:
        raise ValidationFailed(
            f"the invoice total would be {total:,}, more than {MAX_MONEY:,}", field="lines"
        )
    return priced
