"""Shared fixtures: settings for the chosen database, a migrated app, clients and tokens.

Quick path: SQLite files and the embedded queue. CI also sets DATABASE_URL and REDIS_URL to
real PostgreSQL and Redis servers; then every test runs against them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from tortoise import Tortoise

from core.app import create_app
from core.auth import mint_dev_token
from core.db import tortoise_config
from core.models.enums import Role
from core.settings import Settings, load_settings
from tests.provider_sims import XeroSpecCheck

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _test_database_url(tmp_path: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite://{tmp_path / 'test.sqlite3'}"


async def _reset_database(settings: Settings) -> None:
    """Give each test an empty schema (drop and recreate on PostgreSQL, a new file on SQLite)."""
    await Tortoise.init(config=tortoise_config(settings))
    try:
        if not settings.is_sqlite:
            conn = Tortoise.get_connection("default")
            await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await Tortoise.generate_schemas()
    finally:
        await Tortoise.close_connections()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for one test: development mode, a temp state folder, the test database."""
    return load_settings(
        DATABASE_URL=_test_database_url(tmp_path),
        REDIS_URL=os.environ.get("REDIS_URL") or None,
        dev_mode=True,
        state_dir=tmp_path / "state",
        encryption_keys="cw_0x689RpI-jtRR7oE8h_eqsKlZVO1SaoTsvnh5AdM=",
        public_url="http://testserver",
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    """The app with its lifespan running over a fresh schema; every exchange with its mounted
    Xero simulator is checked against Xero's spec, and the test fails on any mismatch."""
    await _reset_database(settings)
    application = create_app(settings)
    spec_check = XeroSpecCheck()
    spec_check.install(application)
    async with application.router.lifespan_context(application):
        yield application
    assert not spec_check.mismatches, spec_check.mismatches


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


class GraphQLClient:
    """Posts GraphQL operations with a bearer token and returns the decoded body."""

    def __init__(self, http: httpx.AsyncClient, token: str | None) -> None:
        self.http = http
        self.token = token

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run an operation; return the whole JSON body (data and errors)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run an operation that must succeed; return its data."""
        body = await self.execute(query, variables)
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
def make_token(settings: Settings):  # type: ignore[no-untyped-def]
    """Mint development tokens: make_token(firm="f1", role=Role.STAFF, user="u1")."""

    def make(firm: str = "firm-a", role: Role = Role.FIRM_ADMIN, user: str = "user-a") -> str:
        return mint_dev_token(settings, firm=firm, role=role, user=user)

    return make


@pytest.fixture
def gql(client: httpx.AsyncClient, make_token) -> GraphQLClient:  # type: ignore[no-untyped-def]
    """A GraphQL client for a FIRM_ADMIN of firm `firm-a`."""
    return GraphQLClient(client, make_token())


@pytest.fixture
def gql_factory(client: httpx.AsyncClient, make_token):  # type: ignore[no-untyped-def]
    """Build GraphQL clients for other users, firms and roles."""

    def make(
        firm: str = "firm-a", role: Role = Role.FIRM_ADMIN, user: str | None = None
    ) -> GraphQLClient:
        token = make_token(firm=firm, role=role, user=user or uuid.uuid4().hex)
        return GraphQLClient(client, token)

    return make


class QueryCounter(logging.Handler):
    """Counts SQL statements Tortoise sends (it logs each one at DEBUG)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.statements.append(message)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries():  # type: ignore[no-untyped-def]
    """`with count_queries() as counter: ...; counter.count` — SQL statements run inside."""

    @contextlib.contextmanager
    def counting() -> Iterator[QueryCounter]:
        logger = logging.getLogger("tortoise.db_client")
        counter = QueryCounter()
        previous = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(counter)
        try:
            yield counter
        finally:
            logger.removeHandler(counter)
            logger.setLevel(previous)

    return counting


async def _unreachable_services() -> list[str]:
    """The configured services (DATABASE_URL, REDIS_URL) that do not answer, with why."""
    import asyncpg
    from redis.asyncio import Redis

    problems: list[str] = []
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        try:
            conn = await asyncpg.connect(database_url, timeout=5)
            await conn.close()
        except Exception as exc:
            problems.append(f"DATABASE_URL does not answer ({type(exc).__name__}: {exc})")
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        redis = Redis.from_url(redis_url, socket_connect_timeout=5)
        try:
            await redis.ping()
        except Exception as exc:
            problems.append(f"REDIS_URL does not answer ({type(exc).__name__}: {exc})")
        finally:
            await redis.aclose()
    return problems


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI, a configured service that is down fails the run instead of skipping tests."""
    if not IN_CI:
        return
    import asyncio

    problems = asyncio.run(_unreachable_services())
    if problems:
        pytest.exit("CI=true but " + "; ".join(problems), returncode=1)


@pytest.fixture(autouse=True)
def _environment_is_left_as_found():  # type: ignore[no-untyped-def]
    """Fail the test that changes DATABASE_URL or REDIS_URL for the tests after it.

    A leaked change would silently move the rest of the session to another database (for
    example from CI's PostgreSQL to SQLite), so it must not pass unnoticed.
    """
    before = {name: os.environ.get(name) for name in ("DATABASE_URL", "REDIS_URL")}
    yield
    after = {name: os.environ.get(name) for name in ("DATABASE_URL", "REDIS_URL")}
    assert after == before, f"the test left the environment changed: {before} -> {after}"
