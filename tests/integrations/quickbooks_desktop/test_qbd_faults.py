"""Each Web Connector fault: no duplicate, nothing lost, and a clear reason."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from core.models import AgentLogin, AgentSession, Connection, ProviderRequest
from core.models.enums import ConnectionStatus, DocType, RequestState
from core.sync.ports import AwaitingProvider
from core.sync.records import CustomerRecord, InvoiceLineRecord, InvoiceRecord
from integrations.quickbooks_desktop.endpoint import soap_routes
from integrations.quickbooks_desktop.logins import issue_login
from integrations.quickbooks_desktop.service import (
    ABANDONED_MESSAGE,
    CANNOT_START_MESSAGE,
    PARSE_ERROR_MESSAGE,
    UNKNOWN_TICKET_MESSAGE,
    WebConnectorService,
)
from tests.integrations.quickbooks_desktop.qbd_rig import Book, Rig, rig


@pytest.fixture
async def qbd(app) -> AsyncIterator[Rig]:  # type: ignore[no-untyped-def]
    async with rig() as built:
        yield built


def customer(n: int) -> CustomerRecord:
    return CustomerRecord(f"c{n}", f"Customer {n}", f"cust-{n}")


async def active_book(qbd: Rig) -> Book:
    book = await qbd.book()
    assert (await book.session()).outcome == "done"
    return book


async def queued(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AwaitingProvider):
        await call()


async def invoice_for(book: Book) -> InvoiceRecord:
    existing = book.company.add_customer("Existing")
    item = book.company.add_item("Work")
    return InvoiceRecord(
        local_id="i1",
        doc_type=DocType.INVOICE,
        number="INV-7",
        customer_remote_id=existing.stamp.id,
        issue_date=date(2026, 7, 1),
        idempotency_key="inv-7",
        lines=(
            InvoiceLineRecord("Work", Decimal("1"), Decimal("80"), Decimal("80"), item.stamp.id),
        ),
    )


def invoices(book: Book) -> list[str | None]:
    return [d.ref_number for d in book.company.documents.values() if d.kind == "Invoice"]


async def test_customer_response_lost_after_commit_is_found_by_guid_not_added_again(
    qbd: Rig,
) -> None:
    book = await active_book(qbd)
    provider = book.provider()
    await queued(lambda: provider.create_customers([customer(1)]))
    book.connector.faults.lose_responses = 1

    lost = await book.session()
    qbd.go_idle()
    recovered = await book.session()
    [outcome] = await provider.create_customers([customer(1)])

    assert lost.outcome == "response lost"
    assert recovered.outcome == "done"
    assert outcome.ok
    assert outcome.ref is not None
    assert list(book.company.customers) == [outcome.ref.id]


async def test_invoice_response_lost_after_commit_never_makes_a_second_invoice(qbd: Rig) -> None:
    book = await active_book(qbd)
    record = await invoice_for(book)
    provider = book.provider()
    await queued(lambda: provider.create_invoices([record]))
    book.connector.faults.lose_responses = 1

    await book.session()
    qbd.go_idle()
    await book.session()
    [outcome] = await provider.create_invoices([record])

    assert outcome.ok
    assert invoices(book) == ["INV-7"]
    entry = await ProviderRequest.get(connection_id=book.connection.id, operation="invoice.add")
    assert entry.status_message == "Found by look-up: created by an earlier request"


async def test_a_response_lost_to_a_named_request_is_committed_and_never_answered(
    qbd: Rig,
) -> None:
    book = await active_book(qbd)
    record = await invoice_for(book)
    provider = book.provider()
    await queued(lambda: provider.create_invoices([record]))
    book.connector.faults.lose_response_to = "InvoiceAddRq"

    lost = await book.session()

    assert lost.outcome == "response lost"
    assert lost.calls[-1] == "sendRequestXML"  # its response never reaches the endpoint
    assert "<InvoiceAddRq" in lost.requests[-1]
    assert lost.requests.count(lost.requests[-1]) == 1
    assert invoices(book) == ["INV-7"]
    assert book.connector.faults.lose_response_to is None
    entry = await ProviderRequest.get(connection_id=book.connection.id, operation="invoice.add")
    assert entry.state is RequestState.SENT


async def test_hresult_ends_the_session_and_the_request_is_verified_then_sent_once(
    qbd: Rig,
) -> None:
    book = await active_book(qbd)
    record = await invoice_for(book)
    provider = book.provider()
    await queued(lambda: provider.create_invoices([record]))
    book.connector.faults.hresult = "0x80040400"

    failed = await book.session()
    entry = await ProviderRequest.get(connection_id=book.connection.id, operation="invoice.add")
    retried = await book.session()
    [outcome] = await provider.create_invoices([record])

    assert failed.percents == [-1]
    assert failed.last_error == PARSE_ERROR_MESSAGE
    assert failed.calls[-1] == "closeConnection"
    assert (entry.state, entry.phase) == (RequestState.LOST, "verify")
    assert retried.outcome == "done"
    assert outcome.ok
    assert invoices(book) == ["INV-7"]


async def test_quickbooks_not_running_says_to_allow_automatic_login_and_loses_nothing(
    qbd: Rig,
) -> None:
    book = await active_book(qbd)
    provider = book.provider()
    await queued(lambda: provider.create_customers([customer(1)]))
    book.connector.faults.quickbooks_not_running = True

    failed = await book.session()
    login = await AgentLogin.get(connection_id=book.connection.id)
    entry = await ProviderRequest.get(connection_id=book.connection.id)
    retried = await book.session()
    [outcome] = await provider.create_customers([customer(1)])

    assert "connectionError" in failed.calls
    assert failed.last_error == CANNOT_START_MESSAGE
    assert "Allow this application to login automatically" in (login.last_error or "")
    assert entry.state is RequestState.QUEUED
    assert retried.outcome == "done"
    assert outcome.ok
    assert len(book.company.customers) == 1


async def test_session_abandoned_mid_iterator_starts_the_read_over_next_session(qbd: Rig) -> None:
    book = await active_book(qbd)
    for n in range(250):
        book.company.add_customer(f"Imported {n:03d}")
    provider = book.provider()

    async def import_all() -> list[str]:
        return [c.id async for page in provider.list_customers() for c in page]

    await queued(import_all)
    book.connector.faults.abandon_after = 2

    abandoned = await book.session()
    with pytest.raises(AwaitingProvider):
        await import_all()
    qbd.go_idle()
    finished = await book.session()
    ids = await import_all()

    assert abandoned.outcome == "abandoned"
    assert abandoned.exchanges == 2
    assert "closeConnection" not in abandoned.calls
    assert finished.exchanges == 3  # all three pages again: the iterator died with the session
    assert len(ids) == len(set(ids)) == 250


async def test_abandoned_session_blocks_a_second_session_until_it_goes_idle(qbd: Rig) -> None:
    book = await active_book(qbd)
    await queued(lambda: book.provider().create_customers([customer(1)]))

    first = await qbd.service.authenticate(book.user_name, book.password)
    busy = await qbd.service.authenticate(book.user_name, book.password)
    qbd.go_idle()
    later = await qbd.service.authenticate(book.user_name, book.password)

    assert first[1] == ""
    assert busy[1:] == ["none", str(qbd.service.settings.busy_retry_seconds)]
    assert later[1] == ""
    assert await qbd.service.send_request_xml(first[0], "", "", "US", 13, 0) == ""
    assert await qbd.service.get_last_error(first[0]) == ABANDONED_MESSAGE


async def test_wrong_passwords_are_refused_then_throttled_even_for_the_right_one(
    qbd: Rig,
) -> None:
    book = await active_book(qbd)
    await queued(lambda: book.provider().create_customers([customer(1)]))
    book.connector.faults.wrong_password = True
    attempts = [await book.session() for _ in range(qbd.service.settings.max_failed_logins)]
    book.connector.faults.wrong_password = False

    locked = await book.session()
    qbd.clock.advance(qbd.service.settings.lockout_seconds + 1)
    unlocked = await book.session()

    assert [a.authenticate for a in attempts] == [["", "nvu"]] * len(attempts)
    assert locked.authenticate == ["", "nvu"]
    assert unlocked.outcome == "done"
    assert len(book.company.customers) == 1


async def test_unknown_ticket_ends_cleanly_on_every_operation(qbd: Rig) -> None:
    service = qbd.service

    assert await service.send_request_xml("no-such-ticket", "", "", "US", 13, 0) == ""
    assert await service.receive_response_xml("no-such-ticket", "<QBXML/>", "", "") == -1
    assert await service.get_last_error("no-such-ticket") == UNKNOWN_TICKET_MESSAGE
    assert await service.connection_error("no-such-ticket", "0x80040408", "") == "done"
    assert await service.close_connection("no-such-ticket") == "OK"


async def test_old_web_connector_is_refused_and_an_older_one_warned(qbd: Rig) -> None:
    book = await qbd.book()
    book.connector.version = "2.0.1.5"
    refused = await book.session()
    book.connector.version = "2.2.0.71"
    warned = await book.session()

    assert refused.outcome == "refused"
    assert refused.client_version_answer.startswith("E:")
    assert warned.client_version_answer.startswith("W:")
    assert warned.outcome == "done"


async def test_another_company_file_is_refused_and_nothing_is_sent(qbd: Rig) -> None:
    book = await qbd.book()
    book.company.file_id = "{00000000-0000-0000-0000-00000000BEEF}"

    report = await book.session()
    connection = await Connection.get(id=book.connection.id)

    assert report.exchanges == 0
    assert report.last_error is not None
    assert "company file" in report.last_error
    assert connection.status is ConnectionStatus.PENDING


async def test_a_new_password_ends_the_old_one_and_a_revoked_connection_is_refused(
    qbd: Rig,
) -> None:
    book = await active_book(qbd)
    issued = await issue_login(book.connection)
    await queued(lambda: book.provider().create_customers([customer(1)]))

    with_old = await book.session()
    book.connector.password = issued.password
    with_new = await book.session()
    await Connection.filter(id=book.connection.id).update(status=ConnectionStatus.REVOKED)
    revoked = await book.session()

    assert with_old.authenticate == ["", "nvu"]
    assert with_new.outcome == "done"
    assert revoked.authenticate == ["", "nvu"]


class _Alternating:
    """Two endpoint processes over one database, taking the calls of a session in turn."""

    def __init__(self, first: Starlette, second: Starlette) -> None:
        self.apps = [first, second]
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await self.apps[self.calls % 2](scope, receive, send)


async def test_two_processes_serve_one_session_alternately(qbd: Rig) -> None:
    book = await active_book(qbd)
    second = WebConnectorService(qbd.service.settings, clock=qbd.clock)
    both = _Alternating(qbd.app, Starlette(routes=soap_routes(second)))
    await queued(lambda: book.provider().create_customers([customer(n) for n in range(30)]))

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=both), base_url="http://testserver"
    ) as http:
        book.connector.http = http
        report = await book.session()
    outcomes = await book.provider().create_customers([customer(n) for n in range(30)])

    assert report.outcome == "done"
    assert both.calls == len(report.calls)
    assert all(outcome.ok for outcome in outcomes)
    assert len(book.company.customers) == 30


async def test_concurrent_sign_ins_of_one_company_file_open_one_session(qbd: Rig) -> None:
    import asyncio

    book = await active_book(qbd)
    await queued(lambda: book.provider().create_customers([customer(1)]))

    answers = await asyncio.gather(
        *(qbd.service.authenticate(book.user_name, book.password) for _ in range(4))
    )

    assert sorted(answer[1] for answer in answers) == ["", "none", "none", "none"]
    assert await AgentSession.filter(connection_id=book.connection.id, state="OPEN").count() == 1
