"""The one place that executes a sync run: push, pull, import, sync-now and webhook runs alike.

:func:`execute_run` takes a queued (or interrupted) run and an operation, and does the rest:

1. **Open** the run (one that has finished, or does not exist, is not run again).
2. **Admit** it: the firm's share of the workers (:class:`Admission`). A run over its firm's
   share is deferred untouched, so one firm's backlog never holds every worker.
3. **Open the provider session** for the run's connection (a connection that cannot sync ends
   the run with what to do about it).
4. **Call the operation** with a :class:`RunScope`.
5. **Retry** transient errors by one policy (:mod:`core.sync.retry`): the run stays as it is and
   the caller is told to try again after a delay; it resumes from its checkpoints and write
   intents. A lost Redis (the queue, the shared rate budget) defers the run the same way instead
   of failing it.
6. **Book the outcome** through :func:`conclude`, the only success and failure bookkeeping of a
   run: success clears an ERROR connection and stamps ``last_sync_at``; a provider error makes the
   connection's status tell the truth (EXPIRED, ERROR) and ends the run with an actionable error.
7. **Count** the run and its records in the process's metrics.

An operation ends in one of two ways: it returns (the run finishes), or it returns
:class:`Parked` (or a provider raises :class:`~core.sync.ports.AwaitingProvider`, which parks
the run as WAITING with the reason and a SyncWaiting event): the run waits for a platform
that answers later and is left unfinished, with nothing booked, for a later execution of the
same run to resume. Jobs stay thin: they turn the
:class:`Execution` into a retry or a small dict.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.errors import DomainError, InvalidState, NotFound
from core.events import EventSink
from core.metrics import record_run
from core.models import Connection
from core.models.enums import SyncRunStatus
from core.services.connections import (
    KitLookup,
    open_session,
    record_connection_failure,
    record_connection_success,
)
from core.sync.disconnected import (
    DISCONNECTED,
    cancel_queued_requests,
    disconnected,
    end_parked,
)
from core.sync.ports import AuthExpired, AwaitingProvider, InvalidGrant, ProviderError
from core.sync.retry import WORKER_POLICY, Attempt, RetryPolicy
from core.sync.runs import RunReporter
from core.sync.session import ProviderEnv, ProviderSession
from core.sync.tokens import RECONNECT_HINT
from core.sync.waiting import Resume

logger = logging.getLogger("ledgersync.sync")

#: How long a run over its firm's share waits before it asks again.
FAIR_SHARE_DELAY = 5.0
#: How long a run that lost Redis waits before it is tried again.
LOST_REDIS_DELAY = 10.0
NO_CONNECTION = "the accounting connection no longer exists"
#: Redis is out of reach (not a command it refused, which is a bug and fails the run).
LOST_REDIS = (RedisConnectionError, RedisTimeoutError)


class RunRefused(Exception):
    """The run cannot do what it was asked (e.g. the settings turn it off).

    It ends FAILED with this message; the connection's status is left alone.
    """


@dataclass(frozen=True, slots=True)
class Parked:
    """What an operation returns when the run must wait for the platform to answer later.

    The run is left unfinished and nothing is booked; executing the same run again resumes it.
    """

    reason: str


Concluded = SyncRunStatus | Parked


@dataclass(frozen=True, slots=True)
class RunScope:
    """What an operation works with: the run, the open provider session, the connection."""

    reporter: RunReporter
    session: ProviderSession
    connection: Connection
    platform: str


RunBody = Callable[[RunScope], Awaitable[object]]
ErrorText = Callable[[ProviderError], str]


class Admission(Protocol):
    """A firm's share of the workers: how many of its runs may execute at once."""

    def slot(self, firm_id: UUID, holder: str) -> AbstractAsyncContextManager[bool]:
        """Hold one of the firm's slots while inside; yields False when none is free."""
        ...


