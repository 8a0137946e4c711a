"""The one retry policy: throttles wait the platform's delay up to a bound, outages a few
fixed waits, and engine code called directly gets throttles back and fails on outages."""

from __future__ import annotations

from core.sync.ports import ProviderUnavailable, RateLimited, RemoteValidation
from core.sync.retry import DIRECT, WORKER_POLICY, Attempt, RetryPolicy


def test_throttle_waits_the_platforms_delay_until_the_last_try() -> None:
    throttle = RateLimited("slow down", retry_after=42.5)
    last = WORKER_POLICY.throttled_tries or 0

    assert WORKER_POLICY.retry_after(throttle, 1) == 42.5
    assert WORKER_POLICY.retry_after(throttle, last - 1) == 42.5
    assert WORKER_POLICY.retry_after(throttle, last) is None


def test_throttle_longer_than_the_bound_ends_the_run_saying_when_to_retry() -> None:
    daily_cap = RateLimited("daily limit reached", retry_after=7 * 3600)
    attempt = Attempt(1, WORKER_POLICY)

    assert attempt.retry_after(daily_cap) is None
    assert "25200 seconds" in attempt.gave_up(daily_cap, "RATE_LIMITED: daily limit reached.")


def test_outage_waits_each_delay_in_turn_then_gives_up() -> None:
    outage = ProviderUnavailable("503")
    policy = RetryPolicy(unavailable_delays=(15.0, 60.0))

    assert [policy.retry_after(outage, n) for n in (1, 2, 3)] == [15.0, 60.0, None]
    assert Attempt(3, policy).gave_up(outage, "x").startswith("still unavailable after 3 tries")


def test_refusals_are_never_retried() -> None:
    assert WORKER_POLICY.retry_after(RemoteValidation("bad"), 1) is None


def test_direct_calls_get_throttles_back_and_fail_at_once_on_outages() -> None:
    assert DIRECT.retry_after(RateLimited("slow", retry_after=5)) == 5
    assert DIRECT.retry_after(RateLimited("slow", retry_after=99_999)) == 99_999
    assert DIRECT.retry_after(ProviderUnavailable("503")) is None
