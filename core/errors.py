"""Domain errors raised by core services; the GraphQL layer turns them into typed results."""

from __future__ import annotations

import enum


class ErrorCode(enum.StrEnum):
    """Stable, machine-readable codes for user-facing errors."""

    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    INVOICE_LOCKED = "INVOICE_LOCKED"
    INVALID_STATE = "INVALID_STATE"
    DUPLICATE = "DUPLICATE"
    OVERPAYMENT = "OVERPAYMENT"
    FORBIDDEN = "FORBIDDEN"
    CONFLICT = "CONFLICT"
    CONNECTION_CONFLICT = "CONNECTION_CONFLICT"
    PLAN_EXPIRED = "PLAN_EXPIRED"
    PLAN_CHANGED = "PLAN_CHANGED"
    PLAN_UNAVAILABLE = "PLAN_UNAVAILABLE"


class DomainError(Exception):
    """A user-facing error with a code, a message and optionally the input field at fault."""

    code: ErrorCode = ErrorCode.VALIDATION

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    """The input is malformed or breaks a rule; nothing was changed."""

    code = ErrorCode.VALIDATION


class NotFound(DomainError):
    """No record with that id exists in the caller's firm."""

    code = ErrorCode.NOT_FOUND


class InvoiceLocked(DomainError):
    """The invoice is locked because it was synced to the accounting platform."""

    code = ErrorCode.INVOICE_LOCKED


class InvalidState(DomainError):
    """The record's current state does not allow the operation."""

    code = ErrorCode.INVALID_STATE


class Duplicate(DomainError):
    """A record with the same unique value already exists."""

    code = ErrorCode.DUPLICATE


class Overpayment(DomainError):
    """A payment application is larger than the invoice balance."""

    code = ErrorCode.OVERPAYMENT


class Forbidden(DomainError):
    """The caller's role does not allow the operation."""

    code = ErrorCode.FORBIDDEN


class PlanExpired(DomainError):
    """The sync plan is older than its time to live: plan again."""

    code = ErrorCode.PLAN_EXPIRED


class PlanChanged(DomainError):
    """Records of the sync plan changed since it was made: plan again."""

    code = ErrorCode.PLAN_CHANGED


class PlanUnavailable(DomainError):
    """No plan can be made now (the platform answers later, or refused the plan's reads)."""

    code = ErrorCode.PLAN_UNAVAILABLE
