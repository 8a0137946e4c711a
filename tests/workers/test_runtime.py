"""The embedded queue: arq over fakeredis inside the API process."""

from __future__ import annotations

import asyncio

import pytest
from arq.connections import log_redis_info
from fakeredis import FakeServer

from core.events import SyncFinished, run_channel
from core.models import Firm, SyncRun
from core.models.enums import SyncRunStatus, SyncTrigger
from core.services.overdue import queue_overdue_sweep
from core.settings import SettingsError
from workers.runtime import EMBEDDED_INFO, FakeArqRedis, open_runtime
from workers.settings import run_worker

# A safety net so a broken worker fails the test instead of hanging it; not a timing goal.
HANG_GUARD_SECONDS = 30


async def test_fake_arq_redis_answers_arq_startup_info() -> None:
    # Guards the INFO stub: fakeredis has no INFO, and arq asks for it when a worker starts.
    redis = FakeArqRedis(server=FakeServer())
    await redis.set("k", "v")
    lines: list[str] = []
    await log_redis_info(redis, lines.append)
    await redis.aclose()
    assert lines == [
        f"redis_version={EMBEDDED_INFO['redis_version']} mem_usage=n/a "
        "clients_connected=n/a db_keys=1"
    ]


async def test_fake_arq_redis_transactional_pipeline_is_real() -> None:
    redis = FakeArqRedis(server=FakeServer())
    async with redis.pipeline(transaction=True) as pipe:
        pipe.set("a", "1")
        pipe.get("a")
        results = await pipe.execute()
    await redis.aclose()
    assert results == [True, b"1"]


async def test_embedded_worker_runs_queued_job_and_publishes(app) -> None:
    # The worker only polls after arq's start-up INFO report, so this also guards the stub.
    runtime = app.state.runtime
    firm = await Firm.create(external_id="firm-w")
    run = await queue_overdue_sweep(firm.id, trigger=SyncTrigger.USER)
    subscription = await runtime.events.subscribe(run_channel(str(run.id)))
    try:
        assert await runtime.queue.enqueue("mark_overdue_invoices", str(run.id), job_id=str(run.id))
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            async for event in subscription.events():
                if isinstance(event, SyncFinished):
                    break
    finally:
        await subscription.close()
    stored = await SyncRun.get(id=run.id)
    assert stored.status == SyncRunStatus.SUCCEEDED
    assert event.seq == stored.last_event_seq


async def test_open_runtime_without_embedded_worker_starts_no_worker(settings) -> None:
    quiet = settings.model_copy(update={"run_embedded_worker": False})
    before = {t.get_name() for t in asyncio.all_tasks()}
    async with open_runtime(quiet):
        names = {t.get_name() for t in asyncio.all_tasks()} - before
    assert "embedded-arq-worker" not in names


def test_run_worker_without_redis_url_is_a_clear_error(settings) -> None:
    with pytest.raises(SettingsError, match="REDIS_URL is not set"):
        run_worker(settings)


def test_run_worker_with_a_malformed_provider_setting_is_a_clear_error(
    settings, monkeypatch
) -> None:
    monkeypatch.setenv("LEDGERSYNC_XERO_ENVIRONMENT", "nowhere")
    with_redis = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    with pytest.raises(SettingsError, match="LEDGERSYNC_XERO_ENVIRONMENT"):
        run_worker(with_redis)
