"""Turning verified token claims into the caller's user, firm and role."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.auth import Claims
from core.models import Firm, Membership, User
from core.models.enums import Role


@dataclass(frozen=True, slots=True)
class Viewer:
    """The authenticated caller: every read and write is scoped to ``firm_id``."""

    user_id: UUID
    firm_id: UUID
    role: Role
    user_external_id: str
    firm_external_id: str

    @property
    def is_admin(self) -> bool:
        """True for FIRM_ADMIN and MASTER_ADMIN."""
        return self.role.is_admin


async def resolve_viewer(claims: Claims) -> Viewer:
    """Find (or, on first sight, create) the user, firm and membership the claims name.

    The billing application is the identity authority: a role in the token updates the stored
    membership; without one, the stored role applies, and a new member starts as STAFF. A
    known member whose claims change nothing costs one query and no transaction.
    """
    known = await _known_member(claims)
    if known is not None:
        return known
    try:
        return await _resolve(claims)
    except IntegrityError:
        # Two first requests of a new user raced to create the same rows: the other won.
        return await _resolve(claims)


def _viewer(user: User, firm: Firm, membership: Membership) -> Viewer:
    return Viewer(
        user_id=user.id,
        firm_id=firm.id,
        role=membership.role,
        user_external_id=user.external_id,
        firm_external_id=firm.external_id,
    )


def _user_is_current(user: User, claims: Claims) -> bool:
    return not (claims.email and user.email != claims.email) and not (
        claims.name and user.name != claims.name
    )


async def _known_member(claims: Claims) -> Viewer | None:
    """The viewer read in one query, when the claims need no write; None otherwise."""
    membership = (
        await Membership.filter(user__external_id=claims.subject, firm__external_id=claims.firm)
        .select_related("user", "firm")
        .first()
    )
    if membership is None:
        return None
    if claims.role is not None and membership.role != claims.role:
        return None
    if not _user_is_current(membership.user, claims):
        return None
    return _viewer(membership.user, membership.firm, membership)


async def _resolve(claims: Claims) -> Viewer:
    async with in_transaction():
        firm = await Firm.get_or_none(external_id=claims.firm)
        if firm is None:
            firm = await Firm.create(external_id=claims.firm, name=claims.firm_name or claims.firm)
        user = await User.get_or_none(external_id=claims.subject)
        if user is None:
            user = await User.create(
                external_id=claims.subject, email=claims.email, name=claims.name or ""
            )
        elif not _user_is_current(user, claims):
            user.email = claims.email or user.email
            user.name = claims.name or user.name
            await user.save(update_fields=["email", "name", "updated_at"])
        membership = await Membership.get_or_none(user_id=user.id, firm_id=firm.id)
        if membership is None:
            membership = await Membership.create(
                user_id=user.id, firm_id=firm.id, role=claims.role or Role.STAFF
            )
        elif claims.role is not None and membership.role != claims.role:
            membership.role = claims.role
            await membership.save(update_fields=["role", "updated_at"])
    return _viewer(user, firm, membership)
