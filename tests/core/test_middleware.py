"""The request observer: one log line per request, and a client that leaves is no error."""

from __future__ import annotations

import logging

import pytest
from starlette.applications import Starlette
from starlette.types import Message

from core.middleware import CLIENT_CLOSED


async def _post_then_disconnect(app: Starlette, path: str) -> list[Message]:
    """POST half a body to ``path``, then hang up the way uvicorn reports it."""
    incoming: list[Message] = [
        {"type": "http.request", "body": b'{"query": "{ vie', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "app": app,
    }
    # The server logs "Exception in ASGI application" with a traceback for anything raised here.
    await app(scope, receive, send)
    return sent


@pytest.mark.parametrize("path", ["/graphql", "/webhooks/quickbooks"])
async def test_client_disconnect_mid_body_is_logged_at_info_not_raised(
    app: Starlette, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    caplog.set_level(logging.INFO)

    sent = await _post_then_disconnect(app, path)

    assert not [m for m in sent if m["type"] == "http.response.start"]
    lines = [r for r in caplog.records if r.name == "ledgersync.http"]
    assert lines[-1].levelno == logging.INFO
    assert lines[-1].msg["status"] == CLIENT_CLOSED  # type: ignore[index]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
