"""Handing ledger entries to the Web Connector and filing what comes back, per session.

``next_message`` claims the next queued entries of the session's connection (a conditional
update, so two processes serving the same session never hand out one entry twice) in stage
order, builds the request each entry's phase calls for and records one exchange per request.
``file_response`` matches each ``…Rs`` to its entry by ``requestID`` and moves the entry on:
answered, the next page of an iterator (within this session only), a look-up before a resend,
or a re-read of a stale EditSequence. ``recover`` handles entries whose outcome became unknown
(a lost response, an ``hresult``, a session that ended): paged reads start over, writes are
verified by look-up (ExternalGUID) before anything is sent again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from lxml import etree

from core.models import AgentSession, ProviderExchange, ProviderRequest
from core.models.enums import RequestState

from . import requests
from .ledger import (
    PHASE_ADOPT,
    PHASE_REFRESH,
    PHASE_SEND,
    PHASE_VERIFY,
    synthetic_answer,
)
from .mapping import external_guid_of
from .qbxml import Element, child_text, message_set, parse, same_guid, tag_of, to_text
from .responses import NAME_IN_USE, NOT_FOUND, STALE_EDIT_SEQUENCE, Answer, Status, parse_response

DISPATCHABLE = (RequestState.QUEUED, RequestState.LOST)
_REFRESH_QUERIES = {
    "CustomerModRq": ("CustomerQueryRq", "ListID"),
    "InvoiceModRq": ("InvoiceQueryRq", "TxnID"),
    "EstimateModRq": ("EstimateQueryRq", "TxnID"),
}


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Filed:
    """What one response did: entries finished (and their runs), entries still going."""

    finished: list[ProviderRequest] = field(default_factory=list)
    continuing: int = 0

    @property
    def runs(self) -> set[UUID]:
        """The runs whose entries were finished by this response."""
        return {entry.run_id for entry in self.finished if entry.run_id is not None}


def _request_id(entry: ProviderRequest, seq: int) -> str:
    return f"{entry.id.hex}:{seq}"


# --- handing out ------------------------------------------------------------------------------


async def _claim(entry: ProviderRequest, session: AgentSession) -> bool:
    claimed = await ProviderRequest.filter(id=entry.id, state__in=list(DISPATCHABLE)).update(
        state=RequestState.SENT, session_id=session.id, sent_at=_now()
    )
    return claimed == 1


async def _candidates(session: AgentSession, limit: int) -> list[ProviderRequest]:
    # A paged read under way in this session goes on first, alone: its iterator lives only here.
    paging = await ProviderRequest.filter(
        connection_id=session.connection_id,  # type: ignore[attr-defined]
        session_id=session.id,
        state=RequestState.SENT,
        cursor__isnull=False,
    ).first()
    if paging is not None:
        return [paging]
    queued = (
        await ProviderRequest.filter(
            connection_id=session.connection_id,  # type: ignore[attr-defined]
            state__in=list(DISPATCHABLE),
        )
        .order_by("stage", "created_at")
        .limit(limit)
    )
    chosen: list[ProviderRequest] = []
    for entry in queued:
        paged = entry.phase == PHASE_SEND and requests.is_iterator(parse(entry.request_body))
        if paged and chosen:
            break
        if not await _claim(entry, session):
            continue
        entry.state = RequestState.SENT
        chosen.append(entry)
        if paged:
            break
    return chosen


def _outgoing(entry: ProviderRequest) -> Element:
    if entry.phase in (PHASE_VERIFY, PHASE_ADOPT) and entry.lookup_body:
        return parse(entry.lookup_body)
    body = parse(entry.request_body)
    if entry.phase == PHASE_REFRESH and tag_of(body) in _REFRESH_QUERIES:
        # Read the record's current EditSequence; the Mod is sent again with it afterwards.
        query_tag, id_tag = _REFRESH_QUERIES[tag_of(body)]
        record_id = child_text(body[0], id_tag) or ""
        if id_tag == "ListID":
            return requests.list_query(query_tag, list_ids=[record_id])
        return requests.txn_query(query_tag, txn_ids=[record_id])
    if requests.is_iterator(body) and entry.cursor:
        return requests.continue_iterator(body, entry.cursor)
    return body


async def next_message(
    session: AgentSession, version: tuple[int, int], limit: int
) -> tuple[str, list[ProviderRequest]] | None:
    """The next message set for the session, or None when nothing is queued."""
    entries = await _candidates(session, limit)
    if not entries:
        return None
    outgoing: list[Element] = []
    for entry in entries:
        seq = await ProviderExchange.filter(request_id=entry.id).count()
        node = _outgoing(entry)
        node.set("requestID", _request_id(entry, seq))
        await ProviderExchange.create(
            request_id=entry.id,
            session_id=session.id,
            seq=seq,
            phase=entry.phase,
            request_body=to_text(node),
        )
        outgoing.append(node)
    session.inflight = [str(entry.id) for entry in entries]
    session.exchanges += 1
    await session.save(update_fields=["inflight", "exchanges", "updated_at"])
    return message_set(outgoing, version), entries


# --- filing answers ---------------------------------------------------------------------------


async def _finish(
    entry: ProviderRequest, status: Status, result: str | None, warnings: Sequence[str] = ()
) -> None:
    entry.state = RequestState.ANSWERED
    entry.status_code = status.code
    entry.status_message = status.message
    entry.result = result  # type: ignore[assignment]
    entry.cursor = None
    entry.answered_at = _now()
    entry.warnings = [*entry.warnings, *warnings]
    await entry.save()


async def _requeue(entry: ProviderRequest, phase: str) -> None:
    entry.state = RequestState.QUEUED
    entry.phase = phase
    entry.cursor = None
    await entry.save()


def _ours(answer: Answer, match_key: str | None) -> Element | None:
    for ret in answer.rets:
        if same_guid(external_guid_of(ret), match_key):
            return ret
    return None


def _write_tag(entry: ProviderRequest) -> str:
    body = parse(entry.request_body)
    return tag_of(body)[:-2] + "Rs" if tag_of(body).endswith("Rq") else tag_of(body)


async def _file_lookup(entry: ProviderRequest, answer: Answer) -> None:
    ours = _ours(answer, entry.match_key)
    if ours is not None:
        # The record exists and carries our ExternalGUID: it is ours, created earlier.
        status = Status(0, "Info", "Found by look-up: created by an earlier request")
        await _finish(entry, status, synthetic_answer(_write_tag(entry), status, [ours]))
    elif entry.phase == PHASE_ADOPT:
        status = Status(NAME_IN_USE, "Error", entry.status_message or "The name is in use")
        await _finish(entry, status, synthetic_answer(_write_tag(entry), status))
    else:
        # Not there: the earlier request never reached QuickBooks, so it is safe to send.
        await _requeue(entry, PHASE_SEND)


async def _file_refresh(entry: ProviderRequest, answer: Answer) -> None:
    fresh = child_text(answer.rets[0], "EditSequence") if answer.rets else None
    if fresh is None:
        status = Status(NOT_FOUND, "Error", "The record is no longer in QuickBooks")
        await _finish(entry, status, synthetic_answer(_write_tag(entry), status))
        return
    body = parse(entry.request_body)
    edit = body[0].find("EditSequence")
    if edit is not None:
        edit.text = fresh
    entry.request_body = to_text(body)
    await _requeue(entry, PHASE_SEND)


async def _file_send(entry: ProviderRequest, answer: Answer, node_text: str) -> bool:
    """File a sent request's answer; True when the entry goes on in this session."""
    body = parse(entry.request_body)
    if requests.is_iterator(body):
        entry.pages += 1
        if answer.status.ok and answer.more:
            entry.cursor = answer.iterator_id
            await entry.save(update_fields=["cursor", "pages", "updated_at"])
            return True
        await _finish(entry, answer.status, None)
        return False
    if answer.status.code == NAME_IN_USE and entry.lookup_body:
        entry.status_message = answer.status.message
        await _requeue(entry, PHASE_ADOPT)
        return True
    if answer.status.code == STALE_EDIT_SEQUENCE and entry.attempts == 0:
        entry.attempts += 1
        await _requeue(entry, PHASE_REFRESH)
        return True
    await _finish(entry, answer.status, node_text)
    return False


