"""sendRequestXML holds its answer briefly while a run of the connection is resuming, over HTTP
through the simulated Web Connector, with time as a dependency (a manual clock, no sleeps): the
request the run queues a moment later goes out in the same sendRequestXML call (no NoOp pause);
the hold is bounded by ``request_hold_seconds``, ends as soon as no run is expected, and a hold
of 0 answers at once as before."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from uuid import UUID

import pytest

from core.sync.ports import AwaitingProvider
from core.sync.records import CustomerRecord
from integrations.quickbooks_desktop.config import QbdSettings
from integrations.ratelimit.clock import ManualClock
from tests.integrations.quickbooks_desktop.qbd_rig import Book, Rig, rig

HOLD = 3.0


class Resuming:
    """A run of the connection that is resuming: more requests are expected until it is told
    its answers came (then it finishes)."""

    def __init__(self) -> None:
        self.expecting = True
        self.checks = 0

    async def expects_more(self, connection_id: UUID) -> bool:
        self.checks += 1
        return self.expecting

    async def answered(self, connection_id: UUID, run_ids: set[UUID]) -> None:
        self.expecting = False


class ResumeClock(ManualClock):
    """A manual clock on which something happens once time has reached ``at`` seconds."""

    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None
        self.then: Callable[[], Awaitable[None]] | None = None
        self.sleeps = 0

    async def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        await super().sleep(seconds)
        if self.then is not None and self.at is not None and self.monotonic() >= self.at:
            action, self.then = self.then, None
            await action()


@pytest.fixture
def hooks() -> Resuming:
    return Resuming()


@pytest.fixture
def timer() -> ResumeClock:
    return ResumeClock()


@pytest.fixture
async def qbd(app, hooks: Resuming, timer: ResumeClock) -> AsyncIterator[Rig]:  # type: ignore[no-untyped-def]
    settings = QbdSettings(request_hold_seconds=HOLD)
    async with rig(settings, hooks=hooks, timer=timer) as built:
        yield built


async def _active(qbd: Rig, hooks: Resuming, timer: ResumeClock) -> Book:
    """A book whose first session (nothing to do) is over; the run resumes from now on."""
    hooks.expecting = False
    book = await qbd.book()
    assert (await book.session()).outcome == "done"
    hooks.expecting = True
    timer.sleeps = 0
    return book


def _queue_customer(book: Book) -> Callable[[], Awaitable[None]]:
    """What the resumed run does: ask for a customer (recorded in the request ledger)."""

    async def queue() -> None:
        with pytest.raises(AwaitingProvider):
            await book.provider().create_customers([CustomerRecord("c1", "Customer 1", "k-1")])

    return queue


async def test_hold_request_queued_by_a_resume_goes_out_in_the_same_call_without_noop(
    qbd: Rig, hooks: Resuming, timer: ResumeClock
) -> None:
    book = await _active(qbd, hooks, timer)
    timer.at, timer.then = 0.7, _queue_customer(book)  # the run queues 0.7 s into the hold

    report = await book.session()

    assert timer.then is None, "the run queued its request during the hold"
    assert report.noops == 0
    assert [("CustomerAddRq" in r) for r in report.requests] == [False, True]
    assert timer.monotonic() < HOLD, "answered before the hold was over"
    assert [c.name for c in book.company.customers.values()] == ["Customer 1"]
    assert report.outcome == "done"


async def test_hold_is_bounded_and_then_answers_nothing_for_a_noop_pause(
    qbd: Rig, hooks: Resuming, timer: ResumeClock
) -> None:
    book = await _active(qbd, hooks, timer)
    book.connector.max_noops = 1

    report = await book.session()

    # Two held answers (before and after the one NoOp pause), each exactly the hold.
    assert report.noops == 1
    assert report.outcome == "gave up waiting"
    assert timer.monotonic() == pytest.approx(2 * HOLD)
    assert report.calls.count("sendRequestXML") == 3  # the greeting and the two held ones


async def test_hold_ends_as_soon_as_no_run_is_expected(
    qbd: Rig, hooks: Resuming, timer: ResumeClock
) -> None:
    book = await _active(qbd, hooks, timer)

    async def finish() -> None:
        hooks.expecting = False  # the run finished without queuing anything

    timer.at, timer.then = 0.2, finish

    report = await book.session()

    assert report.noops == 0
    assert report.outcome == "done"
    assert report.last_error == "Ledgersync has no more requests for now."
    assert timer.monotonic() < 1.0


async def test_hold_of_zero_answers_at_once_as_before(app, hooks: Resuming) -> None:  # type: ignore[no-untyped-def]
    timer = ResumeClock()
    async with rig(QbdSettings(request_hold_seconds=0), hooks=hooks, timer=timer) as qbd:
        book = await _active(qbd, hooks, timer)
        book.connector.max_noops = 1
        report = await book.session()

    assert report.noops == 1
    assert (timer.sleeps, timer.monotonic()) == (0, 0.0)
