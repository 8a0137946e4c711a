"""The pull engine: payments changed remotely since a checkpoint, and `sync_now`.

Payments come a page (up to 1000) at a time and only one page is held in memory. A page is
applied in one transaction with its checkpoint — the newest change time of the page, stored in
``Connection.sync_state`` — so a crash or a throttle resumes where it stopped and never leaves a
page half applied; the page costs a bounded number of statements (see
:mod:`core.sync.pull_page`). The provider's bound is inclusive (records sharing the checkpoint's
second are read again); the payment mappings make that harmless.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.models import Connection
from core.sync.payment_methods import report_unmatched_methods
from core.sync.payments_push import push_local_payments, replay_unanswered
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
from core.sync.pull_page import prefetch
from core.sync.push_changed import push_changed
from core.sync.runs import RunReporter
from core.sync.session import PaymentPage, ProviderSession

logger = logging.getLogger("ledgersync.pull")

PAYMENTS_CHECKPOINT = "payments_changed_since"
# Not ``Connection.last_sync_at``: that also moves on payment pulls and imports, which push
# nothing, and would hide local changes made before them from the next sync now.
CHANGES_CHECKPOINT = "changes_pushed_since"


class SyncDisabled(Exception):
    """The connection's settings turn the requested sync off (the message says which)."""


async def pull_payments_in(ctx: PullContext) -> None:
    """Apply every payment changed since the checkpoint, saving the checkpoint per page."""
    if not ctx.settings.sync_payments:
        raise SyncDisabled("payment sync is turned off in the connection settings")
    if ctx.settings.payment_methods:
        await report_unmatched_methods(ctx)
    # Payments whose create was sent but not answered are resolved first: the pull then knows
    # the payments they created and does not import them as new ones.
    await replay_unanswered(ctx)
    since = parse_checkpoint((ctx.connection.sync_state or {}).get(PAYMENTS_CHECKPOINT))
    async for page in ctx.session.pull_payments(since):
        try:
            await _apply_page(ctx, page)
        except IntegrityError:
            # A concurrent sync recorded one of these payments first: the page's transaction
            # rolled back whole, and its payments are applied again one at a time.
            await _apply_one_by_one(ctx, page)
        if page.checkpoint is not None:
            ctx.connection.sync_state = {
                **(ctx.connection.sync_state or {}),
                PAYMENTS_CHECKPOINT: page.checkpoint.isoformat(),
            }
        await ctx.reporter.progress()


async def _apply_page(ctx: PullContext, page: PaymentPage) -> None:
    """Apply one page and store its checkpoint and run items in one transaction.

    A crash in the middle leaves nothing of the page applied and the checkpoint before it, so
    the next run reads the page again. The statements do not grow with the page's size.
    """
    async with ctx.reporter.deferred(), in_transaction():
        ctx.reporter.run.total += len(page.payments)
        ctx.page = await prefetch(ctx.scope, page.payments)
        try:
            for payment in page.payments:
                await apply_remote_payment(ctx, payment)
            await ctx.page.flush()
        finally:
            ctx.page = None
        if page.checkpoint is not None:
            await save_checkpoint(
                ctx.connection.id, PAYMENTS_CHECKPOINT, page.checkpoint.isoformat()
            )
        await ctx.reporter.store_deferred()


async def _apply_one_by_one(ctx: PullContext, page: PaymentPage) -> None:
    """Apply a page payment by payment, each in its own transaction, then its checkpoint."""
    ctx.reporter.run.total += len(page.payments)
    for payment in page.payments:
        await apply_remote_payment(ctx, payment)
    if page.checkpoint is not None:
        await save_checkpoint(ctx.connection.id, PAYMENTS_CHECKPOINT, page.checkpoint.isoformat())


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


async def sync_now_in(ctx: PullContext) -> None:
    """Everything the settings enable: push customers and invoices, pull payments, push
    local payments and refunds. Pushes take only records changed since the last sync."""
    settings = ctx.settings
    if not settings.sync_enabled:
        raise SyncDisabled("sync is turned off in the connection settings")
    if settings.sync_customers or settings.sync_invoices:
        state = ctx.connection.sync_state or {}
        since = parse_checkpoint(state.get(CHANGES_CHECKPOINT))
        # Taken before anything is read: a change made while this run pushes is sent next time.
        pushed_at = datetime.now(UTC).isoformat()
        await push_changed(
            ctx.reporter, ctx.session, ctx.connection, since=since, platform=ctx.platform
        )
        # With one of the two off, its changes since the older mark must still go once it is on.
        if settings.sync_customers and settings.sync_invoices:
            await save_checkpoint(ctx.connection.id, CHANGES_CHECKPOINT, pushed_at)
            ctx.connection.sync_state = {**state, CHANGES_CHECKPOINT: pushed_at}
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
