"""The simulated Web Connector drives the endpoint through whole sessions with the ledger."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest

from core.models import AgentLogin, Connection, ProviderRequest
from core.models.enums import ConnectionStatus, DocType, RequestState
from core.sync.ports import AwaitingProvider, DuplicateName
from core.sync.records import (
    CustomerRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    ItemRecord,
    PaymentApplicationRef,
    PaymentRecord,
)
from integrations.quickbooks_desktop.qbxml import guid_for
from tests.integrations.quickbooks_desktop.qbd_rig import Book, Rig, rig


@pytest.fixture
async def qbd(app) -> AsyncIterator[Rig]:  # type: ignore[no-untyped-def]
    async with rig() as built:
        yield built


def customer(n: int, key: str | None = None) -> CustomerRecord:
    return CustomerRecord(f"c{n}", f"Customer {n}", key or f"cust-{n}", email=f"c{n}@x.example")


def invoice(
    customer_id: str, item_id: str, key: str = "inv-0", number: str = "INV-1"
) -> InvoiceRecord:
    return InvoiceRecord(
        local_id="i1",
        doc_type=DocType.INVOICE,
        number=number,
        customer_remote_id=customer_id,
        issue_date=date(2026, 7, 1),
        idempotency_key=key,
        lines=(InvoiceLineRecord("Work", Decimal("2"), Decimal("50"), Decimal("100"), item_id),),
    )


async def answered(book: Book, call):  # type: ignore[no-untyped-def]
    """Make the call, let the Web Connector poll once, make it again (as a resumed run)."""
    with pytest.raises(AwaitingProvider):
        await call()
    report = await book.session()
    assert report.outcome == "done", report
    return await call()


async def test_first_session_records_company_and_activates_connection(qbd: Rig) -> None:
    book = await qbd.book(company_name="Acme Books")

    report = await book.session()

    connection = await Connection.get(id=book.connection.id)
    login = await AgentLogin.get(connection_id=book.connection.id)
    assert report.outcome == "done"
    assert report.calls[:3] == ["serverVersion", "clientVersion", "authenticate"]
    assert report.calls[-1] == "closeConnection"
    assert connection.status is ConnectionStatus.ACTIVE
    assert connection.remote_company_name == "Acme Books"
    assert connection.remote_company_id == book.company.file_id
    assert login.facts["multicurrency"] is False
    assert "13.0" in login.facts["qbxml_versions"]
    assert login.last_polled_at is not None


async def test_nothing_queued_on_active_connection_authenticate_says_none(qbd: Rig) -> None:
    book = await qbd.book()
    await book.session()

    report = await book.session()

    assert report.outcome == "none"
    assert report.calls == ["serverVersion", "clientVersion", "authenticate"]


async def test_customers_invoice_and_payment_pushed_through_the_ledger_exactly_once(
    qbd: Rig,
) -> None:
    book = await qbd.book()
    provider = book.provider()

    customers = await answered(book, lambda: provider.create_customers([customer(1), customer(2)]))
    items = await answered(
        book, lambda: provider.create_items([ItemRecord("t1", "Consulting", "item-1")])
    )
    customer_id, item_id = customers[0].ref.id, items[0].ref.id
    invoices = await answered(
        book, lambda: provider.create_invoices([invoice(customer_id, item_id)])
    )
    payment = PaymentRecord(
        "p1",
        customer_id,
        date(2026, 7, 2),
        Decimal("100"),
        "pay-1",
        applications=(PaymentApplicationRef(invoices[0].ref.id, Decimal("100")),),
    )
    payments = await answered(book, lambda: provider.create_payments([payment]))

    assert all(outcome.ok for outcome in [*customers, *items, *invoices, *payments])
    company = book.company
    assert sorted(c.name for c in company.customers.values()) == ["Customer 1", "Customer 2"]
    assert {c.external_guid for c in company.customers.values()} == {
        guid_for("cust-1"),
        guid_for("cust-2"),
    }
    [created] = company.documents.values()
    assert created.ref_number == "INV-1"
    assert created.balance == Decimal("0")
    assert len(company.payments) == 1
    # Asked again (a resumed run), the same calls read the answers: nothing is sent twice.
    again = await provider.create_invoices([invoice(customer_id, item_id)])
    assert again[0].ref == invoices[0].ref
    assert len(company.documents) == 1


async def test_import_of_1050_customers_reads_every_iterator_page_in_one_session(
    qbd: Rig,
) -> None:
    book = await qbd.book()
    for n in range(1050):
        book.company.add_customer(f"Imported {n:04d}")
    provider = book.provider()

    async def import_all() -> list[str]:
        return [c.id async for page in provider.list_customers() for c in page]

    with pytest.raises(AwaitingProvider):
        await import_all()
    report = await book.session()
    ids = await import_all()

    assert report.outcome == "done"
    assert report.exchanges == 11  # 100 a page (the first exchange also records the company)
    assert len(ids) == len(set(ids)) == 1050
    assert report.percents[-1] == 100
    assert all(p < 100 for p in report.percents[:-1])
    assert book.company.iterators == {}


async def test_name_in_use_by_our_own_record_is_adopted_not_duplicated(qbd: Rig) -> None:
    book = await qbd.book()
    book.company.add_customer("Customer 1", external_guid=guid_for("cust-1"))
    provider = book.provider()

    [outcome] = await answered(book, lambda: provider.create_customers([customer(1)]))

    assert outcome.ok
    assert len(book.company.customers) == 1
    assert outcome.ref is not None
    assert outcome.ref.id == next(iter(book.company.customers))


async def test_name_in_use_by_another_record_is_a_duplicate_name_error(qbd: Rig) -> None:
    book = await qbd.book()
    book.company.add_customer("Customer 1")
    provider = book.provider()

    [outcome] = await answered(book, lambda: provider.create_customers([customer(1)]))

    assert isinstance(outcome.error, DuplicateName)
    assert outcome.error.code == "QBD-3100"
    assert len(book.company.customers) == 1


async def test_stale_edit_sequence_is_read_again_and_the_change_sent_once(qbd: Rig) -> None:
    book = await qbd.book()
    existing = book.company.add_customer("Customer 1")
    stale = existing.stamp.edit_sequence
    book.company.touch(existing.stamp)  # someone edited it in QuickBooks meanwhile
    provider = book.provider()
    renamed = CustomerRecord("c1", "Customer One", "cust-1", phone="555-0100")

    outcome = await answered(
        book, lambda: provider.update_customer(existing.stamp.id, stale, renamed)
    )

    assert outcome.ok
    assert existing.name == "Customer One"
    assert existing.phone == "555-0100"
    assert outcome.ref is not None
    assert outcome.ref.version == existing.stamp.edit_sequence


async def test_per_record_errors_do_not_stop_the_other_records(qbd: Rig) -> None:
    book = await qbd.book()
    provider = book.provider()
    customers = await answered(book, lambda: provider.create_customers([customer(1)]))
    customer_id = customers[0].ref.id
    items = await answered(book, lambda: provider.create_items([ItemRecord("t1", "Work", "it")]))
    good = invoice(customer_id, items[0].ref.id, key="inv-good", number="G-1")
    bad = invoice("80000099-1", items[0].ref.id, key="inv-bad", number="B-1")

    outcomes = await answered(book, lambda: provider.create_invoices([bad, good]))

    assert outcomes[0].error is not None
    assert outcomes[0].error.code == "QBD-3140"
    assert outcomes[1].ok
    assert [d.ref_number for d in book.company.documents.values()] == ["G-1"]


async def test_entries_are_handed_out_customers_before_documents_before_payments(
    qbd: Rig,
) -> None:
    book = await qbd.book()
    await book.session()
    provider = book.provider()
    existing = book.company.add_customer("Existing")
    item = book.company.add_item("Work")
    for call in (
        lambda: provider.create_payments(
            [PaymentRecord("p", existing.stamp.id, date(2026, 7, 1), Decimal("5"), "pay-x")]
        ),
        lambda: provider.create_invoices([invoice(existing.stamp.id, item.stamp.id)]),
        lambda: provider.create_customers([customer(7)]),
    ):
        with pytest.raises(AwaitingProvider):
            await call()

    await book.session()

    entries = await ProviderRequest.filter(connection_id=book.connection.id).order_by("sent_at")
    assert [e.operation for e in entries] == ["customer.add", "invoice.add", "payment.add"]
    assert all(e.state is RequestState.ANSWERED for e in entries)


async def test_two_connections_polling_at_once_never_see_each_others_requests(qbd: Rig) -> None:
    import asyncio

    first, second = await qbd.book("firm-a", "A Books"), await qbd.book("firm-b", "B Books")
    for book, names in ((first, (1, 2, 3)), (second, (4, 5))):
        with pytest.raises(AwaitingProvider):
            await book.provider().create_customers([customer(n) for n in names])

    reports = await asyncio.gather(first.session(), second.session())

    assert [r.outcome for r in reports] == ["done", "done"]
    assert sorted(c.name for c in first.company.customers.values()) == [
        "Customer 1",
        "Customer 2",
        "Customer 3",
    ]
    assert sorted(c.name for c in second.company.customers.values()) == ["Customer 4", "Customer 5"]
    for book in (first, second):
        entries = await ProviderRequest.filter(connection_id=book.connection.id)
        assert all(e.state is RequestState.ANSWERED for e in entries)


class ResumedRun:
    """Engine hooks of a run that, resumed by an answer, queues one follow-up request while
    the Web Connector pauses (NoOp), as a parked run does once it is taken up again."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.phase = 0
        self.asked = 0
        self.resumed: list[set[object]] = []

    async def expects_more(self, connection_id: object) -> bool:
        if self.phase == 1:
            self.asked += 1
            if self.asked == 2:
                with pytest.raises(AwaitingProvider):
                    await self.book.provider().create_customers([customer(2)])
                self.phase = 2
        return self.phase in (1, 2)

    async def answered(self, connection_id: object, run_ids: set[object]) -> None:
        self.resumed.append(run_ids)
        self.phase = 1 if self.phase == 0 else 3