class OpenAdmission:
    """No share: every run is admitted (one process, or tests)."""

    @asynccontextmanager
    async def slot(self, firm_id: UUID, holder: str) -> AsyncIterator[bool]:
        """Always admitted."""
        yield True


@dataclass(frozen=True, slots=True)
class RunEnv:
    """What executing a run needs from the process."""

    kits: KitLookup
    providers: ProviderEnv
    sink: EventSink
    admission: Admission = field(default_factory=OpenAdmission)
    policy: RetryPolicy = WORKER_POLICY
    #: How to queue the run again if it parks (set by the job that executes it).
    resume: Resume | None = None


class Outcome(enum.StrEnum):
    """How one execution of a run ended."""

    FINISHED = "FINISHED"
    DEFERRED = "DEFERRED"
    PARKED = "PARKED"
    NOT_RUN = "NOT_RUN"


@dataclass(frozen=True, slots=True)
class Execution:
    """The end of one execution; a DEFERRED one asks to be executed again after a delay."""

    run_id: str
    outcome: Outcome
    status: SyncRunStatus | None = None
    retry_after: float | None = None
    #: False for a deferral that says nothing about the run (its firm's share was full).
    counts_as_try: bool = True
    reason: str | None = None
    counts: tuple[int, int, int] = (0, 0, 0)

    def result(self) -> dict[str, object]:
        """The small dict a job returns."""
        if self.status is not None:
            succeeded, failed, skipped = self.counts
            return {
                "run_id": self.run_id,
                "status": self.status.value,
                "succeeded": succeeded,
                "failed": failed,
                "skipped": skipped,
            }
        return {"run_id": self.run_id, "status": self.outcome.value, "reason": self.reason}


def run_error(exc: ProviderError) -> str:
    """The run-level error for a connection failure, with what to do about it."""
    if isinstance(exc, AuthExpired | InvalidGrant):
        return f"{exc.message}. {RECONNECT_HINT}"
    hint = f" {exc.hint}" if exc.hint else ""
    return f"{exc.code}: {exc.message}.{hint} Nothing synced so far is lost; run the sync again."


# --- bookkeeping ------------------------------------------------------------------------------


async def succeed(reporter: RunReporter, connection_id: UUID) -> SyncRunStatus:
    """Finish a run whose operation completed: the connection is fine, and synced now."""
    await record_connection_success(connection_id)
    await Connection.filter(id=connection_id).update(last_sync_at=datetime.now(UTC))
    return await reporter.finish()


async def fail(
    reporter: RunReporter, connection_id: UUID, exc: ProviderError, error: str
) -> SyncRunStatus:
    """Finish a run stopped by a provider error; the connection's status tells the truth."""
    logger.warning("sync run %s stopped: %s", reporter.run.id, exc.code)
    await record_connection_failure(connection_id, exc)
    return await reporter.finish(error=error)


async def conclude(
    reporter: RunReporter,
    connection_id: UUID,
    body: Callable[[], Awaitable[object]],
    *,
    describe: ErrorText = run_error,
    resume: Resume | None = None,
) -> Concluded:
    """Run ``body`` and book how it ended (see the module docstring).

    A transient error the reporter's attempt may still retry is raised, the run left as it is;
    so is a lost Redis. A body that finished or parked the run itself is left as it ended.
    """
    try:
        answer = await body()
    except LOST_REDIS:
        raise
    except AwaitingProvider as exc:
        # The requests are in the ledger; the run waits for the answers and resumes then.
        if await disconnected(connection_id):
            await cancel_queued_requests(reporter.run.id)
            return await reporter.finish(error=DISCONNECTED)
        await reporter.park(exc.message, resume=resume)
        if await disconnected(connection_id) and await end_parked(reporter):
            # Disconnected between the check and the park: the disconnect did not see it wait.
            return reporter.run.status
        return Parked(exc.message)
    except ProviderError as exc:
        if exc.retryable:
            return await _transient(reporter, connection_id, exc, describe)
        return await fail(reporter, connection_id, exc, describe(exc))
    except DomainError as exc:
        return await reporter.finish(error=exc.message)
    except RunRefused as exc:
        return await reporter.finish(error=str(exc))
    except Exception as exc:
        logger.exception("sync run %s failed", reporter.run.id)
        return await reporter.finish(error=f"INTERNAL: {type(exc).__name__}: {exc}")
    if isinstance(answer, Parked):
        return answer
    if reporter.run.status is SyncRunStatus.WAITING:
        # Parked by a conclude nested in the body (e.g. a push's own guard): still waiting.
        return Parked(reporter.run.waiting_reason or "")
    if reporter.run.status.is_terminal:
        return reporter.run.status
    return await succeed(reporter, connection_id)


