"""End-to-end fixtures: the app served by a real uvicorn server, and a websocket GraphQL client.

The embedded tests run without REDIS_URL whatever the environment says. Tests marked `redis`
need the Redis server named by REDIS_URL: they skip without it, except under CI, where a missing
server is a failure.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Callable

import pytest
import redis
import uvicorn
from gql import Client
from gql.transport.websockets import WebsocketsTransport

from core.settings import Settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _require_redis() -> str:
    url = os.environ.get("REDIS_URL")
    problem = None
    if not url:
        problem = "REDIS_URL is not set"
    else:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            problem = f"the Redis server at REDIS_URL does not answer: {exc}"
    if problem is not None:
        # CI's SQLite path leaves REDIS_URL unset on purpose; its Redis path sets it.
        if IN_CI and url:
            pytest.fail(f"{problem}, but CI is set: the Redis path must run in CI")
        pytest.skip(problem)
    assert url is not None
    return url


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """Redis settings for `redis`-marked tests, the embedded queue for the others."""
    if request.node.get_closest_marker("redis"):
        url = _require_redis()
        # The test's Redis database is its own: start from an empty queue.
        redis.Redis.from_url(url).flushdb()
        return settings.model_copy(update={"redis_url": url})
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


@pytest.fixture
async def server(app) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """Serve the app (its lifespan already running) on a free 127.0.0.1 port; yield host:port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    config = uvicorn.Config(app, lifespan="off", log_level="warning", ws="websockets-sansio")
    uv = uvicorn.Server(config)
    task = asyncio.create_task(uv.serve(sockets=[sock]))
    async with asyncio.timeout(10):
        while not uv.started:  # noqa: ASYNC110 - uvicorn exposes only a flag
            await asyncio.sleep(0.01)
    try:
        yield f"{host}:{port}"
    finally:
        uv.should_exit = True
        await task
        sock.close()


@pytest.fixture
def ws_client(server: str) -> Callable[[str | None], Client]:
    """ws_client(token): a gql client speaking graphql-transport-ws to the served app."""

    def make(token: str | None) -> Client:
        transport = WebsocketsTransport(
            url=f"ws://{server}/graphql",
            subprotocols=["graphql-transport-ws"],
            init_payload={"Authorization": f"Bearer {token}"} if token else {},
        )
        return Client(transport=transport, fetch_schema_from_transport=False)

    return make
