"""The Web Connector service: what each SOAP operation does, over durable session state.

The Web Connector calls serverVersion → clientVersion → authenticate, then sendRequestXML ⇄
receiveResponseXML until we answer 100, then closeConnection; after a negative answer or an
empty request it calls getLastError. Every piece of a session (its ticket's hash, what is in
flight, its errors) is in the database, so any process may serve any call, and a session that
goes silent is abandoned after ``session_idle_seconds``: its in-flight requests are recovered
(reads start over, writes are verified before any resend) and the company file is free again.
When nothing is queued while a run of the connection is resuming, ``sendRequestXML`` holds its
answer for a moment (:mod:`.holding`) rather than send the Web Connector into a NoOp pause.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol
from uuid import UUID

from core.models import AgentLogin, AgentSession, Connection, ProviderRequest
from core.models.enums import AgentSessionState, ConnectionStatus, RequestState
from integrations.ratelimit.clock import Clock, SystemClock

from . import dispatch, greetings, requests
from .config import (
    OWNER_ID,
    SERVER_VERSION,
    QbdLimits,
    QbdSettings,
    negotiate_version,
    version_text,
)
from .greetings import Caller, version_answer
from .holding import RequestHold
from .logins import check_login
from .mapping import CompanyFacts, company_facts
from .qbxml import QbxmlSyntaxError, message_set, parse

logger = logging.getLogger("ledgersync.qbwc")

NOT_VALID_USER = "nvu"
NO_WORK = "none"
NOOP = "NoOp"
HRESULT_PARSE_ERROR = "0x80040400"
HRESULT_CANNOT_START = "0x80040408"
CANNOT_START_MESSAGE = (
    "QuickBooks could not be started (0x80040408): it is not open and Ledgersync may not start "
    "it. In QuickBooks, open Edit > Preferences > Integrated Applications, choose Ledgersync, "
    "click Properties and select 'Allow this application to login automatically', then run the "
    "update again."
)
PARSE_ERROR_MESSAGE = (
    "QuickBooks could not read a request (qbXML parse error 0x80040400). Nothing was lost: the "
    "requests are checked and sent again on the next update. If it happens again, report it."
)
UNKNOWN_TICKET_MESSAGE = (
    "This session is unknown or has expired. Run the update again (Update Selected)."
)
NOTHING_LEFT_MESSAGE = "Ledgersync has no more requests for now."
DISCONNECTED_MESSAGE = (
    "This connection was disconnected in Ledgersync; the session has ended. Set the connection "
    "up again in Ledgersync and add the new .qwc file to the Web Connector."
)
ABANDONED_MESSAGE = (
    "This session was silent too long and has ended; nothing was lost. Run the update again "
    "(Update Selected)."
)


class WorkHooks(Protocol):
    """How the service learns about and reports the work of runs (wired by the engine)."""

    async def expects_more(self, connection_id: UUID) -> bool:
        """Whether runs of the connection will queue more requests soon (resumed runs)."""
        ...

    async def answered(self, connection_id: UUID, run_ids: set[UUID]) -> None:
        """Requests of these runs were just answered: resume them."""
        ...


class NoHooks:
    """No engine attached: nothing is expected, nothing is resumed."""

    async def expects_more(self, connection_id: UUID) -> bool:
        """Nothing more is expected."""
        return False

    async def answered(self, connection_id: UUID, run_ids: set[UUID]) -> None:
        """Nothing to resume."""


def ticket_hash(ticket: str) -> str:
    """How a ticket is stored (the ticket itself never is)."""
    return hashlib.sha256(ticket.encode()).hexdigest()


def hresult_message(hresult: str, message: str) -> str:
    """What to tell the user about a COM failure the Web Connector reported."""
    code = hresult.strip().lower()
    if code == HRESULT_CANNOT_START:
        return CANNOT_START_MESSAGE
    if code == HRESULT_PARSE_ERROR:
        return PARSE_ERROR_MESSAGE
    detail = f": {message.strip()}" if message.strip() else ""
    return f"QuickBooks reported error {hresult.strip()}{detail}. Run the update again."


class WebConnectorService:
    """The eight Web Connector operations over the database."""

    def __init__(
        self,
        settings: QbdSettings,
        *,
        hooks: WorkHooks | None = None,
        clock: Callable[[], datetime] | None = None,
        limits: QbdLimits | None = None,
        timer: Clock | None = None,
    ) -> None:
        self.settings = settings
        self.hooks: WorkHooks = hooks or NoHooks()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.limits = limits or QbdLimits()
        # ``clock`` dates the session state; ``timer`` paces the hold of sendRequestXML.
        self.hold = RequestHold(
            settings.request_hold_seconds, timer or SystemClock(), self.hooks.expects_more
        )

    # --- versions -----------------------------------------------------------------------------

    async def server_version(self) -> str:
        """Our version, shown by the Web Connector."""
        return SERVER_VERSION

    async def client_version(self, version: str, caller: Caller | None = None) -> str:
        """'' to go on; ``W:`` to warn about an old Web Connector; ``E:`` to refuse one. The
        version of one that goes on is kept for its sign-in (:mod:`.greetings`)."""
        answer = version_answer(version)
        if not answer.startswith("E:"):
            await greetings.remember(
                caller or Caller(), version, now=self.clock(), ttl=self._greeting_ttl
            )
        return answer

    @property
    def _greeting_ttl(self) -> timedelta:
        return timedelta(seconds=self.settings.greeting_seconds)

    # --- sessions -----------------------------------------------------------------------------

    def _stale_before(self) -> datetime:
        return self.clock() - timedelta(seconds=self.settings.session_idle_seconds)

    async def _end(self, session: AgentSession, state: AgentSessionState) -> None:
        await dispatch.recover(session)
        session.state = state
        session.closed_at = self.clock()
        if state is AgentSessionState.ABANDONED:
            session.last_error = ABANDONED_MESSAGE
        await session.save()
        await AgentLogin.filter(id=session.login_id, active_session_id=session.id).update(  # type: ignore[attr-defined]
            active_session_id=None
        )

    async def _session(self, ticket: str) -> AgentSession | None:
        """The open session of a ticket (an idle one is abandoned and not returned)."""
        if not ticket:
            return None
        session = await AgentSession.get_or_none(ticket_hash=ticket_hash(ticket))
        if session is None or session.state is not AgentSessionState.OPEN:
            return None
        if session.last_seen_at < self._stale_before():
            await self._end(session, AgentSessionState.ABANDONED)
            return None
        connection = await Connection.get_or_none(id=session.connection_id)  # type: ignore[attr-defined]
        if connection is None or connection.status is ConnectionStatus.REVOKED:
            # Disconnected while the session was open: it ends, and hands out nothing more.
            session.last_error = DISCONNECTED_MESSAGE
            await self._end(session, AgentSessionState.CLOSED)
            return None
        session.last_seen_at = self.clock()
        await session.save(update_fields=["last_seen_at", "updated_at"])
        return session

    async def _claim_file(self, login: AgentLogin, session_id: UUID) -> bool:
        """Make ``session_id`` the company file's one open session (compare-and-swap)."""
        current = login.active_session_id
        if current is not None:
            other = await AgentSession.get_or_none(id=current)
            if other is not None and other.state is AgentSessionState.OPEN:
                if other.last_seen_at >= self._stale_before():
                    return False
                await self._end(other, AgentSessionState.ABANDONED)
                current = None  # _end released the company file
            elif other is not None:
                await AgentLogin.filter(id=login.id, active_session_id=current).update(
                    active_session_id=None
                )
                current = None
        claimed = await AgentLogin.filter(id=login.id, active_session_id=current).update(
            active_session_id=session_id
        )
        return claimed == 1

    async def _has_work(self, connection: Connection) -> bool:
        if connection.status is ConnectionStatus.PENDING:
            return True  # the first session records the company file
        queued = await ProviderRequest.filter(
            connection_id=connection.id,
            state__in=[RequestState.QUEUED, RequestState.LOST, RequestState.SENT],
        ).exists()
        return queued or await self.hooks.expects_more(connection.id)

    async def authenticate(
        self, user_name: str, password: str, caller: Caller | None = None
    ) -> list[str]:
        """``[ticket, ""]`` to work, ``[ticket, "none", wait]`` for nothing (or another session
        of the company file is open), ``["", "nvu"]`` for wrong or paused credentials. The
        Web Connector version its caller announced just before is stored with the login."""
        now = self.clock()
        login = await check_login(user_name, password, self.settings, now)
        if login is None:
            return ["", NOT_VALID_USER]
        connection = await Connection.get(id=login.connection_id)  # type: ignore[attr-defined]
        if connection.status is ConnectionStatus.REVOKED:
            return ["", NOT_VALID_USER]
        login.last_polled_at = now
        announced = await greetings.take(caller or Caller(), now=now, ttl=self._greeting_ttl)
        # A Web Connector that did not announce itself keeps the version last stored.
        login.agent_version = announced or login.agent_version
        await login.save(update_fields=["last_polled_at", "agent_version", "updated_at"])
        ticket = str(uuid.uuid4())
        if not await self._has_work(connection):
            return [ticket, NO_WORK]
        # The session exists before it claims the company file, so a rival sign-in never sees
        # a claim pointing at a session that is not there yet.
        session = await AgentSession.create(
            login=login, connection=connection, ticket_hash=ticket_hash(ticket), last_seen_at=now
        )
        if not await self._claim_file(login, session.id):
            await session.delete()
            return [ticket, NO_WORK, str(self.settings.busy_retry_seconds)]
        return [ticket, ""]

    # --- the request loop ---------------------------------------------------------------------

    async def _record_company(
        self, session: AgentSession, hcp: str, context: dict[str, object]
    ) -> bool:
        """Store what the first exchange says; False when it is another company file."""
        login = await AgentLogin.get(id=session.login_id)  # type: ignore[attr-defined]
        try:
            facts: CompanyFacts = company_facts(parse(hcp, recover=True), OWNER_ID)
        except QbxmlSyntaxError:
            return True  # unreadable facts do not stop the work; the next session retries
        if facts.file_id and facts.file_id.upper() != login.company_key.upper():
            session.last_error = (
                "This Web Connector opened a company file that this connection was not set up "
                "for. Open the right company file in QuickBooks, or set the connection up again "
                "for this one."
            )
            return False
        login.facts = {**facts.to_document(), **context}
        await login.save(update_fields=["facts", "updated_at"])
        connection = await Connection.get(id=session.connection_id)  # type: ignore[attr-defined]
        if connection.status in (ConnectionStatus.PENDING, ConnectionStatus.ERROR):
            connection.status = ConnectionStatus.ACTIVE
            connection.remote_company_id = connection.remote_company_id or login.company_key
            connection.remote_company_name = facts.company_name or connection.remote_company_name
            connection.last_error = None  # type: ignore[assignment]
            await connection.save()
        elif connection.last_error:
            connection.last_error = None  # type: ignore[assignment]
            await connection.save(update_fields=["last_error", "updated_at"])
        return True

    async def send_request_xml(
        self, ticket: str, hcp: str, company_file: str, country: str, major: int, minor: int
    ) -> str:
        """The next message set, or '' (then getLastError says NoOp, or why it ends)."""
        session = await self._session(ticket)
        if session is None:
            return ""
        if hcp.strip():
            context: dict[str, object] = {"company_file": company_file, "qbxml_country": country}
            if not await self._record_company(session, hcp, context):
                await self._end(session, AgentSessionState.FAILED)
                return ""
        version = negotiate_version(major, minor)
        if version is None:
            session.last_error = (
                f"This QuickBooks supports qbXML {major}.{minor}; Ledgersync needs "
                f"{version_text((8, 0))} or later (QuickBooks 2009 or newer)."
            )
            await session.save(update_fields=["last_error", "updated_at"])
            return ""
        session.protocol_version = version_text(version)
        if session.inflight:
            # The previous set was never answered (a retried call): its outcome is unknown.
            await dispatch.recover(session)
        limit = self.limits.requests_per_message_set
        message = await dispatch.next_message(session, version, limit)
        if message is None and session.exchanges == 0:
            # Nothing queued on the session's first request: answer it with a HostQuery so the
            # session ends normally (100) instead of on an error message.
            return await self._greeting(session, version)
        if message is None:
            message = await self.hold.next_message(session, version, limit)
        if message is not None:
            session.waiting_since = None
            session.last_error = None  # type: ignore[assignment]
            await session.save(
                update_fields=["protocol_version", "waiting_since", "last_error", "updated_at"]
            )
            return message[0]
        await self._pause_or_finish(session)
        return ""

    async def _greeting(self, session: AgentSession, version: tuple[int, int]) -> str:
        session.exchanges += 1
        await session.save(update_fields=["protocol_version", "exchanges", "updated_at"])
        request = requests.host_query()
        request.set("requestID", "greeting")
        return message_set([request], version)

    async def _pause_or_finish(self, session: AgentSession) -> None:
        now = self.clock()
        waited = (now - session.waiting_since).total_seconds() if session.waiting_since else 0.0
        expecting = await self.hooks.expects_more(session.connection_id)  # type: ignore[attr-defined]
        if expecting and waited <= self.settings.noop_limit_seconds:
            session.waiting_since = session.waiting_since or now
            session.last_error = NOOP
        else:
            session.waiting_since = None
            session.last_error = NOTHING_LEFT_MESSAGE
        await session.save()

    async def receive_response_xml(
        self, ticket: str, response: str, hresult: str, message: str
    ) -> int:
        """Percent done (100: the session's work is done); negative for a COM failure."""
        session = await self._session(ticket)
        if session is None:
            return -1
        if hresult.strip():
            await dispatch.recover(session)
            session.last_error = hresult_message(hresult, message)
            await session.save(update_fields=["last_error", "updated_at"])
            return -1
        try:
            filed = await dispatch.file_response(session, response)
        except QbxmlSyntaxError:
            await dispatch.recover(session)
            session.last_error = (
                "QuickBooks sent an answer Ledgersync could not read. Nothing was lost: the "
                "requests are checked and sent again on the next update."
            )
            await session.save(update_fields=["last_error", "updated_at"])
            return -1
        connection_id: UUID = session.connection_id  # type: ignore[attr-defined]
        if filed.runs:
            await self.hooks.answered(connection_id, filed.runs)
        left = await dispatch.remaining(connection_id, session)
        if left == 0 and not await self.hooks.expects_more(connection_id):
            return 100
        done = session.answered
        return min(99, (100 * done) // max(1, done + left))

    # --- errors and the end -------------------------------------------------------------------

    async def connection_error(self, ticket: str, hresult: str, message: str) -> str:
        """QuickBooks could not open the company file: record why (on the login and as the
        connection's last error), end the session: "done"."""
        session = await self._session(ticket)
        text = hresult_message(hresult, message)
        if session is not None:
            session.last_error = text
            await self._end(session, AgentSessionState.FAILED)
            await AgentLogin.filter(id=session.login_id).update(last_error=text)  # type: ignore[attr-defined]
            # Shown as the connection's lastError until a session reaches QuickBooks again.
            await Connection.filter(id=session.connection_id).update(last_error=text)  # type: ignore[attr-defined]
        return "done"

    async def get_last_error(self, ticket: str) -> str:
        """``NoOp`` while the session pauses for more work, else what went wrong."""
        if not ticket:
            return UNKNOWN_TICKET_MESSAGE
        session = await AgentSession.get_or_none(ticket_hash=ticket_hash(ticket))
        if session is None:
            return UNKNOWN_TICKET_MESSAGE
        if session.state is AgentSessionState.OPEN and session.last_seen_at < self._stale_before():
            await self._end(session, AgentSessionState.ABANDONED)
        return session.last_error or "No error."

    async def close_connection(self, ticket: str) -> str:
        """End the session; what is still in flight is recovered for the next one."""
        session = (
            await AgentSession.get_or_none(ticket_hash=ticket_hash(ticket)) if ticket else None
        )
        if session is None:
            return "OK"
        answered = session.answered
        if session.state is AgentSessionState.OPEN:
            await self._end(session, AgentSessionState.CLOSED)
        return f"OK: Ledgersync received {answered} answers."
