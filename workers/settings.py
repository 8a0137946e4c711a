"""The arq worker's settings (jobs, cron, lifecycle), how a worker is built, and the blocking
entry point of ``ledgersync worker``."""

from __future__ import annotations

import asyncio
from typing import Any

from arq import cron, func
from arq.connections import RedisSettings
from arq.worker import Worker

from core.crypto import SecretBox
from core.services.accounting_pull import RUN_PULL_JOB, WEBHOOKS_JOB
from core.services.reconciliation import RECONCILE_JOB
from core.settings import Settings, SettingsError
from core.sync.session import ProviderEnv
from core.sync.tokens import CredentialStore
from integrations.registry import check_provider_settings
from workers.execution import ARQ_MAX_TRIES, counted
from workers.jobs import end_orphaned_runs, mark_overdue_invoices, schedule_overdue_sweeps
from workers.jobs_pull import (
    apply_webhooks,
    process_webhook_delivery,
    run_pull_sync,
    run_reconcile,
    schedule_hourly_syncs,
    schedule_reconciliations,
    sweep_webhook_deliveries,
)
from workers.jobs_push import PUSH_FUNCTIONS
from workers.leases import JobLeases
from workers.lifecycle import shutdown, startup
from workers.supervisor import run_supervised

EVERY_MINUTE = set(range(60))


class WorkerSettings:
    """What the worker runs; read by :func:`build_worker` (and by arq's own CLI)."""

    functions = [
        func(counted("mark_overdue_invoices", mark_overdue_invoices), max_tries=3),
        func(counted(RUN_PULL_JOB, run_pull_sync), name=RUN_PULL_JOB, max_tries=ARQ_MAX_TRIES),
        # One company's deliveries at a time; no result is kept, so the next delivery can
        # queue the company's job again as soon as this one ends.
        func(
            counted(WEBHOOKS_JOB, apply_webhooks),
            name=WEBHOOKS_JOB,
            max_tries=ARQ_MAX_TRIES,
            keep_result=0,
        ),
        func(counted("process_webhook_delivery", process_webhook_delivery), max_tries=3),
        func(counted(RECONCILE_JOB, run_reconcile), name=RECONCILE_JOB, max_tries=ARQ_MAX_TRIES),
        *PUSH_FUNCTIONS,
    ]
    # arq gives cron jobs a time-based job id, so several workers still queue each one once.
    cron_jobs = [
        cron(counted("schedule_overdue_sweeps", schedule_overdue_sweeps), minute=0, second=0),
        cron(counted("schedule_hourly_syncs", schedule_hourly_syncs), minute=0, second=0),
        # Once a day, at a quiet hour: queues the reports that are due (weekly by default).
        cron(
            counted("schedule_reconciliations", schedule_reconciliations),
            hour=3,
            minute=15,
            second=0,
        ),
        # Every minute, apart from the hourly jobs and from each other.
        cron(counted("end_orphaned_runs", end_orphaned_runs), minute=EVERY_MINUTE, second=30),
        cron(
            counted("sweep_webhook_deliveries", sweep_webhook_deliveries),
            minute=EVERY_MINUTE,
            second=40,
        ),
    ]
    on_startup = startup
    on_shutdown = shutdown
    max_tries = 3
    job_timeout = 600
    keep_result = 3600


def build_worker(settings: Settings, **overrides: Any) -> Worker:
    """The worker with its jobs, cron, lifecycle and job leases (``overrides`` win).

    Build it inside the event loop that will run it.
    """
    leases = JobLeases(settings.job_lease_seconds)
    options: dict[str, Any] = {
        "functions": WorkerSettings.functions,
        "cron_jobs": WorkerSettings.cron_jobs,
        "on_startup": WorkerSettings.on_startup,
        "on_shutdown": WorkerSettings.on_shutdown,
        "on_job_start": leases.on_job_start,
        "on_job_end": leases.on_job_end,
        "max_tries": WorkerSettings.max_tries,
        "job_timeout": WorkerSettings.job_timeout,
        "keep_result": WorkerSettings.keep_result,
        "handle_signals": False,
        **overrides,
    }
    options["ctx"] = {"settings": settings, **options.get("ctx", {})}
    worker = Worker(**options)
    leases.bind(worker.job_tasks.get)
    return worker


def run_worker(settings: Settings) -> None:
    """Run the worker on REDIS_URL until SIGINT/SIGTERM (blocking); it rides out Redis outages.

    Raises :class:`SettingsError` when REDIS_URL is unset: without Redis the worker runs
    embedded in the API process instead, and a separate worker would have no queue to read.
    """
    if not settings.redis_url:
        raise SettingsError(
            "REDIS_URL is not set: a separate worker needs the Redis server the API enqueues "
            "jobs on (without REDIS_URL the API runs its worker in-process)"
        )
    check_provider_settings(
        ProviderEnv(settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys)))
    )
    redis_settings = RedisSettings.from_dsn(settings.redis_url)

    async def main() -> None:
        await run_supervised(build_worker(settings, redis_settings=redis_settings))

    asyncio.run(main())
