"""runSyncPlan: queue the push of exactly the records a plan covers."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.sync_plans import run_sync_plan
from graph.accounting.mutations.push_common import QUEUED_NOTE, queue_run
from graph.context import Info
from graph.errors import (
    InvalidStateError,
    NotFoundError,
    PlanChangedError,
    PlanExpiredError,
    ValidationError,
    user_error,
)
from graph.ids import decode_id
from graph.permissions import AUTHENTICATED
from graph.sync.plan_types import SYNC_PLAN_TYPE
from graph.sync.types import SyncRunNode


@strawberry.type(description="The plan's push was queued as one sync run.")
class RunSyncPlanSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


RunSyncPlanResult = Annotated[
    RunSyncPlanSuccess
    | ValidationError
    | NotFoundError
    | InvalidStateError
    | PlanExpiredError
    | PlanChangedError,
    strawberry.union("RunSyncPlanResult", description="The queued run, or why nothing was queued."),
]


@strawberry.type
class RunSyncPlanMutation:
    """The runSyncPlan field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Queue the push a plan covers, for exactly its records (any member may). "
        "Refused, queueing nothing, when the plan expired (PLAN_EXPIRED), when any of its "
        "records was edited or synced by another run since the plan (PLAN_CHANGED, naming "
        "them: plan again), or when it was executed already (INVALID_STATE). " + QUEUED_NOTE,
    )
    async def run_sync_plan(
        self,
        info: Info,
        plan_id: Annotated[strawberry.ID, strawberry.argument(description="The SyncPlan's ID.")],
    ) -> RunSyncPlanResult:
        """Queue through the sync plan service."""
        viewer = info.context.require_viewer()
        try:
            local_id = decode_id(plan_id, SYNC_PLAN_TYPE, field="planId")
        except DomainError as exc:
            return cast(RunSyncPlanResult, user_error(exc))
        runtime = info.context.runtime
        result = await queue_run(
            run_sync_plan(
                viewer, runtime.queue, runtime.settings, local_id, ip=info.context.client_ip
            )
        )
        if isinstance(result, SyncRunNode):
            return RunSyncPlanSuccess(run=result)
        return cast(RunSyncPlanResult, result)
