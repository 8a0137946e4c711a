"""Async client for the QuickBooks Online Accounting API v3 (the same code for Intuit and tests).

Every call sends ``Accept: application/json`` and ``minorversion``; every write carries a
``requestid`` so a retry replays Intuit's original answer instead of writing twice. Failures are
raised as the ProviderError tree (see :mod:`.wire`). Intuit's ``intuit_tid`` header is logged
for support; tokens and bodies never are.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import httpx

from integrations.base import ProviderError, ProviderUnavailable
from integrations.http import (
    BEARER,
    AccessTokenSource,
    OwnedHttpClient,
    RefusedTokenHandler,
    budget_throttle,
    encode_json,
    sent_token,
)
from integrations.ratelimit import RateBudgetExhausted

from .config import QboConfig
from .wire import (
    BatchResult,
    JSONObject,
    as_object,
    batch_results,
    cdc_rows,
    parse_fault,
    query_count,
    query_rows,
)

logger = logging.getLogger("ledgersync.qbo.client")

BatchOperation = Literal["create", "update", "delete"]


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One item of a batch call: a write of ``entity`` or, with ``query``, a query."""

    bid: str
    entity: str | None = None
    operation: BatchOperation | None = None
    body: JSONObject | None = None
    query: str | None = None

    def to_json(self) -> JSONObject:
        """The ``BatchItemRequest`` element."""
        if self.query is not None:
            return {"bId": self.bid, "Query": self.query}
        if self.entity is None or self.operation is None or self.body is None:
            raise ValueError(f"batch item {self.bid} needs entity, operation and body")
        return {"bId": self.bid, "operation": self.operation, self.entity: self.body}


def new_request_id() -> str:
    """A fresh ``requestid`` (32 hex characters: fits the 36-character batch limit)."""
    return uuid.uuid4().hex


