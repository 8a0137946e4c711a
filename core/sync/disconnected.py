"""Runs that wait on a connection that was disconnected: they end, saying why.

Disconnecting a connection whose platform answers later ends the runs that wait for its
connector (:func:`end_waiting_runs`); the executor ends a run that parks on a disconnected
connection at once, and checks again after it parked, so a park racing a disconnect is ended
by one side or the other.
"""

from __future__ import annotations

import logging
from uuid import UUID

from core.events import EventSink
from core.models import Connection, ProviderRequest, SyncRun
from core.models.enums import ConnectionStatus, RequestState, SyncRunStatus
from core.sync.runs import RunReporter

logger = logging.getLogger("ledgersync.sync")

DISCONNECTED = (
    "The connection was disconnected while this sync waited for the connector. Set the "
    "connection up again and run the sync again: nothing already synced is sent twice."
)


async def disconnected(connection_id: UUID | None) -> bool:
    """Whether the run's connection was disconnected (REVOKED) or deleted."""
    if connection_id is None:
        return False
    connection = await Connection.get_or_none(id=connection_id)
    return connection is None or connection.status is ConnectionStatus.REVOKED


async def end_waiting_runs(connection_id: UUID, sink: EventSink) -> list[UUID]:
    """End every run that waits on a disconnected connection (FAILED, saying why); return them.

    Each run is taken from WAITING first (compare-and-swap), so an answer arriving meanwhile
    cannot queue it again; its requests not yet handed to the connector are cancelled. Requests
    already handed out stay as they are: their outcome is verified before anything is resent.
    """
    ended: list[UUID] = []
    waiting = await SyncRun.filter(connection_id=connection_id, status=SyncRunStatus.WAITING)
    for run in waiting:
        taken = await SyncRun.filter(id=run.id, status=SyncRunStatus.WAITING).update(
            status=SyncRunStatus.RUNNING
        )
        if not taken:
            continue
        await cancel_queued_requests(run.id)
        reporter = await RunReporter.open(run.id, sink)
        await reporter.finish(DISCONNECTED)
        ended.append(run.id)
    if ended:
        logger.info(
            "ended %d runs waiting on disconnected connection %s", len(ended), connection_id
        )
    return ended


async def end_parked(reporter: RunReporter) -> bool:
    """End the reporter's run if it is still WAITING (it parked on a disconnected connection)."""
    run = reporter.run
    taken = await SyncRun.filter(id=run.id, status=SyncRunStatus.WAITING).update(
        status=SyncRunStatus.RUNNING
    )
    if not taken:
        return False  # the disconnect ended it already
    run.status = SyncRunStatus.RUNNING
    await cancel_queued_requests(run.id)
    await reporter.finish(DISCONNECTED)
    return True


async def cancel_queued_requests(run_id: UUID) -> int:
    """Cancel the run's requests that no connector has taken yet."""
    return await ProviderRequest.filter(run_id=run_id, state=RequestState.QUEUED).update(
        state=RequestState.FAILED, status_message="Cancelled: the connection was disconnected"
    )
