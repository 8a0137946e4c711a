"""Firms, users and their memberships."""

from __future__ import annotations

from tortoise import fields

from core.models.base import TimestampedModel
from core.models.enums import Role


class Firm(TimestampedModel):
    """A customer of the billing application: the unit of tenancy."""

    external_id = fields.CharField(max_length=128, unique=True)
    name = fields.CharField(max_length=255, default="")
    default_currency = fields.CharField(max_length=3, default="USD")

    class Meta:
        table = "firm"


class User(TimestampedModel):
    """A person who signs in through the billing application."""

    external_id = fields.CharField(max_length=128, unique=True)
    email = fields.CharField(max_length=255, null=True)
    name = fields.CharField(max_length=255, default="")

    class Meta:
        table = "app_user"


class Membership(TimestampedModel):
    """A user's role in a firm."""

    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE
    )
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role, max_length=16, default=Role.STAFF)

    class Meta:
        table = "membership"
        unique_together = (("user", "firm"),)
