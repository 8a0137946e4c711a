"""The thin jobs and the hourly cron."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fakeredis import FakeServer

from core.events import SyncEvent
from core.models import Customer, Firm, Invoice, SyncRun
from core.models.enums import InvoiceStatus, SyncKind, SyncRunStatus, SyncTrigger
from core.services.overdue import queue_overdue_sweep
from workers.jobs import (
    MARK_OVERDUE_INVOICES,
    end_orphaned_runs,
    mark_overdue_invoices,
    schedule_overdue_sweeps,
)
from workers.runtime import FakeArqRedis
from workers.settings import WorkerSettings


class ListSink:
    def __init__(self) -> None:
        self.events: list[SyncEvent] = []

    async def publish(self, event: SyncEvent) -> None:
        self.events.append(event)


class ListQueue:
    def __init__(self) -> None:
        self.jobs: list[tuple[str, tuple[object, ...], str | None]] = []

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        self.jobs.append((function, args, job_id))
        return True


async def _past_due_invoice(firm: Firm) -> Invoice:
    customer = await Customer.create(firm=firm, name="Ada")
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    return await Invoice.create(
        firm=firm,
        customer=customer,
        number="1",
        status=InvoiceStatus.SENT,
        issue_date=yesterday,
        due_date=yesterday,
    )


async def test_mark_overdue_invoices_job_returns_small_summary(app) -> None:
    firm = await Firm.create(external_id="firm-j")
    await _past_due_invoice(firm)
    run = await queue_overdue_sweep(firm.id, trigger=SyncTrigger.USER)
    result = await mark_overdue_invoices({"events": ListSink()}, str(run.id))
    assert result == {"run_id": str(run.id), "status": "SUCCEEDED", "marked": 1, "failed": 0}


async def test_mark_overdue_invoices_job_finished_run_is_not_run_again(app) -> None:
    firm = await Firm.create(external_id="firm-j")
    run = await queue_overdue_sweep(firm.id, trigger=SyncTrigger.USER)
    await mark_overdue_invoices({"events": ListSink()}, str(run.id))
    sink = ListSink()
    result = await mark_overdue_invoices({"events": sink}, str(run.id))
    assert result["status"] == "NOT_RUN"
    assert sink.events == []


async def test_schedule_overdue_sweeps_queues_one_run_per_firm_with_work(app) -> None:
    busy = await Firm.create(external_id="busy")
    await Firm.create(external_id="idle")
    await _past_due_invoice(busy)
    queue = ListQueue()
    result = await schedule_overdue_sweeps({"queue": queue})
    runs = await SyncRun.all()
    assert result == {"queued": 1}
    assert len(runs) == 1
    run = runs[0]
    assert run.firm_id == busy.id  # type: ignore[attr-defined]
    assert (run.kind, run.trigger, run.status) == (
        SyncKind.OVERDUE_SWEEP,
        SyncTrigger.SCHEDULE,
        SyncRunStatus.QUEUED,
    )
    assert queue.jobs == [("mark_overdue_invoices", (str(run.id),), str(run.id))]


def test_worker_settings_cron_runs_hourly() -> None:
    job = next(j for j in WorkerSettings.cron_jobs if j.name == "cron:schedule_overdue_sweeps")
    assert job.name == "cron:schedule_overdue_sweeps"
    assert job.minute == 0
    assert job.hour is None


async def test_end_orphaned_runs_asks_the_queue_which_jobs_are_alive(app) -> None:
    firm = await Firm.create(external_id="firm-j")
    lost = await queue_overdue_sweep(firm.id, trigger=SyncTrigger.USER)
    waiting = await queue_overdue_sweep(firm.id, trigger=SyncTrigger.USER)
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    await SyncRun.filter(id__in=[lost.id, waiting.id]).update(updated_at=long_ago)
    redis = FakeArqRedis(server=FakeServer())
    # Deferred (as a throttled job is): still going to run, so its run is not orphaned.
    await redis.enqueue_job(
        MARK_OVERDUE_INVOICES, str(waiting.id), _job_id=str(waiting.id), _defer_by=3600
    )

    result = await end_orphaned_runs({"redis": redis, "events": ListSink()})

    assert result == {"ended": [str(lost.id)]}
    assert (await SyncRun.get(id=lost.id)).status is SyncRunStatus.FAILED
    assert (await SyncRun.get(id=waiting.id)).status is SyncRunStatus.QUEUED


def test_worker_settings_end_orphaned_runs_and_sweep_webhooks_every_minute() -> None:
    for name in ("cron:end_orphaned_runs", "cron:sweep_webhook_deliveries"):
        job = next(j for j in WorkerSettings.cron_jobs if j.name == name)
        assert job.minute == set(range(60))
        assert job.unique
