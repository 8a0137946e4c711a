"""When a run that met a transient provider error is tried again, and when it gives up.

One policy serves every run the executor (:mod:`core.sync.executor`) runs. A throttle
(:class:`RateLimited`) is retried after the platform's own delay, up to ``throttled_tries`` tries
and never for a delay longer than ``max_delay`` (a daily cap: waiting hours in the queue helps
nobody; the run says when to try again). An outage (:class:`ProviderUnavailable`: 5xx, a timeout,
an answer lost) is retried after each of ``unavailable_delays`` in turn, then the run fails.
Retrying is safe for both because every write carries its intent's idempotency key.

A run reporter carries the :class:`Attempt` it executes; engine code called directly (tests,
benchmarks) gets :data:`DIRECT`: throttles are raised to the caller, outages end the run.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.sync.ports import ProviderError, ProviderUnavailable, RateLimited


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and after how long a run is tried again after a transient error."""

    #: Tries in all for a throttled run; None leaves every retry to the caller.
    throttled_tries: int | None = 12
    #: The waits before the second, third… try of a run whose platform was unavailable.
    unavailable_delays: tuple[float, ...] = (15.0, 60.0)
    #: A platform delay longer than this ends the run instead of waiting in the queue.
    max_delay: float = 3600.0

    def retry_after(self, exc: ProviderError, attempt: int) -> float | None:
        """Seconds to wait before trying the run again, or None when it must end now."""
        if isinstance(exc, RateLimited):
            if self.throttled_tries is not None and attempt >= self.throttled_tries:
                return None
            delay = max(exc.retry_after, 1.0)
            return delay if delay <= self.max_delay else None
        if isinstance(exc, ProviderUnavailable) and attempt <= len(self.unavailable_delays):
            return self.unavailable_delays[attempt - 1]
        return None


#: The policy of runs executed by the worker.
WORKER_POLICY = RetryPolicy()
#: Engine code called directly: throttles go back to the caller, outages end the run.
DIRECT_POLICY = RetryPolicy(throttled_tries=None, unavailable_delays=(), max_delay=float("inf"))


@dataclass(frozen=True, slots=True)
class Attempt:
    """Which try of a run is executing, under which policy."""

    number: int = 1
    policy: RetryPolicy = DIRECT_POLICY

    def retry_after(self, exc: ProviderError) -> float | None:
        """See :meth:`RetryPolicy.retry_after`."""
        return self.policy.retry_after(exc, self.number)

    def gave_up(self, exc: ProviderError, describe: str) -> str:
        """The run's error once retrying stopped; ``describe`` is the error's usual text."""
        if isinstance(exc, RateLimited):
            if exc.retry_after > self.policy.max_delay:
                return (
                    f"{describe} The platform asks to wait {round(exc.retry_after)} seconds "
                    "before the next call; run the sync again after that."
                )
            return f"still throttled after {self.number} tries: {describe}"
        if isinstance(exc, ProviderUnavailable) and self.number > 1:
            return f"still unavailable after {self.number} tries: {describe}"
        return describe


DIRECT = Attempt()
