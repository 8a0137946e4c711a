"""The pull engine: payments changed remotely since a checkpoint, and `sync_now`.

Payments come a page (up to 1000) at a time and only one page is held in memory; the checkpoint
— the newest change time of the page — is stored in ``Connection.sync_state`` after each page,
so a crash or a throttle resumes where it stopped. The provider's bound is inclusive (records
sharing the checkpoint's second are read again); the payment mappings make that harmless.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from core.models import Connection
from core.models.enums import Entity
from core.sync.payments_push import push_local_payments
from core.sync.pull_apply import apply_remote_payment
from core.sync.pull_context import (
    DEFAULT_PLATFORM,
    PullContext,
    parse_checkpoint,
    pull_context,
    save_checkpoint,
)
from core.sync.pull_customers import import_customers_in
from core.sync.pull_invoices import import_invoices_in
from core.sync.runs import RunReporter
from core.sync.session import ProviderSession

logger = logging.getLogger("ledgersync.pull")

PAYMENTS_CHECKPOINT = "payments_changed_since"
# The push engine's entry point for "push what changed since": looked up lazily so the pull
# engine does not depend on the push engine at import time.
PUSH_MODULE = "core.sync.push"
PUSH_FUNCTION = "push_changed"

PushChanged = Callable[..., Awaitable[None]]


class SyncDisabled(Exception):
    """The connection's settings turn the requested sync off (the message says which)."""


async def pull_payments_in(ctx: PullContext) -> None:
    """Apply every payment changed since the checkpoint, saving the checkpoint per page."""
    if not ctx.settings.sync_payments:
        raise SyncDisabled("payment sync is turned off in the connection settings")
    since = parse_checkpoint((ctx.connection.sync_state or {}).get(PAYMENTS_CHECKPOINT))
    async for page in ctx.session.pull_payments(since):
        ctx.reporter.run.total += len(page.payments)
        for payment in page.payments:
            await apply_remote_payment(ctx, payment)
        if page.checkpoint is not None:
            stamp = page.checkpoint.isoformat()
            await save_checkpoint(ctx.connection.id, PAYMENTS_CHECKPOINT, stamp)
            ctx.connection.sync_state = {
                **(ctx.connection.sync_state or {}),
                PAYMENTS_CHECKPOINT: stamp,
            }
        await ctx.reporter.progress()


async def pull_payments(
    run: RunReporter,
    session: ProviderSession,
    connection: Connection,
    *,
    platform: str = DEFAULT_PLATFORM,
) -> None:
    """Pull payments changed since the connection's checkpoint and apply them to invoices."""
    await pull_payments_in(pull_context(run, session, connection, platform=platform))


async def import_customers(
    run: RunReporter,
    session: ProviderSession,
    connection: Connection,
    *,
    platform: str = DEFAULT_PLATFORM,
) -> None:
    """Merge the remote customers into the local ones (see :mod:`core.sync.pull_customers`)."""
    await import_customers_in(pull_context(run, session, connection, platform=platform))


async def import_invoices(
    run: RunReporter,
    session: ProviderSession,
    connection: Connection,
    *,
    platform: str = DEFAULT_PLATFORM,
) -> None:
    """Import open remote invoices as locked local ones (see :mod:`core.sync.pull_invoices`)."""
    await import_invoices_in(pull_context(run, session, connection, platform=platform))


def _push_changed() -> PushChanged | None:
    try:
        module = importlib.import_module(PUSH_MODULE)
    except ImportError:
        return None
    function = getattr(module, PUSH_FUNCTION, None)
    return function if callable(function) else None


async def _push_stage(ctx: PullContext, since: datetime | None) -> None:
    push = _push_changed()
    if push is None:
        logger.warning(
            "%s.%s is not available; customers and invoices were not pushed",
            PUSH_MODULE,
            PUSH_FUNCTION,
        )
        await ctx.reporter.record_skipped(
            entity=Entity.INVOICE,
            local_id=None,
            label="Customers and invoices",
            message="pushing customers and invoices is not available in this build",
        )
        return
    await push(ctx.reporter, ctx.session, ctx.connection, since=since, platform=ctx.platform)


async def sync_now_in(ctx: PullContext) -> None:
    """Everything the settings enable: push customers and invoices, pull payments, push
    local payments and refunds. Pushes take only records changed since the last sync."""
    settings = ctx.settings
    if not settings.sync_enabled:
        raise SyncDisabled("sync is turned off in the connection settings")
    since = ctx.connection.last_sync_at
    if settings.sync_customers or settings.sync_invoices:
        await _push_stage(ctx, since)
    if settings.sync_payments:
        await pull_payments_in(ctx)
        await push_local_payments(ctx)


async def sync_now(
    run: RunReporter,
    session: ProviderSession,
    connection: Connection,
    *,
    platform: str = DEFAULT_PLATFORM,
) -> None:
    """Run every enabled sync for the connection in one run."""
    await sync_now_in(pull_context(run, session, connection, platform=platform))
