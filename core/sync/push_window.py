"""Several document groups in flight at once, their answers handled in the order they were sent.

A push sends its documents in groups of ``session.max_batch``. Waiting for each group's answer
before sending the next leaves the platform's concurrency unused, so the engine keeps up to
``writes_in_flight`` create calls open (see :class:`~core.sync.session.ConcurrentWrites`; one
without it). Only the remote call runs concurrently: every group's intents are committed before
its call starts (its keys and members fixed), and storing and reporting the answers stays in
the run's own task, one group at a time in sending order, so the run's records, counters and
events keep their order.

After a call or its bookkeeping fails (a throttle, the platform down, a run that must wait), no
further group is sent; the groups already in flight are still answered and stored (their
records were sent: storing their answers saves a replay), then the first failure is raised.
If the run itself is cancelled, the calls still open are cancelled too: their intents stay
PENDING with their keys, so the next attempt replays them safely.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Generic, TypeVar

from core.sync.records import PushOutcome

T = TypeVar("T")

Finish = Callable[[T, list[PushOutcome]], Awaitable[None]]


class SendWindow(Generic[T]):
    """Up to ``depth`` create calls open; :meth:`drain` when every group has been handed in."""

    def __init__(self, depth: int, finish: Finish[T]) -> None:
        self._depth = max(depth, 1)
        self._finish = finish
        self._open: deque[tuple[T, asyncio.Task[list[PushOutcome]]]] = deque()
        self._failure: BaseException | None = None

    @property
    def stopped(self) -> bool:
        """Whether a group failed: nothing more is sent, and :meth:`drain` raises the failure."""
        return self._failure is not None

    @property
    def open_groups(self) -> list[T]:
        """The groups whose calls are open (started, not yet answered), oldest first."""
        return [group for group, _ in self._open]

    async def send(self, group: T, call: Coroutine[Any, Any, list[PushOutcome]]) -> None:
        """Start ``call`` (the group's create call); wait for the oldest when the window is full."""
        if self.stopped:
            call.close()
            return
        self._open.append((group, asyncio.ensure_future(call)))
        try:
            while len(self._open) >= self._depth and not self.stopped:
                await self._finish_oldest()
        except BaseException:
            self._cancel_open()
            raise

    async def drain(self) -> None:
        """Answer every group still open, then raise the first failure, if any."""
        try:
            while self._open:
                await self._finish_oldest()
        except BaseException:
            self._cancel_open()
            raise
        if self._failure is not None:
            raise self._failure

    async def _finish_oldest(self) -> None:
        group, task = self._open.popleft()
        try:
            outcomes = await task
        except Exception as exc:  # the call's failure: the group's intents stay PENDING
            self._failure = self._failure or exc
            return
        try:
            await self._finish(group, outcomes)
        except Exception as exc:  # the bookkeeping's failure (e.g. the batch was throttled)
            self._failure = self._failure or exc

    def _cancel_open(self) -> None:
        for _, task in self._open:
            task.cancel()
        self._open.clear()
