"""Fixtures for the sync GraphQL tests: runs, items and activities of the caller's firm."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from core.models import Firm, SyncRun, SyncRunItem, User
from core.models.enums import Entity, ItemOutcome, SyncKind, SyncTrigger
from core.sync.runs import create_run

VIEWER = "query { viewer { user { id } firm { id } } }"


@pytest.fixture
async def firm(gql) -> Firm:
    """Firm `firm-a`, created by the first request of the `gql` client's admin."""
    await gql.data(VIEWER)
    return await Firm.get(external_id="firm-a")


@pytest.fixture
def make_runs(firm) -> Callable[..., Awaitable[list[SyncRun]]]:
    """make_runs(n, items=0, firm=None): n runs, each started by its own user, with items."""

    async def make(n: int, *, items: int = 0, of: Firm | None = None) -> list[SyncRun]:
        owner = of or firm
        runs = []
        for index in range(n):
            user = await User.create(external_id=f"{owner.external_id}-starter-{index}")
            run = await create_run(
                firm_id=owner.id,
                kind=SyncKind.OVERDUE_SWEEP,
                trigger=SyncTrigger.USER,
                started_by_id=user.id,
            )
            for position in range(items):
                await SyncRunItem.create(
                    run=run,
                    entity=Entity.INVOICE,
                    label=f"Invoice {position}",
                    outcome=ItemOutcome.SUCCEEDED,
                )
            runs.append(run)
        return runs

    return make
