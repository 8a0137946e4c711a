"""The lists the settings choose from, read through the request ledger.

The three queries are asked outside any run (the ledger entries have no run), so asking again
finds the same entries: queued until the Web Connector's next poll, then answered. Reading
them *again* forgets the answered entries first, so new ones are queued; an entry still queued
or under way is kept, as its answer will be fresh anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from core.models import ProviderRequest
from core.models.enums import RequestState
from integrations.base import BookRead

from . import book_mapping
from .ledger import STAGE_READ, Ask, final_answer
from .qbxml import Element
from .reads import LedgerSession
from .responses import error_for

T = TypeVar("T")
OPERATIONS = ("books.accounts", "books.items", "books.payment_methods")


class BookReads(LedgerSession):
    """A company file's accounts, items and payment methods, for the settings form."""

    async def read_book_lists(self, *, again: bool = False) -> BookRead:
        """The lists the Web Connector brought; the run-less reads wait until it has."""
        if again:
            await ProviderRequest.filter(
                connection_id=self.ledger.connection_id,
                run_id__isnull=True,
                operation__in=list(OPERATIONS),
                state__in=[RequestState.ANSWERED, RequestState.FAILED],
            ).delete()
        accounts, items, methods = await self._answered(
            [
                Ask(OPERATIONS[0], STAGE_READ, book_mapping.account_query()),
                Ask(OPERATIONS[1], STAGE_READ, book_mapping.item_query()),
                Ask(OPERATIONS[2], STAGE_READ, book_mapping.payment_method_query()),
            ]
        )
        stamps = [e.answered_at for e in (accounts, items, methods) if e.answered_at]
        return BookRead(
            accounts=_rets(accounts, book_mapping.account_from_ret),
            items=_rets(items, book_mapping.item_from_ret),
            payment_methods=_rets(methods, book_mapping.payment_method_from_ret),
            read_at=max(stamps) if stamps else datetime.now(UTC),
        )


def _rets(entry: ProviderRequest, convert: Callable[[Element], T | None]) -> list[T]:
    answer = final_answer(entry)
    if answer is None:
        return []
    error = error_for(answer.status)
    if error is not None:
        raise error
    return [found for found in map(convert, answer.rets) if found is not None]