class QboClient(OwnedHttpClient):
    """The Accounting API of one company (realm)."""

    def __init__(
        self,
        config: QboConfig,
        realm_id: str,
        access_token: AccessTokenSource,
        *,
        http: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 120.0,
    ) -> None:
        self.config = config
        self.realm_id = realm_id
        self._access_token = access_token
        # Intuit ends requests running longer than 120 s, so waiting longer is pointless.
        super().__init__(http=http, transport=transport, timeout=timeout)

    # --- transport ---------------------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: object = None,
        name: str | None = None,
    ) -> JSONObject:
        query = {"minorversion": str(self.config.minor_version), **(params or {})}
        headers = {"Accept": "application/json"}
        content: bytes | None = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            content = encode_json(body)
        url = self.config.company_url(self.realm_id, path)
        response = await self._request(method, url, query, headers, content, path)
        if response.status_code == 401 and await self._replace_refused(response):
            # Refused before it was used: refreshed once, the call is sent once more.
            response = await self._request(method, url, query, headers, content, path)
        tid = response.headers.get("intuit_tid", "-")
        logger.info(
            "qbo %s %s realm=%s status=%s intuit_tid=%s",
            method,
            path,
            self.realm_id,
            response.status_code,
            tid,
        )
        if response.status_code >= 400:
            error = parse_fault(response.status_code, response.headers, response.content, name=name)
            logger.warning("qbo %s %s failed: %s (intuit_tid=%s)", method, path, error.code, tid)
            raise error
        return _json_object(response)

    async def _request(
        self,
        method: str,
        url: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        content: bytes | None,
        path: str,
    ) -> httpx.Response:
        # The token is taken by the transport, once the rate budget grants the call.
        try:
            return await self._http.request(
                method,
                url,
                params=query,
                headers=headers,
                content=content,
                extensions={BEARER: self._access_token},
            )
        except RateBudgetExhausted as exc:
            raise budget_throttle("QuickBooks Online", "company", exc) from exc
        except httpx.TimeoutException as exc:
            raise ProviderUnavailable(f"QuickBooks Online timed out on {path}") from exc
        except httpx.HTTPError as exc:  # a failed transport, a body that cannot be decoded
            raise ProviderUnavailable(f"QuickBooks Online connection failed: {exc}") from exc

    async def _replace_refused(self, response: httpx.Response) -> bool:
        """After a 401: have the token source replace the refused token; False if it cannot."""
        token = sent_token(response.request)
        if token is None or not isinstance(self._access_token, RefusedTokenHandler):
            return False
        await self._access_token.refused(token)
        return True

    async def _write(
        self,
        entity: str,
        body: JSONObject,
        *,
        request_id: str | None,
        extra: Mapping[str, str] | None = None,
        name: str | None = None,
    ) -> JSONObject:
        request_id = _checked_request_id(request_id, self.config.limits.request_id_max)
        params = {"requestid": request_id, **(extra or {})}
        answer = await self._send("POST", entity.lower(), params=params, body=body, name=name)
        found = as_object(answer.get(entity))
        if found is None:
            raise ProviderUnavailable(f"QuickBooks Online answered without a {entity}")
        return found

    # --- entities ----------------------------------------------------------------------------

    async def read(self, entity: str, remote_id: str) -> JSONObject:
        """``GET /{entity}/{id}``."""
        answer = await self._send("GET", f"{entity.lower()}/{remote_id}")
        found = as_object(answer.get(entity))
        if found is None:
            raise ProviderUnavailable(f"QuickBooks Online answered without a {entity}")
        return found

    async def create(
        self,
        entity: str,
        body: Mapping[str, object],
        *,
        request_id: str | None = None,
        name: str | None = None,
    ) -> JSONObject:
        """Create an entity; ``request_id`` (idempotency key) makes a retry replay the answer."""
        return await self._write(entity, dict(body), request_id=request_id, name=name)

    async def update(
        self,
        entity: str,
        body: Mapping[str, object],
        *,
        request_id: str | None = None,
        name: str | None = None,
    ) -> JSONObject:
        """Sparse update: ``body`` holds ``Id``, ``SyncToken`` and the changed fields only."""
        if "Id" not in body or "SyncToken" not in body:
            raise ValueError("an update needs Id and SyncToken")
        # A full update would null every writable field left out, so always send sparse.
        return await self._write(entity, {**body, "sparse": True}, request_id=request_id, name=name)

    async def void(
        self, entity: str, remote_id: str, sync_token: str, *, request_id: str | None = None
    ) -> JSONObject:
        """Void an Invoice (``operation=void``) or a Payment (sparse update ``include=void``)."""
        body: JSONObject = {"Id": remote_id, "SyncToken": sync_token}
        if entity == "Payment":
            body["sparse"] = True
            extra = {"operation": "update", "include": "void"}
        else:
            extra = {"operation": "void"}
        return await self._write(entity, body, request_id=request_id, extra=extra)

    async def delete(
        self, entity: str, remote_id: str, sync_token: str, *, request_id: str | None = None
    ) -> JSONObject:
        """Delete a transaction; answers ``{"Id", "status": "Deleted"}``."""
        body: JSONObject = {"Id": remote_id, "SyncToken": sync_token}
        return await self._write(entity, body, request_id=request_id, extra={"operation": "delete"})

    async def preferences(self) -> JSONObject:
        """``GET /preferences``: the company's Preferences entity."""
        answer = await self._send("GET", "preferences")
        found = as_object(answer.get("Preferences"))
        if found is None:
            raise ProviderUnavailable("QuickBooks Online answered without Preferences")
        return found

    # --- reads in bulk -----------------------------------------------------------------------

    async def query(self, text: str) -> JSONObject:
        """Run one query; returns the ``QueryResponse`` object."""
        answer = await self._send("GET", "query", params={"query": text})
        return as_object(answer.get("QueryResponse")) or {}

    async def count(self, entity: str, where: str | None = None) -> int:
        """``SELECT COUNT(*) FROM entity [WHERE ...]``."""
        clause = f" WHERE {where}" if where else ""
        # Intuit's query language, not SQL; callers quote values with mapping.quote.
        return query_count(await self.query(f"SELECT COUNT(*) FROM {entity}{clause}"))  # noqa: S608

    async def query_pages(
        self,
        entity: str,
        *,
        where: str | None = None,
        order_by: str = "Id",
        page_size: int | None = None,
    ) -> AsyncIterator[list[JSONObject]]:
        """Yield the rows of ``SELECT * FROM entity`` page by page (one page in memory).

        Paging uses ``STARTPOSITION`` (1-based) and ``MAXRESULTS`` (at most 1000); a page shorter
        than asked for, or one without the entity key (zero rows), ends the iteration.
        """
        size = min(page_size or self.config.limits.query_max_results, 1000)
        clause = f" WHERE {where}" if where else ""
        start = 1
        while True:
            # Intuit's query language, not SQL; callers quote values with mapping.quote.
            select = f"SELECT * FROM {entity}{clause} ORDERBY {order_by} "  # noqa: S608
            text = f"{select}STARTPOSITION {start} MAXRESULTS {size}"
            rows = query_rows(await self.query(text), entity)
            if rows:
                yield rows
            if len(rows) < size:
                return
            start += size

    async def cdc(
        self, entities: Sequence[str], changed_since: datetime
    ) -> dict[str, list[JSONObject]]:
        """Change data capture: rows changed since a moment (at most 30 days, 1000 objects)."""
        if changed_since.tzinfo is None:
            raise ValueError("changed_since must be timezone-aware")
        params = {"entities": ",".join(entities), "changedSince": changed_since.isoformat()}
        return cdc_rows(await self._send("GET", "cdc", params=params))

    async def batch(
        self, items: Sequence[BatchItem], *, request_id: str | None = None
    ) -> dict[str, BatchResult]:
        """One ``/batch`` call (at most 30 items); results by ``bId``, per-item faults included."""
        limit = self.config.limits.batch_max_items
        if not items:
            return {}
        if len(items) > limit:
            raise ValueError(f"a batch holds at most {limit} items, got {len(items)}")
        if len({item.bid for item in items}) != len(items):
            raise ValueError("batch item bIds must be unique")
        if request_id is not None and any(len(item.bid) > 10 for item in items):
            raise ValueError("with a requestid, every bId must be at most 10 characters")
        request_id = _checked_request_id(request_id, self.config.limits.batch_request_id_max)
        body = {"BatchItemRequest": [item.to_json() for item in items]}
        answer = await self._send("POST", "batch", params={"requestid": request_id}, body=body)
        results = batch_results(answer)
        missing = [item.bid for item in items if item.bid not in results]
        for bid in missing:
            results[bid] = BatchResult(
                bid, error=ProviderUnavailable(f"QuickBooks Online did not answer batch item {bid}")
            )
        return results


def _checked_request_id(request_id: str | None, limit: int) -> str:
    value = request_id or new_request_id()
    if len(value) > limit:
        raise ValueError(f"a requestid is at most {limit} characters, got {len(value)}")
    return value


def _json_object(response: httpx.Response) -> JSONObject:
    try:
        parsed = response.json()
    except ValueError as exc:
        raise ProviderUnavailable(
            f"QuickBooks Online answered HTTP {response.status_code} with a body that is not JSON"
        ) from exc
    found = as_object(parsed)
    if found is None:
        raise ProviderUnavailable("QuickBooks Online answered with a JSON value, not an object")
    return found


__all__ = [
    "BatchItem",
    "BatchResult",
    "ProviderError",
    "QboClient",
    "encode_json",
    "new_request_id",
]
