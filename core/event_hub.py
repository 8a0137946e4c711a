"""One Redis subscription per process and channel, fanned out to in-process listeners.

A websocket subscriber does not get a Redis connection of its own: it registers a listener for
its run's channel here. The first listener of a channel subscribes this process's one pub/sub
connection to it, the last one to leave unsubscribes it, and when no channel is left the reader
task ends and the connection is closed, so nothing stays behind once the subscribers are gone.
Each message is decoded once and handed to every listener of its channel.

Ordering: SUBSCRIBE and UNSUBSCRIBE are sent by one sender task in the order they were asked
for, and Redis confirms them in that order, so each confirmation is matched to its request.
:meth:`EventHub.listen` returns only once Redis has confirmed the channel's subscription: an
event published after that is delivered, which is what "subscribe, then read the snapshot"
relies on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from core.events import SyncEvent, event_from_json

logger = logging.getLogger("ledgersync.events")


class EventStreamLost(Exception):
    """The process's pub/sub connection failed: events may have been missed."""


@dataclass(eq=False, slots=True)
class Listener:
    """One in-process listener of a channel; ``close()`` it when done."""

    channel: str
    deliver: Callable[[SyncEvent], None]
    lost: Callable[[], None]
    hub: EventHub | None = field(default=None, repr=False)

    def close(self) -> None:
        """Stop listening (idempotent); the channel is unsubscribed when it was the last."""
        hub, self.hub = self.hub, None
        if hub is not None:
            hub._remove(self)


class EventHub:
    """The process's pub/sub connection, shared by every listener of every channel."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._pubsub: Any = None
        self._listeners: dict[str, set[Listener]] = {}
        self._ready: dict[str, asyncio.Future[None]] = {}
        # What Redis will confirm next, per channel, in order: a future for a SUBSCRIBE,
        # None for an UNSUBSCRIBE.
        self._awaiting: dict[str, deque[asyncio.Future[None] | None]] = {}
        self._commands: deque[tuple[str, str]] = deque()
        self._sender: asyncio.Task[None] | None = None
        self._reader: asyncio.Task[None] | None = None

    @property
    def channels(self) -> int:
        """How many channels this process is subscribed to (or subscribing)."""
        return len(self._listeners)

    @property
    def listeners(self) -> int:
        """How many listeners are registered, over all channels."""
        return sum(len(group) for group in self._listeners.values())

    @property
    def active(self) -> bool:
        """True while the pub/sub connection or one of its tasks is still open."""
        return self._pubsub is not None or self._sender is not None or self._reader is not None

    async def listen(
        self,
        channel: str,
        deliver: Callable[[SyncEvent], None],
        lost: Callable[[], None],
    ) -> Listener:
        """Register a listener; return once events published from now on will reach it.

        ``deliver`` runs in the reader task for each event and must not block; ``lost`` runs
        if the connection fails (the listener is then closed).
        """
        listener = Listener(channel=channel, deliver=deliver, lost=lost, hub=self)
        group = self._listeners.get(channel)
        if group is None:
            group = self._listeners[channel] = set()
            ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._ready[channel] = ready
            self._send("subscribe", channel, ready)
        group.add(listener)
        try:
            await asyncio.shield(self._ready[channel])
        except BaseException:
            listener.close()
            raise
        return listener

    def _remove(self, listener: Listener) -> None:
        group = self._listeners.get(listener.channel)
        if group is None or listener not in group:
            return
        group.discard(listener)
        if not group:
            del self._listeners[listener.channel]
            self._ready.pop(listener.channel, None)
            self._send("unsubscribe", listener.channel, None)

    def _send(self, command: str, channel: str, future: asyncio.Future[None] | None) -> None:
        self._awaiting.setdefault(channel, deque()).append(future)
        self._commands.append((command, channel))
        if self._pubsub is None:
            self._pubsub = self._redis.pubsub()
        if self._sender is None:
            self._sender = asyncio.create_task(self._send_commands(), name="event-hub-sender")

    async def _send_commands(self) -> None:
        pubsub = self._pubsub
        try:
            while self._commands:
                command, channel = self._commands.popleft()
                await getattr(pubsub, command)(channel)
                if self._reader is None:
                    self._reader = asyncio.create_task(self._read(pubsub), name="event-hub-reader")
        except Exception as exc:
            self._fail(exc)
        finally:
            self._sender = None

    async def _read(self, pubsub: Any) -> None:
        try:
            while self._listeners or any(self._awaiting.values()) or self._commands:
                message = await pubsub.get_message(timeout=None)
                if message is not None:
                    self._dispatch(message)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._fail(exc)
            return
        finally:
            if self._reader is asyncio.current_task():
                self._reader = None
        if self._pubsub is pubsub:
            self._pubsub = None
        await _close(pubsub)

    def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        channel = _text(message.get("channel"))
        if kind == "message":
            group = self._listeners.get(channel)
            if not group:
                return
            event = event_from_json(message["data"])
            for listener in list(group):
                try:
                    listener.deliver(event)
                except Exception:
                    # One faulty listener must not stop the stream of every other one.
                    logger.exception("an event listener failed on %s", channel)
        elif kind in ("subscribe", "unsubscribe"):
            awaiting = self._awaiting.get(channel)
            future = awaiting.popleft() if awaiting else None
            if awaiting is not None and not awaiting:
                del self._awaiting[channel]
            if future is not None and not future.done():
                future.set_result(None)

    def _fail(self, exc: Exception) -> None:
        """The connection broke: every listener is told, and the hub starts afresh."""
        logger.warning("the event stream failed: %s", type(exc).__name__)
        listeners = [listener for group in self._listeners.values() for listener in group]
        for future in self._ready.values():
            if not future.done():
                future.set_exception(EventStreamLost("the event stream failed; retry"))
        self._listeners.clear()
        self._ready.clear()
        self._awaiting.clear()
        self._commands.clear()
        pubsub, self._pubsub = self._pubsub, None
        reader, self._reader = self._reader, None
        if reader is not None and reader is not asyncio.current_task():
            reader.cancel()
        if pubsub is not None:
            closing = asyncio.ensure_future(_close(pubsub))
            _closing.add(closing)
            closing.add_done_callback(_closing.discard)
        for listener in listeners:
            listener.hub = None
            listener.lost()

    async def aclose(self) -> None:
        """Stop the tasks and close the connection (at shutdown)."""
        for task in (self._sender, self._reader):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._sender = self._reader = None
        self._listeners.clear()
        self._ready.clear()
        self._awaiting.clear()
        self._commands.clear()
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            await _close(pubsub)


# Closing tasks started from a failure path, kept until they finish.
_closing: set[asyncio.Future[None]] = set()


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


async def _close(pubsub: Any) -> None:
    with contextlib.suppress(Exception):
        await pubsub.aclose()
