"""Access tokens that expire while a call waits, or that the platform refuses early, never end a
connection whose refresh token still works, for every provider.

One skewed clock (real time plus an offset the test moves) is shared by the simulator, the
credential store, the OAuth client and the shared rate budget, whose wait for one call is longer
than an access token lives. The token is taken once the budget grants the call, so it is
refreshed then and the platform never sees an expired one. And when the platform refuses a token
that looks valid to us (its clock ran ahead), it is refreshed once through the fence and the call
is sent again: the connection stays ACTIVE and the push succeeds.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from core.crypto import SecretBox
from core.models import Connection, ExternalMapping
from core.models.enums import ConnectionStatus, MappingState, SyncRunStatus
from core.settings import Settings
from core.sync.push import push_invoices
from core.sync.tokens import CredentialStore
from integrations.ratelimit.budget import Grant
from tests.core.sync.push_drivers import PushDriver, XeroPushDriver, push_sim
from tests.core.sync.push_support import World

__all__ = ["push_sim"]  # the sim fixture of this module's tests

pytestmark = pytest.mark.usefixtures("app")

TOKEN_LIFETIME = 600  # seconds: more than the store's five-minute margin
BUDGET_WAIT = 900  # seconds the second call waits for its slot: longer than a token lives


class Skewed:
    """Real time moved forward by an offset the test controls."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> datetime:
        """The skewed time, as an aware datetime."""
        return datetime.now(UTC) + timedelta(seconds=self.offset)

    def monotonic(self) -> float:
        """The skewed monotonic reading."""
        return time.monotonic() + self.offset

    def epoch(self) -> float:
        """The skewed time, in seconds since the epoch."""
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.offset += seconds


class SlowBudget:
    """The shared budget, except that its ``nth`` call waits ``seconds`` for its slot."""

    def __init__(self, inner: Any, clock: Skewed, seconds: float, nth: int) -> None:
        self._inner = inner
        self._clock = clock
        self._seconds = seconds
        self._nth = nth
        self.calls = 0

    @asynccontextmanager
    async def slot(
        self, key: str, cost_classes: Iterable[str] = ("default",), *, max_wait: float | None = None
    ) -> AsyncIterator[Grant]:
        self.calls += 1
        if self.calls == self._nth:
            self._clock.advance(self._seconds)  # the call waited this long in the queue
        async with self._inner.slot(key, cost_classes, max_wait=max_wait) as grant:
            yield grant

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class Refusals(httpx.AsyncBaseTransport):
    """Counts the API calls the platform refused with a 401."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        self.count += response.status_code == 401
        return response


async def _world(settings: Settings, sim: PushDriver, clock: Skewed) -> World:
    """A connected world whose simulator issues tokens living TOKEN_LIFETIME on ``clock``."""
    if isinstance(sim, XeroPushDriver):
        overrides: dict[str, Any] = {"clock": clock.epoch, "access_token_ttl": TOKEN_LIFETIME}
    else:
        overrides = {"clock": clock, "access_token_ttl_seconds": TOKEN_LIFETIME}
    return await sim.world(settings, **overrides)


def _share_clock(world: World, settings: Settings, clock: Skewed) -> None:
    """The credential store and the OAuth client read time from ``clock`` too."""
    kit: Any = world.kit
    auth_class = type(kit.auth(world.env))
    world.env.credentials = CredentialStore(SecretBox(settings.fernet_keys), clock=clock.now)
    kit.auth = lambda env: auth_class(
        kit.config(env), kit.credentials(env), transport=env.transport, clock=clock.now
    )


def _limiter_key(sim: PushDriver) -> str:
    return "xero-limiter" if isinstance(sim, XeroPushDriver) else "qbo-limiter"


async def _push_one(world: World, number: str) -> SyncRunStatus:
    invoice = await world.invoice(await world.customer(), number)
    reporter = await world.reporter()
    async with world.session() as session:
        return await push_invoices(reporter, session, world.connection, [invoice.id])


async def test_push_token_expiring_while_the_call_waits_in_the_budget_is_refreshed_first(
    settings: Settings, sim: PushDriver
) -> None:
    clock = Skewed()
    world = await _world(settings, sim, clock)
    _share_clock(world, settings, clock)
    key = _limiter_key(sim)
    world.env.extras[key] = SlowBudget(world.env.extras[key], clock, BUDGET_WAIT, nth=2)
    refusals = Refusals(world.env.transport)  # type: ignore[arg-type]
    world.env.transport = refusals
    before = (await Connection.get(id=world.connection.id)).credentials_version

    status = await _push_one(world, "5100")

    assert status is SyncRunStatus.SUCCEEDED
    assert refusals.count == 0  # the platform never saw the token that expired in the queue
    connection = await Connection.get(id=world.connection.id)
    assert connection.status is ConnectionStatus.ACTIVE
    assert connection.credentials_version == before + 1  # refreshed once, after the wait
    assert {m.state for m in await ExternalMapping.all()} == {MappingState.SYNCED}


async def test_push_token_refused_before_it_expires_is_refreshed_once_and_the_call_resent(
    settings: Settings, sim: PushDriver
) -> None:
    platform_clock = Skewed()  # the platform's clock alone runs ahead of ours
    world = await _world(settings, sim, platform_clock)
    refusals = Refusals(world.env.transport)  # type: ignore[arg-type]
    world.env.transport = refusals
    before = (await Connection.get(id=world.connection.id)).credentials_version
    platform_clock.advance(TOKEN_LIFETIME + 1)  # our token looks valid here, not there

    status = await _push_one(world, "5200")

    assert status is SyncRunStatus.SUCCEEDED
    assert refusals.count == 1  # refused once, refreshed once, then accepted
    connection = await Connection.get(id=world.connection.id)
    assert connection.status is ConnectionStatus.ACTIVE
    assert connection.credentials_version == before + 1
    assert sim.invoice_numbers(world) == ["5200"]
