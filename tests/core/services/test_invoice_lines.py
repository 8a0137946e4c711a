"""Line validation: the message for a refused number states the rule that refused it."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from core.errors import ValidationFailed
from core.services.invoice_lines import LineInput, price_lines


def _line(quantity: str) -> LineInput:
    return LineInput(description="Work", quantity=Decimal(quantity), unit_price=Decimal(10))


@pytest.mark.parametrize("quantity", ["-3", "0", "-0.0001", "0.0000"])
async def test_price_lines_quantity_not_above_0_says_greater_than_0(quantity) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await price_lines(uuid.uuid4(), [_line(quantity)])

    assert caught.value.field == "lines[0].quantity"
    # The same statement for every value at or below 0 (never "at least 0", which 0 meets).
    assert caught.value.message.startswith("Quantity must be greater than 0: ")
    assert "at least" not in caught.value.message


async def test_price_lines_negative_unit_price_says_at_least_0() -> None:
    line = LineInput(description="Work", quantity=Decimal(1), unit_price=Decimal("-1"))

    with pytest.raises(ValidationFailed) as caught:
        await price_lines(uuid.uuid4(), [line])

    assert caught.value.field == "lines[0].unitPrice"
    assert caught.value.message.startswith("Unit price cannot be negative: it must be from 0 to ")


async def test_price_lines_zero_unit_price_is_accepted() -> None:
    line = LineInput(description="Free", quantity=Decimal(1), unit_price=Decimal(0))

    [priced] = await price_lines(uuid.uuid4(), [line])

    assert priced.amount == Decimal("0.00")
