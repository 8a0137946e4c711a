"""Connections to accounting platforms and the mappings of local records to remote ones."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from core.models.base import TimestampedModel
from core.models.enums import ConnectionStatus, Entity, MappingState, Provider
from core.models.tenancy import Firm, User


class Connection(TimestampedModel):
    """A firm's link to one company in an accounting platform.

    ``settings`` holds the user's sync settings (see core.services.connection_settings);
    ``sync_state`` holds the engine's checkpoints (e.g. the last payment change time pulled).
    ``credentials`` holds the encrypted token set; ``credentials_version`` grows by one with each
    stored refresh, so concurrent refreshers can compare-and-swap instead of overwriting a newer
    refresh token with an older one.
    """

    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="connections", on_delete=fields.CASCADE
    )
    provider = fields.CharEnumField(Provider, max_length=32)
    status = fields.CharEnumField(ConnectionStatus, max_length=16, default=ConnectionStatus.PENDING)
    remote_company_id = fields.CharField(max_length=128, null=True)
    remote_company_name = fields.CharField(max_length=255, null=True)
    credentials = fields.TextField(null=True)
    credentials_version = fields.IntField(default=0)
    access_expires_at = fields.DatetimeField(null=True)
    refresh_expires_at = fields.DatetimeField(null=True)
    refresh_hard_expires_at = fields.DatetimeField(null=True)
    settings: dict[str, object] = fields.JSONField(default=dict)
    sync_state: dict[str, object] = fields.JSONField(default=dict)
    last_sync_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    connected_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="connections", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "connection"
        indexes = (("firm", "status"),)


class ExternalMapping(TimestampedModel):
    """Links a local record to its twin in one remote company.

    Keyed by firm, provider and remote company (not by connection) so that it survives a
    disconnect and comes back when the firm reconnects to the same company.
    """

    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="mappings", on_delete=fields.CASCADE
    )
    provider = fields.CharEnumField(Provider, max_length=32)
    remote_company_id = fields.CharField(max_length=128)
    entity = fields.CharEnumField(Entity, max_length=16)
    local_id = fields.UUIDField()
    remote_id = fields.CharField(max_length=128, null=True)
    remote_number = fields.CharField(max_length=64, null=True)
    remote_version = fields.CharField(max_length=64, null=True)
    state = fields.CharEnumField(MappingState, max_length=16, default=MappingState.PENDING)
    idempotency_key = fields.CharField(max_length=64, unique=True)
    last_error = fields.TextField(null=True)
    last_error_code = fields.CharField(max_length=64, null=True)
    last_synced_at = fields.DatetimeField(null=True)
    # How the platform booked a document or payment: its currency, the rate it used (home
    # units per unit of the currency) and the total in the books' home currency.
    currency = fields.CharField(max_length=3, null=True)
    exchange_rate = fields.DecimalField(max_digits=20, decimal_places=10, null=True)
    home_total = fields.DecimalField(max_digits=16, decimal_places=2, null=True)

    class Meta:
        table = "external_mapping"
        unique_together = (("firm", "provider", "remote_company_id", "entity", "local_id"),)
        indexes = (("firm", "entity", "local_id"), ("provider", "remote_company_id", "remote_id"))


class PushClaim(Model):
    """A local record being pushed by one run: a lease that expires unless renewed.

    Only the run holding a record's claim sends it to the accounting platform, so two runs over
    the same record (a second click, a re-trigger, automatic beside manual sync) never send it
    twice. A run that dies stops renewing its claims; they expire and the next run takes them.
    """

    id = fields.BigIntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="push_claims", on_delete=fields.CASCADE
    )
    local_id = fields.UUIDField(unique=True)
    holder = fields.CharField(max_length=64)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "push_claim"


class BookSnapshot(TimestampedModel):
    """The last lists read from a connection's books, kept for platforms that answer later.

    A platform whose agent polls for work (``REQUEST_QUEUE``) cannot be read while a page
    waits, so the settings choose from this copy. ``lists`` holds the accounts, items and
    payment methods as read; ``read_at`` is when the agent brought them (null before the first
    read); ``requested_at`` is when a read the agent has not answered yet was asked for.
    """

    connection: fields.OneToOneRelation[Connection] = fields.OneToOneField(
        "models.Connection", related_name="book_snapshot", on_delete=fields.CASCADE
    )
    lists: dict[str, object] = fields.JSONField(default=dict)
    read_at = fields.DatetimeField(null=True)
    requested_at = fields.DatetimeField(null=True)

    class Meta:
        table = "book_snapshot"
