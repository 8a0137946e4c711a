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
