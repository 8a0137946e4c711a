"""Permission classes for fields that need an authenticated caller or an admin."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from graph.context import Info


class IsAuthenticated(BasePermission):
    """The request carries a valid bearer token."""

    message = "authentication required"
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        """Allow when the context holds a verified caller."""
        if info.context.viewer is None:
            self.message = info.context.auth_error or self.message
            return False
        return True


class IsFirmAdmin(BasePermission):
    """The caller is a FIRM_ADMIN or MASTER_ADMIN of their firm."""

    message = "this operation needs the FIRM_ADMIN or MASTER_ADMIN role"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        """Allow admins only (unauthenticated callers are refused by IsAuthenticated first)."""
        viewer = info.context.viewer
        return viewer is not None and viewer.is_admin


AUTHENTICATED: list[type[BasePermission]] = [IsAuthenticated]
ADMIN: list[type[BasePermission]] = [IsAuthenticated, IsFirmAdmin]
