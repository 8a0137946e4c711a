"""One firm's backlog never holds every worker: with its share of slots full, its further runs
are deferred and another firm's run goes ahead, through a real arq worker."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

import pytest
from arq import func
from fakeredis import FakeServer

from core.models import Connection, Firm, SyncRun
from core.models.enums import ConnectionStatus, Provider, SyncKind, SyncRunStatus, SyncTrigger
from core.settings import Settings
from core.sync import executor
from core.sync.executor import RunEnv, RunScope, execute_run
from core.sync.runs import create_run
from workers.execution import answer, attempt_of
from workers.runtime import EmbeddedWorker, FakeArqRedis
from workers.settings import build_worker

# A safety net so a starved run fails the test instead of hanging it; not a timing goal.
GUARD_SECONDS = 20
BUSY_RUNS = 4


class Kit:
    """A provider whose sessions need nothing."""

    display_name = "Test Books"

    @asynccontextmanager
    async def session(self, env: object, target: object) -> AsyncIterator[object]:
        yield object()


class Sink:
    async def publish(self, event: object) -> None:
        return None


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_jobs_per_firm": 2})


async def _runs(firm_name: str, count: int) -> list[SyncRun]:
    firm = await Firm.create(external_id=firm_name, name=firm_name)
    connection = await Connection.create(
        firm=firm,
        provider=Provider.QUICKBOOKS_ONLINE,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=f"realm-{firm_name}",
    )
    return [
        await create_run(
            firm_id=firm.id,
            kind=SyncKind.PUSH_INVOICES,
            trigger=SyncTrigger.USER,
            connection_id=connection.id,
        )
        for _ in range(count)
    ]


async def _finished(run_id: UUID) -> SyncRun:
    while True:
        run = await SyncRun.get(id=run_id)
        if run.status.is_terminal:
            return run
        await asyncio.sleep(0.02)


async def test_busy_firm_holds_only_its_share_and_another_firms_run_goes_ahead(
    app, settings, monkeypatch
) -> None:
    monkeypatch.setattr(executor, "FAIR_SHARE_DELAY", 1.0)
    busy = await _runs("busy-firm", BUSY_RUNS)
    (other,) = await _runs("other-firm", 1)
    busy_firm = busy[0].firm_id  # type: ignore[attr-defined]
    release = asyncio.Event()
    running: set[UUID] = set()

    async def body(scope: RunScope) -> None:
        await scope.reporter.start(0)
        if scope.reporter.run.firm_id == busy_firm:  # type: ignore[attr-defined]
            running.add(scope.reporter.run.id)
            await release.wait()

    async def sync_job(ctx: dict[str, object], run_id: str) -> dict[str, object]:
        env = RunEnv(
            kits=lambda _p: Kit(),  # type: ignore[arg-type, return-value]
            providers=app.state.runtime.providers,
            sink=Sink(),
            admission=ctx["admission"],  # type: ignore[arg-type]
        )
        execution = await execute_run(UUID(run_id), body, env, attempt=await attempt_of(ctx))
        return await answer(ctx, execution)

    server = FakeServer()
    pool = FakeArqRedis(server=server)
    for run in [*busy, other]:
        await pool.enqueue_job("sync_job", str(run.id), _job_id=str(run.id))
    worker = EmbeddedWorker(
        build_worker(
            settings,
            redis_pool=FakeArqRedis(server=server),
            functions=[func(sync_job, name="sync_job", max_tries=1000)],
            cron_jobs=[],
            max_jobs=BUSY_RUNS - 1,  # fewer worker slots than the busy firm has runs
            poll_delay=0.01,
            ctx={"embedded": True},
        )
    )
    worker.start()
    try:
        async with asyncio.timeout(GUARD_SECONDS):
            done = await _finished(other.id)
            assert len(running) == 2  # the busy firm's share, while its runs still block
            release.set()
            finished = [await _finished(run.id) for run in busy]
    finally:
        release.set()
        await worker.stop()
        await pool.aclose()

    assert done.status is SyncRunStatus.SUCCEEDED
    assert [run.status for run in finished] == [SyncRunStatus.SUCCEEDED] * BUSY_RUNS
