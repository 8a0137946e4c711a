"""Worker start-up and shutdown.

A separate worker process opens its own ORM context and event bus; the embedded worker borrows
the API process's (its task was created where the ORM is registered, so initialising Tortoise
again there would replace the app's connections).
"""

from __future__ import annotations

from typing import cast

from arq.connections import ArqRedis
from tortoise import Tortoise
from tortoise.context import TortoiseContext

from core.crypto import SecretBox
from core.db import tortoise_config
from core.events import RedisEventBus
from core.settings import Settings
from core.sync.session import ProviderEnv
from core.sync.tokens import CredentialStore
from workers.fair_share import FirmSlots
from workers.runtime import ArqJobQueue


async def startup(ctx: dict[str, object]) -> None:
    """Open the ORM, event bus and provider env for a separate worker process, and every
    worker's share of slots per firm.

    A separate worker reaches providers (and the simulator the app serves) over the network.
    It runs again each time the worker reconnects to Redis; what is open stays open.
    """
    settings = cast(Settings, ctx["settings"])
    redis = cast(ArqRedis, ctx["redis"])
    if "admission" not in ctx:
        ctx["admission"] = FirmSlots(
            redis, cap=settings.max_jobs_per_firm, hold=settings.job_lease_seconds
        )
    if ctx.get("embedded") or "tortoise" in ctx:
        # Embedded: the app's ORM and bus. Or a worker reconnecting after losing Redis: its
        # ORM context and services are still open.
        return
    # Keep the context Tortoise returns: closing *that* one on shutdown is what lets the
    # process exit promptly after SIGTERM.
    ctx["tortoise"] = await Tortoise.init(config=tortoise_config(settings))
    ctx["events"] = RedisEventBus(redis)
    ctx["queue"] = ArqJobQueue(redis)
    ctx["providers"] = ProviderEnv(
        settings=settings,
        credentials=CredentialStore(SecretBox(settings.fernet_keys)),
        redis=redis,
    )


async def shutdown(ctx: dict[str, object]) -> None:
    """Close the ORM context opened by :func:`startup`, if any."""
    tortoise = ctx.pop("tortoise", None)
    if isinstance(tortoise, TortoiseContext):
        await tortoise.close_connections()
