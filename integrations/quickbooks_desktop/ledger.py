"""The provider side of the request ledger: asking QuickBooks Desktop, reading its answers.

A call that needs QuickBooks records an :class:`Ask` per request in the durable ledger
(:class:`core.models.ProviderRequest`), keyed by connection, run, operation and the request's
own text, so a resumed run asking the same thing again finds the same entry and, once the Web
Connector has brought the answer, reads it instead of queueing a second request.
``stage`` orders what the Web Connector is handed: what others depend on first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from lxml import etree
from tortoise.exceptions import IntegrityError

from core.models import ProviderExchange, ProviderRequest
from core.models.enums import RequestState

from .qbxml import Element, to_text
from .responses import Answer, Status, parse_response

STAGE_READ = 10
STAGE_PARTIES = 20
STAGE_DOCUMENTS = 30
STAGE_PAYMENTS = 40
STAGE_VOIDS = 50

PHASE_SEND = "send"
PHASE_VERIFY = "verify"
PHASE_ADOPT = "adopt"
PHASE_REFRESH = "refresh"


@dataclass(frozen=True, slots=True)
class Ask:
    """One request to record: what it is, when it goes, and how to recognise its record.

    ``lookup`` finds the record a write creates (by Name or RefNumber) and ``match_key`` is
    the ExternalGUID that marks it as ours, for writes whose outcome may become unknown.
    """

    operation: str
    stage: int
    request: Element
    lookup: Element | None = None
    match_key: str | None = None


def request_key(connection_id: UUID, run_id: UUID | None, operation: str, body: str) -> str:
    """The ledger key of a request: the same run asking the same thing gets the same entry."""
    payload_hash = hashlib.sha256(body.encode()).hexdigest()
    raw = f"{connection_id}|{run_id or ''}|{operation}|{payload_hash}"
    return hashlib.sha256(raw.encode()).hexdigest()


class RequestLedger:
    """The ledger entries of one connection and run."""

    def __init__(self, connection_id: UUID, run_id: UUID | None = None) -> None:
        self.connection_id = connection_id
        self.run_id = run_id

    async def ask(self, asks: Sequence[Ask]) -> list[ProviderRequest]:
        """The entry of every ask, recording the new ones as QUEUED (one per request)."""
        entries: list[ProviderRequest] = []
        for item in asks:
            entries.append(await self._entry(item))
        return entries

    async def _entry(self, item: Ask) -> ProviderRequest:
        body = to_text(item.request)
        key = request_key(self.connection_id, self.run_id, item.operation, body)
        found = await ProviderRequest.get_or_none(request_key=key)
        if found is not None:
            return found
        try:
            return await ProviderRequest.create(
                connection_id=self.connection_id,
                run_id=self.run_id,
                operation=item.operation,
                payload_hash=hashlib.sha256(body.encode()).hexdigest(),
                request_key=key,
                stage=item.stage,
                request_body=body,
                lookup_body=to_text(item.lookup) if item.lookup is not None else None,
                match_key=item.match_key,
            )
        except IntegrityError:
            # Another process recorded the same request first: use its entry.
            return await ProviderRequest.get(request_key=key)

    async def pending(self) -> int:
        """Entries of this run not answered yet."""
        return await ProviderRequest.filter(
            connection_id=self.connection_id,
            run_id=self.run_id,
            state__in=[RequestState.QUEUED, RequestState.SENT, RequestState.LOST],
        ).count()


def final_answer(entry: ProviderRequest) -> Answer | None:
    """The answer of a single-exchange entry (None while it has none)."""
    if entry.state is not RequestState.ANSWERED or not entry.result:
        return None
    answers = parse_response(entry.result)
    if answers:
        return answers[0]
    return Answer(tag="", request_id=None, status=_status(entry))


def _status(entry: ProviderRequest) -> Status:
    return Status(entry.status_code or 0, "Info", entry.status_message or "")


async def paged_answer(entry: ProviderRequest) -> tuple[Status, list[Element]]:
    """The status and every record of a paged read, across the pages of its last session."""
    rets: list[Element] = []
    exchanges = await ProviderExchange.filter(request_id=entry.id).order_by("seq", "id")
    for exchange in exchanges:
        if not exchange.response_body:
            continue
        for answer in parse_response(exchange.response_body):
            rets.extend(answer.rets)
    return _status(entry), rets


def synthetic_answer(tag: str, status: Status, rets: Sequence[Element] = ()) -> str:
    """An ``…Rs`` text for an answer the ledger derived (e.g. a record found by look-up)."""
    node = etree.Element(
        tag,
        statusCode=str(status.code),
        statusSeverity=status.severity,
        statusMessage=status.message,
    )
    for ret in rets:
        node.append(_clone(ret))
    return etree.tostring(node, encoding="unicode")


def _clone(node: Element) -> Element:
    return etree.fromstring(etree.tostring(node))
