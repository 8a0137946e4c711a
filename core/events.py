"""Typed sync events and the bus that carries them between workers and subscribers.

Workers publish every event to Redis channels ``sync:{run_id}`` and ``firm:{firm_id}``; the
latest snapshot is also stored on the SyncRun row. A subscriber subscribes first, then reads the
snapshot, then streams the events whose ``seq`` is newer than the snapshot, so nothing published
in between is lost or shown twice.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, Protocol, runtime_checkable

from redis.asyncio import Redis


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True, slots=True, kw_only=True)
class _Base:
    run_id: str
    firm_id: str
    seq: int
    at: str = field(default_factory=_now)


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncStarted(_Base):
    """A run has started; ``total`` is how many records it plans to process (0 if unknown)."""

    type: Literal["SyncStarted"] = "SyncStarted"
    kind: str
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordSynced(_Base):
    """One record was processed successfully (possibly with a warning)."""

    type: Literal["RecordSynced"] = "RecordSynced"
    entity: str
    local_id: str | None
    remote_id: str | None = None
    label: str = ""
    action: str = ""
    warning: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFailed(_Base):
    """One record failed; the code, message and hint say what to do about it."""

    type: Literal["RecordFailed"] = "RecordFailed"
    entity: str
    local_id: str | None
    label: str = ""
    error_code: str
    message: str
    hint: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Progress(_Base):
    """Counters so far."""

    type: Literal["Progress"] = "Progress"
    total: int
    processed: int
    succeeded: int
    failed: int
    skipped: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncFinished(_Base):
    """The run is over; no further events follow."""

    type: Literal["SyncFinished"] = "SyncFinished"
    status: str
    total: int
    processed: int
    succeeded: int
    failed: int
    skipped: int
    error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncWaiting(_Base):
    """The run is parked until the platform answers later (status WAITING); it resumes then."""

    type: Literal["SyncWaiting"] = "SyncWaiting"
    reason: str


SyncEvent = SyncStarted | RecordSynced | RecordFailed | Progress | SyncWaiting | SyncFinished

_TYPES: dict[str, type[SyncEvent]] = {
    cls.__name__: cls
    for cls in (SyncStarted, RecordSynced, RecordFailed, Progress, SyncWaiting, SyncFinished)
}


def event_to_json(event: SyncEvent) -> str:
    """Serialise an event for the wire."""
    return json.dumps(dataclasses.asdict(event))


def event_from_json(raw: str | bytes) -> SyncEvent:
    """Parse an event made by :func:`event_to_json`."""
    data = json.loads(raw)
    cls = _TYPES[data.pop("type")]
    return cls(**data)


def run_channel(run_id: str) -> str:
    """The channel that carries one run's events."""
    return f"sync:{run_id}"


def firm_channel(firm_id: str) -> str:
    """The channel that carries every run event of one firm."""
    return f"firm:{firm_id}"


@runtime_checkable
class EventSink(Protocol):
    """Where the engine sends events."""

    async def publish(self, event: SyncEvent) -> None:
        """Deliver one event to whoever listens."""


class RedisEventBus:
    """Publishes events to Redis pub/sub and lets subscribers stream them.

    Works with a real Redis server and with fakeredis (the embedded mode) alike.
    """

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def publish(self, event: SyncEvent) -> None:
        """Publish the event on its run's channel and its firm's channel."""
        payload = event_to_json(event)
        await self._redis.publish(run_channel(event.run_id), payload)
        await self._redis.publish(firm_channel(event.firm_id), payload)

    async def subscribe(self, channel: str) -> EventSubscription:
        """Start listening on ``channel`` now; events published from here on are kept."""
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(channel)
        return EventSubscription(pubsub)


class EventSubscription:
    """An open subscription; iterate it for events, and close it when done."""

    def __init__(self, pubsub: object) -> None:
        self._pubsub = pubsub

    async def events(self) -> AsyncIterator[SyncEvent]:
        """Yield events as they arrive (forever, until closed)."""
        async for message in self._pubsub.listen():  # type: ignore[attr-defined]
            if message.get("type") == "message":
                yield event_from_json(message["data"])

    async def close(self) -> None:
        """Stop listening and release the connection."""
        await self._pubsub.unsubscribe()  # type: ignore[attr-defined]
        await self._pubsub.aclose()  # type: ignore[attr-defined]
