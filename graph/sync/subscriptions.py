"""Subscriptions of the sync domain: live progress of one run."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from core.events import SyncFinished, run_channel
from core.models import SyncRun
from graph.context import Info
from graph.errors import NotFoundPublic
from graph.permissions import AUTHENTICATED
from graph.sync.events import SyncProgressEvent, SyncSnapshotEvent, to_graphql_event
from graph.sync.queries import decode_run_id


@strawberry.type
class SyncSubscriptions:
    """Subscription fields, merged into the root Subscription type."""

    @strawberry.subscription(
        permission_classes=AUTHENTICATED,
        description="Follow one of your firm's sync runs. The first event is a SyncSnapshot of "
        "the run as stored; live events follow in `seq` order, and the subscription completes "
        "after SyncFinished (right after the snapshot when the run has already finished). An ID "
        "that is not one of your firm's runs is an error with `extensions.code = NOT_FOUND`.",
    )
    async def sync_progress(
        self,
        info: Info,
        run_id: Annotated[strawberry.ID, strawberry.argument(description="The SyncRun ID.")],
    ) -> AsyncGenerator[SyncProgressEvent, None]:
        """Snapshot first, then the live stream, with nothing lost or repeated in between."""
        viewer = info.context.require_viewer()
        local_id = decode_run_id(run_id, field="runId")
        # Subscribe before reading the snapshot: an event stored after the read is published
        # after it too, so it arrives on this subscription; one stored before is in the snapshot.
        subscription = await info.context.runtime.events.subscribe(run_channel(str(local_id)))
        try:
            run = await SyncRun.get_or_none(id=local_id, firm_id=viewer.firm_id)
            if run is None:
                raise NotFoundPublic("no sync run of your firm has this ID")
            snapshot = SyncSnapshotEvent.from_run(run)
            yield snapshot
            if run.status.is_terminal:
                return
            async for event in subscription.events():
                if event.seq <= snapshot.seq:
                    continue
                yield to_graphql_event(event)
                if isinstance(event, SyncFinished):
                    return
        finally:
            await subscription.close()
