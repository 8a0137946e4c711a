"""recordPayment: a payment received, applied to invoices in one transaction."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.errors import DomainError
from core.services.accounting_pull import on_local_change
from core.services.payments import record_payment
from graph.context import Info
from graph.errors import (
    InvalidStateError,
    NotFoundError,
    OverpaymentError,
    ValidationError,
    user_error,
)
from graph.invoices.inputs import RecordPaymentInput
from graph.invoices.types import Payment
from graph.permissions import AUTHENTICATED


@strawberry.type(description="The payment was recorded and applied.")
class RecordPaymentSuccess:
    """The new payment; its applications lead to the updated invoices."""

    payment: Payment = strawberry.field(description="The new payment (origin LOCAL).")


RecordPaymentResult = Annotated[
    RecordPaymentSuccess | ValidationError | NotFoundError | InvalidStateError | OverpaymentError,
    strawberry.union("RecordPaymentResult", description="The new payment, or why not."),
]


@strawberry.type
class RecordPaymentMutation:
    """The recordPayment field."""

    @strawberry.mutation(
        permission_classes=AUTHENTICATED,
        description="Record a payment and apply it to SENT, PARTIAL or OVERDUE invoices of one "
        "customer and currency. Each application is at most the invoice's balance "
        "(OVERPAYMENT). The invoices move to PARTIAL or PAID. All or nothing: on any error, "
        "nothing is changed.",
    )
    async def record_payment(
        self,
        info: Info,
        input: Annotated[RecordPaymentInput, strawberry.argument(description="The payment.")],
    ) -> RecordPaymentResult:
        """Validate, then record through the payments service."""
        viewer = info.context.require_viewer()
        try:
            payment = await record_payment(viewer, input.to_core(), ip=info.context.client_ip)
        except DomainError as exc:
            return cast(RecordPaymentResult, user_error(exc))
        await on_local_change(viewer.firm_id, info.context.runtime.queue)
        return RecordPaymentSuccess(payment=Payment.from_model(payment))
