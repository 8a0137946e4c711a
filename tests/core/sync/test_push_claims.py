"""Push claims on the test database: one holder per record, expiry, renewal and release."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from core.models import Firm, PushClaim
from core.sync.push_claims import Claims

pytestmark = pytest.mark.usefixtures("app")

# A safety net so a broken heartbeat fails instead of hanging; not a timing goal.
HANG_GUARD_SECONDS = 10


@pytest.fixture
async def firm() -> Firm:
    return await Firm.create(external_id="firm-a", name="Firm A")


async def test_claims_two_runs_asking_together_each_record_goes_to_one(firm: Firm) -> None:
    ids = [uuid.uuid4() for _ in range(20)]
    runs = [Claims(firm.id, f"run-{n}") for n in range(5)]

    taken = await asyncio.gather(*(run.take(ids) for run in runs))

    assert sorted(i for held in taken for i in held) == sorted(ids)  # each once, none lost
    assert await PushClaim.all().count() == len(ids)
    for run in runs:
        await run.close()
    assert await PushClaim.all().count() == 0


async def test_claims_held_by_another_run_are_not_taken_until_released(firm: Firm) -> None:
    record = uuid.uuid4()
    first, second = Claims(firm.id, "run-1"), Claims(firm.id, "run-2")
    assert await first.take([record]) == {record}

    assert await second.take([record]) == set()
    assert await first.take([record]) == {record}  # asking again renews it

    await first.release([record])
    assert await second.take([record]) == {record}
    await first.close()
    await second.close()


async def test_claims_of_a_run_that_stopped_renewing_are_taken_over_after_expiry(
    firm: Firm,
) -> None:
    record = uuid.uuid4()
    dead, alive = Claims(firm.id, "run-dead"), Claims(firm.id, "run-alive")
    assert await dead.take([record]) == {record}
    await PushClaim.filter(local_id=record).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )

    assert await alive.take([record]) == {record}
    assert not await dead.holds_all([record])
    await dead.close()  # releases nothing that is no longer its own
    assert (await PushClaim.get(local_id=record)).holder == "run-alive"
    await alive.close()


async def test_claims_a_retried_run_takes_back_its_own_claims(firm: Firm) -> None:
    record = uuid.uuid4()
    assert await Claims(firm.id, "run-1").take([record]) == {record}

    again = Claims(firm.id, "run-1")  # the same run, resumed by another worker
    assert await again.take([record]) == {record}
    await again.close()


async def test_claims_heartbeat_renews_what_the_run_holds(firm: Firm) -> None:
    record = uuid.uuid4()
    claims = Claims(firm.id, "run-1", ttl=60, renew_every=0.01)
    await claims.take([record])
    first = (await PushClaim.get(local_id=record)).expires_at

    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while (await PushClaim.get(local_id=record)).expires_at <= first:  # noqa: ASYNC110 - a row, not an event
            await asyncio.sleep(0.01)

    await claims.close()
    assert await PushClaim.filter(local_id=record).count() == 0
