"""The long-lived services one process shares: settings, verifier, events, queue, providers."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from core.auth import TokenVerifier
from core.events import RedisEventBus
from core.queue import JobQueue
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
