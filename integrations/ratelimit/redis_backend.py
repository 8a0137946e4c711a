"""The limiter shared by every worker process, kept in Redis.

Each window is a sorted set of call ids scored by call time (a sliding log: exact, and bounded
by the window's limit). Concurrency leases are a sorted set scored by expiry, renewed while
their call runs, so a worker that dies holding one frees it within ``lease_ttl``. A pause after
a 429 is one key holding the time calls may resume. Check-and-record is one Lua script (EVALSHA
through redis-py's ``Script``, which loads it again after a server restart), so two workers can
never both take the last slot.

Times are the clock's epoch seconds, passed in by the caller rather than read from Redis, so
tests can drive them; workers' clocks must be NTP-synchronised (a skew of a few ms only shifts
a window edge by as much).
"""

from __future__ import annotations

import logging
import math
import uuid
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from .base import Attempt, BaseRateLimiter
from .budget import RateBudget, Window
from .clock import Clock

logger = logging.getLogger("ledgersync.ratelimit")

# KEYS: pause, leases, window 1..n.  ARGV: now, call id, lease expiry, leases key TTL (ms),
# concurrency cap (0 = none), then limit and seconds for each window.
# Returns {1, '0', 0, counted at} when granted, else {0, wait seconds, 1 if every lease is held,
# now}; times are strings (Lua numbers would be truncated to integers on the way out).
_ACQUIRE = """
local now = tonumber(ARGV[1])
local n = #KEYS - 2
-- Stamps never go back in time: a caller whose clock reading is older than a call already
-- counted (a slow round trip, or a clock a little behind) counts at the newest stamp instead,
-- so no window that starts earlier can ever hold more than its limit.
for i = 1, n do
  local newest = redis.call('ZRANGE', KEYS[2 + i], -1, -1, 'WITHSCORES')
  if newest[2] and tonumber(newest[2]) > now then now = tonumber(newest[2]) end
end
local wait = 0
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if paused > now then wait = paused - now end
for i = 1, n do
  local limit = tonumber(ARGV[4 + 2 * i])
  local seconds = tonumber(ARGV[5 + 2 * i])
  local key = KEYS[2 + i]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - seconds)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    local w = tonumber(oldest[2]) + seconds - now
    if w > wait then wait = w end
  end
end
local cap = tonumber(ARGV[5])
local full = 0
if cap > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= cap then full = 1 end
end
if wait > 0 or full == 1 then return {0, tostring(wait), full, tostring(now)} end
for i = 1, n do
  local seconds = tonumber(ARGV[5 + 2 * i])
  redis.call('ZADD', KEYS[2 + i], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[2 + i], math.ceil(seconds * 1000) + 1000)
end
if cap > 0 then
  redis.call('ZADD', KEYS[2], tonumber(ARGV[3]), ARGV[2])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]))
end
return {1, '0', 0, tostring(now)}
"""

# KEYS: pause.  ARGV: resume time, TTL (ms).  Keeps the later of the two resume times.
_PAUSE = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
end
return 1
"""

# KEYS: window.  ARGV: now, seconds, calls that must be counted, id prefix for added calls.
_FILL = """
local now = tonumber(ARGV[1])
local seconds = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - seconds)
local missing = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
for i = 1, missing do
  redis.call('ZADD', KEYS[1], now, ARGV[4] .. i)
end
if missing > 0 then
  redis.call('PEXPIRE', KEYS[1], math.ceil(seconds * 1000) + 1000)
end
return missing
"""


# KEYS: leases.  ARGV: lease id, now, new expiry, leases key TTL (ms).  Renews a lease only while
# it is still held: one that lapsed may already have been counted free by another worker.
_RENEW = """
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expiry or tonumber(expiry) <= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1
"""


class RedisRateLimiter(BaseRateLimiter):
    """A limiter whose counters live in Redis, shared by every process using the same ``scope``.

    ``scope`` separates budgets (one per provider, e.g. ``"quickbooks_online"``), so a QBO realm
    and a Xero tenant never share counters even if their ids collided.
    """

    def __init__(
        self,
        redis: Redis,
        budget: RateBudget,
        *,
        scope: str,
        prefix: str = "ledgersync:ratelimit",
        clock: Clock | None = None,
        max_wait: float = 120.0,
        poll_interval: float = 0.05,
    ) -> None:
        super().__init__(budget, clock=clock, max_wait=max_wait, poll_interval=poll_interval)
        if not scope:
            raise ValueError("a Redis rate limiter needs a scope (e.g. the provider's name)")
        self._redis = redis
        self._base = f"{prefix}:{scope}"
        self._acquire = redis.register_script(_ACQUIRE)
        self._pause = redis.register_script(_PAUSE)
        self._fill_script = redis.register_script(_FILL)
        self._renew_script = redis.register_script(_RENEW)

    def _now(self) -> float:
        return self._clock.time()

    def _key(self, key: str, suffix: str) -> str:
        # The braces make every key of one company hash to the same Redis Cluster slot, which a
        # multi-key script needs.
        return f"{self._base}:{{{key}}}:{suffix}"

    async def _try_acquire(self, key: str, windows: tuple[Window, ...], lease: str) -> Attempt:
        now = self._now()
        cap = self._budget.max_concurrent or 0
        ttl = self._budget.lease_ttl
        keys = [self._key(key, "pause"), self._key(key, "leases")]
        args: list[Any] = [repr(now), lease, repr(now + ttl), math.ceil(ttl * 1000) + 1000, cap]
        for window in windows:
            keys.append(self._key(key, f"w:{window.name}"))
            args.extend([window.limit, repr(window.seconds)])
        reply = await self._acquire(keys=keys, args=args)
        if int(reply[0]) == 1:
            return Attempt(granted=True, at=float(reply[3]))
        return Attempt(granted=False, wait=float(reply[1]), concurrency_full=int(reply[2]) == 1)

    async def _release(self, key: str, lease: str) -> None:
        if not self._budget.max_concurrent:
            return
        try:
            await self._redis.zrem(self._key(key, "leases"), lease)
        except RedisError:
            # The lease expires on its own; an error here must not hide the call's own outcome.
            logger.warning("could not return a concurrency lease", extra={"rate_key": key})

    async def _renew(self, key: str, lease: str) -> None:
        ttl = self._budget.lease_ttl
        now = self._now()
        args: list[str | int] = [lease, repr(now), repr(now + ttl), math.ceil(ttl * 1000) + 1000]
        await self._renew_script(keys=[self._key(key, "leases")], args=args)

    async def _used(self, key: str, window: Window) -> int:
        low = f"({self._now() - window.seconds!r}"
        return int(await self._redis.zcount(self._key(key, f"w:{window.name}"), low, "+inf"))

    async def _pause_until(self, key: str, until: float, ttl: float) -> None:
        await self._pause(
            keys=[self._key(key, "pause")], args=[repr(until), max(1, math.ceil(ttl * 1000))]
        )

    async def _fill(self, key: str, window: Window, used: int) -> None:
        await self._fill_script(
            keys=[self._key(key, f"w:{window.name}")],
            args=[repr(self._now()), repr(window.seconds), used, f"seen:{uuid.uuid4().hex}:"],
        )
