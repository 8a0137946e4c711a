"""The per-request context: the caller, the runtime services and the loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.types import Info as _Info

from core.auth import AuthError
from core.runtime import Runtime
from core.services.tenancy import Viewer, resolve_viewer
from graph.errors import PermissionDenied, Unauthenticated
from graph.loaders import Loaders

if TYPE_CHECKING:
    from graph.sync.live import ProgressFeeds


@dataclass
class Context:
    """What every resolver gets as ``info.context``."""

    request: Request | WebSocket
    runtime: Runtime
    viewer: Viewer | None = None
    auth_error: str | None = None
    loaders: Loaders = field(default_factory=Loaders)
    connection_params: dict[str, object] | None = None
    feeds: ProgressFeeds | None = None

    def progress_feeds(self) -> ProgressFeeds:
        """The process's live progress feeds (the GraphQL view owns them)."""
        if self.feeds is None:
            raise RuntimeError("this context was built without the view's progress feeds")
        return self.feeds

    @property
    def client_ip(self) -> str | None:
        """The caller's address, for the audit trail."""
        client = self.request.client
        return client.host if client else None

    async def authenticate(self, header_value: str | None) -> None:
        """Verify an ``Authorization: Bearer …`` value and resolve the caller.

        A token verified moments ago is answered from the runtime's principal cache (see
        :class:`core.auth.PrincipalCache` for when a remembered caller is dropped).
        """
        if not header_value:
            self.auth_error = "send a bearer token in the Authorization header"
            return
        scheme, _, token = header_value.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            self.auth_error = "the Authorization header must be `Bearer <token>`"
            return
        token = token.strip()
        principals = self.runtime.principals
        viewer = principals.get(token)
        if viewer is None:
            try:
                claims = self.runtime.verifier.verify(token)
            except AuthError as exc:
                self.auth_error = str(exc)
                return
            viewer = await resolve_viewer(claims)
            principals.put(token, viewer, token_expires_at=claims.expires_at)
        self.viewer = viewer

    def require_viewer(self) -> Viewer:
        """The authenticated caller, or a top-level UNAUTHENTICATED error."""
        if self.viewer is None:
            raise Unauthenticated(self.auth_error or "authentication required")
        return self.viewer

    def require_admin(self) -> Viewer:
        """The caller if FIRM_ADMIN or MASTER_ADMIN, else a top-level FORBIDDEN error."""
        viewer = self.require_viewer()
        if not viewer.is_admin:
            raise PermissionDenied("this operation needs the FIRM_ADMIN or MASTER_ADMIN role")
        return viewer


Info = _Info[Context, None]
