"""What the push mutations share: turning a queued run or a refusal into a result."""

from __future__ import annotations

from collections.abc import Awaitable

from core.errors import DomainError
from core.models import SyncRun
from core.services.accounting_sync import QueueUnavailable
from graph.errors import PublicError, UserError, user_error
from graph.sync.types import SyncRunNode

QUEUED_NOTE = (
    "The run starts QUEUED; follow it with the `syncProgress(runId)` subscription or the "
    "`syncRun(id)` query, whose items hold each record's outcome with an error code and hint."
)


class QueueDown(PublicError):
    """The job queue could not take the job; the run was recorded as FAILED."""

    code = "UNAVAILABLE"


async def queue_run(call: Awaitable[SyncRun]) -> SyncRunNode | UserError:
    """Await a service call that queues a run; a domain refusal becomes its typed error."""
    try:
        run = await call
    except DomainError as exc:
        return user_error(exc)
    except QueueUnavailable as exc:
        raise QueueDown(f"{exc}; please retry") from None
    return SyncRunNode.from_model(run)
