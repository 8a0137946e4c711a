"""planSync: a dry run of a push, stored as a plan that runSyncPlan can execute."""

from __future__ import annotations

import enum
from typing import Annotated, cast

import strawberry

from core.errors import DomainError, ValidationFailed
from core.models.enums import SyncKind
from core.services.sync_plans import PlanRequest, plan_sync
from graph.accounting.types import CONNECTION_TYPE
from graph.context import Info
from graph.customers.types import CUSTOMER_TYPE
from graph.errors import (
    InvalidStateError,
    NotFoundError,
    PlanUnavailableError,
    ValidationError,
    user_error,
)
from graph.ids import decode_id
from graph.invoices.types import INVOICE_TYPE
from graph.permissions import AUTHENTICATED
from graph.sync.plan_types import SyncPlanNode
from integrations.registry import kit_for


@strawberry.enum(description="Which push a plan is made for.")
class PlanScopeKind(enum.StrEnum):
    """The push mutations a plan stands for."""

    SYNC_INVOICES = "SYNC_INVOICES"
    SYNC_CUSTOMER = "SYNC_CUSTOMER"


@strawberry.input(description="What to plan: the arguments of the push it stands for.")
class PlanScopeInput:
    """A push's scope."""

    kind: PlanScopeKind = strawberry.field(
        description="SYNC_INVOICES (give `invoiceIds`) or SYNC_CUSTOMER (give `customerId`)."
    )
    invoice_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The invoices and estimates, as for `syncInvoices`."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="The customer, as for `syncCustomer`."
    )


@strawberry.type(description="The plan, stored; nothing was written to the books.")
class PlanSyncSuccess:
    """The new plan."""

    plan: SyncPlanNode = strawberry.field(description="The plan, in status READY.")


PlanSyncResult = Annotated[
    PlanSyncSuccess | ValidationError | NotFoundError | InvalidStateError | PlanUnavailableError,
    strawberry.union("PlanSyncResult", description="The plan, or why none was made."),
]


def _request(scope: PlanScopeInput) -> PlanRequest:
    if scope.kind is PlanScopeKind.SYNC_CUSTOMER:
        if scope.customer_id is None:
            raise ValidationFailed("give customerId for SYNC_CUSTOMER", field="customerId")
        customer = decode_id(scope.customer_id, CUSTOMER_TYPE, field="customerId")
        return PlanRequest(SyncKind.PUSH_CUSTOMERS, [customer])
    ids = [decode_id(i, INVOICE_TYPE, field="invoiceIds") for i in scope.invoice_ids or []]
    return PlanRequest(SyncKind.PUSH_INVOICES, ids)


@strawberry.type
class PlanSyncMutation:
    """The planSync field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Plan a push without sending anything (any member may): for every record "
        "the action syncInvoices or syncCustomer would take and why, the customers and items "
        "it would create or adopt first, the refusals Ledgersync knows in advance, and the "
        "platform calls it needs. The platform's books are read as the push reads them. The "
        "plan can be executed with runSyncPlan until it expires. A platform that answers only "
        "through its connector (QuickBooks Desktop) cannot be planned: PLAN_UNAVAILABLE.",
    )
    async def plan_sync(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description="The AccountingConnection's ID.")
        ],
        scope: Annotated[PlanScopeInput, strawberry.argument(description="What to plan.")],
    ) -> PlanSyncResult:
        """Plan through the sync plan service."""
        viewer = info.context.require_viewer()
        runtime = info.context.runtime
        try:
            connection = decode_id(connection_id, CONNECTION_TYPE, field="connectionId")
            plan = await plan_sync(viewer, kit_for, runtime.providers, connection, _request(scope))
        except DomainError as exc:
            return cast(PlanSyncResult, user_error(exc))
        return PlanSyncSuccess(plan=SyncPlanNode.from_model(plan))
