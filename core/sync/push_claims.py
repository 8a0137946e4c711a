"""Claims: a local record is pushed by one run at a time.

Before a run sends a record to the accounting platform — or looks it up there to adopt it — it
claims it: a ``push_claim`` row naming the run and an expiry. Taking a claim is one conditional
update and one insert that ignores conflicts, so of two runs asking at once exactly one gets it,
on SQLite and PostgreSQL alike. Then:

- documents, payments and refunds a run cannot claim are skipped with :data:`BUSY_MESSAGE`
  (the run holding them reports their outcome);
- customers and items a document depends on are waited for: the run holding them creates or
  matches them and releases them at once, and the waiting run then uses what it stored;
- a live run renews its claims every ``renew_every`` seconds (a background task), so a claim
  outlives any single call; a run that dies stops renewing and its claims expire after
  ``ttl`` seconds, after which the next run takes them over and replays the intents it left;
- claims are released once the outcome is stored, and all of them when the run ends.

A retried run (the same run resumed after a throttle or a restart) holds under the same name,
so it takes its own claims back at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise.expressions import Q

from core.models import PushClaim

logger = logging.getLogger("ledgersync.push")

CLAIM_SECONDS = 30.0
"""How long a claim lasts without renewal: how soon a dead run's records are free again."""
RENEW_SECONDS = 10.0
"""How often a live run renews its claims."""
WAIT_POLL_SECONDS = 0.2
"""How often a run waiting for another run's customer or item looks again."""

BUSY_CODE = "BEING_PUSHED"
BUSY_MESSAGE = (
    "another sync run is pushing this record right now; that run reports its outcome, "
    "so nothing is sent twice (sync again after it finishes if it fails)"
)


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


class Claims:
    """The claims one run holds, with the heartbeat that keeps them alive."""

    def __init__(
        self,
        firm_id: UUID,
        holder: str,
        *,
        ttl: float = CLAIM_SECONDS,
        renew_every: float = RENEW_SECONDS,
    ) -> None:
        self.firm_id = firm_id
        self.holder = holder
        self.ttl = ttl
        self.renew_every = renew_every
        self._held: set[UUID] = set()
        self._heartbeat: asyncio.Task[None] | None = None

    @property
    def held(self) -> frozenset[UUID]:
        """The records this run holds claims on."""
        return frozenset(self._held)

    def _until(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.ttl)

    async def take(self, local_ids: Iterable[UUID]) -> set[UUID]:
        """Claim the records that are free, expired or already ours; return those now held.

        Asking again for a record already held renews its claim.
        """
        ids = list(dict.fromkeys(local_ids))
        if not ids:
            return set()
        now = datetime.now(UTC)
        until = self._until()
        await (
            PushClaim.filter(local_id__in=ids)
            .filter(Q(holder=self.holder) | Q(expires_at__lte=now))
            .update(holder=self.holder, expires_at=until)
        )
        await PushClaim.bulk_create(
            [
                PushClaim(firm_id=self.firm_id, local_id=i, holder=self.holder, expires_at=until)
                for i in ids
            ],
            ignore_conflicts=True,
        )
        rows = await PushClaim.filter(local_id__in=ids, holder=self.holder).values_list(
            "local_id", flat=True
        )
        held = {_uuid(value) for value in rows}
        self._held |= held
        if held:
            self._start_heartbeat()
        return held

    async def holds_all(self, local_ids: Iterable[UUID]) -> bool:
        """Renew the claims on these records; False if any of them is no longer ours."""
        ids = set(local_ids)
        return await self.take(ids) == ids

    async def release(self, local_ids: Iterable[UUID]) -> None:
        """Give these records up (their outcome is stored)."""
        ids = [i for i in dict.fromkeys(local_ids) if i in self._held]
        if not ids:
            return
        await PushClaim.filter(local_id__in=ids, holder=self.holder).delete()
        self._held.difference_update(ids)

    async def close(self) -> None:
        """Stop renewing and release every claim (the run is over, or stopped)."""
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
            self._heartbeat = None
        if self._held:
            await PushClaim.filter(local_id__in=list(self._held), holder=self.holder).delete()
            self._held.clear()

    async def pause(self) -> None:
        """Wait a moment before looking again at records another run holds."""
        await asyncio.sleep(WAIT_POLL_SECONDS)

    def _start_heartbeat(self) -> None:
        if self._heartbeat is None or self._heartbeat.done():
            self._heartbeat = asyncio.create_task(self._renew_forever())

    async def _renew_forever(self) -> None:
        while True:
            await asyncio.sleep(self.renew_every)
            if not self._held:
                continue
            try:
                await PushClaim.filter(local_id__in=list(self._held), holder=self.holder).update(
                    expires_at=self._until()
                )
            except Exception:
                # A missed renewal only shortens the lease; the next one may well succeed.
                logger.warning("could not renew the push claims of %s", self.holder, exc_info=True)
