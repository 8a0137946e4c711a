"""A firm's share of the workers: at most N runs of one firm hold a slot at once, other firms
are not affected, a released or lapsed hold frees its slot."""

from __future__ import annotations

import uuid

from fakeredis import FakeServer
from fakeredis.aioredis import FakeRedis

from workers.fair_share import FirmSlots


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


async def test_firm_slots_cap_one_firm_and_leave_others_alone() -> None:
    redis = FakeRedis(server=FakeServer())
    slots = FirmSlots(redis, cap=2, hold=60)
    busy, other = uuid.uuid4(), uuid.uuid4()

    async with (
        slots.slot(busy, "run-1") as first,
        slots.slot(busy, "run-2") as second,
        slots.slot(busy, "run-3") as third,
        slots.slot(other, "run-4") as elsewhere,
    ):
        assert (first, second, third, elsewhere) == (True, True, False, True)
    async with slots.slot(busy, "run-3") as after:
        assert after  # released on the way out
    await redis.aclose()


async def test_firm_slot_of_a_dead_holder_lapses_after_its_hold() -> None:
    redis = FakeRedis(server=FakeServer())
    clock = Clock()
    slots = FirmSlots(redis, cap=1, hold=60, clock=clock)
    firm = uuid.uuid4()
    # A worker that died holding the slot: it never leaves, it only stops renewing.
    assert await slots._claim(FirmSlots.key(firm), "dead-run")

    async with slots.slot(firm, "run-2") as before:
        assert not before
    clock.now += 61
    async with slots.slot(firm, "run-2") as after:
        assert after
    await redis.aclose()


async def test_the_same_holder_gets_its_slot_back() -> None:
    redis = FakeRedis(server=FakeServer())
    slots = FirmSlots(redis, cap=1, hold=60)
    firm = uuid.uuid4()
    assert await slots._claim(FirmSlots.key(firm), "run-1")  # a try that was interrupted

    async with slots.slot(firm, "run-1") as again:
        assert again
    await redis.aclose()
