"""The send window: several create calls open at once, their answers handled in sending order;
after a failure nothing more is sent, the open calls are still answered, and the first failure
is raised; a cancelled run cancels the calls it left open."""

from __future__ import annotations

import asyncio

import pytest

from core.sync.ports import ProviderUnavailable, RateLimited
from core.sync.push_window import SendWindow
from core.sync.records import PushOutcome


class Calls:
    """Create calls that stay open until the test answers them, in any order."""

    def __init__(self) -> None:
        self.open: dict[int, asyncio.Future[list[PushOutcome]]] = {}
        self.peak = 0
        self.finished: list[int] = []
        self._changed = asyncio.Condition()

    async def call(self, number: int) -> list[PushOutcome]:
        future: asyncio.Future[list[PushOutcome]] = asyncio.get_running_loop().create_future()
        self.open[number] = future
        self.peak = max(self.peak, sum(not f.done() for f in self.open.values()))
        async with self._changed:
            self._changed.notify_all()
        return await future

    async def finish(self, number: int, outcomes: list[PushOutcome]) -> None:
        self.finished.append(number)

    async def until_open(self, *numbers: int) -> None:
        async with asyncio.timeout(30), self._changed:
            await self._changed.wait_for(lambda: all(n in self.open for n in numbers))


async def test_send_window_keeps_depth_calls_open_and_finishes_them_in_sending_order():
    calls = Calls()
    window: SendWindow[int] = SendWindow(3, calls.finish)

    async def answer_backwards() -> None:
        await calls.until_open(0, 1, 2)
        for number in (2, 1, 0):  # the platform answers the last one first
            calls.open[number].set_result([])
        await calls.until_open(3, 4)
        for number in (4, 3):
            calls.open[number].set_result([])

    answering = asyncio.create_task(answer_backwards())
    for number in range(5):
        await window.send(number, calls.call(number))
    await window.drain()
    await answering

    assert calls.peak == 3
    assert calls.finished == [0, 1, 2, 3, 4]


async def test_send_window_after_a_failure_sends_nothing_more_and_raises_the_first_one():
    calls = Calls()
    window: SendWindow[int] = SendWindow(2, calls.finish)
    sent: list[int] = []

    async def call(number: int) -> list[PushOutcome]:
        sent.append(number)
        return await calls.call(number)

    async def answer() -> None:
        await calls.until_open(0, 1)
        calls.open[0].set_exception(RateLimited("slow down", retry_after=30))
        calls.open[1].set_exception(ProviderUnavailable("down"))

    answering = asyncio.create_task(answer())
    for number in range(4):
        await window.send(number, call(number))
    with pytest.raises(RateLimited):
        await window.drain()
    await answering

    assert window.stopped
    assert sent == [0, 1]  # calls 2 and 3 were never started
    assert calls.finished == []


async def test_send_window_stores_the_answers_in_flight_beside_a_failed_call():
    calls = Calls()
    window: SendWindow[int] = SendWindow(3, calls.finish)

    async def answer() -> None:
        await calls.until_open(0, 1, 2)
        calls.open[1].set_exception(ProviderUnavailable("down"))
        calls.open[0].set_result([])
        calls.open[2].set_result([])

    answering = asyncio.create_task(answer())
    for number in range(3):
        await window.send(number, calls.call(number))
    with pytest.raises(ProviderUnavailable):
        await window.drain()
    await answering

    assert calls.finished == [0, 2]


async def test_send_window_bookkeeping_failure_stops_the_window_like_a_call_failure():
    async def finish(number: int, outcomes: list[PushOutcome]) -> None:
        raise RateLimited("the batch was throttled", retry_after=5)

    async def answered() -> list[PushOutcome]:
        return []

    window: SendWindow[int] = SendWindow(1, finish)
    await window.send(0, answered())
    assert window.stopped
    second = answered()
    await window.send(1, second)  # closed unsent
    assert second.cr_frame is None
    with pytest.raises(RateLimited):
        await window.drain()


async def test_send_window_cancelled_run_cancels_the_calls_it_left_open():
    calls = Calls()
    window: SendWindow[int] = SendWindow(2, calls.finish)

    async def run() -> None:
        for number in range(2):
            await window.send(number, calls.call(number))
        await window.drain()

    task = asyncio.create_task(run())
    await calls.until_open(0, 1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0)

    assert all(future.cancelled() for future in calls.open.values())
    assert calls.finished == []
