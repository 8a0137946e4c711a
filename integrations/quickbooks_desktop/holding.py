"""Holding ``sendRequestXML`` briefly while a resumed run prepares its next requests.

When the Web Connector asks for the next request set just after it delivered the answers a run
waited for, the run is usually being resumed by a worker and queues its next requests moments
later. Answering at once with nothing would cost a ``NoOp`` pause (the Web Connector waits 5 s,
far longer than the resume takes), so the call is held for up to ``request_hold_seconds``,
looking in the ledger at growing intervals, and ends as soon as requests are there or no run of
the connection is expected to queue any. Each look is its own short statement (no transaction is
held across the wait) and the wait is an ``await`` on the clock, so the event loop serves other
calls meanwhile; time is a dependency, so tests move it by hand.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from core.models import AgentSession, ProviderRequest
from integrations.ratelimit.clock import Clock

from . import dispatch

FIRST_LOOK_SECONDS = 0.05
"""The first look comes soon: a resume often takes well under a second."""
LONGEST_GAP_SECONDS = 0.5
"""Looks are never further apart than this, so a request waits at most this long unseen."""

Message = tuple[str, list[ProviderRequest]]


class RequestHold:
    """Looks for the next message set of a session until it is there, or the hold is over."""

    def __init__(
        self,
        seconds: float,
        clock: Clock,
        expects_more: Callable[[UUID], Awaitable[bool]],
    ) -> None:
        self.seconds = seconds
        self.clock = clock
        self.expects_more = expects_more

    async def next_message(
        self, session: AgentSession, version: tuple[int, int], limit: int
    ) -> Message | None:
        """The message set queued within the hold, or None (nothing came, or nothing will)."""
        connection_id: UUID = session.connection_id  # type: ignore[attr-defined]
        deadline = self.clock.monotonic() + self.seconds
        gap = FIRST_LOOK_SECONDS
        while (left := deadline - self.clock.monotonic()) > 0:
            if not await self.expects_more(connection_id):
                return None
            await self.clock.sleep(min(gap, left))
            message = await dispatch.next_message(session, version, limit)
            if message is not None:
                return message
            gap = min(gap * 2, LONGEST_GAP_SECONDS)
        return None
