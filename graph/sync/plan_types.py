"""GraphQL types of sync plans (planSync, syncPlan, runSyncPlan)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry

from core.errors import ValidationFailed
from core.models import PlanItem, SyncPlan
from core.models.enums import Entity, PlanAction, PlanStatus
from graph.errors import PublicError
from graph.ids import Node, encode_id, entity_id
from graph.pagination import Connection, after_argument, paginate

SYNC_PLAN_TYPE = "SyncPlan"

strawberry.enum(
    PlanAction,
    description="What a plan does with a record: CREATE, UPDATE, VOID, ADOPT (an existing "
    "remote record with the same name, or email, is linked instead of creating one), SKIP or "
    "FAIL (refused before anything is sent).",
)
strawberry.enum(PlanStatus, description="READY (runSyncPlan may execute it) or EXECUTED.")


@strawberry.type(description="What a sync plan does with one record, and why.")
class PlanItemNode:
    """One record of a plan."""

    entity: Entity
    local_id: strawberry.ID = strawberry.field(
        description="The record's ID (an Invoice, Customer or Item ID; an estimate's is an "
        "Invoice ID)."
    )
    label: str = strawberry.field(description='e.g. "Invoice 1042" or "Customer Acme Ltd".')
    action: PlanAction
    reason: str | None = strawberry.field(
        description="Why the record is skipped or fails, or a warning; null otherwise."
    )
    error_code: str | None = strawberry.field(
        description="The code a FAIL record would fail with (e.g. CURRENCY_NOT_ENABLED)."
    )
    requested: bool = strawberry.field(
        description="True for records the scope asked for; false for the customers and items "
        "the push resolves first."
    )

    @classmethod
    def from_model(cls, item: PlanItem) -> PlanItemNode:
        """Build from the model."""
        return cls(
            entity=item.entity,
            local_id=entity_id(item.entity, item.local_id),
            label=item.label,
            action=item.action,
            reason=item.reason,
            error_code=item.error_code,
            requested=item.requested,
        )


async def plan_item_nodes(rows: Sequence[PlanItem]) -> list[PlanItemNode]:
    """Convert a page of plan items."""
    return [PlanItemNode.from_model(row) for row in rows]


@strawberry.type(description="How many records of a plan get one action.")
class PlanActionCount:
    """One action's count."""

    action: PlanAction
    records: int


@strawberry.type(description="How many platform calls of one operation a plan's push makes.")
class PlanCallCount:
    """One operation's calls."""

    operation: str = strawberry.field(
        description="create_customers, create_items, create_invoices, update_customer, "
        "update_invoice or void_invoice."
    )
    calls: int


def _action_counts(raw: object) -> list[PlanActionCount]:
    counts = raw if isinstance(raw, dict) else {}
    return [PlanActionCount(action=PlanAction(k), records=int(v)) for k, v in counts.items()]


def _call_counts(raw: object) -> list[PlanCallCount]:
    counts = raw if isinstance(raw, dict) else {}
    return [PlanCallCount(operation=str(k), calls=int(v)) for k, v in counts.items()]


def _text(raw: object) -> str | None:
    return raw if isinstance(raw, str) else None


def _number(raw: object) -> int | None:
    return raw if isinstance(raw, int) else None


@strawberry.type(
    description="A dry run of a sync: what the push would do with every record, computed by "
    "the sync engine with its writes recorded instead of sent. Making it wrote nothing to the "
    "books. Refusals are known in advance only where Ledgersync checks them itself (currency, "
    "daily call cap, customers and items that cannot be synced); the platform may still refuse "
    "a write, e.g. one dated in a closed period."
)
class SyncPlanNode(Node):
    """A stored plan; its records are under `items`."""

    id: strawberry.ID
    status: PlanStatus
    created_at: datetime = strawberry.field(description="When the plan was made (UTC).")
    expires_at: datetime = strawberry.field(
        description="After this (UTC) runSyncPlan refuses the plan with PLAN_EXPIRED."
    )
    actions: list[PlanActionCount] = strawberry.field(
        description="How many records get each action (the customers and items resolved first "
        "included)."
    )
    run_error: str | None = strawberry.field(
        description="Why the push would stop as a whole (e.g. a daily call cap reached), when it "
        "would; null otherwise."
    )
    write_calls: list[PlanCallCount] = strawberry.field(
        description="The platform write calls the push makes, by operation (each batch is one "
        "call)."
    )
    daily_calls_remaining: int | None = strawberry.field(
        description="Calls the company had left today when planned, on platforms with a daily "
        "cap (Xero); null elsewhere."
    )
    plan_pk: strawberry.Private[UUID]

    @strawberry.field(description="The plan's records, the last planned first.")
    async def items(
        self,
        first: Annotated[
            int | None,
            strawberry.argument(description="How many items: 1 to 200, 50 when omitted."),
        ] = None,
        after: Annotated[
            str | None, after_argument("The `endCursor` of the previous page.")
        ] = None,
    ) -> Connection[PlanItemNode]:
        """One page of the plan's items."""
        queryset = PlanItem.filter(plan_id=self.plan_pk)
        try:
            return await paginate(queryset, first=first, after=after, to_node=plan_item_nodes)
        except ValidationFailed as exc:
            raise PublicError(exc.message) from None

    @classmethod
    def from_model(cls, plan: SyncPlan) -> SyncPlanNode:
        """Build from the model."""
        return cls(
            id=encode_id(SYNC_PLAN_TYPE, plan.id),
            status=plan.status,
            created_at=plan.created_at,
            expires_at=plan.expires_at,
            actions=_action_counts(plan.summary.get("actions")),
            run_error=_text(plan.summary.get("run_error")),
            write_calls=_call_counts(plan.calls.get("by_kind")),
            daily_calls_remaining=_number(plan.calls.get("daily_remaining")),
            plan_pk=plan.id,
        )
