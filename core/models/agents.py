"""Polling agents: programs on a customer's machine that call Ledgersync for work.

Some platforms cannot be called; an agent beside them (a connector program) signs in, takes the
requests queued in the request ledger (:mod:`core.models.ledger`) and brings the answers back.
A login belongs to exactly one connection; each sign-in opens a session whose state lives here,
not in process memory, so any API process can serve any call of it.
"""

from __future__ import annotations

from tortoise import fields

from core.models.base import TimestampedModel
from core.models.connections import Connection
from core.models.enums import AgentSessionState


class AgentLogin(TimestampedModel):
    """The credentials an agent signs in with for one connection, and what it last reported.

    ``password_hash`` is a slow salted hash (never the password). ``failed_attempts`` and
    ``locked_until`` throttle guessing. ``company_key`` identifies the remote company the login
    was issued for (the agent reports it back on every session). ``facts`` holds what the agent
    said about the remote company (name, edition, versions, preferences).
    ``active_session_id`` is the one open session of the company file: it is taken with a
    compare-and-swap, so two agents signing in at once cannot both open one.
    """

    connection: fields.OneToOneRelation[Connection] = fields.OneToOneField(
        "models.Connection", related_name="agent_login", on_delete=fields.CASCADE
    )
    user_name = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=255)
    company_key = fields.CharField(max_length=64)
    failed_attempts = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    last_polled_at = fields.DatetimeField(null=True)
    agent_version = fields.CharField(max_length=32, null=True)
    facts: dict[str, object] = fields.JSONField(default=dict)
    last_error = fields.TextField(null=True)
    active_session_id = fields.UUIDField(null=True)

    class Meta:
        table = "agent_login"


class AgentSession(TimestampedModel):
    """One agent session, found by the hash of its ticket (the ticket itself is never stored).

    ``inflight`` lists the ledger requests handed out in the last message and not yet answered;
    ``waiting`` says the session is pausing for follow-up work.
    """

    login: fields.ForeignKeyRelation[AgentLogin] = fields.ForeignKeyField(
        "models.AgentLogin", related_name="sessions", on_delete=fields.CASCADE
    )
    connection: fields.ForeignKeyRelation[Connection] = fields.ForeignKeyField(
        "models.Connection", related_name="agent_sessions", on_delete=fields.CASCADE
    )
    ticket_hash = fields.CharField(max_length=64, unique=True)
    state = fields.CharEnumField(AgentSessionState, max_length=16, default=AgentSessionState.OPEN)
    last_seen_at = fields.DatetimeField()
    protocol_version = fields.CharField(max_length=16, null=True)
    inflight: list[str] = fields.JSONField(default=list)
    exchanges = fields.IntField(default=0)
    answered = fields.IntField(default=0)
    waiting_since = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    context: dict[str, object] = fields.JSONField(default=dict)
    closed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "agent_session"
        indexes = (("connection", "state"),)


class AgentGreeting(TimestampedModel):
    """An agent's version, said before it signs in, kept until the sign-in that follows.

    Some agents announce their own version in a call that carries no credentials and no
    session (the QuickBooks Web Connector's ``clientVersion`` comes before ``authenticate``), so
    the version is kept here, by the caller's network address and a hash of its user agent,
    for the sign-in from the same caller moments later; that sign-in takes it (deleting the row,
    so two agents behind one address each take their own) and rows older than a few minutes
    are pruned. Any API process can serve either call.
    """

    caller = fields.CharField(max_length=64)
    agent_hash = fields.CharField(max_length=64)
    version = fields.CharField(max_length=32)

    class Meta:
        table = "agent_greeting"
        indexes = (("caller", "created_at"),)
