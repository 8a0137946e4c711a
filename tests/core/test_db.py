"""The PostgreSQL pool releases connections without asyncpg's reset query, and that is safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tortoise import Tortoise

from core.db import tortoise_config
from core.models import Firm
from core.settings import Settings
from tests.sql_counter import count_pg_statements

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "graph", "integrations", "workers")
# SQL that leaves state on the session, which a pooled connection would carry to its next user
# now that releasing it sends no reset query.
SESSION_STATE = re.compile(
    r"pg_(try_)?advisory_(xact_)?lock|set_config\(|\.add_listener\("
    r"""|["']\s*(LISTEN|SET|DECLARE)\s"""
)


def test_sources_take_no_session_level_state() -> None:
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for package in PACKAGES
        for path in (REPO / package).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if SESSION_STATE.search(line) and "SESSION_STATE" not in line
    ]
    assert offenders == []


def test_session_state_pattern_catches_an_advisory_lock_and_a_set() -> None:
    assert SESSION_STATE.search("SELECT pg_advisory_lock(42)")
    assert SESSION_STATE.search("await conn.execute('SET search_path TO tenant')")
    assert SESSION_STATE.search('await conn.execute("LISTEN runs")')
    assert not SESSION_STATE.search("\"UPDATE invoice SET status = 'PAID'\"")
    assert not SESSION_STATE.search("# set one to push refunds")


def test_tortoise_config_on_sqlite_is_the_plain_url(settings: Settings) -> None:
    if not settings.is_sqlite:
        pytest.skip("the SQLite form of the configuration")
    assert isinstance(tortoise_config(settings)["connections"]["default"], str)  # type: ignore[index]


@pytest.fixture
async def postgres(settings: Settings):  # type: ignore[no-untyped-def]
    if settings.is_sqlite:
        pytest.skip("asyncpg's pool is PostgreSQL's; run with DATABASE_URL")
    await Tortoise.init(config=tortoise_config(settings))
    conn = Tortoise.get_connection("default")
    await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await Tortoise.generate_schemas()
    try:
        yield conn
    finally:
        await Tortoise.close_connections()


async def test_pooled_query_sends_only_its_statement(postgres) -> None:
    await Firm.all().count()
    with count_pg_statements() as log:
        await Firm.all().count()
    assert log.count == 1, log.statements


async def test_connection_released_inside_a_transaction_is_rolled_back(postgres) -> None:
    pool = postgres._pool
    async with pool.acquire() as raw:
        await raw.execute("BEGIN")
        await raw.execute(
            "INSERT INTO firm (id, external_id, name, default_currency, created_at, updated_at)"
            " VALUES (gen_random_uuid(), 'left-open', 'x', 'USD', now(), now())"
        )
    # The release rolled the open transaction back: the next user does not inherit it.
    async with pool.acquire() as raw:
        assert not raw.is_in_transaction()
    assert await Firm.filter(external_id="left-open").count() == 0
