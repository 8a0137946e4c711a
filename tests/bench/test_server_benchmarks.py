"""The served benchmarks' quick modes run end to end on PostgreSQL and Redis, so they cannot rot.

They serve the app with uvicorn and need the PostgreSQL and Redis servers named by DATABASE_URL
and REDIS_URL; without them they skip, except under CI, where the PostgreSQL path runs them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# A safety net so a hung script fails the test instead of the suite; not a timing goal.
HANG_GUARD_SECONDS = 300


def _services() -> tuple[str, str]:
    database = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database.startswith(("postgres://", "postgresql://")) or not redis_url:
        if IN_CI and database and redis_url:
            pytest.fail("CI has DATABASE_URL and REDIS_URL set but not to PostgreSQL and Redis")
        pytest.skip("the served benchmarks need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    return database, redis_url


def _quick(script: str, tmp_path: Path) -> str:
    database, redis_url = _services()
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [
            sys.executable,
            f"bench/{script}",
            "--quick",
            "--database-url",
            database,
            "--redis-url",
            redis_url,
            "--results",
            str(results),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not results.exists()  # a quick run never records results
    return done.stdout


def _row(output: str, name: str) -> list[str]:
    rows = [line for line in output.splitlines() if line.startswith(f"| {name} ")]
    assert len(rows) == 1, output
    return [cell.strip() for cell in rows[0].strip("|").split("|")]


def test_graphql_load_bench_quick_mode_serves_both_apps_and_counts_statements(tmp_path):
    output = _quick("graphql_load.py", tmp_path)
    for name in ("Ledgersync", "minimal Strawberry + Starlette"):
        assert _row(output, name)[-3] == "0"  # no error answers
    assert "first=10: " in output
    assert "first=100: " in output


def test_subscriptions_bench_quick_mode_delivers_every_event_to_every_subscriber(tmp_path):
    output = _quick("subscriptions.py", tmp_path)
    cells = _row(output, "20")
    assert cells[3] == "20"  # every subscriber saw the subscription complete
    assert int(cells[2]) == 20 * int(cells[1])  # every subscriber got every event


def test_webhooks_bench_quick_mode_acknowledges_every_delivery(tmp_path):
    output = _quick("webhooks.py", tmp_path)
    for name in ("Ledgersync", "minimal Starlette route"):
        cells = _row(output, name)
        assert cells[1] == cells[2]  # every request answered 200
