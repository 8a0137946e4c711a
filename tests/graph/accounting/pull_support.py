"""Shared set-up of the pull mutation tests: a connected firm A and a queue that records jobs."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from core.models import Connection


class RecordingQueue:
    """A JobQueue that keeps what was enqueued instead of running it."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, tuple[object, ...], str | None]] = []

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        self.jobs.append((function, args, job_id))
        return True


def record_jobs(app: Starlette) -> RecordingQueue:
    """Swap the app's job queue for a recording one (the jobs are tested in the engine)."""
    queue = RecordingQueue()
    app.state.runtime.queue = queue
    return queue


async def connected(connect: Any, **settings: object) -> tuple[str, Connection]:
    """Connect firm A through the OAuth flow; return the connection's global ID and row."""
    outcome = await connect()
    connection = await Connection.get()
    if settings:
        connection.settings = {**connection.settings, **settings}
        await connection.save(update_fields=["settings"])
    return outcome["connection"], connection
