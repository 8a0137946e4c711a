"""Scalar overrides: the built-in Decimal scalar, described for the developers who send it."""

from __future__ import annotations

import dataclasses
import decimal

from strawberry.schema.types.base_scalars import DecimalDefinition
from strawberry.types.scalar import ScalarDefinition

DECIMAL = dataclasses.replace(
    DecimalDefinition,
    description=(
        'A decimal number. Send it as a string such as "12.50" (a JSON number is accepted '
        "too, but JSON parsers may round it). Each field says its range and how many decimal "
        "places it takes; a value outside them, NaN or Infinity is a ValidationError that "
        "names the field. Values come back as strings."
    ),
)

SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {decimal.Decimal: DECIMAL}