async def test_resumed_run_follow_up_is_sent_in_the_same_session_after_a_noop(qbd: Rig) -> None:
    book = await qbd.book()
    await book.session()
    hooks = ResumedRun(book)
    qbd.service.hooks = hooks
    with pytest.raises(AwaitingProvider):
        await book.provider().create_customers([customer(1)])

    report = await book.session()

    assert report.outcome == "done"
    assert report.noops == 1
    assert report.percents == [99, 100]
    assert hooks.resumed == [{book.run}, {book.run}]
    assert sorted(c.name for c in book.company.customers.values()) == ["Customer 1", "Customer 2"]


async def test_invoice_update_void_and_payments_pulled_through_the_ledger(qbd: Rig) -> None:
    book = await qbd.book()
    await book.session()
    provider = book.provider()
    existing = book.company.add_customer("Payer")
    item = book.company.add_item("Work")
    [created] = await answered(
        book, lambda: provider.create_invoices([invoice(existing.stamp.id, item.stamp.id)])
    )
    assert created.ref is not None
    changed = dataclasses.replace(
        invoice(existing.stamp.id, item.stamp.id),
        lines=(
            InvoiceLineRecord("Work", Decimal("3"), Decimal("50"), Decimal("150"), item.stamp.id),
            InvoiceLineRecord("Extra", Decimal("1"), Decimal("25"), Decimal("25"), item.stamp.id),
        ),
    )
    updated = await answered(
        book, lambda: provider.update_invoice(created.ref.id, created.ref.version, changed)
    )
    [document] = book.company.documents.values()
    book.company.receive_payment(document.stamp.id, Decimal("75"))

    pages = await answered(book, lambda: _collect(provider.pull_payments(None)))
    [read] = await answered(book, lambda: provider.read_invoices([created.ref.id]))

    assert updated.ok
    assert [line.amount for line in document.lines] == [Decimal("150.00"), Decimal("25.00")]
    [payment] = [p for page in pages for p in page.payments]
    assert payment.applications[0].invoice_remote_id == created.ref.id
    assert payment.amount == Decimal("75.00")
    assert read.status.value == "PARTIAL"
    assert read.balance == Decimal("100.00")


async def test_void_of_an_unpaid_invoice_zeroes_it_in_quickbooks(qbd: Rig) -> None:
    book = await qbd.book()
    await book.session()
    provider = book.provider()
    existing = book.company.add_customer("Voided")
    item = book.company.add_item("Work")
    [created] = await answered(
        book, lambda: provider.create_invoices([invoice(existing.stamp.id, item.stamp.id)])
    )
    assert created.ref is not None

    voided = await answered(book, lambda: provider.void_invoice(created.ref.id, None))
    [read] = await answered(book, lambda: provider.read_invoices([created.ref.id]))

    assert voided.ok
    assert read.status.value == "VOID"
    assert read.total == Decimal("0")


async def _collect(pages):  # type: ignore[no-untyped-def]
    return [page async for page in pages]
