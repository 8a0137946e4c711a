"""Sync runs, the per-record outcomes inside them, the audit trail and webhook deliveries."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from core.models.base import TimestampedModel
from core.models.enums import (
    ActivitySource,
    Entity,
    ItemOutcome,
    Provider,
    SyncKind,
    SyncRunStatus,
    SyncTrigger,
    WebhookState,
)
from core.models.tenancy import Firm, User


class SyncRun(TimestampedModel):
    """One run of a sync job, with its counters and the latest progress snapshot."""

    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="sync_runs", on_delete=fields.CASCADE
    )
    connection_id = fields.UUIDField(null=True)
    kind = fields.CharEnumField(SyncKind, max_length=32)
    trigger = fields.CharEnumField(SyncTrigger, max_length=16, default=SyncTrigger.USER)
    status = fields.CharEnumField(SyncRunStatus, max_length=16, default=SyncRunStatus.QUEUED)
    started_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sync_runs", null=True, on_delete=fields.SET_NULL
    )
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    total = fields.IntField(default=0)
    processed = fields.IntField(default=0)
    succeeded = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    skipped = fields.IntField(default=0)
    last_event_seq = fields.IntField(default=0)
    snapshot: dict[str, object] = fields.JSONField(default=dict)
    error = fields.TextField(null=True)
    #: What a WAITING run waits for, and since when (kept while it resumes, cleared at the end).
    waiting_reason = fields.TextField(null=True)
    waiting_since = fields.DatetimeField(null=True)
    #: How to queue the run again once what it waits for has arrived: job name, args, job id.
    resume: dict[str, object] | None = fields.JSONField(null=True)

    items: fields.ReverseRelation[SyncRunItem]

    class Meta:
        table = "sync_run"
        indexes = (("firm", "created_at"),)


class SyncRunItem(Model):
    """The outcome for one record in a sync run, with an actionable error if it failed."""

    id = fields.BigIntField(primary_key=True)
    run: fields.ForeignKeyRelation[SyncRun] = fields.ForeignKeyField(
        "models.SyncRun", related_name="items", on_delete=fields.CASCADE
    )
    entity = fields.CharEnumField(Entity, max_length=16)
    local_id = fields.UUIDField(null=True)
    remote_id = fields.CharField(max_length=128, null=True)
    label = fields.CharField(max_length=255, default="")
    outcome = fields.CharEnumField(ItemOutcome, max_length=16)
    action = fields.CharField(max_length=32, default="")
    error_code = fields.CharField(max_length=64, null=True)
    message = fields.TextField(null=True)
    hint = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sync_run_item"
        ordering = ["id"]


class Activity(Model):
    """The audit trail: who did what to which record, and when."""

    id = fields.BigIntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="activities", on_delete=fields.CASCADE
    )
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="activities", null=True, on_delete=fields.SET_NULL
    )
    source = fields.CharEnumField(ActivitySource, max_length=16, default=ActivitySource.USER)
    action = fields.CharField(max_length=64)
    subject_type = fields.CharField(max_length=32)
    subject_id = fields.UUIDField(null=True)
    description = fields.TextField()
    ip_address = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "activity"
        indexes = (("firm", "created_at"),)


class WebhookDelivery(Model):
    """The notices one received webhook delivery holds for one company (a delivery naming
    several companies is kept as one row per company); the unique event id makes redelivery
    harmless."""

    id = fields.BigIntField(primary_key=True)
    provider = fields.CharEnumField(Provider, max_length=32)
    event_id = fields.CharField(max_length=255)
    #: The company the notices are about; None on rejected deliveries.
    remote_company_id = fields.CharField(max_length=128, null=True)
    firm: fields.ForeignKeyNullableRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="webhook_deliveries", null=True, on_delete=fields.CASCADE
    )
    received_at = fields.DatetimeField(auto_now_add=True)
    signature_valid = fields.BooleanField()
    state = fields.CharEnumField(WebhookState, max_length=16, default=WebhookState.RECEIVED)
    payload: dict[str, object] | list[object] | None = fields.JSONField(null=True)
    error = fields.TextField(null=True)
    processed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook_delivery"
        unique_together = (("provider", "event_id"),)
        # The webhook job reads a company's pending deliveries; the sweep, the old ones.
        indexes = (("provider", "remote_company_id", "state"), ("state", "received_at"))
