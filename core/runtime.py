"""The long-lived services one process shares: settings, verifier, events, queue, providers."""

from __future__ import annotations

from dataclasses import dataclass, field

from redis.asyncio import Redis

from core.auth import PrincipalCache, TokenVerifier
from core.events import RedisEventBus
from core.queue import JobQueue
from core.services.tenancy import Viewer
from core.settings import Settings
from core.sync.session import ProviderEnv


@dataclass(slots=True)
class Runtime:
    """Built once at start-up by the app's lifespan and handed to every request."""

    settings: Settings
    verifier: TokenVerifier
    redis: Redis
    events: RedisEventBus
    queue: JobQueue
    providers: ProviderEnv
    principals: PrincipalCache[Viewer] = field(init=False)

    def __post_init__(self) -> None:
        self.principals = PrincipalCache(self.settings.principal_cache_seconds)