async def _file_one(entry: ProviderRequest, answer: Answer, node_text: str) -> bool:
    if entry.phase in (PHASE_VERIFY, PHASE_ADOPT):
        await _file_lookup(entry, answer)
        return entry.state is not RequestState.ANSWERED
    if entry.phase == PHASE_REFRESH:
        await _file_refresh(entry, answer)
        return entry.state is not RequestState.ANSWERED
    return await _file_send(entry, answer, node_text)


async def file_response(session: AgentSession, response: str) -> Filed:
    """Match a response to the session's in-flight entries and move each one on.

    An entry the response does not answer has an unknown outcome and is recovered.
    """
    root = parse(response, recover=True)
    nodes = {
        node.get("requestID"): node
        for node in root.iter()
        if isinstance(node.tag, str) and node.tag.endswith("Rs") and node.get("requestID")
    }
    answers = {a.request_id: a for a in parse_response(response) if a.request_id}
    filed = Filed()
    entries = await ProviderRequest.filter(id__in=list(session.inflight))
    for entry in entries:
        exchange = await ProviderExchange.filter(request_id=entry.id).order_by("-seq").first()
        request_id = _request_id(entry, exchange.seq) if exchange else None
        answer = answers.get(request_id) if request_id else None
        if answer is None or exchange is None:
            await recover_entry(entry)
            continue
        node_text = etree.tostring(nodes[request_id], encoding="unicode")
        exchange.response_body = node_text
        exchange.answered_at = _now()
        await exchange.save()
        if await _file_one(entry, answer, node_text):
            filed.continuing += 1
        elif entry.state is RequestState.ANSWERED:
            filed.finished.append(entry)
    session.inflight = []
    session.answered += len(filed.finished)
    await session.save(update_fields=["inflight", "answered", "updated_at"])
    return filed


