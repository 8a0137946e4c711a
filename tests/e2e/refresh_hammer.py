"""One "worker process" of the refresh-race test: call the API through the fenced token store
for a while, across several access-token expiries, and report what went wrong as JSON.

Run by tests/e2e/test_refresh_race.py as
``python tests/e2e/refresh_hammer.py PROVIDER CONNECTION SECONDS PAUSE`` (PROVIDER: the Provider
enum value; PAUSE: seconds between one task's calls, to stay inside the platform's call budget).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tortoise import Tortoise

from core.crypto import SecretBox
from core.db import tortoise_config
from core.models import Connection
from core.models.enums import Provider
from core.settings import load_settings
from core.sync.ports import ProviderError
from core.sync.session import ProviderEnv, ProviderKit, SessionTarget
from core.sync.tokens import CredentialStore
from integrations.registry import kit_for

TASKS_PER_PROCESS = 3


async def _hammer(
    kit: ProviderKit,
    env: ProviderEnv,
    target: SessionTarget,
    until: float,
    pause: float,
    seen: Counter[str],
) -> None:
    async with kit.session(env, target) as session:
        while time.monotonic() < until:
            try:
                await session.company_name()
                seen["ok"] += 1
            except ProviderError as exc:
                seen[type(exc).__name__] += 1
            await asyncio.sleep(pause)


async def main(
    provider: Provider, connection_id: UUID, seconds: float, pause: float
) -> dict[str, int]:
    settings = load_settings()
    await Tortoise.init(config=tortoise_config(settings))
    try:
        store = CredentialStore(SecretBox(settings.fernet_keys), margin=timedelta(seconds=1))
        env = ProviderEnv(settings=settings, credentials=store)
        connection = await Connection.get(id=connection_id)
        assert connection.remote_company_id is not None
        target = SessionTarget(connection.id, connection.remote_company_id, {})
        seen: Counter[str] = Counter()
        until = time.monotonic() + seconds
        kit = kit_for(provider)
        await asyncio.gather(
            *(_hammer(kit, env, target, until, pause, seen) for _ in range(TASKS_PER_PROCESS))
        )
        return dict(seen)
    finally:
        await Tortoise.close_connections()


if __name__ == "__main__":
    provider, connection, seconds, pause = sys.argv[1:5]
    result = asyncio.run(main(Provider(provider), UUID(connection), float(seconds), float(pause)))
    print(json.dumps(result))
