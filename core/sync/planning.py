"""A planning session: the real provider session, with its writes recorded instead of sent.

A plan of a sync is computed by the push engine itself, not by a second implementation that
could drift from it: the engine runs as usual through a :class:`PlanningSession`. Reads (lookups
of customers and items, document reads, the daily budget) go to the platform through the real
session; every create, update and void is recorded as a planned call and answered with a
synthetic success, so the engine takes the path it would take if the platform accepted the
write. What the platform itself would refuse (a duplicate number, a validation rule) is only
known in advance where the engine checks it itself: currencies, the daily cap, mappings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count

from core.sync.ports import Capability
from core.sync.records import (
    CustomerRecord,
    InvoiceRecord,
    ItemRecord,
    PaymentRecord,
    PushOutcome,
    RefundRecord,
    RemoteRef,
)
from core.sync.session import ProviderSession

#: Remote ids a planning session answers with start with this, so they never pass for real ones.
PLANNED_ID_PREFIX = "planned-"


@dataclass(slots=True)
class PlannedCalls:
    """The write calls a plan would make, by kind (one entry per remote call)."""

    calls: list[tuple[str, int]] = field(default_factory=list)

    def add(self, kind: str, records: int) -> None:
        """Record one call of ``kind`` carrying ``records`` records."""
        self.calls.append((kind, records))

    @property
    def total(self) -> int:
        """How many write calls the plan makes."""
        return len(self.calls)

    def by_kind(self) -> dict[str, int]:
        """Calls per kind, e.g. ``{"create_invoices": 2}``."""
        counts: dict[str, int] = {}
        for kind, _ in self.calls:
            counts[kind] = counts.get(kind, 0) + 1
        return counts

    def records(self, kind: str) -> int:
        """How many records the calls of ``kind`` carry."""
        return sum(n for k, n in self.calls if k == kind)


class PlanningSession:
    """Wraps a :class:`ProviderSession`: reads pass through, writes are recorded and answered
    with synthetic successes. Optional members of the real session (a daily budget, writes in
    flight) are the real session's, so the engine plans exactly as it pushes."""

    def __init__(self, inner: ProviderSession) -> None:
        self._inner = inner
        self._ids = count(1)
        self.planned = PlannedCalls()

    def __getattr__(self, name: str) -> object:
        # Reads and optional members (only those the real session has) pass through.
        return getattr(self._inner, name)

    @property
    def capabilities(self) -> frozenset[Capability]:
        """The real session's capabilities."""
        return self._inner.capabilities

    @property
    def remote_company_id(self) -> str:
        """The real session's remote company."""
        return self._inner.remote_company_id

    @property
    def max_batch(self) -> int:
        """The real session's batch size, so the plan's calls are the push's calls."""
        return self._inner.max_batch

    def _created(self, number: str | None = None) -> PushOutcome:
        ref = RemoteRef(id=f"{PLANNED_ID_PREFIX}{next(self._ids)}", number=number, version="0")
        return PushOutcome.success(ref)

    async def create_customers(self, records: Sequence[CustomerRecord]) -> list[PushOutcome]:
        """Recorded, not sent."""
        self.planned.add("create_customers", len(records))
        return [self._created() for _ in records]

    async def create_items(self, records: Sequence[ItemRecord]) -> list[PushOutcome]:
        """Recorded, not sent."""
        self.planned.add("create_items", len(records))
        return [self._created() for _ in records]

    async def create_invoices(self, records: Sequence[InvoiceRecord]) -> list[PushOutcome]:
        """Recorded, not sent; each document keeps its own number."""
        self.planned.add("create_invoices", len(records))
        return [self._created(record.number) for record in records]

    async def create_payments(self, records: Sequence[PaymentRecord]) -> list[PushOutcome]:
        """Recorded, not sent."""
        self.planned.add("create_payments", len(records))
        return [self._created() for _ in records]

    async def create_refund_receipts(self, records: Sequence[RefundRecord]) -> list[PushOutcome]:
        """Recorded, not sent."""
        self.planned.add("create_refund_receipts", len(records))
        return [self._created() for _ in records]

    async def update_customer(
        self, remote_id: str, version: str | None, record: CustomerRecord
    ) -> PushOutcome:
        """Recorded, not sent."""
        self.planned.add("update_customer", 1)
        return PushOutcome.success(RemoteRef(id=remote_id, version=version))

    async def update_invoice(
        self, remote_id: str, version: str | None, record: InvoiceRecord
    ) -> PushOutcome:
        """Recorded, not sent."""
        self.planned.add("update_invoice", 1)
        return PushOutcome.success(RemoteRef(id=remote_id, number=record.number, version=version))

    async def void_invoice(self, remote_id: str, version: str | None) -> PushOutcome:
        """Recorded, not sent."""
        self.planned.add("void_invoice", 1)
        return PushOutcome.success(RemoteRef(id=remote_id, version=version))
