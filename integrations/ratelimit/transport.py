"""An httpx transport that spends the shared rate budget on every provider call.

Wrapping the transport (rather than each client method) means no call can bypass the budget,
and a 429 the provider sends anyway pauses every worker for that company.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from .base import RateLimiter
from .budget import DEFAULT_CLASS

Classifier = Callable[[httpx.Request], tuple[str, ...]]
RetryAfter = Callable[[httpx.Response], float]


def default_classes(request: httpx.Request) -> tuple[str, ...]:
    """Every call counts in the default class."""
    return (DEFAULT_CLASS,)


def retry_after_header(response: httpx.Response, default: float = 60.0) -> float:
    """Seconds from a ``Retry-After`` header, else ``default``."""
    raw = response.headers.get("retry-after")
    try:
        return max(float(raw), 0.0) if raw is not None else default
    except ValueError:
        return default


class RateLimitedTransport(httpx.AsyncBaseTransport):
    """Sends each request only when the company's shared budget allows it."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        limiter: RateLimiter,
        key: str,
        *,
        classify: Classifier = default_classes,
        retry_after: RetryAfter = retry_after_header,
    ) -> None:
        self._inner = inner
        self._limiter = limiter
        self._key = key
        self._classify = classify
        self._retry_after = retry_after

    @property
    def applies_bearer(self) -> bool:
        """Whether the transport inside sets the Authorization header (after the slot)."""
        return bool(getattr(self._inner, "applies_bearer", False))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Wait for a slot, send, and hold the concurrency lease until the body is read."""
        async with self._limiter.slot(self._key, self._classify(request)):
            response = await self._inner.handle_async_request(request)
            await response.aread()
        if response.status_code == 429:
            await self._limiter.penalize(self._key, self._retry_after(response))
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()
