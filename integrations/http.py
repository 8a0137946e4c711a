"""The one way provider clients get an ``httpx.AsyncClient``.

Every provider talks HTTP with the same timeouts, the same ``User-Agent`` and the same call log:
method, URL (secrets in the query string replaced, user info dropped), status and duration.
Headers are never logged, so an ``Authorization`` header or a token cannot leak through here.
Tests and the simulator environment pass ``transport=httpx.ASGITransport(app=...)``.

API clients do not set ``Authorization`` themselves: each request carries its token source in
the :data:`BEARER` extension and a :class:`BearerTransport` sets the header just before the
request goes out. The provider kits put it inside the rate-limited transport, so the token is
taken only once the shared budget grants the call and cannot expire while the call waits.
"""

from __future__ import annotations

import json
import logging
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from decimal import Decimal
from importlib import metadata
from typing import Protocol, Self, runtime_checkable
from urllib.parse import quote

import httpx

from integrations.base import RateLimited
from integrations.ratelimit import RateBudgetExhausted

logger = logging.getLogger("ledgersync.provider_http")

REDACTED = "[REDACTED]"

# Query parameters whose values are secrets (compared lower-cased, `-` read as `_`).
SECRET_PARAMETERS = frozenset(
    {
        "access_token",
        "api_key",
        "assertion",
        "client_secret",
        "code",
        "code_verifier",
        "id_token",
        "key",
        "password",
        "refresh_token",
        "secret",
        "signature",
        "state",
        "token",
    }
)

# Connect fails fast (a dead host should not hold a worker); reads allow for QBO's slow reports
# and batch calls, which Intuit lets run for up to 120 s before timing them out itself.
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=120.0, write=30.0, pool=10.0)


def ledgersync_version() -> str:
    """The installed package's version, or ``dev`` when running from a source tree."""
    try:
        return metadata.version("ledgersync")
    except metadata.PackageNotFoundError:
        return "dev"


def user_agent() -> str:
    """The ``User-Agent`` every provider call carries."""
    return f"Ledgersync/{ledgersync_version()}"


def loggable_url(url: httpx.URL) -> str:
    """The URL with user info and fragment dropped and secret query values replaced."""
    parts = []
    for name, value in url.params.multi_items():
        secret = name.lower().replace("-", "_") in SECRET_PARAMETERS
        # Built by hand so the placeholder is not percent-encoded into noise.
        parts.append(f"{quote(name, safe='')}={REDACTED if secret else quote(value, safe='')}")
    query = "&".join(parts)
    clean = url.copy_with(userinfo=b"", query=None, fragment=None)
    return f"{clean}?{query}" if query else str(clean)


class _CallLog:
    """Event hooks that time each request and log one line per response."""

    def __init__(self, log: logging.Logger) -> None:
        self._log = log
        # Keyed by the request object itself, so nothing is added to what goes on the wire.
        self._started: weakref.WeakKeyDictionary[httpx.Request, float] = weakref.WeakKeyDictionary()

    async def on_request(self, request: httpx.Request) -> None:
        self._started[request] = time.monotonic()

    async def on_response(self, response: httpx.Response) -> None:
        request = response.request
        started = self._started.pop(request, None)
        duration_ms = None if started is None else round((time.monotonic() - started) * 1000, 1)
        url = loggable_url(request.url)
        self._log.info(
            "%s %s -> %s in %s ms",
            request.method,
            url,
            response.status_code,
            duration_ms,
            extra={
                "http_method": request.method,
                "http_url": url,
                "http_status": response.status_code,
                "duration_ms": duration_ms,
            },
        )


def create_http_client(
    *,
    base_url: str | httpx.URL = "",
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: httpx.Timeout | None = None,
    headers: Mapping[str, str] | None = None,
    log: logging.Logger | None = None,
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` for one provider.

    ``headers`` are added to every request (the caller's ``User-Agent`` wins if it sets one);
    ``transport`` replaces the network, e.g. ``httpx.ASGITransport(app=simulator)``. The caller
    owns the client and closes it (``async with`` or ``aclose()``).
    """
    call_log = _CallLog(log or logger)
    return httpx.AsyncClient(
        base_url=base_url,
        transport=transport,
        timeout=timeout or DEFAULT_TIMEOUT,
        headers={"User-Agent": user_agent(), **(headers or {})},
        event_hooks={"request": [call_log.on_request], "response": [call_log.on_response]},
    )


def _encode(value: object) -> object:
    if isinstance(value, Decimal):
        # Money and quantities have at most 4 places, which a float's repr keeps exactly.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def encode_json(body: object) -> bytes:
    """JSON bytes for a provider request body (Decimal as JSON numbers, datetimes as ISO)."""
    return json.dumps(body, default=_encode, separators=(",", ":")).encode()


# Never ask the job queue to retry sooner: a wait for a concurrent slot is only a poll interval.
MIN_BUDGET_RETRY = 1.0


def budget_throttle(platform: str, company: str, exc: RateBudgetExhausted) -> RateLimited:
    """The shared rate budget could not grant a call in time: a throttle, so the run is retried
    after the wait (the job is handed back to the queue) instead of holding a worker asleep or
    failing. Nothing was sent."""
    return RateLimited(
        f"{platform} calls for this {company} are held back by the shared rate budget "
        f"({exc.reason})",
        retry_after=max(exc.retry_after, MIN_BUDGET_RETRY),
        code="RATE_BUDGET_FULL",
        hint="Nothing was sent; the sync resumes once the budget has room.",
    )


AccessTokenSource = Callable[[], Awaitable[str]]
"""Returns a valid access token (refreshing first if needed)."""

BEARER = "ledgersync.bearer"
"""The request extension carrying the call's :data:`AccessTokenSource` (see BearerTransport)."""


@runtime_checkable
class RefusedTokenHandler(Protocol):
    """An access-token source that can replace a token the platform refused (HTTP 401)."""

    async def __call__(self) -> str:
        """A valid access token."""
        ...

    async def refused(self, access_token: str) -> None:
        """The platform refused ``access_token``: get a new one (one refresh, fenced)."""
        ...


class BearerTransport(httpx.AsyncBaseTransport):
    """Sets ``Authorization: Bearer`` from the request's token source just before sending.

    Inside the rate-limited transport, the token is taken only once the shared budget has
    granted the call, so it cannot expire while the call waits for its turn.
    """

    applies_bearer = True

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Authorize the request (when it carries a token source), then send it."""
        source = request.extensions.get(BEARER)
        if source is not None:
            request.headers["Authorization"] = f"Bearer {await source()}"
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()


def applies_bearer(transport: httpx.AsyncBaseTransport | None) -> bool:
    """Whether requests sent through ``transport`` get their Authorization header set on the
    way (a :class:`BearerTransport` in the chain, which says so)."""
    return bool(getattr(transport, "applies_bearer", False))


def sent_token(request: httpx.Request) -> str | None:
    """The bearer token a request was sent with."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


class OwnedHttpClient:
    """An API client that closes its httpx client on exit only if it created it.

    Requests carry their token source in the :data:`BEARER` extension; a transport without a
    :class:`BearerTransport` in its chain gets one outside it.
    """

    def __init__(
        self,
        *,
        http: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
        timeout: float,
    ) -> None:
        self._owns_http = http is None
        if not applies_bearer(transport):
            transport = BearerTransport(transport or httpx.AsyncHTTPTransport())
        self._http = http or httpx.AsyncClient(transport=transport, timeout=timeout)

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
