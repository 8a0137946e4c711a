"""The checked-in migrations build the schema the models describe, on the current dialect."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from aerich.models import Aerich
from tortoise import Tortoise

from core.db import tortoise_config
from core.migrate import APP, apply_migrations, location_for, make_migration
from core.settings import Settings


async def _empty_database(settings: Settings) -> None:
    if settings.is_sqlite:
        return  # the settings fixture points at a new file in tmp_path
    await Tortoise.init(config=tortoise_config(settings))
    try:
        conn = Tortoise.get_connection("default")
        await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await Tortoise.close_connections()


@pytest.fixture
async def migrations_copy(settings: Settings, tmp_path: Path) -> Path:
    """A copy of this dialect's migrations (a detected change must not touch the real ones)."""
    await _empty_database(settings)
    target = tmp_path / "migrations"
    shutil.copytree(location_for(settings), target)
    return target


async def _table_names(settings: Settings) -> set[str]:
    await Tortoise.init(config=tortoise_config(settings))
    try:
        conn = Tortoise.get_connection("default")
        if settings.is_sqlite:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            sql = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
        _, rows = await conn.execute_query(sql)
        return {row["name"] for row in rows}
    finally:
        await Tortoise.close_connections()


async def test_migrations_on_empty_database_create_every_model_table(
    settings: Settings, migrations_copy: Path
) -> None:
    applied = await apply_migrations(settings, migrations_copy)

    assert applied, "no migration was applied"
    tables = await _table_names(settings)
    for expected in ("firm", "invoice", "payment_application", "external_mapping", "aerich"):
        assert expected in tables


async def test_migrations_match_models_no_new_migration_needed(
    settings: Settings, migrations_copy: Path
) -> None:
    await apply_migrations(settings, migrations_copy)

    generated = await make_migration(settings, "drift_check", migrations_copy)

    assert generated == "", (
        f"the models changed without a migration: run `ledgersync makemigrations NAME` on "
        f"SQLite and on PostgreSQL (aerich would write {generated})"
    )


async def test_migrations_recorded_state_differs_from_models_change_detected(
    settings: Settings, migrations_copy: Path
) -> None:
    """The drift check really fails: forget a column in the recorded state, expect a migration."""
    await apply_migrations(settings, migrations_copy)
    await Tortoise.init(config=tortoise_config(settings))
    try:
        record = await Aerich.filter(app=APP).order_by("-id").first()
        assert record is not None
        content = record.content
        firm = next(v for k, v in content.items() if k.endswith(".Firm"))
        firm["data_fields"] = [f for f in firm["data_fields"] if f["name"] != "default_currency"]
        record.content = content
        await record.save()
    finally:
        await Tortoise.close_connections()

    generated = await make_migration(settings, "drift_check", migrations_copy)

    assert generated != ""
    assert list((migrations_copy / APP).glob("*_drift_check.py"))


async def test_migrations_applied_twice_second_run_applies_nothing(
    settings: Settings, migrations_copy: Path
) -> None:
    await apply_migrations(settings, migrations_copy)

    again = await apply_migrations(settings, migrations_copy)

    assert again == []
