"""The two snapshots a reconciliation compares: the local books through the mappings, and the
platform's receivables read through the session's receivables-reader role.

Reads stay inside the platform's budgets because every call goes through the session (the
shared rate limiter) and is sized as the provider sizes it (pages, ids per call). A platform
that answers later raises :class:`~core.sync.ports.AwaitingProvider` from the first read it
cannot answer yet: the run waits, and reads again when it resumes (answered reads come back
from the request ledger).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from uuid import UUID

from core.models import Customer, ExternalMapping, Invoice, Payment, PaymentApplication
from core.models.enums import DocType, Entity, InvoiceStatus, MappingState
from core.sync.intents import MappingScope
from core.sync.reconcile import LocalBooks, LocalCustomer, LocalInvoice, LocalPayment, RemoteBooks
from core.sync.records import RemoteInvoice, RemotePayment
from core.sync.session import ProviderSession

ZERO = Decimal("0")
#: Local statuses whose balance is not owed (a draft was never issued).
NOT_OWED = (InvoiceStatus.VOID, InvoiceStatus.DRAFT)

Progress = Callable[[], Awaitable[None]]


async def _linked(scope: MappingScope, entity: Entity) -> dict[UUID, str]:
    rows = await ExternalMapping.filter(
        firm_id=scope.firm_id,
        provider=scope.provider,
        remote_company_id=scope.remote_company_id,
        entity=entity,
        state=MappingState.SYNCED,
        remote_id__not_isnull=True,
    ).values_list("local_id", "remote_id")
    return {UUID(str(local)): str(remote) for local, remote in rows}


async def _customers(scope: MappingScope) -> tuple[LocalCustomer, ...]:
    linked = await _linked(scope, Entity.CUSTOMER)
    balances: dict[UUID, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    rows = (
        await Invoice.filter(
            firm_id=scope.firm_id, customer_id__in=list(linked), doc_type=DocType.INVOICE
        )
        .exclude(status__in=NOT_OWED)
        .values_list("customer_id", "currency", "balance")
    )
    for customer_id, currency, balance in rows:
        balances[UUID(str(customer_id))][str(currency).upper()] += Decimal(str(balance))
    names = dict(
        await Customer.filter(firm_id=scope.firm_id, id__in=list(linked)).values_list("id", "name")
    )
    return tuple(
        LocalCustomer(str(local), remote, str(names[local]), dict(balances[local]))
        for local, remote in linked.items()
        if local in names
    )


async def _invoices(scope: MappingScope) -> tuple[LocalInvoice, ...]:
    linked = await _linked(scope, Entity.INVOICE)
    rows = await Invoice.filter(
        firm_id=scope.firm_id, id__in=list(linked), doc_type=DocType.INVOICE
    ).order_by("number")
    return tuple(
        LocalInvoice(
            local_id=str(row.id),
            number=row.number,
            remote_id=linked[row.id],
            customer_id=str(row.customer_id),  # type: ignore[attr-defined]
            currency=row.currency,
            total=row.total,
            balance=row.balance,
            status=row.status,
        )
        for row in rows
    )


async def _payments(
    scope: MappingScope, invoices: Sequence[LocalInvoice], since: date
) -> tuple[LocalPayment, ...]:
    linked_ids = [UUID(i.local_id) for i in invoices]
    applications = await PaymentApplication.filter(
        invoice_id__in=linked_ids, payment__date__gte=since
    ).values_list("payment_id", "invoice_id", "amount")
    applied: dict[UUID, dict[str, Decimal]] = defaultdict(dict)
    for payment_id, invoice_id, amount in applications:
        per_invoice = applied[UUID(str(payment_id))]
        key = str(invoice_id)
        per_invoice[key] = per_invoice.get(key, ZERO) + Decimal(str(amount))
    if not applied:
        return ()
    remote = await _linked(scope, Entity.PAYMENT)
    rows = await Payment.filter(firm_id=scope.firm_id, id__in=list(applied)).order_by("date")
    return tuple(
        LocalPayment(
            local_id=str(row.id),
            remote_id=remote.get(row.id),
            date=row.date,
            amount=row.amount,
            currency=row.currency,
            applications=applied[row.id],
        )
        for row in rows
    )


async def local_books(scope: MappingScope, payments_since: date) -> LocalBooks:
    """The linked invoices, payments applied to them since ``payments_since``, and the linked
    customers with their open balances here."""
    invoices = await _invoices(scope)
    payments = await _payments(scope, invoices, payments_since)
    return LocalBooks(invoices, payments, await _customers(scope))


async def _remote_invoices(
    session: ProviderSession, local: LocalBooks, progress: Progress
) -> list[RemoteInvoice]:
    found: dict[str, RemoteInvoice] = {}
    async for page in session.list_open_invoices():
        found.update((invoice.id, invoice) for invoice in page)
        await progress()
    # Linked documents that are not open there (paid, voided, deleted) are read by id: the
    # ones left out no longer exist.
    rest = [i.remote_id for i in local.invoices if i.remote_id not in found]
    if rest:
        found.update((i.id, i) for i in await session.read_invoices(rest, DocType.INVOICE))
    return list(found.values())


async def _remote_payments(
    session: ProviderSession, local: LocalBooks, since: date, progress: Progress
) -> tuple[list[RemotePayment], frozenset[str]]:
    payments: list[RemotePayment] = []
    changed_since = datetime.combine(since, time.min, tzinfo=UTC)
    async for page in session.pull_payments(changed_since):
        payments.extend(page.payments)
        await progress()
    seen = {p.id for p in payments} | {p.group_id for p in payments if p.group_id}
    unseen = sorted({p.remote_id for p in local.payments if p.remote_id} - seen)
    if not unseen:
        return payments, frozenset()
    read = await session.read_payments(unseen)
    payments.extend(read)
    still = {p.id for p in read} | {p.group_id for p in read if p.group_id}
    return payments, frozenset(set(unseen) - still)


async def _missing_customers(
    session: ProviderSession, local: LocalBooks, progress: Progress
) -> frozenset[str]:
    wanted = {c.remote_id for c in local.customers}
    async for page in session.list_customers():
        wanted.difference_update(c.id for c in page)
        await progress()
    if not wanted:
        return frozenset()
    # Listed customers are the active ones; read the rest by id before calling them missing.
    found = {c.id for c in await session.read_customers(sorted(wanted))}
    return frozenset(wanted - found)


async def remote_books(
    session: ProviderSession, local: LocalBooks, payments_since: date, progress: Progress
) -> RemoteBooks:
    """What the platform holds for the comparison with ``local``."""
    invoices = await _remote_invoices(session, local, progress)
    payments, missing_payments = await _remote_payments(session, local, payments_since, progress)
    missing_customers = await _missing_customers(session, local, progress)
    return RemoteBooks(
        tuple(invoices),
        tuple(payments),
        missing_customers=missing_customers,
        missing_payments=missing_payments,
    )
