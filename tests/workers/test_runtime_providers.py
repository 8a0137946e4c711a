"""The provider env every process shares: the app's runtime, the embedded and separate workers."""

from __future__ import annotations

import httpx
from fakeredis import FakeServer
from fakeredis.aioredis import FakeRedis

from core.sync.session import ProviderEnv
from workers.lifecycle import shutdown, startup
from workers.runtime import build_embedded_worker


async def test_app_runtime_providers_reach_the_mounted_simulator_in_process(app, settings) -> None:
    runtime = app.state.runtime
    providers = runtime.providers
    assert isinstance(providers, ProviderEnv)
    assert providers.transport is not None
    async with httpx.AsyncClient(transport=providers.transport) as http:
        answer = await http.get(f"{settings.public_url}/healthz")  # no socket is open
    assert answer.json() == {"status": "ok"}
    # The shared rate budget uses Redis only when it is a real server other processes see.
    assert providers.redis is (runtime.redis if settings.redis_url else None)


async def test_embedded_worker_ctx_shares_the_apps_providers(app) -> None:
    runtime = app.state.runtime
    embedded = build_embedded_worker(runtime, FakeServer())
    assert embedded.worker.ctx["providers"] is runtime.providers


async def test_separate_worker_startup_builds_providers_on_its_redis(settings) -> None:
    redis = FakeRedis()
    ctx: dict[str, object] = {"settings": settings, "redis": redis}
    await startup(ctx)
    try:
        providers = ctx["providers"]
        assert isinstance(providers, ProviderEnv)
        assert providers.redis is redis
        assert providers.transport is None  # a separate process reaches providers by network
    finally:
        await shutdown(ctx)
        await redis.aclose()
