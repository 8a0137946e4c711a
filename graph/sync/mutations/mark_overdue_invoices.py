"""The markOverdueInvoices mutation: queue an overdue sweep of the caller's firm."""

from __future__ import annotations

import logging
from typing import Annotated

import strawberry

from core.errors import ErrorCode
from core.models.enums import SyncTrigger
from core.services.overdue import queue_overdue_sweep
from core.sync.runs import fail_queued_run
from graph.context import Info
from graph.errors import InvalidStateError, PublicError
from graph.permissions import AUTHENTICATED
from graph.sync.types import SyncRunNode

logger = logging.getLogger("ledgersync.graphql")

JOB_NAME = "mark_overdue_invoices"


class QueueUnavailable(PublicError):
    """The job queue could not take the job; the run was recorded as FAILED."""

    code = "UNAVAILABLE"


@strawberry.type(
    description="The sweep was queued. Follow it with the `syncProgress(runId)` subscription "
    "or the `syncRun(id)` query."
)
class MarkOverdueInvoicesSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


MarkOverdueInvoicesResult = Annotated[
    MarkOverdueInvoicesSuccess | InvalidStateError,
    strawberry.union(
        "MarkOverdueInvoicesResult",
        description="The queued run, or why nothing was queued.",
    ),
]


@strawberry.type
class MarkOverdueInvoicesMutation:
    """Mixin holding the markOverdueInvoices field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Queue a sweep that marks your firm's past-due invoices OVERDUE (any role "
        "may). An invoice is past due when it is SENT or PARTIAL and its due date is before "
        "today in UTC; estimates are never touched. The sweep also runs every hour on its own. "
        "If the job queue is down, the run is recorded as FAILED and a top-level error with "
        "`extensions.code = UNAVAILABLE` is returned.",
    )
    async def mark_overdue_invoices(self, info: Info) -> MarkOverdueInvoicesResult | None:
        """Create the run, then queue its job under the run's id."""
        viewer = info.context.require_viewer()
        run = await queue_overdue_sweep(
            viewer.firm_id,
            trigger=SyncTrigger.USER,
            started_by_id=viewer.user_id,
            ip_address=info.context.client_ip,
        )
        try:
            queued = await info.context.runtime.queue.enqueue(
                JOB_NAME, str(run.id), job_id=str(run.id)
            )
        except Exception as exc:
            logger.exception("could not queue overdue sweep %s", run.id)
            await fail_queued_run(run, f"the job queue is unavailable: {type(exc).__name__}")
            raise QueueUnavailable(
                "the job queue is unavailable; the run was recorded as FAILED, please retry"
            ) from None
        if not queued:
            # Run ids are fresh UUIDs, so this means the queue already holds this very job.
            return InvalidStateError(
                message="this sweep is already queued", code=ErrorCode.INVALID_STATE
            )
        return MarkOverdueInvoicesSuccess(run=SyncRunNode.from_model(run))
