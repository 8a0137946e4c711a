"""The shared rate budget behaves the same in process, on fakeredis and on a real Redis.

Time is a ManualClock: waiting for a window moves the clock instead of sleeping, so "the 501st
call waits a minute" runs instantly and every assertion is about the limiter's own time.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import math
import os
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from redis.asyncio import Redis

from integrations.ratelimit import (
    BaseRateLimiter,
    InProcessRateLimiter,
    ManualClock,
    Rate,
    RateBudget,
    RateBudgetExhausted,
    RateLimiter,
    RedisRateLimiter,
)
from integrations.ratelimit.base import RENEWAL_TASK

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
KEY = "realm-1"
OTHER_KEY = "realm-2"


@dataclass
class Backend:
    """Makes limiters; with ``shared`` each one is another worker on the same store."""

    name: str
    make: Callable[..., BaseRateLimiter]
    shared: bool
    redis: Redis | None = None
    keys: str = ""


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


@contextlib.asynccontextmanager
async def _open_backend(name: str) -> AsyncIterator[Backend]:
    if name == "in_process":
        yield Backend(name, lambda budget, **kw: InProcessRateLimiter(budget, **kw), shared=False)
        return
    scope = f"test-{uuid.uuid4().hex}"
    prefix = "ledgersync-test:ratelimit"
    clients: list[Redis] = []
    if name == "fakeredis":
        if importlib.util.find_spec("lupa") is None:
            _unavailable("fakeredis runs Lua scripts only with the `lupa` package installed")
        import fakeredis

        server = fakeredis.FakeServer()

        def connect() -> Redis:
            return fakeredis.FakeAsyncRedis(server=server)

    else:
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("REDIS_URL is not set")

        def connect() -> Redis:
            return Redis.from_url(url)

        probe = connect()
        try:
            await probe.ping()
        except Exception as exc:  # any failure to reach the server
            _unavailable(f"Redis at REDIS_URL is unreachable: {exc}")
        finally:
            await probe.aclose()

    def make(budget: RateBudget, **kw: Any) -> BaseRateLimiter:
        client = connect()
        clients.append(client)
        return RedisRateLimiter(client, budget, scope=scope, prefix=prefix, **kw)

    admin = connect()
    try:
        yield Backend(name, make, shared=True, redis=admin, keys=f"{prefix}:{scope}:*")
    finally:
        async for stale in admin.scan_iter(match=f"{prefix}:{scope}:*"):
            await admin.delete(stale)
        for client in [admin, *clients]:
            await client.aclose()


@pytest.fixture(params=["in_process", "fakeredis", "redis"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    """Every backend, so each behaviour is proven on all of them."""
    async with _open_backend(request.param) as opened:
        yield opened


@pytest.fixture(params=["fakeredis", "redis"])
async def shared_backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    """Backends that several worker processes can share."""
    async with _open_backend(request.param) as opened:
        yield opened


@pytest.fixture
def clock() -> ManualClock:
    """Time that moves only when the limiter waits."""
    return ManualClock()


async def _take(limiter: RateLimiter, n: int, *classes: str) -> list[float]:
    waits = []
    for _ in range(n):
        async with limiter.slot(KEY, classes or ("default",)) as grant:
            waits.append(grant.waited)
    return waits


HANG_GUARD_SECONDS = 120
"""Only so a broken limiter fails the run instead of hanging it; no result depends on time."""


@dataclass
class CappedRun:
    """What a run of lease-holding calls saw."""

    started: list[float]
    peak: int
    refused: list[int]  # per worker: attempts refused because every lease was held


async def _run_capped_calls(workers: list[BaseRateLimiter], calls: int, cap: int) -> CappedRun:
    """Run ``calls`` calls spread round-robin over ``workers``, each holding its lease until the
    test lets it go.

    The holders are let go only once ``cap`` calls are in flight (or all that are left) and every
    worker that still has a call waiting was refused a lease once more while they held. So the
    cap is put to the test on every round, by every worker, and nothing depends on real time or
    on how busy the machine is: only the ManualClock moves.
    """
    changed = asyncio.Condition()
    refused = [0] * len(workers)
    assigned = [0] * len(workers)
    granted = [0] * len(workers)
    started: list[float] = []
    counts = {"in_flight": 0, "peak": 0, "finished": 0}
    gate = asyncio.Event()

    async def notify() -> None:
        async with changed:
            changed.notify_all()

    def count_refusals(index: int, worker: BaseRateLimiter) -> None:
        attempt_once = worker._try_acquire

        async def counted(key: str, windows: Any, lease: str) -> Any:
            attempt = await attempt_once(key, windows, lease)
            if attempt.concurrency_full:
                refused[index] += 1
                await notify()
            return attempt

        worker._try_acquire = counted  # type: ignore[method-assign]

    async def call(index: int) -> None:
        async with workers[index].slot(KEY, max_wait=math.inf) as grant:
            granted[index] += 1
            started.append(grant.at)
            counts["in_flight"] += 1
            counts["peak"] = max(counts["peak"], counts["in_flight"])
            held_until = gate
            await notify()
            await held_until.wait()
            counts["in_flight"] -= 1
        counts["finished"] += 1
        await notify()

    for index, worker in enumerate(workers):
        count_refusals(index, worker)
    for number in range(calls):
        assigned[number % len(workers)] += 1
    tasks = [asyncio.create_task(call(number % len(workers))) for number in range(calls)]
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while counts["finished"] < calls:
            target = min(cap, calls - counts["finished"])
            async with changed:
                await changed.wait_for(lambda: counts["in_flight"] >= target)  # noqa: B023
                marks = list(refused)
                await changed.wait_for(
                    lambda: (
                        counts["in_flight"] > cap
                        or all(
                            refused[i] > marks[i]  # noqa: B023
                            for i in range(len(workers))
                            if assigned[i] > granted[i]
                        )
                    )
                )
                leaving = counts["finished"] + counts["in_flight"]
                released, gate = gate, asyncio.Event()
                released.set()
                await changed.wait_for(lambda: counts["finished"] >= leaving)  # noqa: B023
    await asyncio.gather(*tasks)
    return CappedRun(started=started, peak=counts["peak"], refused=refused)


def _within_limit(times: list[float], rate: Rate) -> bool:
    """No span of ``rate.per`` seconds holds more than ``rate.limit`` calls."""
    ordered = sorted(times)
    return all(
        ordered[i + rate.limit] - ordered[i] >= rate.per - 1e-6
        for i in range(len(ordered) - rate.limit)
    )


async def test_slot_501st_call_in_a_minute_waits_until_the_window_frees(backend, clock):
    limiter = backend.make(RateBudget(rates=(Rate(500, 60),)), clock=clock)
    assert isinstance(limiter, RateLimiter)

    waits = await _take(limiter, 500)
    assert waits == [0.0] * 500
    assert clock.monotonic() == 0.0

    [waited] = await _take(limiter, 1)

    assert 60.0 <= waited < 60.01
    assert 60.0 <= clock.monotonic() < 60.01


async def test_slot_window_slides_frees_only_the_calls_that_aged_out(backend, clock):
    limiter = backend.make(RateBudget(rates=(Rate(5, 60),)), clock=clock)
    await _take(limiter, 3)
    clock.advance(30)
    await _take(limiter, 2)

    [waited] = await _take(limiter, 1)  # the three calls from t=0 free at t=60
    assert 30.0 <= waited < 30.01
    assert await _take(limiter, 2) == [0.0, 0.0]
    [waited] = await _take(limiter, 1)  # the two from t=30 free at t=90
    assert 30.0 <= waited < 30.01


async def test_slot_per_second_rate_applies_alongside_the_minute_rate(backend, clock):
    limiter = backend.make(RateBudget(rates=(Rate(500, 60), Rate(10, 1))), clock=clock)

    waits = await _take(limiter, 25)

    assert waits[:10] == [0.0] * 10
    assert waits[10] >= 1.0
    assert 2.0 <= clock.monotonic() < 2.1


async def test_slot_batch_class_has_its_own_budget_but_counts_in_the_default(backend, clock):
    budget = RateBudget(rates=(Rate(50, 60),), classes={"batch": (Rate(4, 60),)})
    limiter = backend.make(budget, clock=clock)

    assert await _take(limiter, 4, "default", "batch") == [0.0] * 4
    assert await _take(limiter, 1) == [0.0]  # a plain call is not held by the batch window
    [waited] = await _take(limiter, 1, "batch")
    assert waited >= 60.0

    small_budget = RateBudget(rates=(Rate(2, 60),), classes={"batch": (Rate(9, 60),)})
    small = backend.make(small_budget, clock=clock)
    async with small.slot(OTHER_KEY, ("batch",)), small.slot(OTHER_KEY, ("batch",)):
        pass
    before = clock.monotonic()
    async with small.slot(OTHER_KEY) as grant:
        assert grant.waited >= 60.0
    assert clock.monotonic() - before >= 60.0


async def test_slot_unknown_cost_class_raises_value_error(backend, clock):
    limiter = backend.make(RateBudget(rates=(Rate(5, 60),)), clock=clock)

    with pytest.raises(ValueError, match="unknown cost class 'bulk'"):
        await _take(limiter, 1, "bulk")


async def test_slot_concurrency_cap_bounds_calls_in_flight(backend, clock):
    # A lease outlives the whole test: only the cap may keep a fourth call out.
    budget = RateBudget(rates=(Rate(500, 60),), max_concurrent=3, lease_ttl=24 * 3600)
    limiter = backend.make(budget, clock=clock)

    run = await _run_capped_calls([limiter], calls=12, cap=3)

    assert len(run.started) == 12
    assert run.peak == 3
    assert run.refused[0] >= 3  # refused at least once on each of the four full rounds


async def test_slot_lease_returns_when_the_block_raises(backend, clock):
    limiter = backend.make(RateBudget(max_concurrent=1), clock=clock)

    with pytest.raises(RuntimeError, match="boom"):
        async with limiter.slot(KEY):
            raise RuntimeError("boom")

    async with limiter.slot(KEY, max_wait=0) as grant:
        assert grant.waited == 0.0


async def test_slot_lease_of_a_crashed_worker_expires_after_its_ttl(backend, clock):
    limiter = backend.make(RateBudget(max_concurrent=1, lease_ttl=30), clock=clock)
    crashed = limiter.slot(KEY)
    await crashed.__aenter__()  # never exited, like a worker killed mid-call
    _kill_renewals()  # a dead worker renews nothing

    with pytest.raises(RateBudgetExhausted):
        async with limiter.slot(KEY, max_wait=5):
            pass
    clock.advance(30)
    async with limiter.slot(KEY, max_wait=0) as grant:
        assert grant.waited == 0.0


def _kill_renewals() -> None:
    for task in asyncio.all_tasks():
        if task.get_name() == RENEWAL_TASK:
            task.cancel()


async def test_slot_lease_held_by_a_running_call_is_renewed_past_its_ttl(backend, clock):
    # Renewals run every third of the lease's life in real time: a short lease shows them.
    limiter = backend.make(RateBudget(max_concurrent=1, lease_ttl=0.3), clock=clock)
    async with limiter.slot(KEY):
        for _ in range(4):  # 0.8 s of limiter time, well past the 0.3 s lease
            clock.advance(0.2)
            await asyncio.sleep(0.25)  # a renewal comes in that time
            with pytest.raises(RateBudgetExhausted):
                async with limiter.slot(KEY, max_wait=0):
                    pass
    async with limiter.slot(KEY, max_wait=0) as grant:  # returned at the block's exit
        assert grant.waited == 0.0


async def test_slot_lapsed_lease_is_not_renewed_back(backend, clock):
    limiter = backend.make(RateBudget(max_concurrent=1, lease_ttl=30), clock=clock)
    windows = limiter.budget.windows_for(("default",))
    assert (await limiter._try_acquire(KEY, windows, "dead-worker")).granted
    clock.advance(31)

    await limiter._renew(KEY, "dead-worker")  # too late: the lease lapsed

    async with limiter.slot(KEY, max_wait=0) as grant:
        assert grant.waited == 0.0


async def test_slot_wait_longer_than_max_wait_raises_without_sleeping(backend, clock):
    limiter = backend.make(RateBudget(daily_cap=3), clock=clock)
    await _take(limiter, 3)

    with pytest.raises(RateBudgetExhausted) as caught:
        async with limiter.slot(KEY, max_wait=600):
            pass

    assert clock.monotonic() == 0.0
    assert caught.value.key == KEY
    assert 24 * 3600 - 1 <= caught.value.retry_after <= 24 * 3600


async def test_penalize_pauses_the_key_and_never_shortens(backend, clock):
    limiter = backend.make(RateBudget(rates=(Rate(500, 60),)), clock=clock)

    await limiter.penalize(KEY, 45)
    await limiter.penalize(KEY, 5)
    async with limiter.slot(OTHER_KEY) as other:
        assert other.waited == 0.0
    async with limiter.slot(KEY) as grant:
        assert 45.0 <= grant.waited < 45.01


async def test_remaining_today_and_can_afford_follow_the_daily_cap(backend, clock):
    limiter = backend.make(RateBudget(rates=(Rate(60, 60),), daily_cap=5000), clock=clock)
    assert await limiter.remaining_today(KEY) == 5000

    await _take(limiter, 3)

    assert await limiter.remaining_today(KEY) == 4997
    assert await limiter.can_afford(KEY, 4997)
    assert not await limiter.can_afford(KEY, 4998)
    clock.advance(24 * 3600)
    assert await limiter.remaining_today(KEY) == 5000


async def test_remaining_today_without_a_daily_cap_is_none(backend, clock):
    limiter = backend.make(RateBudget(rates=(Rate(60, 60),)), clock=clock)

    assert await limiter.remaining_today(KEY) is None
    assert await limiter.can_afford(KEY, 10**9)
    with pytest.raises(ValueError, match="calls"):
        await limiter.can_afford(KEY, -1)


async def test_observe_headers_lowers_what_remains_but_never_raises_it(backend, clock):
    limiter = backend.make(RateBudget(rates=(Rate(60, 60),), daily_cap=5000), clock=clock)
    await _take(limiter, 5)

    await limiter.observe_headers(KEY, remaining_minute=57, remaining_day=4990)
    assert await limiter.remaining_today(KEY) == 4990
    await limiter.observe_headers(KEY, remaining_minute=10, remaining_day=4999)
    assert await limiter.remaining_today(KEY) == 4990

    assert await _take(limiter, 10) == [0.0] * 10
    [waited] = await _take(limiter, 1)
    assert waited >= 60.0


async def test_observe_headers_for_a_window_the_budget_lacks_is_ignored(backend, clock):
    limiter = backend.make(RateBudget(rates=(Rate(5, 1),)), clock=clock)

    await limiter.observe_headers(KEY, remaining_minute=0, remaining_day=0)

    assert await _take(limiter, 5) == [0.0] * 5


async def test_two_workers_together_stay_within_the_budget_and_the_cap(shared_backend, clock):
    # Redis expires a window's key a little after its period in real time, while the test's
    # time is the ManualClock: a long window keeps a slow machine from losing counted calls.
    rate = Rate(20, 600)
    # A lease outlives the whole test: only the cap may keep a fourth call out.
    budget = RateBudget(rates=(rate,), max_concurrent=3, lease_ttl=24 * 3600)
    workers = [shared_backend.make(budget, clock=clock) for _ in range(2)]

    run = await _run_capped_calls(workers, calls=70, cap=3)

    assert len(run.started) == 70
    # Three in flight on every round, while each worker was refused a fourth lease.
    assert run.peak == 3
    assert all(count > 0 for count in run.refused)
    assert _within_limit(run.started, rate)
    assert max(run.started) - min(run.started) >= 1800.0  # 70 calls at 20 per 600 s: 1800 s


async def test_penalize_from_one_worker_pauses_the_other(shared_backend, clock):
    budget = RateBudget(rates=(Rate(500, 60),), max_concurrent=10)
    first, second = (shared_backend.make(budget, clock=clock) for _ in range(2))

    await first.penalize(KEY, 60)

    async with second.slot(KEY) as grant:
        assert 60.0 <= grant.waited < 60.01
    async with first.slot(KEY) as grant:
        assert grant.waited == 0.0


async def test_redis_keys_expire_and_scripts_reload_after_a_flush(shared_backend, clock):
    limiter = shared_backend.make(RateBudget(rates=(Rate(5, 60),), max_concurrent=2), clock=clock)
    admin = shared_backend.redis
    assert admin is not None
    await admin.script_flush()

    async with limiter.slot(KEY):
        keys = [key async for key in admin.scan_iter(match=shared_backend.keys)]
        assert len(keys) == 2  # one window and the leases
        for key in keys:
            assert 0 < await admin.pttl(key) <= 182_000


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Rate(0, 60), "positive whole number"),
        (lambda: Rate(10, 0), "positive number of seconds"),
        (lambda: RateBudget(max_concurrent=0), "max_concurrent"),
        (lambda: RateBudget(daily_cap=0), "daily_cap"),
        (lambda: RateBudget(classes={"default": (Rate(1, 1),)}), "invalid cost class"),
        (lambda: RateBudget(rates=(Rate(5, 60), Rate(9, 60))), "share the period"),
    ],
)
def test_rate_budget_invalid_limits_raise_a_clear_value_error(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_rate_budget_windows_for_a_batch_call_include_default_batch_and_day():
    budget = RateBudget(
        rates=(Rate(500, 60), Rate(10, 1)), classes={"batch": (Rate(40, 60),)}, daily_cap=5000
    )

    names = [window.name for window in budget.windows_for(("default", "batch"))]

    assert names == ["default:60s", "default:1s", "batch:60s", "day"]
    assert [window.name for window in budget.windows_for(())] == [
        "default:60s",
        "default:1s",
        "day",
    ]


async def test_room_counts_calls_in_minute_windows_only() -> None:
    budget = RateBudget(rates=(Rate(490, 60), Rate(10, 1)), classes={"batch": (Rate(40, 60),)})
    limiter = InProcessRateLimiter(budget, clock=ManualClock(), max_wait=1e9)
    assert await limiter.room("realm", ("default", "batch")) == 40
    for _ in range(10):
        async with limiter.slot("realm", ("default", "batch")):
            pass
    # The one-second window is full now; it holds a call back only for a moment.
    assert await limiter.room("realm", ("default", "batch")) == 30
    assert await limiter.room("realm") == 480
