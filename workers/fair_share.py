"""A firm's share of the workers: at most N of its sync runs execute at once, in all workers.

The slots of a firm are a Redis sorted set (the embedded queue's fakeredis works the same): each
member is a run holding a slot, scored with the time its hold lapses. A holder renews its hold
while it runs; a worker that dies stops renewing and its slot frees itself after the hold time.
Taking a slot, dropping lapsed holds and checking the cap is one Lua script, so two workers never
both take the last slot. A run that finds no free slot is deferred by the executor, which leaves
its worker free for another firm's run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from uuid import UUID

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("ledgersync.worker")

_TAKE = """
local key, holder = KEYS[1], ARGV[1]
local now, lapses, cap, ttl = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZSCORE', key, holder) or redis.call('ZCARD', key) < cap then
  redis.call('ZADD', key, lapses, holder)
  redis.call('PEXPIRE', key, ttl)
  return 1
end
return 0
"""


class FirmSlots:
    """At most ``cap`` concurrent holders per firm; a hold lapses ``hold`` seconds after its
    last renewal."""

    def __init__(
        self,
        redis: Redis,
        *,
        cap: int,
        hold: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._redis = redis
        self._cap = cap
        self._hold = hold
        self._clock = clock
        self._take = redis.register_script(_TAKE)

    @staticmethod
    def key(firm_id: UUID) -> str:
        """The Redis key of a firm's slots."""
        return f"ledgersync:firm-slots:{firm_id}"

    async def _claim(self, key: str, holder: str) -> bool:
        now = self._clock()
        args: list[str | float | int] = [
            holder,
            now,
            now + self._hold,
            self._cap,
            int(self._hold * 1000) + 1000,
        ]
        return int(await self._take(keys=[key], args=args)) == 1

    async def _renew(self, key: str, holder: str) -> None:
        while True:
            await asyncio.sleep(self._hold / 3)
            try:
                await self._claim(key, holder)
            except RedisError:
                logger.warning("could not renew the firm slot of %s", holder)

    @asynccontextmanager
    async def slot(self, firm_id: UUID, holder: str) -> AsyncIterator[bool]:
        """Hold one of the firm's slots while inside; yields False when all are held."""
        key = self.key(firm_id)
        if not await self._claim(key, holder):
            yield False
            return
        renewing = asyncio.create_task(self._renew(key, holder), name=f"firm-slot-{holder}")
        try:
            yield True
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
            try:
                await self._redis.zrem(key, holder)
            except RedisError:
                # The hold lapses on its own.
                logger.warning("could not release the firm slot of %s", holder)
