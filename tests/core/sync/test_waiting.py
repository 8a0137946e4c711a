"""Runs that wait for a platform that answers later: a provider raising AwaitingProvider parks
the run as WAITING with the reason and a SyncWaiting event; the reaper leaves it alone; the
agent's answers queue the same run again, which resumes and finishes; a run waiting too long
says so on its connection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.events import SyncFinished, SyncWaiting
from core.models import Connection, SyncRun
from core.models.enums import ConnectionStatus, SyncRunStatus
from core.sync.disconnected import DISCONNECTED, end_waiting_runs
from core.sync.executor import Outcome, RunEnv, RunScope, execute_run
from core.sync.ports import AwaitingProvider
from core.sync.reaper import fail_orphaned_runs
from core.sync.waiting import Resume, ResumeHooks, flag_long_waits, resume_job_id
from tests.core.sync.push_drivers import PushDriver, push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]

pytestmark = pytest.mark.usefixtures("app")

REASON = "waiting for the Web Connector's next poll"


class Queue:
    """A job queue that records what it was asked to queue."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, tuple[object, ...], str | None]] = []

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        self.jobs.append((function, args, job_id))
        return True


def _env(world: World, resume: Resume | None = None) -> RunEnv:
    return RunEnv(
        kits=lambda _p: world.kit,  # type: ignore[arg-type]
        providers=world.env,
        sink=world.sink,
        resume=resume,
    )


class Answering:
    """A body whose provider answers later: it waits until ``answered`` is set."""

    def __init__(self) -> None:
        self.answered = False
        self.calls = 0

    async def __call__(self, scope: RunScope) -> None:
        self.calls += 1
        await scope.reporter.start(1)
        if not self.answered:
            raise AwaitingProvider(REASON)


async def test_awaiting_provider_parks_the_run_waiting_with_reason_and_event(
    world, sim: PushDriver
) -> None:
    run = (await world.reporter()).run

    execution = await execute_run(run.id, Answering(), _env(world))

    assert (execution.outcome, execution.reason) == (Outcome.PARKED, REASON)
    stored = await SyncRun.get(id=run.id)
    assert (stored.status, stored.waiting_reason) == (SyncRunStatus.WAITING, REASON)
    assert stored.waiting_since is not None
    assert stored.finished_at is None
    waiting = [e for e in world.sink.events if isinstance(e, SyncWaiting)]
    assert [e.reason for e in waiting] == [REASON]
    assert not any(isinstance(e, SyncFinished) for e in world.sink.events)


async def test_reaper_never_fails_a_waiting_run(world, sim: PushDriver) -> None:
    run = (await world.reporter()).run
    await execute_run(run.id, Answering(), _env(world))
    await SyncRun.filter(id=run.id).update(updated_at=datetime.now(UTC) - timedelta(days=2))

    async def no_job(_job_id: str) -> bool:
        return False

    assert await fail_orphaned_runs(no_job, world.sink) == []
    assert (await SyncRun.get(id=run.id)).status is SyncRunStatus.WAITING


async def test_answers_queue_the_same_run_again_once_and_it_resumes_to_success(
    world, sim: PushDriver
) -> None:
    run = (await world.reporter()).run
    body = Answering()
    await execute_run(run.id, body, _env(world, Resume("push_invoices_job", (str(run.id), ["x"]))))
    queue = Queue()
    hooks = ResumeHooks(queue)

    await hooks.answered(world.connection.id, {run.id})
    await hooks.answered(world.connection.id, {run.id})  # told twice: queued once

    assert queue.jobs == [("push_invoices_job", (str(run.id), ["x"]), f"{run.id}:resume:1")]
    queued = await SyncRun.get(id=run.id)
    assert queued.status is SyncRunStatus.QUEUED
    assert resume_job_id(queued) == f"{run.id}:resume:1"
    assert await hooks.expects_more(world.connection.id)
    body.answered = True
    execution = await execute_run(run.id, body, _env(world))
    assert execution.status is SyncRunStatus.SUCCEEDED
    finished = await SyncRun.get(id=run.id)
    assert finished.waiting_reason is None
    assert not await hooks.expects_more(world.connection.id)
    assert body.calls == 2


async def test_answers_for_another_connections_run_resume_nothing(world, sim: PushDriver) -> None:
    run = (await world.reporter()).run
    await execute_run(run.id, Answering(), _env(world, Resume("push_invoices_job", (str(run.id),))))
    other = await Connection.create(
        firm_id=world.connection.firm_id,  # type: ignore[attr-defined]
        provider=world.connection.provider,
        remote_company_id="another-company",
    )
    queue = Queue()

    await ResumeHooks(queue).answered(other.id, {run.id})

    assert queue.jobs == []
    assert (await SyncRun.get(id=run.id)).status is SyncRunStatus.WAITING


async def test_a_run_waiting_too_long_says_so_on_its_connection(world, sim: PushDriver) -> None:
    run = (await world.reporter()).run
    await execute_run(run.id, Answering(), _env(world))
    now = datetime.now(UTC)

    assert await flag_long_waits(timedelta(hours=3), now=now) == []
    flagged = await flag_long_waits(timedelta(hours=3), now=now + timedelta(hours=4))

    assert flagged == [world.connection.id]
    connection = await Connection.get(id=world.connection.id)
    assert "never polled" in (connection.last_error or "")
    assert (await SyncRun.get(id=run.id)).status is SyncRunStatus.WAITING


async def test_a_run_that_would_wait_on_a_disconnected_connection_ends_saying_so(
    world, sim: PushDriver
) -> None:
    run = (await world.reporter()).run

    async def disconnected_meanwhile(scope: RunScope) -> None:
        await scope.reporter.start(1)
        await Connection.filter(id=run.connection_id).update(status=ConnectionStatus.REVOKED)
        raise AwaitingProvider(REASON)

    execution = await execute_run(run.id, disconnected_meanwhile, _env(world))

    assert execution.outcome is not Outcome.PARKED
    stored = await SyncRun.get(id=run.id)
    assert (stored.status, stored.error) == (SyncRunStatus.FAILED, DISCONNECTED)
    assert not any(isinstance(e, SyncWaiting) for e in world.sink.events)


async def test_disconnecting_ends_the_waiting_runs_once_and_an_answer_cannot_resume_them(
    world, sim: PushDriver
) -> None:
    run = (await world.reporter()).run
    await execute_run(run.id, Answering(), _env(world))
    assert (await SyncRun.get(id=run.id)).status is SyncRunStatus.WAITING
    await Connection.filter(id=run.connection_id).update(status=ConnectionStatus.REVOKED)

    assert await end_waiting_runs(run.connection_id, world.sink) == [run.id]
    assert await end_waiting_runs(run.connection_id, world.sink) == []

    stored = await SyncRun.get(id=run.id)
    assert (stored.status, stored.error) == (SyncRunStatus.FAILED, DISCONNECTED)
    finished = [e for e in world.sink.events if isinstance(e, SyncFinished)]
    assert [e.status for e in finished] == ["FAILED"]
    queue = Queue()
    await ResumeHooks(queue).answered(run.connection_id, {run.id})
    assert queue.jobs == []
