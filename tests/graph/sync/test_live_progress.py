"""syncProgress fan-out: one Redis subscription per run, each event encoded once, bounded buffers.

The subscriptions run through the schema as the websocket handler runs them (with a
LiveOperation whose socket is a fake that records frames), and events are published on the
app's event bus (Redis, or the embedded fake), as a worker would.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from core.events import Progress, RecordSynced, SyncFinished, SyncStarted, run_channel
from core.models import Firm
from core.models.enums import SyncKind, SyncTrigger
from core.services.tenancy import Viewer
from core.sync.runs import create_run
from graph.context import Context
from graph.ids import encode_id
from graph.schema import schema
from graph.sync import live
from graph.sync.live import LIVE_OPERATION, LiveOperation

# A safety net so a broken fan-out fails instead of hanging; not a timing goal.
HANG_GUARD_SECONDS = 30

PROGRESS = """
subscription($runId: ID!) {
  syncProgress(runId: $runId) {
    __typename
    ... on SyncSnapshot { seq status }
    ... on SyncStarted { seq total }
    ... on RecordSynced { seq label }
    ... on SyncProgress { seq processed }
    ... on SyncFinished { seq status succeeded }
  }
}
"""


class FakeSocket:
    """Records what the feed writes; ``hold()`` makes it stop reading, like a slow client."""

    def __init__(self, op_id: str) -> None:
        self.op_id = op_id
        self.messages: list[dict[str, Any]] = []
        self.closed: tuple[int, str] | None = None
        self._open = asyncio.Event()
        self._open.set()

    def hold(self) -> None:
        self._open.clear()

    async def send_text(self, text: str) -> None:
        await self._open.wait()
        self.messages.append(json.loads(text))

    async def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)

    def events(self) -> list[dict[str, Any]]:
        return [m["payload"]["data"]["syncProgress"] for m in self.messages]


class Rig:
    """Subscribers of one run, and the app's bus to publish on."""

    def __init__(self, app, firm: Firm, viewer: Viewer, run_gid: str, run_id: str) -> None:
        self.app = app
        self.firm = firm
        self.viewer = viewer
        self.run_gid = run_gid
        self.run_id = run_id
        self.feeds = app.state.graphql.feeds
        self.tasks: list[asyncio.Task[None]] = []

    def subscribe(self, op_id: str) -> FakeSocket:
        socket = FakeSocket(op_id)
        self.tasks.append(asyncio.create_task(self._run(socket)))
        return socket

    async def _run(self, socket: FakeSocket) -> None:
        LIVE_OPERATION.set(
            LiveOperation(
                id=socket.op_id,
                query=PROGRESS,
                variables={"runId": self.run_gid},
                operation_name=None,
                send_text=socket.send_text,
                close=socket.close,
            )
        )
        context = Context(
            request=None,  # type: ignore[arg-type]
            runtime=self.app.state.runtime,
            viewer=self.viewer,
            feeds=self.feeds,
        )
        stream = await schema.subscribe(
            PROGRESS, variable_values={"runId": self.run_gid}, context_value=context
        )
        async for result in stream:  # type: ignore[union-attr]
            # What Strawberry sends itself: the snapshot (or an error).
            payload: dict[str, Any] = {"data": result.data}
            if result.errors:
                payload["errors"] = [error.formatted for error in result.errors]
            socket.messages.append({"id": socket.op_id, "type": "next", "payload": payload})

    async def until(self, condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            while not condition():  # noqa: ASYNC110 - state spread over many objects
                await asyncio.sleep(0.005)

    async def watching(self, count: int) -> None:
        await self.until(lambda: self._watchers() == count)

    def _watchers(self) -> int:
        feed = self.feeds.runs.get(self.run_id)
        return feed.watchers if feed is not None and feed.listener is not None else 0

    async def publish(self, event) -> None:
        await self.app.state.runtime.events.publish(event)

    def record(self, seq: int) -> RecordSynced:
        return RecordSynced(
            run_id=self.run_id,
            firm_id=str(self.firm.id),
            seq=seq,
            entity="INVOICE",
            local_id=None,
            label=f"Invoice {seq}",
            action="MARKED_OVERDUE",
        )

    def progress(self, seq: int, processed: int) -> Progress:
        return Progress(
            run_id=self.run_id,
            firm_id=str(self.firm.id),
            seq=seq,
            total=100,
            processed=processed,
            succeeded=processed,
            failed=0,
            skipped=0,
        )

    def finished(self, seq: int, succeeded: int) -> SyncFinished:
        return SyncFinished(
            run_id=self.run_id,
            firm_id=str(self.firm.id),
            seq=seq,
            status="SUCCEEDED",
            total=succeeded,
            processed=succeeded,
            succeeded=succeeded,
            failed=0,
            skipped=0,
        )

    async def finish(self) -> None:
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            outcomes = await asyncio.gather(*self.tasks, return_exceptions=True)
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        assert all(isinstance(f, asyncio.CancelledError) for f in failures), failures


@pytest.fixture
async def rig(app, gql) -> Rig:
    await gql.data("query { viewer { role } }")
    firm = await Firm.get(external_id="firm-a")
    run = await create_run(firm_id=firm.id, kind=SyncKind.OVERDUE_SWEEP, trigger=SyncTrigger.USER)
    viewer = app.state.runtime.principals.get(gql.token)
    assert viewer is not None
    return Rig(app, firm, viewer, encode_id("SyncRun", run.id), str(run.id))


async def _numsub(app, channel: str) -> int:
    pairs = await app.state.runtime.redis.pubsub_numsub(channel)
    return int(dict(pairs).get(channel.encode(), 0))


async def test_live_progress_many_subscribers_get_every_record_event_once_in_order(
    rig, monkeypatch
) -> None:
    encoded: list[int] = []
    real_encode = live.Shape.encode

    def counting_encode(self, value):  # type: ignore[no-untyped-def]
        encoded.append(value.seq)
        return real_encode(self, value)

    monkeypatch.setattr(live.Shape, "encode", counting_encode)
    sockets = [rig.subscribe(f"op-{n}") for n in range(40)]
    await rig.watching(40)
    assert await _numsub(rig.app, run_channel(rig.run_id)) == 1
    await rig.publish(
        SyncStarted(
            run_id=rig.run_id, firm_id=str(rig.firm.id), seq=1, kind="OVERDUE_SWEEP", total=5
        )
    )
    for seq in range(2, 7):
        await rig.publish(rig.record(seq))
    await rig.publish(rig.finished(7, succeeded=5))
    await rig.finish()

    assert encoded == [1, 2, 3, 4, 5, 6, 7]  # once per event, not once per subscriber
    for socket in sockets:
        events = socket.events()
        assert events[0]["__typename"] == "SyncSnapshot"
        assert [e["seq"] for e in events[1:]] == [1, 2, 3, 4, 5, 6, 7]
        assert [e["label"] for e in events if e["__typename"] == "RecordSynced"] == [
            f"Invoice {n}" for n in range(2, 7)
        ]
        assert {m["id"] for m in socket.messages} == {socket.op_id}
        assert events[-1] == {
            "__typename": "SyncFinished",
            "seq": 7,
            "status": "SUCCEEDED",
            "succeeded": 5,
        }


async def test_live_progress_slow_subscriber_is_dropped_with_close_code_others_continue(
    rig, monkeypatch
) -> None:
    monkeypatch.setattr(live, "BUFFER_FRAMES", 8)
    slow = rig.subscribe("slow")
    fast = [rig.subscribe(f"fast-{n}") for n in range(3)]
    await rig.watching(4)
    # Every subscriber has its snapshot: a fast one still reading it would buffer the events
    # below and, with this small buffer, be dropped as slow too.
    await rig.until(lambda: all(len(s.messages) == 1 for s in (slow, *fast)))
    slow.hold()
    for seq in range(1, 21):
        await rig.publish(rig.record(seq))
    await rig.publish(rig.finished(21, succeeded=20))
    await rig.until(lambda: all(s.events() and s.events()[-1]["seq"] == 21 for s in fast))

    assert slow.closed == (live.SLOW_CONSUMER_CLOSE_CODE, live.SLOW_CONSUMER_REASON)
    for socket in fast:
        assert [e["seq"] for e in socket.events()[1:]] == list(range(1, 22))
    # The dropped subscriber holds nothing in the feed; its task ends with the connection.
    for task in rig.tasks:
        task.cancel()
    await rig.finish()
    assert rig.feeds.runs == {}


async def test_live_progress_coalesces_progress_and_keeps_the_latest_counts(rig) -> None:
    socket = rig.subscribe("op")
    await rig.watching(1)
    for seq in range(1, 51):
        await rig.publish(rig.progress(seq, processed=seq))
    await rig.until(lambda: any(e["seq"] == 50 for e in socket.events()))
    await rig.publish(rig.record(51))
    await rig.publish(rig.finished(52, succeeded=50))
    await rig.finish()

    events = socket.events()[1:]
    progress = [e for e in events if e["__typename"] == "SyncProgress"]
    assert len(progress) < 10, progress
    assert progress[-1] == {"__typename": "SyncProgress", "seq": 50, "processed": 50}
    seqs = [e["seq"] for e in events]
    assert seqs == sorted(seqs)
    assert [e["__typename"] for e in events[-2:]] == ["RecordSynced", "SyncFinished"]


async def test_live_progress_interleaved_progress_is_thinned_and_records_all_arrive(rig) -> None:
    socket = rig.subscribe("op")
    await rig.watching(1)
    seq = 0
    for n in range(1, 41):
        await rig.publish(rig.record(seq := seq + 1))
        await rig.publish(rig.progress(seq := seq + 1, processed=n))
    await rig.publish(rig.finished(seq := seq + 1, succeeded=40))
    await rig.finish()

    events = socket.events()[1:]
    records = [e for e in events if e["__typename"] == "RecordSynced"]
    assert [e["seq"] for e in records] == list(range(1, 80, 2))
    progress = [e for e in events if e["__typename"] == "SyncProgress"]
    assert len(progress) < 20, progress
    seqs = [e["seq"] for e in events]
    assert seqs == sorted(seqs)
    assert events[-1]["succeeded"] == 40


async def test_live_progress_releases_everything_when_subscribers_leave(rig) -> None:
    hub = rig.feeds.hub
    sockets = [rig.subscribe(f"op-{n}") for n in range(25)]
    await rig.watching(25)
    assert (hub.channels, hub.listeners) == (1, 1)
    for task in rig.tasks[:10]:
        task.cancel()
    await rig.until(lambda: rig._watchers() == 15)
    await rig.publish(rig.finished(1, succeeded=0))
    await rig.finish()
    assert all(s.events()[-1]["__typename"] == "SyncFinished" for s in sockets[10:])

    await rig.until(lambda: not hub.active)
    assert rig.feeds.runs == {}
    assert (hub.channels, hub.listeners) == (0, 0)
    assert await _numsub(rig.app, run_channel(rig.run_id)) == 0
    leftover = [t for t in asyncio.all_tasks() if t.get_name().startswith("event-hub")]
    assert leftover == []


async def test_live_progress_other_firms_run_is_not_found_and_holds_nothing(
    app, rig, gql_factory
) -> None:
    client_b = gql_factory(firm="firm-b")
    await client_b.data("query { viewer { role } }")
    other = Rig(
        app,
        rig.firm,
        app.state.runtime.principals.get(client_b.token),
        rig.run_gid,
        rig.run_id,
    )
    socket = other.subscribe("intruder")
    await other.finish()
    assert socket.messages[0]["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "data" not in socket.messages[0]["payload"] or not socket.messages[0]["payload"]["data"]
    assert len(socket.messages) == 1
    await rig.until(lambda: not rig.feeds.hub.active)
    assert rig.feeds.runs == {}
