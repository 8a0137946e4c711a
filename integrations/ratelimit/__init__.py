"""The shared rate budget: one limiter per remote company, shared by every worker process.

Usage::

    budget = RateBudget(rates=(Rate(500, 60), Rate(10, 1)), max_concurrent=10,
                        classes={"batch": (Rate(40, 60),)})
    limiter = RedisRateLimiter(redis, budget, scope="quickbooks_online")
    async with limiter.slot(realm_id, cost_classes=("default", "batch")):
        response = await http.post(...)
    if response.status_code == 429:
        await limiter.penalize(realm_id, retry_after=60)

Limits come from each provider's ``config.py``; nothing here knows a provider.
"""

from __future__ import annotations

from .base import Attempt, BaseRateLimiter, RateLimiter
from .budget import DEFAULT_CLASS, Grant, Rate, RateBudget, RateBudgetExhausted, Window
from .clock import Clock, ManualClock, SystemClock
from .memory import InProcessRateLimiter
from .redis_backend import RedisRateLimiter

__all__ = [
    "DEFAULT_CLASS",
    "Attempt",
    "BaseRateLimiter",
    "Clock",
    "Grant",
    "InProcessRateLimiter",
    "ManualClock",
    "Rate",
    "RateBudget",
    "RateBudgetExhausted",
    "RateLimiter",
    "RedisRateLimiter",
    "SystemClock",
    "Window",
]
