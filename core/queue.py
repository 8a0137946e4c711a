"""The seam between core services and the job queue (arq lives in ``workers``)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class JobQueue(Protocol):
    """Enqueues background jobs by name."""

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        """Queue ``function(*args)``; return False if a job with ``job_id`` is already queued."""
        ...
