"""Totals of many invoices, one per currency: amounts in different currencies are never added.

The sums are taken here from the stored decimals (not by the database, which keeps decimals as
text on SQLite), so every total is exact to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tortoise.queryset import QuerySet

from core.models import Invoice

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class CurrencyTotals:
    """The documents of one currency: how many, their totals, what was paid and what is owed."""

    currency: str
    count: int
    total: Decimal
    amount_paid: Decimal
    balance: Decimal


async def totals_by_currency(queryset: QuerySet[Invoice]) -> list[CurrencyTotals]:
    """One entry per currency of the documents ``queryset`` selects, by currency code."""
    rows = await queryset.values_list("currency", "total", "amount_paid", "balance")
    sums: dict[str, list[Decimal]] = {}
    counts: dict[str, int] = {}
    for currency, total, paid, balance in rows:
        acc = sums.setdefault(str(currency), [ZERO, ZERO, ZERO])
        for n, value in enumerate((total, paid, balance)):
            acc[n] += Decimal(str(value))
        counts[str(currency)] = counts.get(str(currency), 0) + 1
    return [
        CurrencyTotals(code, counts[code], *(v.quantize(ZERO) for v in sums[code]))
        for code in sorted(sums)
    ]
