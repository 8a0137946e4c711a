"""Opening the queue and event connections for a process, embedded or on Redis.

With REDIS_URL set, the API process enqueues jobs on Redis and a separate ``python -m workers``
process runs them. Without it, an in-process fakeredis server carries both the queue and the event
bus, and (unless disabled) the same arq worker runs as a task inside the API process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType

from arq.connections import ArqRedis
from arq.worker import Worker
from fakeredis import FakeServer
from fakeredis.aioredis import FakeAsyncRedisMixin, FakeRedis
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from core.auth import TokenVerifier
from core.crypto import SecretBox
from core.events import RedisEventBus
from core.runtime import Runtime
from core.settings import Settings
from core.sync.session import ProviderEnv
from core.sync.tokens import CredentialStore

logger = logging.getLogger("ledgersync.worker")

# What the embedded queue reports instead of a Redis server's INFO sections.
EMBEDDED_INFO: dict[str, str] = {
    "redis_version": "embedded-fakeredis",
    "used_memory_human": "n/a",
    "connected_clients": "n/a",
}
EMBEDDED_POLL_DELAY = 0.2


class ArqJobQueue:
    """The core JobQueue over an arq pool."""

    def __init__(self, pool: ArqRedis) -> None:
        self._pool = pool

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        """Queue a job; False when a job with the same id is already queued or running."""
        job = await self._pool.enqueue_job(function, *args, _job_id=job_id)
        return job is not None


class _StartupInfoPipeline:
    """Answers the one non-transactional pipeline arq sends: its start-up INFO report.

    arq's ``log_redis_info`` asks for three INFO sections and DBSIZE when a worker starts.
    fakeredis has no INFO command, so the sections come from :data:`EMBEDDED_INFO` and DBSIZE
    from the fake server itself. Any other use fails loudly with an AttributeError.
    """

    def __init__(self, redis: FakeArqRedis) -> None:
        self._redis = redis
        self._queued: list[str] = []

    async def __aenter__(self) -> _StartupInfoPipeline:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def info(self, section: str | None = None) -> _StartupInfoPipeline:
        """Queue an INFO section request."""
        self._queued.append("info")
        return self

    def dbsize(self) -> _StartupInfoPipeline:
        """Queue a DBSIZE request."""
        self._queued.append("dbsize")
        return self

    async def execute(self) -> list[object]:
        """Answer the queued requests in order."""
        results: list[object] = []
        for name in self._queued:
            results.append(dict(EMBEDDED_INFO) if name == "info" else await self._redis.dbsize())
        self._queued.clear()
        return results


class FakeArqRedis(FakeAsyncRedisMixin, ArqRedis):  # type: ignore[misc]
    """An arq connection over an in-process fakeredis server (the embedded queue)."""

    def pipeline(  # type: ignore[override]
        self, transaction: bool = True, shard_hint: str | None = None
    ) -> Pipeline | _StartupInfoPipeline:
        """arq's own pipelines are transactional; the non-transactional one is its INFO report."""
        if transaction:
            return super().pipeline(transaction=True, shard_hint=shard_hint)
        return _StartupInfoPipeline(self)

    async def close(self, close_connection_pool: bool | None = None) -> None:
        """arq's worker still calls the deprecated ``close``; route it to ``aclose``."""
        await self.aclose(close_connection_pool=close_connection_pool)


class EmbeddedWorker:
    """The arq worker running as a task of the API process, over the embedded queue."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start polling. Call it where the ORM is registered: the task inherits that context."""
        self._task = asyncio.create_task(self.worker.async_run(), name="embedded-arq-worker")

    async def stop(self) -> None:
        """Stop polling, cancel jobs still running, and release the worker's connection."""
        try:
            await self.worker.close()
        except asyncio.CancelledError:
            # close() gathers the jobs it has just cancelled; their cancellation surfaces here.
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise
        finally:
            pool = self.worker._pool
            if pool is not None:
                await pool.aclose()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def build_embedded_worker(runtime: Runtime, server: FakeServer) -> EmbeddedWorker:
    """The same worker as ``python -m workers``, sharing the runtime's bus, queue and ORM."""
    # Imported here: the worker settings import the jobs, which import this module's queue.
    from workers.settings import build_worker

    worker = build_worker(
        runtime.settings,
        redis_pool=FakeArqRedis(server=server),
        poll_delay=EMBEDDED_POLL_DELAY,
        ctx={
            "embedded": True,
            "events": runtime.events,
            "queue": runtime.queue,
            # The same object the app holds, so the in-process simulator transport it sets
            # after start-up reaches the jobs too.
            "providers": runtime.providers,
        },
    )
    return EmbeddedWorker(worker)


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """Connect to Redis (or an in-process fake) and build the runtime services.

    Without REDIS_URL and with ``run_embedded_worker`` on, the worker starts here too. Enter
    this after the ORM is registered (the app's lifespan does): the worker task inherits it.
    """
    # Built first: missing encryption keys fail start-up before any connection is opened.
    credentials = CredentialStore(SecretBox(settings.fernet_keys))
    server: FakeServer | None = None
    if settings.redis_url:
        redis: Redis = Redis.from_url(settings.redis_url)
        pool = ArqRedis.from_url(settings.redis_url)
    else:
        server = FakeServer()
        redis = FakeRedis(server=server)
        pool = FakeArqRedis(server=server)
    runtime = Runtime(
        settings=settings,
        verifier=TokenVerifier(settings),
        redis=redis,
        events=RedisEventBus(redis),
        queue=ArqJobQueue(pool),
        # The rate budget is shared through Redis only when it is a real server other
        # processes see; the embedded fake would only ever be seen by this process.
        providers=ProviderEnv(
            settings=settings,
            credentials=credentials,
            redis=redis if settings.redis_url else None,
        ),
    )
    embedded: EmbeddedWorker | None = None
    if server is not None and settings.run_embedded_worker:
        embedded = build_embedded_worker(runtime, server)
        embedded.start()
    try:
        yield runtime
    finally:
        if embedded is not None:
            await embedded.stop()
        await pool.aclose()
        await redis.aclose()
