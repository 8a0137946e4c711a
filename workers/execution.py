"""What every thin job shares: the run environment, which try this is, and its answer to arq.

A job passes ids to one core call and turns the :class:`~core.sync.executor.Execution` it gets
into either a small dict (the job is done) or ``Retry(defer=…)`` (arq runs it again later). A
deferral because the firm's share of the workers was full is not a try of the run: it is counted
apart and subtracted from arq's try number, so the retry policy bounds only real failures.
:func:`counted` wraps every job function to count its outcome in ``ledgersync_jobs_total``.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
from collections.abc import Awaitable, Callable
from typing import cast

from arq import Retry
from arq.typing import WorkerCoroutine
from redis.asyncio import Redis
from redis.exceptions import RedisError

from core.events import EventSink
from core.metrics import record_job
from core.sync.executor import Admission, Execution, OpenAdmission, Outcome, RunEnv
from core.sync.session import ProviderEnv
from core.sync.waiting import Resume
from integrations.registry import kit_for

logger = logging.getLogger("ledgersync.worker")

JobFunction = Callable[..., Awaitable[dict[str, object]]]
#: arq's own bound on a job's tries: far above the retry policy's, because a job over its
#: firm's share is deferred (as a try, for arq) many times without failing once.
ARQ_MAX_TRIES = 1000
DEFERRALS_TTL_SECONDS = 2 * 86_400


def run_env(ctx: dict[str, object]) -> RunEnv:
    """The executor's environment from a job's context (the worker's providers, bus, share)."""
    admission = ctx.get("admission")
    return RunEnv(
        kits=kit_for,
        providers=cast(ProviderEnv, ctx["providers"]),
        sink=cast(EventSink, ctx["events"]),
        admission=cast(Admission, admission) if admission is not None else OpenAdmission(),
        resume=cast(Resume | None, ctx.get("resume")),
    )


def _deferrals_key(job_id: str) -> str:
    return f"ledgersync:fair-share-deferrals:{job_id}"


async def attempt_of(ctx: dict[str, object]) -> int:
    """Which try of its run this job is: arq's try number less its fair-share deferrals."""
    value = ctx.get("job_try", 1)
    tries = value if isinstance(value, int) else 1
    redis, job_id = ctx.get("redis"), ctx.get("job_id")
    if not isinstance(redis, Redis) or not isinstance(job_id, str):
        return tries
    try:
        deferred = int(await redis.get(_deferrals_key(job_id)) or 0)
    except RedisError:
        deferred = 0
    return max(1, tries - deferred)


async def answer(ctx: dict[str, object], execution: Execution) -> dict[str, object]:
    """The job's result, or ``Retry`` when the execution was deferred."""
    if execution.outcome is not Outcome.DEFERRED:
        return execution.result()
    redis, job_id = ctx.get("redis"), ctx.get("job_id")
    if not execution.counts_as_try and isinstance(redis, Redis) and isinstance(job_id, str):
        try:
            async with redis.pipeline(transaction=True) as pipe:
                pipe.incr(_deferrals_key(job_id))
                pipe.expire(_deferrals_key(job_id), DEFERRALS_TTL_SECONDS)
                await pipe.execute()
        except RedisError:
            logger.warning("job %s: its deferral could not be counted", job_id)
    raise Retry(defer=max(1, math.ceil(execution.retry_after or 1)))


def counted(name: str, function: JobFunction) -> WorkerCoroutine:
    """``function`` counting each outcome in ``ledgersync_jobs_total`` (ok, retry, failed)."""

    @functools.wraps(function)
    async def job(ctx: dict[str, object], *args: object, **kwargs: object) -> dict[str, object]:
        # How to queue this job's run again should it park (it waits for a polling agent).
        ctx["resume"] = Resume(name, tuple(args))
        try:
            result = await function(ctx, *args, **kwargs)
        except (Retry, asyncio.CancelledError):
            # arq runs both again: a deferred job, or one cancelled by a stopping worker.
            record_job(name, "retry")
            raise
        except Exception:
            record_job(name, "failed")
            raise
        record_job(name, "ok")
        return result

    return cast(WorkerCoroutine, job)
