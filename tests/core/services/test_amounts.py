"""The ranges of money, quantities and rates, checked before any arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import ValidationFailed
from core.services.amounts import AMOUNT, PRICE, QUANTITY, TAX_RATE, decimal_places


@pytest.mark.parametrize(
    ("value", "places"),
    [("1", 0), ("1.50", 1), ("1.000", 0), ("0.0001", 4), ("1E+3", 0), ("0E-9", 0), ("1E-40", 40)],
)
def test_decimal_places_ignores_trailing_zeros(value: str, places: int) -> None:
    assert decimal_places(Decimal(value)) == places


@pytest.mark.parametrize(
    "value",
    [
        "123456789012345678901234567890",
        "1e400",
        "1E+999999999",
        "1E-999999999",
        # 32 significant digits: the default context would round it to 1 before comparing.
        "1.0000000000000000000000000000001",
        "NaN",
        "sNaN",
        "Infinity",
        "-Infinity",
        "-0.01",
        "1000000000000",
        "0.001",
    ],
)
def test_price_out_of_range_names_field_and_range(value: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        PRICE.check(Decimal(value), field="unitPrice", label="Unit price")
    assert caught.value.field == "unitPrice"
    assert "from 0 to 999,999,999,999.99, with at most 2 decimal places" in caught.value.message


@pytest.mark.parametrize(("value", "kept"), [("0", "0.00"), ("-0", "0.00"), ("1E+2", "100.00")])
def test_price_in_range_is_given_two_decimals(value: str, kept: str) -> None:
    assert str(PRICE.check(Decimal(value), field="f", label="Unit price")) == kept


def test_price_maximum_is_accepted() -> None:
    assert PRICE.check(Decimal("999999999999.99"), field="f", label="x") == Decimal(
        "999999999999.99"
    )


@pytest.mark.parametrize("value", ["0", "-3", "-0", "0.00001", "10000000000", "9" * 30])
def test_quantity_out_of_range_says_the_same_range(value: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        QUANTITY.check(Decimal(value), field="lines[0].quantity", label="Quantity")
    assert caught.value.field == "lines[0].quantity"
    assert "from 0.0001 to 9,999,999,999.9999" in caught.value.message


def test_quantity_zero_and_negative_get_the_same_reason() -> None:
    reasons = set()
    for value in ("0", "-3"):
        with pytest.raises(ValidationFailed) as caught:
            QUANTITY.check(Decimal(value), field="q", label="Quantity")
        reasons.add(caught.value.message.split(":")[0])
    assert reasons == {"Quantity must be greater than 0"}


@pytest.mark.parametrize(("rule", "low"), [(AMOUNT, "0"), (TAX_RATE, "-0.0001")])
def test_below_minimum_is_refused(rule, low: str) -> None:
    with pytest.raises(ValidationFailed):
        rule.check(Decimal(low), field="f", label="x")


def test_tax_rate_hundred_is_the_maximum() -> None:
    assert TAX_RATE.check(Decimal("100"), field="f", label="x") == Decimal("100.0000")
    with pytest.raises(ValidationFailed):
        TAX_RATE.check(Decimal("100.0001"), field="f", label="x")


def test_long_value_is_not_repeated_in_the_message() -> None:
    with pytest.raises(ValidationFailed) as caught:
        AMOUNT.check(Decimal("9" * 5000), field="amount", label="Amount")
    assert "9" * 40 not in caught.value.message


@pytest.mark.parametrize(
    ("rule", "tiny"), [(QUANTITY, "0.00001"), (AMOUNT, "0.001"), (QUANTITY, "1E-999999999")]
)
def test_positive_value_below_the_minimum_is_refused_for_its_decimals(rule, tiny: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rule.check(Decimal(tiny), field="f", label="Value")
    assert caught.value.message.startswith(f"Value can have at most {rule.places} decimal places")
