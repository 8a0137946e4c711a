"""What the pull mutations share: decode the connection ID, queue the run, map refusals."""

from __future__ import annotations

from core.errors import DomainError
from core.models.enums import SyncKind
from core.services.accounting_pull import QueueUnavailable, queue_pull
from graph.accounting.types import CONNECTION_TYPE
from graph.context import Info
from graph.errors import PublicError, UserError, user_error
from graph.ids import decode_id
from graph.sync.types import SyncRunNode

QUEUED_NOTE = (
    "Any member of the firm may. The run starts QUEUED; follow it with the "
    "`syncProgress(runId)` subscription or the `syncRun(id)` query, whose items hold each "
    "record's outcome (SKIPPED and WARNING items say why). Refused with NotFoundError for an "
    "unknown connection (or another firm's), InvalidStateError when the connection must be "
    "reconnected or the connection settings turn this sync off."
)
CONNECTION_ID_DESCRIPTION = "The accounting connection's ID (from `connections`)."


class PullQueueDown(PublicError):
    """The job queue could not take the job; the run was recorded as FAILED."""

    code = "UNAVAILABLE"


async def queue_pull_run(info: Info, connection_id: str, kind: SyncKind) -> SyncRunNode | UserError:
    """Queue a pull run of ``kind`` for the caller's firm; a refusal becomes its typed error."""
    viewer = info.context.require_viewer()
    try:
        local_id = decode_id(connection_id, CONNECTION_TYPE, field="connectionId")
        run = await queue_pull(
            viewer, local_id, kind, info.context.runtime.queue, ip=info.context.client_ip
        )
    except DomainError as exc:
        return user_error(exc)
    except QueueUnavailable as exc:
        raise PullQueueDown(str(exc)) from None
    return SyncRunNode.from_model(run)
