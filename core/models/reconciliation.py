"""Reconciliation reports: local receivables compared with the accounting platform's."""

from __future__ import annotations

from decimal import Decimal

from tortoise import fields
from tortoise.models import Model

from core.models.base import TimestampedModel
from core.models.connections import Connection
from core.models.enums import DiscrepancyKind, FixAction, ReportStatus
from core.models.tenancy import Firm


class ReconciliationReport(TimestampedModel):
    """One comparison of a connection's books with the platform's, made by one RECONCILE run.

    ``summary`` holds the count and amount of discrepancies by kind and the linked customers
    whose open balances differ (see :meth:`core.sync.reconcile.Comparison.summary`).
    """

    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="reconciliation_reports", on_delete=fields.CASCADE
    )
    connection: fields.ForeignKeyRelation[Connection] = fields.ForeignKeyField(
        "models.Connection", related_name="reconciliation_reports", on_delete=fields.CASCADE
    )
    run_id = fields.UUIDField(unique=True)
    status = fields.CharEnumField(ReportStatus, max_length=16, default=ReportStatus.RUNNING)
    payments_since = fields.DateField()
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    summary: dict[str, object] = fields.JSONField(default=dict)
    error = fields.TextField(null=True)

    discrepancies: fields.ReverseRelation[Discrepancy]

    class Meta:
        table = "reconciliation_report"
        indexes = (("firm", "created_at"),)


class Discrepancy(Model):
    """One difference a report found: its kind, both records and values, and the fix."""

    id = fields.BigIntField(primary_key=True)
    report: fields.ForeignKeyRelation[ReconciliationReport] = fields.ForeignKeyField(
        "models.ReconciliationReport", related_name="discrepancies", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(DiscrepancyKind, max_length=32)
    action = fields.CharEnumField(FixAction, max_length=16)
    label = fields.CharField(max_length=255)
    local_id = fields.UUIDField(null=True)
    remote_id = fields.CharField(max_length=128, null=True)
    local_value = fields.CharField(max_length=64, null=True)
    remote_value = fields.CharField(max_length=64, null=True)
    currency = fields.CharField(max_length=3, null=True)
    amount = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    hint = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "discrepancy"
        ordering = ["id"]
        indexes = (("report", "kind"),)
