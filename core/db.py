"""Tortoise configuration built from the settings."""

from __future__ import annotations

from core.settings import Settings

MODELS_MODULES = ["core.models", "aerich.models"]


def db_url(settings: Settings) -> str:
    """The database URL in the form Tortoise expects (asyncpg for PostgreSQL)."""
    url = settings.database_url
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "asyncpg://" + url[len(prefix) :]
    return url


def tortoise_config(settings: Settings) -> dict[str, object]:
    """The TORTOISE_ORM dictionary for the app, the worker and aerich."""
    return {
        "connections": {"default": db_url(settings)},
        "apps": {"models": {"models": MODELS_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def migrations_location(settings: Settings) -> str:
    """Migrations are SQL per dialect, so each database family has its own folder."""
    return "migrations/sqlite" if settings.is_sqlite else "migrations/postgres"
