"""The arq worker's settings (jobs, cron, lifecycle) and the blocking entry point."""

from __future__ import annotations

from arq import cron, func
from arq.connections import RedisSettings
from arq.worker import run_worker as arq_run_worker

from core.settings import Settings, SettingsError
from workers.jobs import end_orphaned_runs, mark_overdue_invoices, schedule_overdue_sweeps
from workers.jobs_pull import (
    MAX_TRIES,
    process_webhook_delivery,
    run_pull_sync,
    schedule_hourly_syncs,
)
from workers.jobs_push import PUSH_FUNCTIONS
from workers.lifecycle import shutdown, startup


class WorkerSettings:
    """What the worker runs; read by arq (``arq.worker.run_worker`` / ``Worker(**…)``)."""

    functions = [
        func(mark_overdue_invoices, max_tries=3),
        func(run_pull_sync, max_tries=MAX_TRIES),
        func(process_webhook_delivery, max_tries=MAX_TRIES),
        *PUSH_FUNCTIONS,
    ]
    # Minute 0 of every hour. arq gives cron jobs a time-based job id, so several workers
    # still queue each sweep once.
    cron_jobs = [
        cron(schedule_overdue_sweeps, minute=0, second=0, unique=True),
        cron(schedule_hourly_syncs, minute=0, second=0, unique=True),
        # Every five minutes (at :30 s, apart from the hourly jobs).
        cron(end_orphaned_runs, minute=set(range(0, 60, 5)), second=30, unique=True),
    ]
    on_startup = startup
    on_shutdown = shutdown
    max_tries = 3
    job_timeout = 600
    keep_result = 3600


def run_worker(settings: Settings) -> None:
    """Run the worker on REDIS_URL until SIGINT/SIGTERM (blocking).

    Raises :class:`SettingsError` when REDIS_URL is unset: without Redis the worker runs
    embedded in the API process instead, and a separate worker would have no queue to read.
    """
    if not settings.redis_url:
        raise SettingsError(
            "REDIS_URL is not set: a separate worker needs the Redis server the API enqueues "
            "jobs on (without REDIS_URL the API runs its worker in-process)"
        )
    arq_run_worker(
        WorkerSettings,  # type: ignore[arg-type]
        redis_settings=RedisSettings.from_dsn(settings.redis_url),
        ctx={"settings": settings},
    )
