"""Counting the SQL statements PostgreSQL receives, as asyncpg sends them.

Tortoise's own log shows only the statements it runs itself; asyncpg sends more on its own: the
reset of a pooled connection on release (``SELECT pg_advisory_unlock_all(); CLOSE ALL; …``),
``BEGIN``/``COMMIT`` of transactions and the type introspection of a new connection. Every one
of them goes through one of three methods of ``asyncpg.Connection``: ``execute`` without
arguments (the simple-query protocol), the private ``__execute`` (every prepared statement:
``fetch``, ``fetchrow``, ``execute`` with arguments, introspection) and ``_executemany``.
:func:`count_pg_statements` wraps those three for as long as it is active, so what it counts is
what the server is asked to run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from asyncpg.connection import Connection

_PREPARED = "_Connection__execute"


@dataclass
class StatementLog:
    """The statements sent while counting, in order."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many statements were sent."""
        return len(self.statements)

    def matching(self, text: str) -> list[str]:
        """The statements containing ``text`` (case-insensitive)."""
        needle = text.lower()
        return [s for s in self.statements if needle in s.lower()]

    def clear(self) -> None:
        """Forget what was counted so far."""
        self.statements.clear()


@contextlib.contextmanager
def count_pg_statements() -> Iterator[StatementLog]:
    """Count every statement any asyncpg connection of this process sends while active."""
    log = StatementLog()
    simple = Connection.execute
    prepared = getattr(Connection, _PREPARED)
    many = Connection._executemany

    async def execute(self: Connection, query: str, *args: Any, **kwargs: Any) -> Any:
        if not args:
            # With arguments, execute() goes through __execute, which counts it.
            log.statements.append(query)
        return await simple(self, query, *args, **kwargs)

    async def execute_prepared(self: Connection, query: str, *args: Any, **kwargs: Any) -> Any:
        log.statements.append(query)
        return await prepared(self, query, *args, **kwargs)

    async def execute_many(self: Connection, query: str, *args: Any, **kwargs: Any) -> Any:
        log.statements.append(query)
        return await many(self, query, *args, **kwargs)

    Connection.execute = execute  # type: ignore[method-assign]
    setattr(Connection, _PREPARED, execute_prepared)
    Connection._executemany = execute_many  # type: ignore[method-assign]
    try:
        yield log
    finally:
        Connection.execute = simple  # type: ignore[method-assign]
        setattr(Connection, _PREPARED, prepared)
        Connection._executemany = many  # type: ignore[method-assign]
