"""Dry-run plans of a sync: what a push would do, record by record, computed by the engine."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from core.models.enums import Entity, PlanAction, PlanStatus
from core.models.tenancy import Firm


class SyncPlan(Model):
    """A plan of one sync scope on one connection; it wrote nothing to the books."""

    id = fields.UUIDField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="sync_plans", on_delete=fields.CASCADE
    )
    connection_id = fields.UUIDField()
    #: The scope planned: {"kind": "PUSH_INVOICES" or "PUSH_CUSTOMERS", "ids": [...]}.
    scope: dict[str, object] = fields.JSONField(default=dict)
    status = fields.CharEnumField(PlanStatus, max_length=16, default=PlanStatus.READY)
    #: Counts per action, the customers and items created first, and what the engine refuses.
    summary: dict[str, object] = fields.JSONField(default=dict)
    #: The platform write calls the plan needs, by kind, and the daily calls left when planned.
    calls: dict[str, object] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    #: The run that executed the plan, once it did.
    run_id = fields.UUIDField(null=True)

    items: fields.ReverseRelation[PlanItem]

    class Meta:
        table = "sync_plan"


class PlanItem(Model):
    """What the plan does with one record, why, and the record's state when planned."""

    id = fields.BigIntField(primary_key=True)
    plan: fields.ForeignKeyRelation[SyncPlan] = fields.ForeignKeyField(
        "models.SyncPlan", related_name="items", on_delete=fields.CASCADE
    )
    position = fields.IntField()
    entity = fields.CharEnumField(Entity, max_length=16)
    local_id = fields.UUIDField()
    label = fields.CharField(max_length=255, default="")
    action = fields.CharEnumField(PlanAction, max_length=16)
    reason = fields.TextField(null=True)
    error_code = fields.CharField(max_length=64, null=True)
    #: Whether the scope asked for this record (customers and items created first are not).
    requested = fields.BooleanField(default=True)
    #: The record's ``updated_at`` when planned: a later one means it changed since.
    fingerprint = fields.CharField(max_length=96, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "plan_item"
        ordering = ["position"]
