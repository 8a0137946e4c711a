"""Live progress fanned out in memory: each event resolved and encoded once per query shape.

One :class:`RunFeed` per watched run listens on the process's :class:`core.event_hub.EventHub`.
For every event it builds the GraphQL value once, and for every distinct subscription document
(query, operation name and variables: the *shape*) executes it once and encodes the ``next``
payload once. Each subscriber only has the operation id spliced in front of that payload.

Every subscriber has a bounded buffer of frames not yet sent. Progress frames are coalesced:
a run sends at most one every :data:`PROGRESS_INTERVAL` seconds, with the latest counts (see
:meth:`RunFeed.deliver`), and a newer one replaces an unsent older one in a buffer. Record events
are never dropped. A subscriber whose buffer is full is dropped: its socket is
closed with :data:`SLOW_CONSUMER_CLOSE_CODE`, and the others are not held up.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLSchema, parse
from graphql.execution import Executor, execute_subscription_event

from core import events as ev
from core.event_hub import EventHub, Listener
from graph.sync.events import SyncProgressEvent, to_graphql_event

logger = logging.getLogger("ledgersync.graphql")

PROGRESS_INTERVAL = 0.25
BUFFER_FRAMES = 256
# "Try Again Later": graphql-ws clients reconnect on it, and the new snapshot catches them up.
SLOW_CONSUMER_CLOSE_CODE = 1013
SLOW_CONSUMER_REASON = "too slow: 256 events were waiting; subscribe again"
# "Service Restart": the event stream broke, so events may be missing; resubscribe.
STREAM_LOST_CLOSE_CODE = 1012
STREAM_LOST_REASON = "the event stream was interrupted; subscribe again"
MASKED = "Unexpected error: it was logged. Please retry or contact support."


@dataclass(frozen=True, slots=True)
class LiveOperation:
    """A graphql-transport-ws subscription the progress feed may write to directly."""

    id: str
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    send_text: Callable[[str], Awaitable[None]]
    close: Callable[[int, str], Awaitable[None]]

    @property
    def shape(self) -> tuple[str, str | None, str]:
        """What makes two subscriptions' payloads identical."""
        return self.query, self.operation_name, json.dumps(self.variables, sort_keys=True)


# Set by the websocket handler in each operation's task; unset elsewhere (HTTP, tests).
LIVE_OPERATION: ContextVar[LiveOperation | None] = ContextVar("live_operation", default=None)


@dataclass(frozen=True, slots=True)
class Frame:
    """One event as a subscriber receives it: an encoded payload, or a GraphQL value."""

    seq: int
    progress: bool
    final: bool
    payload: str = ""
    value: SyncProgressEvent | None = None


class Shape:
    """One subscription document: executed and encoded once per event."""

    def __init__(self, schema: GraphQLSchema, live: LiveOperation) -> None:
        self.key = live.shape
        self.watchers: set[Watcher] = set()
        document: DocumentNode = parse(live.query)
        built = Executor.build(
            schema, document, raw_variable_values=live.variables, operation_name=live.operation_name
        )
        if isinstance(built, list):  # pragma: no cover - Strawberry validated it already
            raise ValueError(f"subscription document cannot run: {built[0].message}")
        self._executor = built

    def encode(self, value: SyncProgressEvent) -> str:
        """The ``next`` payload of this shape for one event, as JSON text."""
        result = execute_subscription_event(self._executor.build_per_event_executor(value))
        if isinstance(result, Awaitable):  # pragma: no cover - event types resolve synchronously
            raise TypeError("progress events must resolve without awaiting")
        payload: dict[str, object] = {"data": result.data}
        if result.errors:
            for error in result.errors:
                logger.error("unexpected error in a progress event", exc_info=error)
            payload["errors"] = [{"message": MASKED} for _ in result.errors]
        return json.dumps(payload, separators=(",", ":"))


class Watcher:
    """One subscriber of a run: its bounded buffer, and what it has already seen."""

    def __init__(self, feed: RunFeed, shape: Shape | None, on_drop: Callable[[int, str], None]):
        self.feed = feed
        self.shape = shape
        self.after_seq = -1
        self.dropped = False
        self._on_drop = on_drop
        self._buffer: deque[Frame] = deque()
        self._wake = asyncio.Event()

    @property
    def pending(self) -> int:
        """Frames waiting to be sent."""
        return len(self._buffer)

    def skip_through(self, seq: int) -> None:
        """Forget frames the snapshot already covers (``seq`` and older)."""
        self.after_seq = seq
        while self._buffer and self._buffer[0].seq <= seq:
            self._buffer.popleft()

    def offer(self, frame: Frame) -> None:
        """Queue a frame; coalesce progress; drop the subscriber when the buffer is full."""
        if self.dropped or frame.seq <= self.after_seq:
            return
        buffer = self._buffer
        if frame.progress and buffer and buffer[-1].progress:
            buffer[-1] = frame
            return
        if len(buffer) >= BUFFER_FRAMES:
            self.drop(SLOW_CONSUMER_CLOSE_CODE, SLOW_CONSUMER_REASON)
            return
        buffer.append(frame)
        self._wake.set()

    def drop(self, code: int, reason: str) -> None:
        """Stop feeding this subscriber, release its buffer and have its socket closed."""
        if self.dropped:
            return
        self.dropped = True
        self._buffer.clear()
        self.feed.remove(self)
        self._wake.set()
        self._on_drop(code, reason)

    async def next_frame(self) -> Frame | None:
        """The next frame to send, or None once dropped."""
        while not self._buffer:
            if self.dropped:
                return None
            self._wake.clear()
            await self._wake.wait()
        return None if self.dropped else self._buffer.popleft()

    def close(self) -> None:
        """Leave the feed (idempotent)."""
        self._buffer.clear()
        self.feed.remove(self)


