"""syncCustomer: queue a push run."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.accounting_sync import queue_customer_sync
from graph.accounting.mutations.push_common import QUEUED_NOTE, queue_run
from graph.context import Info
from graph.customers.types import CUSTOMER_TYPE
from graph.errors import InvalidStateError, NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.permissions import AUTHENTICATED
from graph.sync.types import SyncRunNode


@strawberry.type(description="The push was queued as a sync run.")
class SyncCustomerSuccess:
    """The queued run."""

    run: SyncRunNode = strawberry.field(description="The new run, in status QUEUED.")


SyncCustomerResult = Annotated[
    SyncCustomerSuccess | ValidationError | NotFoundError | InvalidStateError,
    strawberry.union(
        "SyncCustomerResult", description="The queued run, or why nothing was queued."
    ),
]


@strawberry.type
class SyncCustomerMutation:
    """The syncCustomer field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description=(
            "Queue a push of one customer (any member may): a customer already synced gets a sparse"
            " update; otherwise an existing remote customer with the same name, else the same "
            "email, is adopted, and only then is a new one created. " + QUEUED_NOTE
        ),
    )
    async def sync_customer(
        self,
        info: Info,
        customer_id: Annotated[
            strawberry.ID, strawberry.argument(description="The customer's ID.")
        ],
    ) -> SyncCustomerResult:
        """Queue through the accounting sync service."""
        viewer = info.context.require_viewer()
        try:
            local_id = decode_id(customer_id, CUSTOMER_TYPE, field="customerId")
        except DomainError as exc:
            return cast(SyncCustomerResult, user_error(exc))
        queue = info.context.runtime.queue
        ip = info.context.client_ip
        result = await queue_run(queue_customer_sync(viewer, queue, local_id, ip=ip))
        if isinstance(result, SyncRunNode):
            return SyncCustomerSuccess(run=result)
        return cast(SyncCustomerResult, result)
