"""Health, readiness and metrics endpoints, and the per-request log line."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from core.app import create_app
from core.metrics import Metrics
from core.settings import Settings


@pytest.fixture
async def observed(
    app: Starlette, settings: Settings
) -> AsyncIterator[tuple[httpx.AsyncClient, Metrics]]:
    """A second app on the already-migrated database, with metrics of its own."""
    metrics = Metrics()
    application = create_app(settings, metrics=metrics)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http, metrics


async def test_healthz_process_running_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_database_and_redis_reachable_answers_200(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


async def test_readyz_redis_down_answers_503_naming_the_check(
    app: Starlette, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse() -> bool:
        raise ConnectionError("redis://:hunter2secret@redis:6379 refused")

    monkeypatch.setattr(app.state.runtime.redis, "ping", refuse)

    response = await client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {"database": "ok", "redis": "error: ConnectionError"}
    assert "hunter2secret" not in response.text


async def test_metrics_after_requests_counts_by_route_template_and_status(
    observed: tuple[httpx.AsyncClient, Metrics],
) -> None:
    http, _ = observed
    await http.get("/healthz")
    await http.get("/healthz")
    await http.get("/no-such-page")

    response = await http.get("/metrics")

    assert response.status_code == 200
    text = response.text
    assert 'ledgersync_http_requests_total{method="GET",route="/healthz",status="200"} 2.0' in text
    assert 'route="<unmatched>",status="404"' in text
    assert "ledgersync_http_request_duration_seconds_bucket" in text
    assert "ledgersync_jobs_total" in text
    assert "ledgersync_sync_outcomes_total" in text


async def test_metrics_two_apps_count_independently(
    observed: tuple[httpx.AsyncClient, Metrics], client: httpx.AsyncClient
) -> None:
    _, metrics = observed
    await client.get("/healthz")

    value = metrics.registry.get_sample_value(
        "ledgersync_http_requests_total", {"method": "GET", "route": "/healthz", "status": "200"}
    )

    assert value is None


async def test_request_log_line_secret_query_values_redacted(
    observed: tuple[httpx.AsyncClient, Metrics], caplog: pytest.LogCaptureFixture
) -> None:
    http, _ = observed
    caplog.set_level(logging.INFO, logger="ledgersync.http")

    await http.get("/healthz?code=oauth-code-123&state=st-456&page=2")

    lines = [r for r in caplog.records if r.name == "ledgersync.http"]
    assert lines, "no request log line"
    event = lines[-1].msg
    assert isinstance(event, dict)
    assert event["method"] == "GET"
    assert event["status"] == 200
    assert event["path"] == "/healthz?code=[REDACTED]&state=[REDACTED]&page=2"
    assert "duration_ms" in event
