"""QuickBooks Online webhook acknowledgements at a fixed 500 requests/s, against a minimal app.

Ledgersync is served by uvicorn in its own process on PostgreSQL and Redis; each request is a
distinct signed delivery, so each one is verified, recorded and queued (no worker runs: the
jobs wait in the benchmark's Redis database). :mod:`bench.minimal_app` answers the same request
after checking the signature only, served the same way. Arrivals are open loop: latency counts
from when a request was due.

    python bench/webhooks.py            # 10 s at 500/s; updates bench/RESULTS.md
    python bench/webhooks.py --quick    # 2 s at 100/s, no results file
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import redis  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from bench.common import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    ENCRYPTION_KEY,
    RESULTS,
    LoadSampler,
    RawHTTP,
    app_env,
    free_port,
    machine_line,
    measured_cpu,
    percentile,
    serve,
    uvicorn_command,
)
from bench.push_invoices import write_section  # noqa: E402
from core.db import tortoise_config  # noqa: E402
from core.migrate import apply_migrations  # noqa: E402
from core.settings import load_settings  # noqa: E402
from integrations.quickbooks_online.webhooks import sign  # noqa: E402

SECTION = "## webhooks"
VERIFIER_TOKEN = "bench-verifier-token"  # noqa: S105 - a benchmark's own key
GOAL_P99_MS = 50
CONNECTIONS = 64


@dataclass
class Acks:
    """One app's numbers."""

    name: str
    sent: int = 0
    ok: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    cpu_ms: float = 0.0


def delivery(n: int) -> bytes:
    """A distinct legacy-format Intuit delivery: one changed payment."""
    entity = {
        "name": "Payment",
        "id": str(n),
        "operation": "Create",
        "lastUpdated": "2026-01-05T10:00:00.000Z",
    }
    body = {
        "eventNotifications": [{"realmId": "9130357", "dataChangeEvent": {"entities": [entity]}}]
    }
    return json.dumps(body).encode()


async def fixed_rate(
    name: str, url: str, pid: int, rate: float, seconds: float, offset: int
) -> Acks:
    """Open-loop POSTs at ``rate``/s; latency from each request's due time."""
    acks = Acks(name=name, sent=max(1, int(rate * seconds)))
    latencies: list[float] = []
    bodies = [delivery(offset + i) for i in range(acks.sent)]
    client = RawHTTP(url, CONNECTIONS)
    await client.open()

    async def one(due: float, body: bytes) -> None:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        headers = {
            "intuit-signature": sign(body, VERIFIER_TOKEN),
            "content-type": "application/json",
        }
        status = await client.post("/webhooks/quickbooks", body, headers)
        latencies.append(time.monotonic() - due)
        if status == 200:
            acks.ok += 1

    start = time.monotonic() + 0.5
    try:
        with measured_cpu(pid) as used:
            await asyncio.gather(*(one(start + i / rate, b) for i, b in enumerate(bodies)))
    finally:
        await client.close()
    acks.p50_ms = percentile(latencies, 0.5) * 1000
    acks.p99_ms = percentile(latencies, 0.99) * 1000
    acks.cpu_ms = used[0] / acks.sent * 1000
    return acks


@dataclass
class Options:
    """Command-line options."""

    rate: float
    seconds: float
    database_url: str
    redis_url: str
    write: str | None


async def measure(options: Options) -> tuple[list[Acks], str]:
    """Warm both apps up, then measure each at the fixed rate."""
    redis.Redis.from_url(options.redis_url).flushdb()
    state = Path(tempfile.mkdtemp(prefix="ledgersync-bench-"))
    settings = load_settings(
        DATABASE_URL=options.database_url,
        REDIS_URL=options.redis_url,
        dev_mode=True,
        state_dir=state,
        encryption_keys=ENCRYPTION_KEY,
    )
    await Tortoise.init(config=tortoise_config(settings))
    conn = Tortoise.get_connection("default")
    await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await Tortoise.close_connections()
    await apply_migrations(settings)
    env = app_env(options.database_url, options.redis_url, state)
    env["LEDGERSYNC_QBO_WEBHOOK_VERIFIER_TOKEN"] = VERIFIER_TOKEN
    sampler = LoadSampler()
    sampler.start()
    ours_port, mini_port = free_port(), free_port()
    async with (
        serve(
            uvicorn_command("core.app:create_app_from_environment", ours_port), env, ours_port
        ) as ours,
        serve(uvicorn_command("bench.minimal_app:create_app", mini_port), env, mini_port) as mini,
    ):
        await fixed_rate("warm-up", ours.url, ours.pid, 50, 1, offset=10_000_000)
        await fixed_rate("warm-up", mini.url, mini.pid, 50, 1, offset=20_000_000)
        results = [
            await fixed_rate("Ledgersync", ours.url, ours.pid, options.rate, options.seconds, 0),
            await fixed_rate(
                "minimal Starlette route", mini.url, mini.pid, options.rate, options.seconds, 0
            ),
        ]
    await sampler.stop()
    return results, sampler.describe()


def report(options: Options, results: list[Acks], load: str) -> str:
    """The results as a Markdown section (also printed)."""
    rows = [
        "| app | requests | 200s | ack p50 | ack p99 | server CPU per request |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for a in results:
        rows.append(
            f"| {a.name} | {a.sent} | {a.ok} | {a.p50_ms:.1f} ms | {a.p99_ms:.1f} ms "
            f"| {a.cpu_ms:.2f} ms |"
        )
    ours = results[0]
    lines = [
        SECTION,
        "",
        machine_line("PostgreSQL 15 and Redis on the same machine"),
        f"Load average while it ran: {load}.",
        "",
        f"Signed QuickBooks Online deliveries at {options.rate:.0f} requests/s for "
        f"{options.seconds:.0f} s, each distinct (verified, recorded and queued by Ledgersync).",
        "",
        *rows,
        "",
        f"- Ledgersync ack p99: {ours.p99_ms:.1f} ms (goal ≤ {GOAL_P99_MS} ms: "
        f"{'met' if ours.p99_ms <= GOAL_P99_MS else 'not met'}).",
        "",
    ]
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> Options:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="2 s at 100/s, no results file")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--results", default=str(RESULTS), help="results file to update")
    args = parser.parse_args(argv)
    if args.quick:
        return Options(100, 2, args.database_url, args.redis_url, write=None)
    return Options(500, 10, args.database_url, args.redis_url, write=args.results)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and update the results file unless --quick."""
    options = parse(argv)
    results, load = asyncio.run(measure(options))
    section = report(options, results, load)
    print(section)
    if options.write:
        write_section(Path(options.write), section)
    return 0 if all(a.ok == a.sent for a in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
