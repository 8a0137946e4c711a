"""The pull jobs: registered under the names the services queue; a deferred execution becomes
arq's Retry with the executor's delay, and a fair-share deferral is not counted as a try."""

from __future__ import annotations

import pytest
from arq import Retry
from fakeredis import FakeServer

from core.services.accounting_pull import RUN_PULL_JOB, WEBHOOKS_JOB
from core.sync.executor import Execution, Outcome
from workers import jobs_pull
from workers.execution import answer, attempt_of
from workers.runtime import FakeArqRedis
from workers.settings import WorkerSettings

RUN_ID = "00000000-0000-0000-0000-000000000001"


def test_pull_jobs_are_registered_under_the_queued_names() -> None:
    names = {function.name for function in WorkerSettings.functions}  # type: ignore[attr-defined]
    assert {RUN_PULL_JOB, WEBHOOKS_JOB} <= names


def test_webhooks_job_keeps_no_result_so_the_next_delivery_can_queue_it_again() -> None:
    function = next(f for f in WorkerSettings.functions if f.name == WEBHOOKS_JOB)  # type: ignore[attr-defined]
    assert function.keep_result_s == 0


def test_hourly_sync_cron_runs_at_minute_zero() -> None:
    job = next(j for j in WorkerSettings.cron_jobs if j.name == "cron:schedule_hourly_syncs")
    assert job.minute == 0
    assert job.hour is None
    assert job.unique


async def test_run_pull_sync_deferred_raises_retry_with_the_delay(monkeypatch) -> None:
    async def throttled(*args: object, **kwargs: object) -> Execution:
        return Execution(RUN_ID, Outcome.DEFERRED, retry_after=42.5, reason="RATE_LIMITED")

    monkeypatch.setattr(jobs_pull, "execute_run", throttled)
    monkeypatch.setattr(jobs_pull, "run_env", lambda ctx: None)
    ctx: dict[str, object] = {"job_try": 1}

    with pytest.raises(Retry) as caught:
        await jobs_pull.run_pull_sync(ctx, RUN_ID)

    assert caught.value.defer_score == 43_000


async def test_run_pull_sync_unknown_run_is_not_run(monkeypatch) -> None:
    async def missing(*args: object, **kwargs: object) -> Execution:
        return Execution(RUN_ID, Outcome.NOT_RUN, reason="sync run does not exist")

    monkeypatch.setattr(jobs_pull, "execute_run", missing)
    monkeypatch.setattr(jobs_pull, "run_env", lambda ctx: None)

    result = await jobs_pull.run_pull_sync({}, RUN_ID)

    assert result["status"] == "NOT_RUN"


async def test_fair_share_deferrals_are_not_counted_as_tries() -> None:
    redis = FakeArqRedis(server=FakeServer())
    ctx: dict[str, object] = {"redis": redis, "job_id": RUN_ID, "job_try": 1}
    over_share = Execution(RUN_ID, Outcome.DEFERRED, retry_after=5, counts_as_try=False)
    throttled = Execution(RUN_ID, Outcome.DEFERRED, retry_after=5)

    for job_try in (1, 2, 3):
        ctx["job_try"] = job_try
        with pytest.raises(Retry):
            await answer(ctx, over_share)
    ctx["job_try"] = 4
    assert await attempt_of(ctx) == 1  # three deferrals, no try of the run yet
    with pytest.raises(Retry):
        await answer(ctx, throttled)
    ctx["job_try"] = 5
    assert await attempt_of(ctx) == 2
    await redis.aclose()
