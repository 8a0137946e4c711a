"""Job leases: a running job's in-progress key lives one lease and is renewed, so a dead
worker's job is taken up again within a lease; a job whose lease cannot be renewed is cancelled."""

from __future__ import annotations

import asyncio

from arq.constants import in_progress_key_prefix
from fakeredis import FakeServer
from redis.exceptions import ConnectionError as RedisConnectionError

from workers.leases import JobLeases
from workers.runtime import FakeArqRedis

JOB_TIMEOUT_MS = 610_000  # what arq sets: the longest job timeout and ten seconds


async def test_started_job_holds_a_short_lease_that_is_renewed() -> None:
    redis = FakeArqRedis(server=FakeServer())
    key = in_progress_key_prefix + "job-1"
    await redis.psetex(key, JOB_TIMEOUT_MS, b"1")
    leases = JobLeases(lease_seconds=0.3)
    ctx: dict[str, object] = {"job_id": "job-1", "redis": redis}

    await leases.on_job_start(ctx)
    shortened = await redis.pttl(key)
    await asyncio.sleep(0.5)  # longer than the lease: only renewal keeps the key
    renewed = await redis.exists(key)
    await leases.on_job_end(ctx)

    assert 0 < shortened <= 300
    assert renewed
    assert "_lease_renewer" not in ctx
    await redis.aclose()


class Unreachable(FakeArqRedis):  # type: ignore[misc]
    """A connection to a Redis that has gone away."""

    async def pexpire(self, *args: object, **kwargs: object) -> bool:
        raise RedisConnectionError("Connection refused")


async def test_job_whose_lease_cannot_be_renewed_is_cancelled() -> None:
    redis = Unreachable(server=FakeServer())
    job = asyncio.create_task(asyncio.sleep(30))
    leases = JobLeases(lease_seconds=0.2)
    leases.bind(lambda job_id: job if job_id == "job-2" else None)  # type: ignore[return-value, arg-type]
    ctx: dict[str, object] = {"job_id": "job-2", "redis": redis}

    await leases.on_job_start(ctx)
    async with asyncio.timeout(5):  # a safety net, not a timing goal
        while not job.done():  # noqa: ASYNC110 - waiting on the lease's own task
            await asyncio.sleep(0.05)
    await leases.on_job_end(ctx)

    assert job.cancelled()
    await redis.aclose()
