"""Hostile input values shared by the input-validation tests, and a way to send raw JSON."""

from __future__ import annotations

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


async def execute_with_number(gql: Any, query: str, variables: dict[str, Any], literal: str):
    """Run ``query`` with ``variables`` in which the string ``NUMBER`` is the raw JSON number
    ``literal`` (json.dumps cannot write 1e400); return the decoded body."""
    body = json.dumps({"query": query, "variables": variables}).replace(f'"{NUMBER}"', literal)
    response = await gql.http.post(
        "/graphql",
        content=body.encode(),
        headers={"Authorization": f"Bearer {gql.token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    decoded: dict[str, Any] = response.json()
    return decoded