class RunFeed:
    """The watchers of one run in this process, behind one hub listener."""

    def __init__(self, feeds: ProgressFeeds, run_id: str) -> None:
        self.run_id = run_id
        self._feeds = feeds
        self.shapes: dict[tuple[str, str | None, str], Shape] = {}
        self.plain: set[Watcher] = set()
        self.listener: Listener | None = None
        self.ready: asyncio.Future[Listener] = asyncio.ensure_future(
            feeds.hub.listen(ev.run_channel(run_id), self.deliver, self.lost)
        )
        self.ready.add_done_callback(self._listening)
        self._stopped = False
        self._held: ev.Progress | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._last_progress = float("-inf")

    def _listening(self, ready: asyncio.Future[Listener]) -> None:
        if ready.cancelled() or ready.exception() is not None:
            return
        if self._stopped:
            ready.result().close()
        else:
            self.listener = ready.result()

    @property
    def watchers(self) -> int:
        """How many subscribers this feed serves."""
        return len(self.plain) + sum(len(shape.watchers) for shape in self.shapes.values())

    def add(self, watcher: Watcher) -> None:
        """Start feeding a watcher."""
        if watcher.shape is None:
            self.plain.add(watcher)
        else:
            watcher.shape.watchers.add(watcher)

    def remove(self, watcher: Watcher) -> None:
        """Stop feeding a watcher; the last one out closes the feed."""
        shape = watcher.shape
        if shape is None:
            self.plain.discard(watcher)
        else:
            shape.watchers.discard(watcher)
            if not shape.watchers and self.shapes.get(shape.key) is shape:
                del self.shapes[shape.key]
        if not self.watchers:
            self._feeds.close_feed(self)

    def deliver(self, event: ev.SyncEvent) -> None:
        """Hub callback: thin out progress, emit everything else at once.

        A Progress is sent when PROGRESS_INTERVAL has passed since the last one; otherwise it
        waits (a newer Progress replaces it) until the interval ends. A record event that comes
        first is sent at once and the waiting Progress is dropped: sending it after the record
        would break `seq` order, and the next Progress, or SyncFinished, carries newer counts.
        """
        if isinstance(event, ev.Progress):
            loop = asyncio.get_running_loop()
            due = self._last_progress + PROGRESS_INTERVAL
            if self._held is None and loop.time() >= due:
                self._emit(event)
                return
            self._held = event
            if self._timer is None:
                self._timer = loop.call_at(due, self._flush)
            return
        self._forget_held()
        self._emit(event)

    def _forget_held(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._held = None

    def _flush(self) -> None:
        self._timer = None
        held, self._held = self._held, None
        if held is not None:
            self._emit(held)

    def _emit(self, event: ev.SyncEvent) -> None:
        if isinstance(event, ev.Progress):
            self._last_progress = asyncio.get_running_loop().time()
        value = to_graphql_event(event)
        progress = isinstance(event, ev.Progress)
        final = isinstance(event, ev.SyncFinished)
        for shape in list(self.shapes.values()):
            frame = Frame(event.seq, progress, final, payload=shape.encode(value))
            for watcher in list(shape.watchers):
                watcher.offer(frame)
        if self.plain:
            frame = Frame(event.seq, progress, final, value=value)
            for watcher in list(self.plain):
                watcher.offer(frame)

    def lost(self) -> None:
        """Hub callback: the stream broke, so every watcher is dropped."""
        self.listener = None
        watchers = list(self.plain) + [w for s in self.shapes.values() for w in s.watchers]
        for watcher in watchers:
            watcher.drop(STREAM_LOST_CLOSE_CODE, STREAM_LOST_REASON)

    def stop(self) -> None:
        """Cancel the progress timer and leave the hub."""
        self._stopped = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._held = None
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.close()


@dataclass
class ProgressFeeds:
    """This process's run feeds, keyed by run id."""

    hub: EventHub
    schema: GraphQLSchema
    runs: dict[str, RunFeed] = field(default_factory=dict)

    async def watch(
        self, run_id: str, live: LiveOperation | None, on_drop: Callable[[int, str], None]
    ) -> Watcher:
        """Start watching a run; events published from the moment this returns are kept."""
        feed = self.runs.get(run_id)
        if feed is None:
            feed = self.runs[run_id] = RunFeed(self, run_id)
        shape: Shape | None = None
        if live is not None:
            shape = feed.shapes.get(live.shape)
            if shape is None:
                shape = feed.shapes[live.shape] = Shape(self.schema, live)
        watcher = Watcher(feed, shape, on_drop)
        feed.add(watcher)
        try:
            # Resolves once Redis has confirmed the run's channel (at once for a live feed).
            await asyncio.shield(feed.ready)
        except BaseException:
            watcher.close()
            raise
        return watcher

    def close_feed(self, feed: RunFeed) -> None:
        """Forget a feed nobody watches any more."""
        if self.runs.get(feed.run_id) is feed:
            del self.runs[feed.run_id]
        feed.stop()


async def values(watcher: Watcher) -> AsyncIterator[SyncProgressEvent]:
    """The GraphQL values of a watcher without a shape, until SyncFinished."""
    while (frame := await watcher.next_frame()) is not None:
        assert frame.value is not None
        yield frame.value
        if frame.final:
            return
