"""planSync and runSyncPlan as services: a plan is refused for platforms that answer later,
executing one queues exactly its records once, and an expired plan or one whose records changed
since is refused, queueing nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

import pytest

from core.errors import InvalidState, PlanChanged, PlanExpired, PlanUnavailable
from core.models import Invoice, PlanItem, SyncPlan, SyncRun
from core.models.enums import PlanStatus, Role, SyncKind, SyncRunStatus
from core.services.sync_plans import PlanRequest, plan_sync, run_sync_plan
from core.services.tenancy import Viewer
from core.sync.ports import Capability
from core.sync.push import push_invoices
from tests.core.sync.push_drivers import PushDriver, push_sim, push_world
from tests.core.sync.push_support import World

__all__ = ["push_sim", "push_world"]  # the sim and world fixtures of this module's tests

pytestmark = pytest.mark.usefixtures("app")


@dataclass
class RecordingQueue:
    """Keeps every enqueued job; refuses them all when ``down``."""

    jobs: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)
    down: bool = False

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        if self.down:
            raise ConnectionError("queue down")
        self.jobs.append((function, args))
        return True


@dataclass(frozen=True)
class AnswersLater:
    """A kit of a platform whose requests wait for its connector."""

    display_name: str = "Desk Books"
    capabilities: frozenset[Capability] = frozenset({Capability.REQUEST_QUEUE})


def _viewer(world: World) -> Viewer:
    return Viewer(
        user_id=world.user.id,
        firm_id=world.firm.id,
        role=Role.FIRM_ADMIN,
        user_external_id=world.user.external_id,
        firm_external_id=world.firm.external_id,
    )


async def _plan(world: World, *invoices: Invoice) -> SyncPlan:
    request = PlanRequest(SyncKind.PUSH_INVOICES, [i.id for i in invoices])
    return await plan_sync(
        _viewer(world), lambda _: world.kit, world.env, world.connection.id, request
    )


async def test_run_sync_plan_ready_queues_exactly_its_records_once(world, sim) -> None:
    customer = await world.customer()
    invoices = [await world.invoice(customer, str(n)) for n in (1, 2)]
    plan = await _plan(world, *invoices)
    queue = RecordingQueue()

    run = await run_sync_plan(_viewer(world), queue, world.env.settings, plan.id)

    assert run.status is SyncRunStatus.QUEUED
    ((job, args),) = queue.jobs
    assert job == "push_invoices"
    assert args == (str(run.id), [str(i.id) for i in invoices])
    stored = await SyncPlan.get(id=plan.id)
    assert (stored.status, stored.run_id) == (PlanStatus.EXECUTED, run.id)
    with pytest.raises(InvalidState):
        await run_sync_plan(_viewer(world), queue, world.env.settings, plan.id)
    assert len(queue.jobs) == 1


async def test_run_sync_plan_expired_refused_queues_nothing(world, sim) -> None:
    plan = await _plan(world, await world.invoice(await world.customer(), "1"))
    queue = RecordingQueue()

    later = plan.expires_at + timedelta(seconds=1)
    with pytest.raises(PlanExpired):
        await run_sync_plan(_viewer(world), queue, world.env.settings, plan.id, now=later)

    assert queue.jobs == []
    assert await SyncRun.filter(kind=SyncKind.PUSH_INVOICES).count() == 0


async def test_run_sync_plan_record_edited_since_refused_naming_it(world, sim) -> None:
    customer = await world.customer()
    kept, edited = await world.invoice(customer, "1"), await world.invoice(customer, "2")
    plan = await _plan(world, kept, edited)
    edited.notes = "changed after the plan"
    await edited.save()
    queue = RecordingQueue()

    with pytest.raises(PlanChanged) as raised:
        await run_sync_plan(_viewer(world), queue, world.env.settings, plan.id)

    assert "Invoice 2" in raised.value.message
    assert "Invoice 1" not in raised.value.message
    assert queue.jobs == []
    assert (await SyncPlan.get(id=plan.id)).status is PlanStatus.READY


async def test_run_sync_plan_record_synced_since_by_another_run_refused(world, sim) -> None:
    invoice = await world.invoice(await world.customer(), "1")
    plan = await _plan(world, invoice)
    await _push(world, sim, invoice)

    with pytest.raises(PlanChanged):
        await run_sync_plan(_viewer(world), RecordingQueue(), world.env.settings, plan.id)


async def test_run_sync_plan_queue_down_keeps_plan_ready(world, sim) -> None:
    plan = await _plan(world, await world.invoice(await world.customer(), "1"))

    with pytest.raises(Exception, match="unavailable"):
        await run_sync_plan(_viewer(world), RecordingQueue(down=True), world.env.settings, plan.id)

    assert (await SyncPlan.get(id=plan.id)).status is PlanStatus.READY
    queue = RecordingQueue()
    await run_sync_plan(_viewer(world), queue, world.env.settings, plan.id)
    assert len(queue.jobs) == 1


async def test_plan_sync_platform_answering_later_refused_stores_nothing(world, sim) -> None:
    invoice = await world.invoice(await world.customer(), "1")
    request = PlanRequest(SyncKind.PUSH_INVOICES, [invoice.id])

    with pytest.raises(PlanUnavailable) as raised:
        await plan_sync(
            _viewer(world), lambda _: AnswersLater(), world.env, world.connection.id, request
        )  # type: ignore[arg-type,return-value]

    assert "Desk Books" in raised.value.message
    assert await SyncPlan.all().count() == 0
    assert await PlanItem.all().count() == 0


async def _push(world: World, sim: PushDriver, invoice: Invoice) -> UUID:
    reporter = await world.reporter()
    async with world.session() as session:
        await push_invoices(
            reporter, session, world.connection, [invoice.id], platform=sim.platform
        )
    return reporter.run.id
