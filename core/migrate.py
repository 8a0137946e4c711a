"""Applying and generating aerich migrations, per database dialect.

SQL differs between SQLite and PostgreSQL, so each dialect keeps its own folder
(``migrations/sqlite/models`` and ``migrations/postgres/models``) and a model change needs a
migration generated in both (run ``ledgersync makemigrations NAME`` once per dialect).
"""

from __future__ import annotations

from pathlib import Path

from aerich import Command
from aerich.models import Aerich
from tortoise import Tortoise
from tortoise.exceptions import OperationalError

from core.db import migrations_location, tortoise_config
from core.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP = "models"


def location_for(settings: Settings) -> Path:
    """The migrations folder for the settings' dialect, independent of the working directory."""
    return PROJECT_ROOT / migrations_location(settings)


def _command(settings: Settings, location: Path | None) -> Command:
    return Command(
        tortoise_config=tortoise_config(settings),
        app=APP,
        location=str(location or location_for(settings)),
    )


async def _aerich_initialised() -> bool:
    try:
        return bool(await Aerich.exists(app=APP))
    except OperationalError:
        return False


async def apply_migrations(settings: Settings, location: Path | None = None) -> list[str]:
    """Bring the database up to the newest migration; return the files applied.

    A database without aerich's table gets every migration in order (``init_db``); otherwise
    only the ones it has not recorded (``upgrade``).
    """
    folder = location or location_for(settings)
    if not any((folder / APP).glob("*.py")):
        raise FileNotFoundError(f"no migrations in {folder / APP}")
    command = _command(settings, folder)
    try:
        await Tortoise.init(config=tortoise_config(settings))
        if not await _aerich_initialised():
            await command.init_db(safe=True)
            return sorted(p.name for p in (folder / APP).glob("*_*.py"))
        await command.init()
        return await command.upgrade(run_in_transaction=True)
    finally:
        await Tortoise.close_connections()


async def make_migration(settings: Settings, name: str, location: Path | None = None) -> str:
    """Write a migration for the model changes since the last one; '' when there are none.

    The database must be migrated to the newest migration first (aerich diffs against the
    model state recorded there).
    """
    command = _command(settings, location)
    try:
        # aerich skips Tortoise.init when a previous run left Tortoise marked as initialised.
        await Tortoise.init(config=tortoise_config(settings))
        await command.init()
        result: str = await command.migrate(name, no_input=True)
        return result
    finally:
        await Tortoise.close_connections()


async def create_initial_migration(settings: Settings, location: Path | None = None) -> bool:
    """Generate the first migration from the models on an empty database (a new dialect)."""
    command = _command(settings, location)
    try:
        created: bool = await command.init_db(safe=True)
        return created
    finally:
        await Tortoise.close_connections()