# --- unknown outcomes -------------------------------------------------------------------------


async def recover_entry(entry: ProviderRequest) -> None:
    """An entry whose outcome is unknown: a read starts over, a write is verified first."""
    body = parse(entry.request_body)
    if tag_of(body).endswith("QueryRq"):
        await ProviderExchange.filter(request_id=entry.id).delete()
        entry.pages = 0
        await _requeue(entry, PHASE_SEND)
        return
    entry.state = RequestState.LOST
    entry.cursor = None
    if entry.lookup_body and entry.phase in (PHASE_SEND, PHASE_VERIFY):
        entry.phase = PHASE_VERIFY
    await entry.save()


async def recover(session: AgentSession) -> int:
    """Recover every entry the session holds (in flight, or a paged read under way)."""
    entries = await ProviderRequest.filter(session_id=session.id, state=RequestState.SENT)
    for entry in entries:
        await recover_entry(entry)
    if session.inflight:
        session.inflight = []
        await session.save(update_fields=["inflight", "updated_at"])
    return len(entries)


async def remaining(connection_id: UUID, session: AgentSession) -> int:
    """Entries still to hand out for the connection (a paged read under way counts)."""
    queued = await ProviderRequest.filter(
        connection_id=connection_id, state__in=list(DISPATCHABLE)
    ).count()
    paging = await ProviderRequest.filter(
        session_id=session.id, state=RequestState.SENT, cursor__isnull=False
    ).count()
    return queued + paging
