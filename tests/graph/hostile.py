"""Hostile input values shared by the input-validation tests, and a way to send raw JSON."""

from __future__ import annotations

import base64
import json
from typing import Any

# Numbers no money, quantity or rate field takes, sent as strings (the Decimal scalar's form).
ABSURD_NUMBERS = (
    "123456789012345678901234567890",
    "9" * 30,
    "1e400",
    "1E+999999999",
    "1E-999999999",
    "0.0000000000000000000000000000001",
    "NaN",
    "sNaN",
    "Infinity",
    "-Infinity",
)

# The same sent as JSON numbers: a float the JSON parser makes infinite, and 10^30.
JSON_NUMBER_LITERALS = ("1e400", "-1e400", "1" + "0" * 30)

# A placeholder the raw-body helper replaces with a JSON number literal.
NUMBER = "<number>"


async def execute_escaped(gql: Any, query: str, variables: dict[str, Any], literal: str = ""):
    """Run ``query`` the way a JSON library that escapes non-ASCII writes it (httpx cannot
    encode an unpaired surrogate), with the string ``NUMBER`` in ``variables`` sent as the raw
    JSON number ``literal`` when given (json.dumps cannot write 1e400); return the body."""
    body = json.dumps({"query": query, "variables": variables})
    if literal:
        body = body.replace(f'"{NUMBER}"', literal)
    response = await gql.http.post(
        "/graphql",
        content=body.encode(),
        headers={"Authorization": f"Bearer {gql.token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    decoded: dict[str, Any] = response.json()
    return decoded


def forged_cursor(value: object) -> str:
    """A cursor encoded like ours around any JSON value."""
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# Well-encoded cursors that do not point at a record: wrong key type, huge key, wrong shape.
FORGED_CURSORS = (
    forged_cursor(["2026-01-01T00:00:00+00:00", "not-a-key"]),
    forged_cursor(["2026-01-01T00:00:00+00:00", "1" * 40]),
    forged_cursor(["2026-01-01T00:00:00+00:00", "12"]),
    forged_cursor(["2026-01-01T00:00:00+00:00", "3fa85f64-5717-4562-b3fc-2c963f66afa6"]),
    forged_cursor(["2026-01-01T00:00:00", "9" * 5000]),
    forged_cursor(["not a date", "x"]),
    forged_cursor({"a": 1}),
    forged_cursor([1, 2, 3]),
)
