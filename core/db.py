"""Tortoise configuration built from the settings."""

from __future__ import annotations

from tortoise.backends.base.config_generator import expand_db_url

from core.settings import Settings

MODELS_MODULES = ["core.models", "aerich.models"]


def db_url(settings: Settings) -> str:
    """The database URL in the form Tortoise expects (asyncpg for PostgreSQL)."""
    url = settings.database_url
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "asyncpg://" + url[len(prefix) :]
    return url


async def release_without_reset_query(connection: object) -> None:
    """Give a pooled PostgreSQL connection back as it is (asyncpg's ``reset`` hook).

    asyncpg's default sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET
    ALL;`` on every release: one more round trip for each query Tortoise runs outside a
    transaction. Ledgersync keeps no session state that would outlive a checkout: it takes no
    advisory locks (row locks end with their transaction), opens no cursors, never LISTENs and
    never SETs a session variable (``tests/core/test_db.py`` keeps it so). asyncpg still rolls
    back a transaction left open and drops listeners before calling this hook.
    """


def _connection(settings: Settings) -> str | dict[str, object]:
    url = db_url(settings)
    if settings.is_sqlite:
        return url
    config: dict[str, object] = expand_db_url(url)
    credentials = config["credentials"]
    assert isinstance(credentials, dict)
    credentials["reset"] = release_without_reset_query
    return config


def tortoise_config(settings: Settings) -> dict[str, object]:
    """The TORTOISE_ORM dictionary for the app, the worker and aerich."""
    return {
        "connections": {"default": _connection(settings)},
        "apps": {"models": {"models": MODELS_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def migrations_location(settings: Settings) -> str:
    """Migrations are SQL per dialect, so each database family has its own folder."""
    return "migrations/sqlite" if settings.is_sqlite else "migrations/postgres"
