"""One page of a payments pull, read and written in a bounded number of statements.

Before the page is applied, :func:`prefetch` reads in three queries what every payment of the page
needs: the PAYMENT mappings of the page's payments and groups, the INVOICE mappings of the invoices
they apply to, and those invoices (locked). Applying a new payment then only queues its rows in
:class:`PageState`; :meth:`PageState.flush` writes the queued payments, applications, mappings,
activities and changed invoices with one bulk statement each. A reversal (a void or a remote edit)
flushes first and then writes directly, so what it reads is current; it is the rare case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from tortoise.queryset import QuerySet

from core.models import Activity, ExternalMapping, Invoice, Payment, PaymentApplication
from core.models.enums import Entity, MappingState
from core.sync.intents import MappingScope
from core.sync.records import RemotePayment

_INVOICE_FIELDS = ("amount_paid", "balance", "status", "paid_at", "updated_at")


@dataclass(slots=True)
class PageState:
    """What the payments of one page were found to link to, and the rows they queued."""

    #: PAYMENT mappings (any state) by remote id; None for a remote id known to have none.
    payments: dict[str, ExternalMapping | None] = field(default_factory=dict)
    #: Remote invoice id → local invoice id (SYNCED mappings); a looked-up id without one is absent.
    invoice_ids: dict[str, UUID] = field(default_factory=dict)
    looked_up: set[str] = field(default_factory=set)
    #: Local invoices read (and locked) for this page, by id.
    invoices: dict[UUID, Invoice] = field(default_factory=dict)
    new_payments: list[Payment] = field(default_factory=list)
    new_applications: list[PaymentApplication] = field(default_factory=list)
    new_mappings: list[ExternalMapping] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    changed: dict[UUID, Invoice] = field(default_factory=dict)

    async def lock_invoices(self, firm_id: UUID, ids: Iterable[UUID]) -> dict[UUID, Invoice]:
        """The firm's invoices with these ids, read once per page (and locked) then reused."""
        wanted = set(ids)
        missing = [i for i in wanted if i not in self.invoices]
        if missing:
            rows = await Invoice.filter(firm_id=firm_id, id__in=missing).select_for_update()
            self.invoices.update((row.id, row) for row in rows)
        return {i: self.invoices[i] for i in wanted if i in self.invoices}

    def forget_invoices(self) -> None:
        """Drop the invoices read so far (after a rollback their values may be stale)."""
        self.invoices.clear()

    async def flush(self) -> None:
        """Write every queued row: one bulk statement per table that has some."""
        if self.new_payments:
            await Payment.bulk_create(self.new_payments)
        if self.new_applications:
            await PaymentApplication.bulk_create(self.new_applications)
        if self.new_mappings:
            await ExternalMapping.bulk_create(self.new_mappings)
        if self.activities:
            await Activity.bulk_create(self.activities)
        if self.changed:
            await Invoice.bulk_update(list(self.changed.values()), fields=list(_INVOICE_FIELDS))
        self.new_payments = []
        self.new_applications = []
        self.new_mappings = []
        self.activities = []
        self.changed = {}


async def prefetch(scope: MappingScope, payments: Sequence[RemotePayment]) -> PageState:
    """Read what the page's payments link to: three queries whatever the page size."""
    page = PageState()
    remote_ids = {p.id for p in payments} | {p.group_id for p in payments if p.group_id}
    page.payments = dict.fromkeys(remote_ids)
    if remote_ids:
        rows = await _mappings(scope, Entity.PAYMENT, remote_ids)
        page.payments.update((str(row.remote_id), row) for row in rows)
    invoice_remote_ids = {a.invoice_remote_id for p in payments for a in p.applications}
    if invoice_remote_ids:
        rows = await _mappings(scope, Entity.INVOICE, invoice_remote_ids).filter(
            state=MappingState.SYNCED
        )
        page.invoice_ids = {str(row.remote_id): row.local_id for row in rows}
        page.looked_up = set(invoice_remote_ids)
        await page.lock_invoices(scope.firm_id, page.invoice_ids.values())
    return page


def _mappings(
    scope: MappingScope, entity: Entity, remote_ids: set[str]
) -> QuerySet[ExternalMapping]:
    return ExternalMapping.filter(
        firm_id=scope.firm_id,
        provider=scope.provider,
        remote_company_id=scope.remote_company_id,
        entity=entity,
        remote_id__in=sorted(remote_ids),
    )
