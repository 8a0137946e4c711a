"""User-facing error types returned inside mutation result unions, and top-level errors."""

from __future__ import annotations

from typing import ClassVar

import strawberry
from graphql import GraphQLError

from core.errors import DomainError, ErrorCode

strawberry.enum(ErrorCode, description="A stable, machine-readable error code.")


@strawberry.interface(description="An error a user can act on. Nothing was changed.")
class UserError:
    """Every error type in a mutation result implements this interface."""

    message: str = strawberry.field(description="What went wrong, in plain English.")
    code: ErrorCode = strawberry.field(description="A stable code to branch on.")
    field: str | None = strawberry.field(
        default=None, description="The input field at fault, when there is one."
    )


@strawberry.type(description="The input is malformed or breaks a rule.")
class ValidationError(UserError):
    """See the message and field."""


@strawberry.type(description="No record with that ID exists in your firm.")
class NotFoundError(UserError):
    """The ID is unknown or belongs to another firm (indistinguishable on purpose)."""


@strawberry.type(
    description="The invoice is locked because it was synced to the accounting platform. "
    "Change it there, or turn off lock-after-sync in the connection settings."
)
class InvoiceLockedError(UserError):
    """Raised by edits of a locked invoice."""


@strawberry.type(description="The record's current state does not allow this operation.")
class InvalidStateError(UserError):
    """For example issuing an invoice that is not a draft."""


@strawberry.type(description="A record with the same unique value already exists.")
class DuplicateError(UserError):
    """For example a second invoice with the same number."""


@strawberry.type(description="The amount applied is larger than the invoice balance.")
class OverpaymentError(UserError):
    """Raised by recordPayment."""


@strawberry.type(
    description="The firm is already connected to another accounting platform: one accounting "
    "connection per firm. Disconnect it first."
)
class ConnectionConflictError(UserError):
    """Raised by startConnection."""


@strawberry.type(
    description="The sync plan is older than LEDGERSYNC_PLAN_TTL_MINUTES allows: plan again."
)
class PlanExpiredError(UserError):
    """Raised by runSyncPlan."""


@strawberry.type(
    description="Records of the sync plan were edited, or synced by another run, since the "
    "plan was made (the message names them): plan again."
)
class PlanChangedError(UserError):
    """Raised by runSyncPlan."""


@strawberry.type(
    description="No plan can be made now: the platform answers only when its connector on the "
    "customer's computer polls (QuickBooks Desktop), or refused the plan's reads."
)
class PlanUnavailableError(UserError):
    """Raised by planSync."""


_BY_CODE: dict[ErrorCode, type[UserError]] = {
    ErrorCode.VALIDATION: ValidationError,
    ErrorCode.NOT_FOUND: NotFoundError,
    ErrorCode.INVOICE_LOCKED: InvoiceLockedError,
    ErrorCode.INVALID_STATE: InvalidStateError,
    ErrorCode.DUPLICATE: DuplicateError,
    ErrorCode.OVERPAYMENT: OverpaymentError,
    ErrorCode.CONNECTION_CONFLICT: ConnectionConflictError,
    ErrorCode.PLAN_EXPIRED: PlanExpiredError,
    ErrorCode.PLAN_CHANGED: PlanChangedError,
    ErrorCode.PLAN_UNAVAILABLE: PlanUnavailableError,
}


def user_error(exc: DomainError) -> UserError:
    """The GraphQL error value for a domain error."""
    cls = _BY_CODE.get(exc.code, ValidationError)
    return cls(message=exc.message, code=exc.code, field=exc.field)


class PublicError(GraphQLError):
    """A top-level error whose message is safe to show (never masked)."""

    code: ClassVar[str] = "BAD_REQUEST"

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": self.code})


class Unauthenticated(PublicError):
    """No valid bearer token came with the request."""

    code = "UNAUTHENTICATED"


class PermissionDenied(PublicError):
    """The caller's role does not allow the operation."""

    code = "FORBIDDEN"


class NotFoundPublic(PublicError):
    """A record asked for by a subscription or query does not exist in the caller's firm."""

    code = "NOT_FOUND"
