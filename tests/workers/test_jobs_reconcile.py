"""The reconciliation jobs: registered under the name the service queues, the daily schedule,
and the reconcile policy (a report over a daily cap is tried again an hour later)."""

from __future__ import annotations

import pytest
from arq import Retry

from core.services.reconciliation import RECONCILE_JOB
from core.sync.executor import Execution, Outcome, RunEnv
from core.sync.reconcile_budget import RECONCILE_POLICY
from workers import jobs_pull
from workers.settings import WorkerSettings

RUN_ID = "00000000-0000-0000-0000-000000000002"


def test_reconcile_job_is_registered_under_the_queued_name() -> None:
    names = {function.name for function in WorkerSettings.functions}  # type: ignore[attr-defined]
    assert RECONCILE_JOB in names


def test_reconcile_schedule_cron_runs_once_a_day() -> None:
    job = next(j for j in WorkerSettings.cron_jobs if j.name == "cron:schedule_reconciliations")
    assert (job.hour, job.minute, job.second) == (3, 15, 0)
    assert job.unique


async def test_run_reconcile_uses_the_reconcile_policy_and_defers(monkeypatch) -> None:
    seen: list[RunEnv] = []

    async def over_budget(run_id: object, body: object, env: RunEnv, **kwargs: object) -> Execution:
        seen.append(env)
        return Execution(RUN_ID, Outcome.DEFERRED, retry_after=3600.0, reason="DAILY_LIMIT")

    monkeypatch.setattr(jobs_pull, "execute_run", over_budget)
    monkeypatch.setattr(jobs_pull, "run_env", lambda ctx: RunEnv(None, None, None))  # type: ignore[arg-type]

    with pytest.raises(Retry) as caught:
        await jobs_pull.run_reconcile({"job_try": 1}, RUN_ID)

    assert caught.value.defer_score == 3_600_000
    assert seen[0].policy is RECONCILE_POLICY
