"""The durable request ledger of providers that answer later.

A provider call that cannot be answered now records its request here, keyed by run, operation
and payload, and the run waits; the agent that polls us takes queued requests in ``stage``
order (what others depend on first), and their answers are stored here for the run to read
when it resumes. Nothing here names a platform: bodies are opaque text the provider writes.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from core.models.base import TimestampedModel
from core.models.connections import Connection
from core.models.enums import RequestState


class ProviderRequest(TimestampedModel):
    """One request for a provider that answers later, and its answer once it has one.

    ``request_key`` is unique: the hash of connection, run, operation and payload, so asking
    twice for the same thing finds the same entry. ``phase`` is what the next exchange does:
    ``send`` the request, or first ``verify`` (after an unknown outcome: look the record up by
    ``lookup_body`` and compare ``match_key`` before any resend), ``adopt`` (a duplicate name:
    the record found is ours only if it carries ``match_key``) or ``refresh`` (a stale version:
    read the current one and resend once). ``cursor`` is the position in a paged read that
    spans several exchanges of one session.
    """

    connection: fields.ForeignKeyRelation[Connection] = fields.ForeignKeyField(
        "models.Connection", related_name="provider_requests", on_delete=fields.CASCADE
    )
    run_id = fields.UUIDField(null=True)
    operation = fields.CharField(max_length=64)
    payload_hash = fields.CharField(max_length=64)
    request_key = fields.CharField(max_length=64, unique=True)
    state = fields.CharEnumField(RequestState, max_length=16, default=RequestState.QUEUED)
    stage = fields.IntField(default=0)
    phase = fields.CharField(max_length=16, default="send")
    request_body = fields.TextField()
    lookup_body = fields.TextField(null=True)
    match_key = fields.CharField(max_length=64, null=True)
    session_id = fields.UUIDField(null=True)
    cursor = fields.CharField(max_length=128, null=True)
    pages = fields.IntField(default=0)
    attempts = fields.IntField(default=0)
    result = fields.TextField(null=True)
    status_code = fields.IntField(null=True)
    status_message = fields.TextField(null=True)
    warnings: list[str] = fields.JSONField(default=list)
    sent_at = fields.DatetimeField(null=True)
    answered_at = fields.DatetimeField(null=True)

    exchanges: fields.ReverseRelation[ProviderExchange]

    class Meta:
        table = "provider_request"
        indexes = (("connection", "state", "stage"), ("run_id",))


class ProviderExchange(Model):
    """One request handed to the agent for a ledger entry and the response that came back
    (a paged read has one per page)."""

    id = fields.BigIntField(primary_key=True)
    request: fields.ForeignKeyRelation[ProviderRequest] = fields.ForeignKeyField(
        "models.ProviderRequest", related_name="exchanges", on_delete=fields.CASCADE
    )
    session_id = fields.UUIDField(null=True)
    seq = fields.IntField(default=0)
    phase = fields.CharField(max_length=16, default="send")
    request_body = fields.TextField()
    response_body = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    answered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "provider_exchange"
        ordering = ["id"]
