"""Batch calls and single requests side by side, within one platform's two budgets.

QuickBooks Online starts at most 40 batch calls (30 documents each) a minute per company, within
500 requests a minute in all. A push of batch calls alone leaves most of the request budget
unused: once the batch window is spent, the next group would wait for it. A session with the
:class:`~core.sync.session.SingleCreates` member says how many batch calls could start now; when
none could, the engine sends the next document on its own, as a single create request, so the
rest of the request budget carries documents too.

The choice is made before the group's intents are committed and is part of its key (see
:func:`core.sync.intents.is_single`): a group sent as a single request is replayed as that same
request, under the same key, and a batch as that same batch, so replay stays exactly-once.

Calls already open in the window may not be counted by the shared budget yet; they are taken
off the room it reports, so the engine never plans more batch calls than the window allows
(an overestimate would leave a batch waiting for the window while it holds a place in flight).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from core.sync.records import InvoiceRecord, PushOutcome
from core.sync.session import ProviderSession, SingleCreates


async def next_single(session: ProviderSession, open_single: Iterable[bool]) -> bool:
    """Whether the next new group should be one document sent in a single request.

    ``open_single`` says, for each call still open in the push's window, whether it is a single
    request. True only for sessions with the ``SingleCreates`` member whose batch window has no
    room beyond the batch calls already open.
    """
    if not isinstance(session, SingleCreates):
        return False
    open_batches = sum(1 for single in open_single if not single)
    return await session.batch_calls_free() - open_batches <= 0


async def create_call(
    session: ProviderSession, records: Sequence[InvoiceRecord], *, single: bool
) -> list[PushOutcome]:
    """The group's create call: one single request for a single-request group, else a batch."""
    if single and isinstance(session, SingleCreates):
        (record,) = records
        return [await session.create_invoice(record)]
    return await session.create_invoices(records)
