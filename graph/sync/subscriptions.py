"""Subscriptions of the sync domain: live progress of one run."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Callable
from typing import Annotated

import strawberry

from core.models import SyncRun
from graph.context import Info
from graph.errors import NotFoundPublic, PublicError
from graph.permissions import AUTHENTICATED
from graph.sync.events import SyncProgressEvent, SyncSnapshotEvent
from graph.sync.live import LIVE_OPERATION, LiveOperation, Watcher, values
from graph.sync.queries import decode_run_id

# Close tasks of dropped subscribers, kept until they finish.
_closing: set[asyncio.Task[None]] = set()


class StreamDropped(PublicError):
    """The subscriber fell too far behind, or the event stream broke: subscribe again."""

    code = "STREAM_DROPPED"


def _closer(live: LiveOperation | None) -> Callable[[int, str], None]:
    def on_drop(code: int, reason: str) -> None:
        if live is not None:
            task = asyncio.ensure_future(live.close(code, reason))
            _closing.add(task)
            task.add_done_callback(_closing.discard)

    return on_drop


async def _pump(watcher: Watcher, live: LiveOperation) -> None:
    """Send the pre-encoded frames straight to the socket until SyncFinished.

    A dropped subscriber, or a socket that fails, waits here until the websocket handler
    cancels the operation as the connection goes away.
    """
    prefix = f'{{"id":{json.dumps(live.id)},"type":"next","payload":'
    while (frame := await watcher.next_frame()) is not None:
        try:
            await live.send_text(prefix + frame.payload + "}")
        except Exception:
            watcher.close()
            break
        if frame.final:
            return
    await asyncio.Event().wait()


@strawberry.type
class SyncSubscriptions:
    """Subscription fields, merged into the root Subscription type."""

    @strawberry.subscription(
        permission_classes=AUTHENTICATED,
        description="Follow one of your firm's sync runs. The first event is a SyncSnapshot of "
        "the run as stored; live events follow in `seq` order, and the subscription completes "
        "after SyncFinished (right after the snapshot when the run has already finished). "
        "Every record event is delivered; SyncProgress events are coalesced to the latest "
        "counts, at most four a second. An ID that is not one of your firm's runs is an error "
        "with `extensions.code = NOT_FOUND`. A subscriber that falls 256 events behind is "
        "disconnected with close code 1013 (subscribe again: the snapshot catches you up).",
    )
    async def sync_progress(
        self,
        info: Info,
        run_id: Annotated[strawberry.ID, strawberry.argument(description="The SyncRun ID.")],
    ) -> AsyncGenerator[SyncProgressEvent, None]:
        """Snapshot first, then the live stream, with nothing lost or repeated in between."""
        viewer = info.context.require_viewer()
        local_id = decode_run_id(run_id, field="runId")
        live = LIVE_OPERATION.get()
        # Watch before reading the snapshot: an event stored after the read is published
        # after it too, so it reaches the watcher; one stored before is in the snapshot.
        watcher = await info.context.progress_feeds().watch(str(local_id), live, _closer(live))
        try:
            run = await SyncRun.get_or_none(id=local_id, firm_id=viewer.firm_id)
            if run is None:
                raise NotFoundPublic("no sync run of your firm has this ID")
            snapshot = SyncSnapshotEvent.from_run(run)
            watcher.skip_through(snapshot.seq)
            yield snapshot
            if run.status.is_terminal:
                return
            if live is not None and watcher.shape is not None:
                await _pump(watcher, live)
                return
            async for value in values(watcher):
                yield value
            if watcher.dropped:
                raise StreamDropped("the subscription fell behind or lost its events; resubscribe")
        finally:
            watcher.close()