async def _transient(
    reporter: RunReporter, connection_id: UUID, exc: ProviderError, describe: ErrorText
) -> SyncRunStatus:
    if reporter.attempt.retry_after(exc) is not None:
        raise exc
    return await fail(reporter, connection_id, exc, reporter.attempt.gave_up(exc, describe(exc)))


# --- execution --------------------------------------------------------------------------------


async def execute_run(
    run_id: UUID,
    body: RunBody,
    env: RunEnv,
    *,
    attempt: int = 1,
    describe: ErrorText = run_error,
) -> Execution:
    """Execute try number ``attempt`` of the run (see the module docstring)."""
    try:
        reporter = await RunReporter.open(run_id, env.sink)
    except (NotFound, InvalidState) as exc:
        # Deleted, or already finished (a job run twice): nothing to do, and retrying cannot help.
        logger.warning("sync run %s not run: %s", run_id, exc.message)
        return Execution(str(run_id), Outcome.NOT_RUN, reason=exc.message)
    reporter.attempt = Attempt(attempt, env.policy)
    reporter.resume = env.resume
    run = reporter.run
    try:
        async with env.admission.slot(run.firm_id, str(run.id)) as admitted:  # type: ignore[attr-defined]
            if not admitted:
                return Execution(
                    str(run.id),
                    Outcome.DEFERRED,
                    retry_after=FAIR_SHARE_DELAY,
                    counts_as_try=False,
                    reason="the firm's other runs hold its share of the workers",
                )
            concluded = await _open_and_call(reporter, body, env, describe)
    except ProviderError as exc:
        delay = reporter.attempt.retry_after(exc)
        logger.info("sync run %s: %s, tried again in %.0f s", run.id, exc.code, delay or 0)
        return Execution(str(run.id), Outcome.DEFERRED, retry_after=delay, reason=exc.code)
    except LOST_REDIS as exc:
        logger.warning(
            "sync run %s paused: Redis is unavailable (%s); it resumes when Redis is back",
            run.id,
            type(exc).__name__,
        )
        return Execution(
            str(run.id), Outcome.DEFERRED, retry_after=LOST_REDIS_DELAY, reason="REDIS"
        )
    if isinstance(concluded, Parked):
        return Execution(str(run.id), Outcome.PARKED, reason=concluded.reason)
    record_run(run.kind.value, concluded.value, run.succeeded, run.failed, run.skipped)
    return Execution(
        str(run.id),
        Outcome.FINISHED,
        status=concluded,
        counts=(run.succeeded, run.failed, run.skipped),
    )


async def _open_and_call(
    reporter: RunReporter, body: RunBody, env: RunEnv, describe: ErrorText
) -> Concluded:
    run = reporter.run
    connection = (
        await Connection.get_or_none(id=run.connection_id, firm_id=run.firm_id)  # type: ignore[attr-defined]
        if run.connection_id
        else None
    )
    if connection is None:
        return await reporter.finish(error=NO_CONNECTION)
    kit = env.kits(connection.provider)

    async def call() -> object:
        async with open_session(kit, env.providers, connection, run_id=run.id) as session:
            return await body(RunScope(reporter, session, connection, kit.display_name))

    return await conclude(reporter, connection.id, call, describe=describe, resume=env.resume)
