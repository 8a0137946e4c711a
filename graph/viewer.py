"""The `viewer` query: who the caller is, in which firm, with which role."""

from __future__ import annotations

import strawberry

from core.models import Firm, User
from core.models.enums import Role
from graph.context import Info
from graph.ids import encode_id
from graph.permissions import AUTHENTICATED

strawberry.enum(Role, description="A user's role in a firm.")


@strawberry.type(description="A firm: the billing application's customer, and our tenant.")
class FirmNode:
    """The caller's firm."""

    id: strawberry.ID
    external_id: str = strawberry.field(description="The firm's id in the billing application.")
    name: str
    default_currency: str

    @classmethod
    def from_model(cls, firm: Firm) -> FirmNode:
        """Build from the model."""
        return cls(
            id=encode_id("Firm", firm.id),
            external_id=firm.external_id,
            name=firm.name,
            default_currency=firm.default_currency,
        )


@strawberry.type(description="A person signed in through the billing application.")
class UserNode:
    """The caller."""

    id: strawberry.ID
    external_id: str = strawberry.field(description="The user's id in the billing application.")
    email: str | None
    name: str

    @classmethod
    def from_model(cls, user: User) -> UserNode:
        """Build from the model."""
        return cls(
            id=encode_id("User", user.id),
            external_id=user.external_id,
            email=user.email,
            name=user.name,
        )


@strawberry.type(description="The authenticated caller.")
class Viewer:
    """Who is asking."""

    user: UserNode
    firm: FirmNode
    role: Role


@strawberry.type
class ViewerQueries:
    """Root fields about the caller."""

    @strawberry.field(permission_classes=AUTHENTICATED, description="The authenticated caller.")
    async def viewer(self, info: Info) -> Viewer:
        """Return the caller's user, firm and role."""
        v = info.context.require_viewer()
        user = await User.get(id=v.user_id)
        firm = await Firm.get(id=v.firm_id)
        return Viewer(user=UserNode.from_model(user), firm=FirmNode.from_model(firm), role=v.role)
