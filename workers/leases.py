"""Job leases: a dead worker's job is taken up again within a lease, not after the job timeout.

arq marks a job in progress with a key that lives for the longest job timeout (ten minutes here)
and no other worker starts the job while the key exists. A worker killed mid-job therefore held
its job for ten minutes. :class:`JobLeases` shortens that key to one lease
(``LEDGERSYNC_JOB_LEASE_SECONDS``) as the job starts and renews it every third of a lease while
the job runs; a killed worker stops renewing, the key lapses, and the next worker that polls the
queue runs the job again (its run resumes from its checkpoints and write intents).

A worker that cannot renew a lease for a whole lease (it lost Redis) cancels that job: another
worker may have started it by then, and one run must not execute twice at once. arq then queues
it again as a cancelled job.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import cast

from arq.constants import in_progress_key_prefix
from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("ledgersync.worker")

_RENEWER = "_lease_renewer"
#: The running job's task, by job id (arq's ``Worker.job_tasks``).
JobTasks = Callable[[str], "asyncio.Task[object] | None"]


class JobLeases:
    """arq ``on_job_start``/``on_job_end`` hooks keeping each running job's lease alive."""

    def __init__(self, lease_seconds: float, clock: Callable[[], float] | None = None) -> None:
        self.lease_seconds = lease_seconds
        self._clock = clock
        self._job_task: JobTasks = lambda _job_id: None

    def bind(self, job_task: JobTasks) -> None:
        """Tell the leases how to find a job's task (to cancel it when its lease is lost)."""
        self._job_task = job_task

    async def on_job_start(self, ctx: dict[str, object]) -> None:
        """Shorten the job's in-progress key to one lease and start renewing it."""
        job_id = cast(str, ctx["job_id"])
        redis = cast(Redis, ctx["redis"])
        key = in_progress_key_prefix + job_id
        await self._extend(redis, key)
        ctx[_RENEWER] = asyncio.create_task(self._renew(redis, key, job_id), name=f"lease-{job_id}")

    async def on_job_end(self, ctx: dict[str, object]) -> None:
        """Stop renewing (arq removes or keeps the key as it finishes the job)."""
        renewer = ctx.pop(_RENEWER, None)
        if isinstance(renewer, asyncio.Task):
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer

    async def _extend(self, redis: Redis, key: str) -> bool:
        try:
            await redis.pexpire(key, int(self.lease_seconds * 1000))
        except RedisError:
            return False
        return True

    def _now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    async def _renew(self, redis: Redis, key: str, job_id: str) -> None:
        renewed = self._now()
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            if await self._extend(redis, key):
                renewed = self._now()
            elif self._now() - renewed >= self.lease_seconds:
                task = self._job_task(job_id)
                if task is not None and not task.done():
                    logger.warning(
                        "job %s lost its lease (Redis unreachable); cancelling it", job_id
                    )
                    task.cancel()
                return
