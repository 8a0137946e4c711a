"""Hypothesis settings and hostile value strategies shared by the fuzz tests.

`make test` runs a bounded, derandomized number of examples so the suite stays quick and the
same every time. ``LEDGERSYNC_FUZZ_EXAMPLES=N`` runs N examples per test with fresh random
data instead, for a longer hunt.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.graph.hostile import ABSURD_NUMBERS

_REQUESTED = os.environ.get("LEDGERSYNC_FUZZ_EXAMPLES", "")


def fuzz_settings(default_examples: int) -> Any:
    """The hypothesis settings of one fuzz test: ``default_examples`` unless the environment
    asks for more."""
    examples = int(_REQUESTED) if _REQUESTED else default_examples
    return settings(
        max_examples=examples,
        derandomize=not _REQUESTED,
        database=None,
        deadline=None,
        # One app (and its seeded books) serves every example of a test, on purpose.
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\ud800",
        "x\udfff",
        "\ufffe",
        "'; DROP TABLE customer; --",
        "%s%n{0}",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "e" * 5000,
        "é" * 1001,
        "😀" * 300,
        "0",
        "-1",
        "null",
        *ABSURD_NUMBERS,
    ]
)
"""Text no input should crash on."""

TEXT = st.one_of(HOSTILE_TEXT, st.text(max_size=80))

NUMBER_TEXT = st.one_of(
    st.sampled_from([*ABSURD_NUMBERS, "0", "-0", "0.01", "1", "12.50", "100", "-5", "1.23456"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
)
"""Text a Decimal scalar may be given."""

DATE_TEXT = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "today", ""]),
)

DATETIME_TEXT = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00", "x"]),
)
