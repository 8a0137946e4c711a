"""The checked-in schema.graphql is exactly what the code serves."""

from __future__ import annotations

from pathlib import Path

from graph.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_schema_file_matches_the_code() -> None:
    current = schema.as_str().rstrip("\n") + "\n"

    recorded = SCHEMA_FILE.read_text() if SCHEMA_FILE.exists() else ""

    assert recorded == current, "schema.graphql is stale: run `make schema` and commit it"
