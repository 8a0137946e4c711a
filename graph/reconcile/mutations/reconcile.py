"""reconcile: queue a reconciliation report for an accounting connection."""

from __future__ import annotations

from datetime import date
from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.reconciliation import DEFAULT_PAYMENTS_DAYS, ReportQueueDown, queue_reconcile
from graph.accounting.mutations.pull_common import CONNECTION_ID_DESCRIPTION, PullQueueDown
from graph.accounting.types import CONNECTION_TYPE
from graph.context import Info
from graph.errors import InvalidStateError, NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.permissions import AUTHENTICATED
from graph.reconcile.types import ReconciliationReportNode


@strawberry.type(description="The report was queued.")
class ReconcileSuccess:
    """The queued report."""

    report: ReconciliationReportNode = strawberry.field(
        description="The new report, in status RUNNING; its `runId` is the run to follow."
    )


ReconcileResult = Annotated[
    ReconcileSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union("ReconcileResult", description="The queued report, or why none was queued."),
]


@strawberry.type
class ReconcileMutation:
    """The reconcile field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=(
            "Queue a reconciliation report: the accounting platform's open invoices, payments "
            "since `paymentsSince` and customers are read and compared with the local books "
            "through the links between records. Each discrepancy found has a kind, both values "
            "and the action that fixes it. Any member of the firm may. The report starts "
            "RUNNING; follow its run with the `syncProgress(runId)` subscription, then read it "
            "with `reconciliationReport(id)`. A platform that answers later (QuickBooks "
            "Desktop) completes the report once its Web Connector has answered; a report that "
            "would not fit in the platform's daily call limit says so in `error` and continues "
            "when the limit leaves room. Refused with NotFoundError for an unknown connection "
            "(or another firm's), InvalidStateError when the connection must be reconnected, "
            "ValidationError for a `paymentsSince` in the future."
        ),
    )
    async def reconcile(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description=CONNECTION_ID_DESCRIPTION)
        ],
        payments_since: Annotated[
            date | None,
            strawberry.argument(
                description="Compare payments dated on or after this day; "
                f"{DEFAULT_PAYMENTS_DAYS} days ago when omitted."
            ),
        ] = None,
    ) -> ReconcileResult:
        """Queue through the reconciliation service."""
        viewer = info.context.require_viewer()
        try:
            local_id = decode_id(connection_id, CONNECTION_TYPE, field="connectionId")
            report = await queue_reconcile(
                viewer,
                local_id,
                info.context.runtime.queue,
                payments_since=payments_since,
                ip=info.context.client_ip,
            )
        except DomainError as exc:
            return cast(ReconcileResult, user_error(exc))
        except ReportQueueDown as exc:
            raise PullQueueDown(str(exc)) from None
        return ReconcileSuccess(report=ReconciliationReportNode.from_model(report))
