"""The Web Connector's version, said in ``clientVersion`` before it signs in, reaches the login
of the ``authenticate`` that follows from the same caller, over HTTP through the simulated Web
Connector: also when another API process serves the sign-in, when two Web Connectors greet at
once from two addresses (or one address, two user agents), never from a greeting gone stale, and
old versions are still warned (W:) or refused (E:, and not kept)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from core.models import AgentGreeting, AgentLogin
from integrations.quickbooks_desktop.endpoint import soap_routes
from integrations.quickbooks_desktop.greetings import Caller
from integrations.quickbooks_desktop.service import WebConnectorService
from integrations.quickbooks_desktop.simulator import SessionReport
from integrations.quickbooks_desktop.simulator.connector import CLIENT_VERSION
from tests.integrations.quickbooks_desktop.qbd_rig import BASE_URL, Book, Rig, rig


@pytest.fixture
async def qbd(app) -> AsyncIterator[Rig]:  # type: ignore[no-untyped-def]
    async with rig() as built:
        yield built


async def _stored(book: Book) -> str | None:
    return (await AgentLogin.get(connection_id=book.connection.id)).agent_version


def _from(app: Starlette, address: str) -> httpx.AsyncClient:
    """An HTTP client whose calls reach ``app`` from ``address``."""
    transport = httpx.ASGITransport(app=app, client=(address, 50_000))
    return httpx.AsyncClient(transport=transport, base_url=BASE_URL)


async def _greet(book: Book, version: str) -> str:
    book.connector.version = version
    answer = await book.connector.call("clientVersion", SessionReport(), strVersion=version)
    return answer.text or ""


async def _sign_in(book: Book) -> list[str]:
    result = await book.connector.call(
        "authenticate", SessionReport(), strUserName=book.user_name, strPassword=book.password
    )
    return [node.text or "" for node in result]


async def test_greeting_version_of_a_session_is_stored_with_its_login(qbd: Rig) -> None:
    book = await qbd.book()
    assert await _stored(book) is None

    report = await book.session()

    assert report.outcome == "done"
    assert await _stored(book) == CLIENT_VERSION
    assert await AgentGreeting.all().count() == 0, "the sign-in took its greeting"


async def test_greeting_served_by_one_process_reaches_the_sign_in_served_by_another(
    qbd: Rig,
) -> None:
    book = await qbd.book()
    second = WebConnectorService(qbd.service.settings, clock=qbd.clock)
    other = Starlette(routes=soap_routes(second))

    assert await _greet(book, "2.3.0.198") == ""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=other), base_url=BASE_URL
    ) as http:
        book.connector.http = http
        ticket, status = await _sign_in(book)

    assert (bool(ticket), status) == (True, "")
    assert await _stored(book) == "2.3.0.198"


async def test_greetings_of_two_callers_at_once_each_reach_their_own_login(qbd: Rig) -> None:
    first, second = await qbd.book("firm-a"), await qbd.book("firm-b")
    async with _from(qbd.app, "203.0.113.7") as one, _from(qbd.app, "198.51.100.9") as two:
        first.connector.http, second.connector.http = one, two
        await _greet(first, "2.3.0.207")
        await _greet(second, "2.3.0.215")
        await _sign_in(first)  # the newest greeting is not its own
        await _sign_in(second)

    assert (await _stored(first), await _stored(second)) == ("2.3.0.207", "2.3.0.215")


async def test_greetings_from_one_address_are_told_apart_by_user_agent(qbd: Rig) -> None:
    first, second = await qbd.book("firm-a"), await qbd.book("firm-b")
    first.connector.user_agent = "MS Web Services Client Protocol 4.0.30319.1"
    second.connector.user_agent = "MS Web Services Client Protocol 4.0.30319.42000"
    await _greet(first, "2.2.0.80")
    await _greet(second, "2.3.0.215")

    await _sign_in(first)
    await _sign_in(second)

    assert (await _stored(first), await _stored(second)) == ("2.2.0.80", "2.3.0.215")


async def test_greeting_older_than_its_time_is_not_used_and_the_last_version_stays(
    qbd: Rig,
) -> None:
    book = await qbd.book()
    await book.session()
    await _greet(book, "2.3.0.300")
    qbd.clock.advance(qbd.service.settings.greeting_seconds + 1)

    await _sign_in(book)

    assert await _stored(book) == CLIENT_VERSION
    await _greet(book, "2.3.0.301")  # a new greeting prunes the stale one
    assert [g.version for g in await AgentGreeting.all()] == ["2.3.0.301"]


async def test_greeting_of_an_old_version_is_warned_and_kept_and_a_refused_one_is_not(
    qbd: Rig,
) -> None:
    book = await qbd.book()
    book.connector.version = "2.2.0.71"
    warned = await book.session()
    book.connector.version = "2.0.1.5"
    refused = await book.session()

    assert warned.client_version_answer.startswith("W:")
    assert refused.client_version_answer.startswith("E:")
    assert refused.outcome == "refused"
    assert await _stored(book) == "2.2.0.71"
    assert await AgentGreeting.all().count() == 0


async def test_greeting_without_a_client_address_is_not_kept(qbd: Rig) -> None:
    assert await qbd.service.client_version("2.3.0.215", Caller()) == ""
    assert await qbd.service.client_version("2.3.0.215") == ""
    assert await AgentGreeting.all().count() == 0
