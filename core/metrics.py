"""Prometheus metrics: HTTP traffic, jobs and sync outcomes.

One :class:`Metrics` object owns its own ``CollectorRegistry`` (never prometheus_client's global
one), so two apps in one process — as in the tests — count independently. The process-wide
:data:`METRICS` is what ``ledgersync serve`` exposes at ``/metrics`` and what jobs increment
through :func:`record_job` and :func:`record_run`; a separate worker process exposes its own
copy with ``ledgersync worker --metrics-port``.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import generate_latest

# Request latencies are mostly milliseconds; the top buckets catch slow provider-bound calls.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The counters and histograms of one process (or one app under test)."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        self.http_requests = Counter(
            "ledgersync_http_requests_total",
            "HTTP requests answered, by method, route template and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.http_latency = Histogram(
            "ledgersync_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.jobs = Counter(
            "ledgersync_jobs_total",
            "Background jobs finished, by job function and outcome (ok, retry, failed).",
            ["function", "outcome"],
            registry=self.registry,
        )
        self.syncs = Counter(
            "ledgersync_sync_outcomes_total",
            "Records processed by finished sync runs, by run kind (e.g. PUSH_INVOICES) and "
            "outcome (synced, failed, skipped).",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.runs = Counter(
            "ledgersync_sync_runs_total",
            "Sync runs finished, by kind and final status (SUCCEEDED, PARTIAL, FAILED).",
            ["kind", "status"],
            registry=self.registry,
        )
        self.webhooks = Counter(
            "ledgersync_webhook_deliveries_total",
            "Webhook deliveries received, by provider and outcome (accepted, duplicate, "
            "no_events, forged, malformed, too_large).",
            ["provider", "outcome"],
            registry=self.registry,
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one HTTP request and its latency."""
        self.http_requests.labels(method=method, route=route, status=str(status)).inc()
        self.http_latency.labels(method=method, route=route).observe(seconds)

    def render(self) -> bytes:
        """The registry in Prometheus text format."""
        return generate_latest(self.registry)


METRICS = Metrics()


def record_job(function: str, outcome: str) -> None:
    """Count a finished job (ok, retry or failed) in the process-wide metrics."""
    METRICS.jobs.labels(function=function, outcome=outcome).inc()


def record_sync(kind: str, outcome: str, count: int = 1) -> None:
    """Count records of a run kind by outcome in the process-wide metrics.

    The series is created even for a count of 0, so every kind that ran shows up.
    """
    METRICS.syncs.labels(kind=kind, outcome=outcome).inc(max(count, 0))


def record_run(kind: str, status: str, succeeded: int, failed: int, skipped: int) -> None:
    """Count one finished run and its records (called by the run executor)."""
    METRICS.runs.labels(kind=kind, status=status).inc()
    record_sync(kind, "synced", succeeded)
    record_sync(kind, "failed", failed)
    record_sync(kind, "skipped", skipped)
