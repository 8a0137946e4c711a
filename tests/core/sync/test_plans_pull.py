"""A plan of a payment pull or an import is the pull itself, rolled back: planning the same books
then running the pull gives the same action for every remote record, on every provider, and the
plan leaves nothing behind."""

from __future__ import annotations

import pytest

from core.models import (
    Activity,
    Connection,
    Customer,
    ExternalMapping,
    Invoice,
    Payment,
    SyncRun,
    SyncRunItem,
)
from core.models.enums import InvoiceStatus, PlanAction, SyncKind
from core.sync.plans_pull import plan_pull, planned_remote
from core.sync.session import SessionTarget
from tests.core.sync.pull_drivers import Books

pytestmark = pytest.mark.usefixtures("app")


async def _local_state(books: Books) -> tuple[object, ...]:
    connection = await Connection.get(id=books.connection.id)
    return (
        await ExternalMapping.all().count(),
        await Payment.all().count(),
        await Customer.all().count(),
        await Invoice.all().order_by("id").values_list("id", "status", "balance"),
        await SyncRun.all().count(),
        await SyncRunItem.all().count(),
        await Activity.all().count(),
        connection.sync_state,
    )


async def _plan(books: Books, kind: SyncKind) -> list[tuple[object, ...]]:
    target = SessionTarget(books.connection.id, books.company, books.connection.settings)
    async with books.kit.session(books.env, target) as session:
        records, error = await plan_pull(session, books.connection, kind, platform="the platform")
    assert error is None
    return [(r.remote_id, r.action, r.detail, r.error_code) for r in records]


async def _plan_then_run(books: Books, kind: SyncKind) -> list[tuple[object, ...]]:
    before = await _local_state(books)
    planned = await _plan(books, kind)
    assert await _local_state(books) == before
    _, items = await books.run(kind)
    ran = [planned_remote(item) for item in items]
    assert planned == [(r.remote_id, r.action, r.detail, r.error_code) for r in ran]
    return planned


async def test_plan_pull_payments_then_pull_same_action_per_payment(books: Books) -> None:
    paid, paid_remote = await books.linked_invoice("1042", "100.00")
    partial, partial_remote = await books.linked_invoice("1043", "80.00")
    books.pay(paid_remote, "100.00")
    books.pay(partial_remote, "30.00")

    planned = await _plan_then_run(books, SyncKind.PULL_PAYMENTS)

    assert len(planned) == 2
    assert {action for _, action, _, _ in planned} == {PlanAction.CREATE}
    await paid.refresh_from_db()
    await partial.refresh_from_db()
    assert (paid.status, partial.status) == (InvoiceStatus.PAID, InvoiceStatus.PARTIAL)


async def test_plan_import_customers_then_import_same_action_per_customer(books: Books) -> None:
    await Customer.create(firm=books.firm, name="Acme Ltd")
    books.customer("Acme Ltd")
    books.customer("New Client", email="ap@new.example")

    planned = await _plan_then_run(books, SyncKind.IMPORT_CUSTOMERS)

    assert len(planned) >= 2
    assert len({detail for _, _, detail, _ in planned}) >= 2  # a merge and a create differ


async def test_plan_import_invoices_then_import_same_action_per_invoice(books: Books) -> None:
    remote_customer = books.customer("Open Books Co")
    books.invoice(remote_customer, "120.00", "R-1")
    books.invoice(remote_customer, "45.50", "R-2")

    planned = await _plan_then_run(books, SyncKind.IMPORT_INVOICES)

    assert len(planned) >= 2
    assert all(action is not PlanAction.FAIL for _, action, _, _ in planned)


async def test_plan_pull_refuses_a_push_kind(books: Books) -> None:
    target = SessionTarget(books.connection.id, books.company, books.connection.settings)
    async with books.kit.session(books.env, target) as session:
        with pytest.raises(ValueError, match="no pull plan"):
            await plan_pull(session, books.connection, SyncKind.PUSH_INVOICES, platform="x")
