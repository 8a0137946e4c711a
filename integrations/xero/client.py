"""Async client for Xero's Accounting API 2.0 (the same code for Xero and the simulator).

Every call sends ``Accept: application/json`` (Xero answers XML otherwise) and the
``xero-tenant-id`` of the organisation; every write sends ``summarizeErrors=false`` (so one bad
element cannot hide the ones Xero saved) and an ``Idempotency-Key`` (so a retry replays Xero's
first answer instead of writing twice). Failures are raised as the ProviderError tree (see
:mod:`.wire`); tokens and bodies are never logged.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import Literal

import httpx

from integrations.base import ProviderUnavailable
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

from .config import XeroConfig
from .wire import JSONObject, as_object, objects, parse_error

logger = logging.getLogger("ledgersync.xero.client")

WriteMethod = Literal["PUT", "POST"]


def new_idempotency_key() -> str:
    """A fresh ``Idempotency-Key`` (32 hex characters; Xero allows 128)."""
    return uuid.uuid4().hex


class XeroClient(OwnedHttpClient):
    """The Accounting API of one organisation (tenant)."""

    def __init__(
        self,
        config: XeroConfig,
        tenant_id: str,
        access_token: AccessTokenSource,
        *,
        http: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.config = config
        self.tenant_id = tenant_id
        self._access_token = access_token
        super().__init__(http=http, transport=transport, timeout=timeout)

    # --- transport ---------------------------------------------------------------------------

    async def _request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        body: object = None,
        headers: Mapping[str, str] | None = None,
        tenant: bool = True,
        name: str | None = None,
    ) -> httpx.Response:
        sent = {"Accept": "application/json"}
        if tenant:
            sent["xero-tenant-id"] = self.tenant_id
        sent.update(headers or {})
        content: bytes | None = None
        if body is not None:
            sent["Content-Type"] = "application/json"
            content = encode_json(body)
        path = httpx.URL(url).path
        response = await self._send(method, url, params, sent, content)
        if response.status_code == 401 and await self._replace_refused(response):
            # Refused before it was used: refreshed once, the call is sent once more.
            response = await self._send(method, url, params, sent, content)
        correlation = response.headers.get("xero-correlation-id", "-")
        logger.info(
            "xero %s %s tenant=%s status=%s correlation=%s",
            method,
            path,
            self.tenant_id,
            response.status_code,
            correlation,
        )
        if response.status_code >= 400:
            error = parse_error(response.status_code, response.headers, response.content, name=name)
            logger.warning("xero %s %s failed: %s", method, path, error.code)
            raise error
        return response

    async def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str],
        content: bytes | None,
    ) -> httpx.Response:
        # The token is taken by the transport, once the rate budget grants the call.
        path = httpx.URL(url).path
        try:
            return await self._http.request(
                method,
                url,
                params=params,
                headers=headers,
                content=content,
                extensions={BEARER: self._access_token},
            )
        except RateBudgetExhausted as exc:
            raise budget_throttle("Xero", "organisation", exc) from exc
        except httpx.TimeoutException as exc:
            raise ProviderUnavailable(f"Xero timed out on {method} {path}") from exc
        except httpx.HTTPError as exc:  # a failed transport, a body that cannot be decoded
            raise ProviderUnavailable(f"Xero connection failed on {method} {path}: {exc}") from exc

    async def _replace_refused(self, response: httpx.Response) -> bool:
        """After a 401: have the token source replace the refused token; False if it cannot."""
        token = sent_token(response.request)
        if token is None or not isinstance(self._access_token, RefusedTokenHandler):
            return False
        await self._access_token.refused(token)
        return True

    async def _json(self, response: httpx.Response) -> JSONObject:
        try:
            found = as_object(response.json())
        except ValueError as exc:
            raise ProviderUnavailable(
                f"Xero answered HTTP {response.status_code} with a body that is not JSON"
            ) from exc
        if found is None:
            raise ProviderUnavailable("Xero answered with a JSON value, not an object")
        return found

    # --- reads -------------------------------------------------------------------------------

    async def get(
        self,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        modified_since: datetime | None = None,
    ) -> JSONObject:
        """``GET {api}/{path}``; ``modified_since`` becomes ``If-Modified-Since``."""
        headers = {}
        if modified_since is not None:
            if modified_since.tzinfo is None:
                raise ValueError("modified_since must be timezone-aware")
            headers["If-Modified-Since"] = modified_since.isoformat()
        response = await self._request(
            "GET", self.config.api_url(path), params=params, headers=headers
        )
        return await self._json(response)

    async def rows(
        self, path: str, key: str, *, params: Mapping[str, str] | None = None
    ) -> list[JSONObject]:
        """The ``key`` array of one GET (an unpaged list, or one record by id)."""
        return objects((await self.get(path, params=params)).get(key))

    async def pages(
        self,
        path: str,
        key: str,
        *,
        params: Mapping[str, str] | None = None,
        modified_since: datetime | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[list[JSONObject]]:
        """Yield the rows of a paged list (``page`` is 1-based) one page at a time.

        Stops on a page shorter than asked for, or once ``pagination.pageCount`` is reached.
        """
        size = min(page_size or self.config.limits.page_size, self.config.limits.max_page_size)
        number = 1
        while True:
            query = {**(params or {}), "page": str(number), "pageSize": str(size)}
            answer = await self.get(path, params=query, modified_since=modified_since)
            found = objects(answer.get(key))
            if found:
                yield found
            pagination = as_object(answer.get("pagination")) or {}
            count = pagination.get("pageCount")
            last = isinstance(count, int) and number >= count
            if len(found) < size or last:
                return
            number += 1

    async def connections(self) -> list[JSONObject]:
        """``GET /connections`` with this client's token (no tenant header)."""
        response = await self._request("GET", self.config.connections_url, tenant=False)
        try:
            return objects(response.json())
        except ValueError as exc:
            raise ProviderUnavailable("Xero's connections answer is not JSON") from exc

    # --- writes ------------------------------------------------------------------------------

    async def write(
        self,
        method: WriteMethod,
        path: str,
        key: str,
        elements: Sequence[JSONObject],
        *,
        idempotency_key: str,
        name: str | None = None,
        exact: bool = True,
    ) -> list[JSONObject]:
        """PUT (create) or POST (create or update) many elements; one answer per element.

        ``summarizeErrors=false`` makes Xero answer 200 with every element marked
        ``StatusAttributeString`` OK/WARNING/ERROR; the answers come back in request order.
        With ``exact=False`` an answer of another length is returned as it is: Xero replays
        the first answer given under an Idempotency-Key, which may cover other elements.
        """
        if not elements:
            return []
        limit = self.config.limits.batch_max_items
        if len(elements) > limit:
            raise ValueError(f"a Xero write holds at most {limit} elements, got {len(elements)}")
        if not idempotency_key or len(idempotency_key) > self.config.limits.idempotency_key_max:
            raise ValueError("an Idempotency-Key is 1 to 128 characters")
        response = await self._request(
            method,
            self.config.api_url(path),
            params={"summarizeErrors": "false"},
            body={key: list(elements)},
            headers={"Idempotency-Key": idempotency_key},
            name=name,
        )
        answered = objects((await self._json(response)).get(key))
        if exact and len(answered) != len(elements):
            raise ProviderUnavailable(
                f"Xero answered {len(answered)} {key} for {len(elements)} sent"
            )
        return answered


__all__ = ["XeroClient", "encode_json", "new_idempotency_key"]
