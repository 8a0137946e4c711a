"""Schema extensions: empty selection sets are refused and unexpected errors are masked, even
when they happen before execution (while the operation is parsed or validated)."""

from __future__ import annotations

import logging

import pytest
from strawberry.extensions import query_depth_limiter

from graph.extensions import MASKED_MESSAGE


@pytest.mark.parametrize(
    "query",
    [
        "{ viewer { } }",
        "{ }",
        "query { viewer { firm { } } }",
        "fragment F on Viewer { } { viewer { ...F } }",
        'mutation { createItem(input: {name: "x"}) { ... on CreateItemSuccess { } } }',
    ],
)
async def test_empty_selection_set_is_a_syntax_error(gql, query: str) -> None:
    body = await gql.execute(query)

    assert body["data"] is None
    (error,) = body["errors"]
    assert error["message"].startswith("Syntax Error:"), error
    assert error["locations"], error


async def test_unexpected_error_while_validating_is_masked_and_logged(
    gql, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(query_depth_limiter, "determine_depth", broken)

    # A query text no other test sends, so the validation cache cannot answer it.
    body = await gql.execute("{ viewer { role firm { name } } }")

    (error,) = body["errors"]
    assert error["message"] == MASKED_MESSAGE
    assert "internal detail" not in str(body)
    logged = [r for r in caplog.records if r.name == "ledgersync.graphql"]
    assert logged
    assert logged[-1].levelno == logging.ERROR


async def test_same_query_twice_is_validated_once(gql) -> None:
    from strawberry.extensions.validation_cache import _get_validate_cache

    cached = _get_validate_cache(256)
    query = "{ viewer { role firm { id name } } }"
    await gql.execute(query)
    hits = cached.cache_info().hits

    await gql.execute(query)

    assert cached.cache_info().hits == hits + 1


async def test_too_deep_query_is_refused_with_the_shared_rules(gql) -> None:
    from graph.schema import MAX_DEPTH

    # The depth rule reads the document alone: unknown fields are enough to nest it.
    inner = "role"
    for _ in range(MAX_DEPTH + 1):
        inner = f"nested {{ {inner} }}"
    body = await gql.execute(f"{{ viewer {{ {inner} }} }}")

    assert body.get("data") is None
    messages = [error["message"] for error in body["errors"]]
    assert any("exceeds maximum operation depth" in m for m in messages), messages
