"""Root query fields of sync runs and the audit trail."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from core.errors import ValidationFailed
from core.models import Activity, SyncPlan, SyncRun
from core.models.enums import ActivitySource, SyncKind, SyncRunStatus
from graph.accounting.types import CONNECTION_TYPE
from graph.context import Info
from graph.errors import PublicError
from graph.ids import decode_any_id, decode_id
from graph.pagination import Connection, after_argument, paginate
from graph.permissions import AUTHENTICATED
from graph.sync.plan_types import SYNC_PLAN_TYPE, SyncPlanNode
from graph.sync.types import (
    SYNC_RUN_TYPE,
    ActivityNode,
    SyncRunNode,
    activity_nodes,
    run_nodes,
)
from graph.validation import text_argument

#: Activity.subject_type holds at most 32 characters.
SUBJECT_TYPE_MAX_LENGTH = 32
_FIRST = "How many records to return: 1 to 200, 50 when omitted."
_AFTER = "The `endCursor` of the previous page; omit for the first page."


def _subject_id(global_id: str) -> UUID:
    """The record id inside a global ID of any type (the audit trail spans every type)."""
    return decode_any_id(global_id, field="subjectId")[1]


def decode_run_id(global_id: str, *, field: str = "id") -> UUID:
    """The SyncRun id inside a global ID, or a top-level BAD_REQUEST error."""
    try:
        return decode_id(global_id, SYNC_RUN_TYPE, field=field)
    except ValidationFailed as exc:
        raise PublicError(exc.message) from None


def _connection_id(global_id: str) -> UUID:
    """The Connection id inside a global ID, or a top-level BAD_REQUEST error."""
    try:
        return decode_id(global_id, CONNECTION_TYPE, field="connectionId")
    except ValidationFailed as exc:
        raise PublicError(exc.message) from None


@strawberry.type
class SyncQueries:
    """Query fields, merged into the root Query type."""

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="Your firm's sync runs, newest first.",
    )
    async def sync_runs(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description=_FIRST)] = None,
        after: Annotated[str | None, after_argument(_AFTER)] = None,
        kind: Annotated[
            SyncKind | None, strawberry.argument(description="Only runs of this kind.")
        ] = None,
        status: Annotated[
            SyncRunStatus | None, strawberry.argument(description="Only runs in this state.")
        ] = None,
        connection_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only runs of this accounting connection (an AccountingConnection "
                "ID). Another firm's or an unknown connection gives an empty list; a malformed "
                "ID is a top-level BAD_REQUEST error."
            ),
        ] = None,
    ) -> Connection[SyncRunNode]:
        """One page of the caller's firm's runs."""
        viewer = info.context.require_viewer()
        queryset = SyncRun.filter(firm_id=viewer.firm_id)
        if connection_id is not None:
            queryset = queryset.filter(connection_id=_connection_id(connection_id))
        if kind is not None:
            queryset = queryset.filter(kind=kind)
        if status is not None:
            queryset = queryset.filter(status=status)
        try:
            return await paginate(queryset, first=first, after=after, to_node=run_nodes)
        except ValidationFailed as exc:
            raise PublicError(exc.message) from None

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="One of your firm's sync runs; null when none of your firm's runs has this "
        "ID (another firm's ID included). A malformed ID is a top-level BAD_REQUEST error.",
    )
    async def sync_run(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The SyncRun ID.")],
    ) -> SyncRunNode | None:
        """The run, if it belongs to the caller's firm."""
        viewer = info.context.require_viewer()
        run = await SyncRun.get_or_none(id=decode_run_id(id), firm_id=viewer.firm_id)
        return SyncRunNode.from_model(run) if run else None

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="One of your firm's sync plans (made by planSync) with its records; null "
        "when none of your firm's plans has this ID. A malformed ID is a top-level BAD_REQUEST "
        "error.",
    )
    async def sync_plan(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The SyncPlan ID.")],
    ) -> SyncPlanNode | None:
        """The plan, if it belongs to the caller's firm."""
        viewer = info.context.require_viewer()
        try:
            plan_id = decode_id(id, SYNC_PLAN_TYPE, field="id")
        except ValidationFailed as exc:
            raise PublicError(exc.message) from None
        plan = await SyncPlan.get_or_none(id=plan_id, firm_id=viewer.firm_id)
        return SyncPlanNode.from_model(plan) if plan else None

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="Your firm's audit trail, newest first.",
    )
    async def activities(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description=_FIRST)] = None,
        after: Annotated[str | None, after_argument(_AFTER)] = None,
        subject_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only entries about this record (any type's ID, e.g. an Invoice)."
            ),
        ] = None,
        # `source` is a resolver keyword of Strawberry's extensions: named in GraphQL only.
        origin: Annotated[
            ActivitySource | None,
            strawberry.argument(
                name="source",
                description="Only entries of this source: USER, SYSTEM or PROVIDER.",
            ),
        ] = None,
        subject_type: Annotated[
            str | None,
            text_argument(
                "Only entries about records of this type, as `subjectType` names it (e.g. "
                "`Invoice`, `Customer`, `Connection`).",
                max_length=SUBJECT_TYPE_MAX_LENGTH,
            ),
        ] = None,
    ) -> Connection[ActivityNode]:
        """One page of the caller's firm's activities."""
        viewer = info.context.require_viewer()
        try:
            queryset = Activity.filter(firm_id=viewer.firm_id)
            if subject_id is not None:
                queryset = queryset.filter(subject_id=_subject_id(subject_id))
            if origin is not None:
                queryset = queryset.filter(source=origin)
            if subject_type is not None:
                queryset = queryset.filter(subject_type=subject_type)
            return await paginate(queryset, first=first, after=after, to_node=activity_nodes)
        except ValidationFailed as exc:
            raise PublicError(exc.message) from None
