"""One "worker process" of the refresh-race test: call the API through the fenced token store
for a while, across several access-token expiries, and report what went wrong as JSON.

Run by tests/e2e/test_refresh_race.py as ``python tests/e2e/refresh_hammer.py CONNECTION SECONDS``.
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
from core.settings import load_settings
from core.sync.ports import ProviderError
from core.sync.session import ProviderEnv, SessionTarget
from core.sync.tokens import CredentialStore
from integrations.quickbooks_online.kit import QuickBooksOnlineKit

TASKS_PER_PROCESS = 3


async def _hammer(
    env: ProviderEnv, target: SessionTarget, until: float, seen: Counter[str]
) -> None:
    kit = QuickBooksOnlineKit()
    async with kit.session(env, target) as session:
        while time.monotonic() < until:
            try:
                await session.company_name()
                seen["ok"] += 1
            except ProviderError as exc:
                seen[type(exc).__name__] += 1
            await asyncio.sleep(0.02)


async def main(connection_id: UUID, seconds: float) -> dict[str, int]:
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
        await asyncio.gather(*(_hammer(env, target, until, seen) for _ in range(TASKS_PER_PROCESS)))
        return dict(seen)
    finally:
        await Tortoise.close_connections()


if __name__ == "__main__":
    result = asyncio.run(main(UUID(sys.argv[1]), float(sys.argv[2])))
    print(json.dumps(result))
