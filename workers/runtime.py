"""Opening the queue and event connections for a process, embedded or on Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from arq.connections import ArqRedis
from fakeredis import FakeServer
from fakeredis.aioredis import FakeRedis
from redis.asyncio import Redis

from core.auth import TokenVerifier
from core.events import RedisEventBus
from core.runtime import Runtime
from core.settings import Settings


class ArqJobQueue:
    """The core JobQueue over an arq pool."""

    def __init__(self, pool: ArqRedis) -> None:
        self._pool = pool

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        """Queue a job; False when a job with the same id is already queued or running."""
        job = await self._pool.enqueue_job(function, *args, _job_id=job_id)
        return job is not None


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """Connect to Redis (or an in-process fake) and build the runtime services."""
    if settings.redis_url:
        redis: Redis = Redis.from_url(settings.redis_url)
        pool = ArqRedis.from_url(settings.redis_url)
    else:
        server = FakeServer()
        redis = FakeRedis(server=server)
        pool = ArqRedis(connection_pool=FakeRedis(server=server).connection_pool)
    try:
        yield Runtime(
            settings=settings,
            verifier=TokenVerifier(settings),
            redis=redis,
            events=RedisEventBus(redis),
            queue=ArqJobQueue(pool),
        )
    finally:
        await pool.aclose()
        await redis.aclose()
