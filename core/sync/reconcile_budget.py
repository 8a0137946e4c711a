"""Planning a reconciliation inside a platform's daily call cap.

Before the platform is read, the session (a :class:`~core.sync.session.ReceivablesReader`)
estimates the calls the report needs; when the session also says how many calls are left today
(:class:`~core.sync.session.DailyBudget`) and they do not cover it, the run is throttled with a
message that says so: it is tried again an hour later, and again, until the rolling day has
room (:data:`RECONCILE_POLICY`), and the report says meanwhile why it waits.
"""

from __future__ import annotations

from core.models import ReconciliationReport
from core.sync.ports import RateLimited
from core.sync.pull_context import PullContext
from core.sync.reconcile import LocalBooks
from core.sync.retry import RetryPolicy
from core.sync.session import DailyBudget, ReceivablesReader

#: Calls kept back for the day's other work (pushes, payment pulls, webhooks).
RESERVE_CALLS = 50
#: How long a report over today's budget waits before it asks again.
BUDGET_RETRY_SECONDS = 3600.0
#: Reconciliations wait for a daily cap for up to two days (hourly), unlike other runs.
RECONCILE_POLICY = RetryPolicy(throttled_tries=48, max_delay=BUDGET_RETRY_SECONDS)


def calls_needed(session: object, local: LocalBooks) -> int | None:
    """The session's estimate of the report's calls (None when it does not estimate)."""
    if not isinstance(session, ReceivablesReader):
        return None
    return session.reconcile_calls(len(local.invoices), len(local.customers), len(local.payments))


async def check_daily_budget(ctx: PullContext, local: LocalBooks) -> None:
    """Raise RateLimited (and note it on the report) when today's calls cannot cover it."""
    session = ctx.session
    if not isinstance(session, DailyBudget):
        return
    needed = calls_needed(session, local)
    left = await session.calls_remaining_today()
    if needed is None or left is None or needed + RESERVE_CALLS <= left:
        return
    message = (
        f"the report needs about {needed} calls and {ctx.platform} allows {left} more today; "
        "it continues when the daily limit leaves room"
    )
    await ReconciliationReport.filter(run_id=ctx.reporter.run.id).update(error=message)
    raise RateLimited(message, retry_after=BUDGET_RETRY_SECONDS, code="DAILY_LIMIT")
