"""The Web Connector's own version: checked in ``clientVersion``, kept for the sign-in after it.

``clientVersion(strVersion)`` is the only call that says which Web Connector is polling, and it
comes before ``authenticate``, without a ticket or a user name. What identifies the caller then
is the HTTP request itself: its client address (the proxy's ``X-Forwarded-For`` once the server
trusts it) and its ``User-Agent``. The Web Connector is a .NET SOAP client; whether it sends the
same ``User-Agent`` on every call is UNVERIFIED, so the address is what must match, and the user
agent only chooses between greetings of one address (several PCs behind one NAT).

A greeting is a row (:class:`core.models.AgentGreeting`), not process memory, because another
API process may serve the ``authenticate``. A sign-in takes the greeting it uses (a conditional
delete), so two Web Connectors behind one address each take their own; greetings older than
``ttl`` are never used and are pruned as new ones arrive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.models import AgentGreeting

from .config import WEB_CONNECTOR_MIN_VERSION, WEB_CONNECTOR_WARN_VERSION

VERSION_MAX = 32
"""The longest version kept (a Web Connector version is like ``2.3.0.215``)."""


def _parsed(text: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(part) for part in text.strip().split("."))
    except ValueError:
        return None


def version_answer(version: str) -> str:
    """``clientVersion``'s answer: '' to go on, ``W:`` to warn about an old Web Connector,
    ``E:`` to refuse one (an unreadable version goes on)."""
    parsed = _parsed(version)
    if parsed is None:
        return ""
    if parsed < WEB_CONNECTOR_MIN_VERSION:
        minimum = ".".join(map(str, WEB_CONNECTOR_MIN_VERSION))
        return (
            f"E:This Web Connector ({version}) is too old for Ledgersync. Install version "
            f"{minimum} or later from Intuit, then run the update again."
        )
    if parsed < WEB_CONNECTOR_WARN_VERSION:
        return (
            f"W:This Web Connector ({version}) is old; install the latest version from "
            "Intuit. The update will run now."
        )
    return ""


@dataclass(frozen=True, slots=True)
class Caller:
    """What identifies the sender of a SOAP call that carries no ticket."""

    address: str = ""
    user_agent: str = ""

    @property
    def known(self) -> bool:
        """Whether the call came with a client address (ASGI servers give one)."""
        return bool(self.address)

    @property
    def agent_hash(self) -> str:
        """How the user agent is stored (a hash keeps the row short)."""
        return hashlib.sha256(self.user_agent.encode()).hexdigest()


def _caller_key(caller: Caller) -> str:
    return caller.address[:64]


async def remember(caller: Caller, version: str, *, now: datetime, ttl: timedelta) -> None:
    """Keep the version the caller announced, and forget greetings that are too old to use."""
    text = version.strip()[:VERSION_MAX]
    if not caller.known or not text:
        return
    await AgentGreeting.filter(created_at__lt=now - ttl).delete()
    await AgentGreeting.create(
        caller=_caller_key(caller), agent_hash=caller.agent_hash, version=text, created_at=now
    )


async def take(caller: Caller, *, now: datetime, ttl: timedelta) -> str | None:
    """The version the caller announced in the last ``ttl`` (the one with its user agent first,
    newest first), taken so no other sign-in uses it; None when it announced none."""
    if not caller.known:
        return None
    greetings = await AgentGreeting.filter(
        caller=_caller_key(caller), created_at__gte=now - ttl
    ).order_by("-created_at")
    wanted = caller.agent_hash
    for greeting in sorted(greetings, key=lambda g: g.agent_hash != wanted):
        # The delete is the claim: of two sign-ins racing for one greeting, one gets it.
        if await AgentGreeting.filter(id=greeting.id).delete():
            return greeting.version
    return None
