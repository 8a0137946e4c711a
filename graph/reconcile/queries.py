"""Root query fields of reconciliation reports."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import ValidationFailed
from core.models import ReconciliationReport
from core.services.reconciliation import report_for
from graph.accounting.types import CONNECTION_TYPE
from graph.context import Info
from graph.errors import PublicError
from graph.ids import decode_id
from graph.pagination import Connection, after_argument, paginate
from graph.permissions import AUTHENTICATED
from graph.reconcile.types import REPORT_TYPE, ReconciliationReportNode, report_nodes

_FIRST = "How many reports to return: 1 to 200, 50 when omitted."
_AFTER = "The `endCursor` of the previous page; omit for the first page."


@strawberry.type
class ReconcileQueries:
    """Query fields, merged into the root Query type."""

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="Your firm's reconciliation reports, newest first (the history of reports "
        "asked for with `reconcile` and made on the weekly schedule).",
    )
    async def reconciliation_reports(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only reports of this AccountingConnection."),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=_FIRST)] = None,
        after: Annotated[str | None, after_argument(_AFTER)] = None,
    ) -> Connection[ReconciliationReportNode]:
        """One page of the caller's firm's reports."""
        viewer = info.context.require_viewer()
        try:
            queryset = ReconciliationReport.filter(firm_id=viewer.firm_id)
            if connection_id is not None:
                local = decode_id(connection_id, CONNECTION_TYPE, field="connectionId")
                queryset = queryset.filter(connection_id=local)
            return await paginate(queryset, first=first, after=after, to_node=report_nodes)
        except ValidationFailed as exc:
            raise PublicError(exc.message) from None

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="One of your firm's reconciliation reports; null when none of your firm's "
        "reports has this ID. A malformed ID is a top-level BAD_REQUEST error.",
    )
    async def reconciliation_report(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The ReconciliationReport ID.")
        ],
    ) -> ReconciliationReportNode | None:
        """The report, if it belongs to the caller's firm."""
        viewer = info.context.require_viewer()
        try:
            local = decode_id(id, REPORT_TYPE)
        except ValidationFailed as exc:
            raise PublicError(exc.message) from None
        report = await report_for(viewer.firm_id, local)
        return ReconciliationReportNode.from_model(report) if report else None
