"""POST and GET /graphql with malformed requests: a 4xx with a GraphQL-shaped error, never 500."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from core.app import create_app
from core.settings import Settings

VIEWER = '{"query": "{ viewer { role } }"}'


def _error_code(response: httpx.Response, status: int) -> str:
    """The response is ``status`` with exactly one GraphQL error; return its code."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert list(body) == ["errors"], body
    (error,) = body["errors"]
    assert isinstance(error["message"], str)
    assert error["message"]
    code: str = error["extensions"]["code"]
    return code


@pytest.fixture
def auth(make_token) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {make_token()}"}


async def _post(client: httpx.AsyncClient, auth: dict[str, str], body: bytes, **headers: str):
    return await client.post(
        "/graphql",
        content=body,
        headers={"Content-Type": "application/json", **auth, **headers},
    )


@pytest.mark.parametrize(
    "body",
    [
        b"42",
        b"null",
        b'"x"',
        b"true",
        b"[1, 2]",
        b"[]",
        b'[{"query": "{ viewer { role } }"}]',
        b"[" * 100_000,
        b'{"query": "{ viewer { role } }", "variables": {"x": ' + b"[" * 100_000,
        b'{"query": "{ viewer { role } }", "variables": {"n": ' + b"1" * 5000 + b"}}",
        b'{"query": "\xff\xfe"}',
        '{"query": "{ viewer { role } }"}'.encode("utf-16"),
        b"",
        b"{",
        b'{"query": 5}',
        b'{"query": "{ viewer { role } }", "operationName": {"a": 1}}',
        b'{"query": "{ viewer { role } }", "variables": 5}',
        b'{"query": "{ viewer { role } }", "extensions": []}',
        b'{"query": null}',
    ],
)
async def test_post_malformed_body_is_400_with_graphql_error(client, auth, body: bytes) -> None:
    assert _error_code(await _post(client, auth, body), 400) == "BAD_REQUEST"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
async def test_post_without_json_content_type_is_415(client, auth, content_type: str) -> None:
    response = await _post(client, auth, VIEWER.encode(), **{"Content-Type": content_type})
    assert _error_code(response, 415) == "UNSUPPORTED_MEDIA_TYPE"


@pytest.mark.parametrize(
    "query",
    [
        "variables=5&query=%7Bviewer%7Brole%7D%7D",
        "variables=%7B&query=%7Bviewer%7Brole%7D%7D",
        "variables=" + "%5B" * 10_000 + "&query=%7Bviewer%7Brole%7D%7D",
        "extensions=%ff&query=%7Bviewer%7Brole%7D%7D",
        "query=mutation%7BmarkOverdueInvoices%7B__typename%7D%7D",
    ],
)
async def test_get_bad_query_parameters_are_400_with_graphql_error(client, auth, query) -> None:
    response = await client.get(f"/graphql?{query}", headers=auth)
    assert _error_code(response, 400) == "BAD_REQUEST"


async def test_put_is_405_with_graphql_error(client, auth) -> None:
    response = await client.put("/graphql", content=VIEWER, headers=auth)
    assert _error_code(response, 405) == "METHOD_NOT_ALLOWED"


async def test_post_well_formed_body_still_answers(client, auth) -> None:
    response = await _post(client, auth, VIEWER.encode())
    assert response.json() == {"data": {"viewer": {"role": "FIRM_ADMIN"}}}


@pytest.fixture
async def small_limit(app: Starlette, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An app on the same database whose bodies are limited to 4 KiB."""
    limited = create_app(settings.model_copy(update={"max_request_bytes": 4096}))
    async with limited.router.lifespan_context(limited):
        transport = httpx.ASGITransport(app=limited)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


def _padded(size: int) -> bytes:
    """A valid operation of exactly ``size`` bytes."""
    head = b'{"query": "{ viewer { role } }", "variables": {"pad": "'
    return head + b"x" * (size - len(head) - 3) + b'"}}'


async def test_body_over_the_limit_is_413(small_limit, auth) -> None:
    response = await _post(small_limit, auth, _padded(4097))
    assert _error_code(response, 413) == "REQUEST_TOO_LARGE"


async def test_streamed_body_over_the_limit_is_413(small_limit, auth) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        body = _padded(10_000)
        for start in range(0, len(body), 1000):
            yield body[start : start + 1000]

    response = await small_limit.post(
        "/graphql", content=chunks(), headers={"Content-Type": "application/json", **auth}
    )
    assert "content-length" not in response.request.headers
    assert _error_code(response, 413) == "REQUEST_TOO_LARGE"


async def test_body_at_the_limit_is_served(small_limit, auth) -> None:
    response = await _post(small_limit, auth, _padded(4096))
    assert response.json() == {"data": {"viewer": {"role": "FIRM_ADMIN"}}}


async def _websocket_messages(app: Starlette, text: str) -> list[dict[str, Any]]:
    """Open a graphql-transport-ws socket, send ``text``, and return what the server sent."""
    incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    incoming.put_nowait({"type": "websocket.connect"})
    incoming.put_nowait({"type": "websocket.receive", "text": text})
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "websocket.close":
            incoming.put_nowait({"type": "websocket.disconnect", "code": message["code"]})

    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "scheme": "ws",
        "headers": [(b"host", b"testserver")],
        "subprotocols": ["graphql-transport-ws"],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "app": app,
    }
    await asyncio.wait_for(app(scope, incoming.get, send), timeout=10)
    return sent


@pytest.mark.parametrize(
    "text", ["[" * 100_000, '{"type": "connection_init", "payload": ' + "[" * 100_000 + "}"]
)
async def test_websocket_message_nested_too_deeply_closes_with_4400(app, text: str) -> None:
    sent = await _websocket_messages(app, text)
    assert sent[-1]["type"] == "websocket.close"
    assert sent[-1]["code"] == 4400
