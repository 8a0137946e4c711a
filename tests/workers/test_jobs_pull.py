"""The pull jobs: registered under the names the services queue, retry on throttling."""

from __future__ import annotations

import pytest
from arq import Retry

from core.errors import NotFound
from core.services.accounting_pull import RUN_PULL_JOB, WEBHOOK_JOB
from core.sync.ports import RateLimited
from workers import jobs_pull
from workers.settings import WorkerSettings


def test_pull_jobs_are_registered_under_the_queued_names() -> None:
    names = {function.name for function in WorkerSettings.functions}  # type: ignore[attr-defined]
    assert {RUN_PULL_JOB, WEBHOOK_JOB} <= names


def test_hourly_sync_cron_runs_at_minute_zero() -> None:
    job = next(j for j in WorkerSettings.cron_jobs if j.name == "cron:schedule_hourly_syncs")
    assert job.minute == 0
    assert job.hour is None
    assert job.unique


async def test_run_pull_sync_throttled_raises_retry_with_the_delay(monkeypatch) -> None:
    async def throttled(*args: object, **kwargs: object) -> None:
        raise RateLimited("slow down", retry_after=42.5)

    monkeypatch.setattr(jobs_pull, "execute_pull_run", throttled)
    ctx: dict[str, object] = {"events": object(), "providers": object(), "job_try": 1}

    with pytest.raises(Retry) as caught:
        await jobs_pull.run_pull_sync(ctx, "00000000-0000-0000-0000-000000000001")

    assert caught.value.defer_score == 43_000


async def test_run_pull_sync_unknown_run_is_not_run(monkeypatch) -> None:
    async def missing(*args: object, **kwargs: object) -> None:
        raise NotFound("sync run does not exist")

    monkeypatch.setattr(jobs_pull, "execute_pull_run", missing)
    ctx: dict[str, object] = {"events": object(), "providers": object()}

    result = await jobs_pull.run_pull_sync(ctx, "00000000-0000-0000-0000-000000000001")

    assert result["status"] == "NOT_RUN"
