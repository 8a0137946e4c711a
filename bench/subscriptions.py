"""``syncProgress`` for 100, 300 and 1,000 subscribers of one run, and a connect-and-leave soak.

The API is served by uvicorn in its own process on PostgreSQL and Redis; the run (an overdue
sweep of 104 invoices: 210 events) is executed by ``ledgersync worker`` in another process,
started once every subscriber has its snapshot. The subscribers are raw graphql-transport-ws
clients in this process. Reported per size: event lag p50/p99 (from the event's ``at``, stamped
by the worker, to its arrival at the client), the API process's CPU per delivered event, and its
RSS before the subscribers connect, while they are connected and after they left. The soak
connects 1,000 subscribers to a queued run and disconnects them, ten times, and records the RSS
after each round.

    python bench/subscriptions.py            # updates bench/RESULTS.md
    python bench/subscriptions.py --quick    # 20 subscribers, 2 soak rounds of 50, no file
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import redis  # noqa: E402
import websockets  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from bench.common import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    ENCRYPTION_KEY,
    RESULTS,
    LoadSampler,
    app_env,
    cpu_seconds,
    free_port,
    machine_line,
    percentile,
    rss_mb,
    serve,
    start_worker,
    stop,
    uvicorn_command,
)
from bench.push_invoices import write_section  # noqa: E402
from core.auth import mint_dev_token  # noqa: E402
from core.db import tortoise_config  # noqa: E402
from core.migrate import apply_migrations  # noqa: E402
from core.models import Customer, Firm, Invoice  # noqa: E402
from core.models.enums import InvoiceStatus, Role, SyncKind, SyncTrigger  # noqa: E402
from core.settings import Settings, load_settings  # noqa: E402
from core.sync.runs import create_run  # noqa: E402
from graph.ids import encode_id  # noqa: E402

SECTION = "## subscriptions"
FIRM = "bench-firm"
INVOICES = 104  # SyncStarted, a RecordSynced and a Progress each, SyncFinished: 210 events
CONNECT_AT_ONCE = 50
RUN_TIMEOUT = 600
GOAL_LAG_P99_MS = 250
GOAL_IDLE_KB = 50
MARK = "mutation { markOverdueInvoices { ... on MarkOverdueInvoicesSuccess { run { id } } } }"
PROGRESS = """
subscription($runId: ID!) {
  syncProgress(runId: $runId) {
    __typename
    ... on SyncRunEvent { seq at }
  }
}
"""


@dataclass
class Subscriber:
    """One websocket subscriber and what it received (parsed after the run)."""

    ws: Any
    raw: list[tuple[float, str]] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Round:
    """One size's numbers."""

    subscribers: int
    events: int = 0
    delivered: int = 0
    lag_p50_ms: float = 0.0
    lag_p99_ms: float = 0.0
    cpu_us_per_event: float = 0.0
    rss_before: float = 0.0
    rss_during: float = 0.0
    rss_after: float = 0.0
    complete: int = 0


async def prepare(settings: Settings) -> Firm:
    """A migrated, empty database with the bench firm."""
    await Tortoise.init(config=tortoise_config(settings))
    conn = Tortoise.get_connection("default")
    await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await Tortoise.close_connections()
    await apply_migrations(settings)
    await Tortoise.init(config=tortoise_config(settings))
    return await Firm.create(external_id=FIRM, name="Bench firm")


async def seed_past_due(firm: Firm, count: int, batch: int) -> None:
    """``count`` SENT invoices past their due date (the next sweep marks them OVERDUE)."""
    customer = await Customer.create(firm=firm, name=f"Customer {batch}")
    due = date.today() - timedelta(days=3)
    for n in range(count):
        await Invoice.create(
            firm=firm,
            customer=customer,
            number=f"{batch}-{n}",
            status=InvoiceStatus.SENT,
            issue_date=due,
            due_date=due,
        )


async def connect(url: str, token: str, run_id: str) -> Subscriber:
    """A subscriber that has received its snapshot."""
    ws = await websockets.connect(
        url.replace("http", "ws") + "/graphql",
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        max_queue=None,
        open_timeout=60,
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": token}}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    payload = {"query": PROGRESS, "variables": {"runId": run_id}}
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
    first = json.loads(await ws.recv())
    assert first["payload"]["data"]["syncProgress"]["__typename"] == "SyncSnapshot", first
    return Subscriber(ws)


async def connect_all(url: str, token: str, run_id: str, count: int) -> list[Subscriber]:
    """``count`` subscribers, CONNECT_AT_ONCE at a time."""
    subscribers: list[Subscriber] = []
    while len(subscribers) < count:
        wave = min(CONNECT_AT_ONCE, count - len(subscribers))
        subscribers += await asyncio.gather(*(connect(url, token, run_id) for _ in range(wave)))
    return subscribers


async def listen(subscriber: Subscriber) -> None:
    """Keep every frame with its arrival time until the subscription completes."""
    try:
        async for message in subscriber.ws:
            subscriber.raw.append((time.time(), message))  # type: ignore[arg-type]
            if '"type":"complete"' in message:  # type: ignore[operator]
                break
    finally:
        subscriber.done.set()


def lags(subscribers: list[Subscriber]) -> tuple[list[float], int, int]:
    """Every delivered event's lag in seconds, the events per subscriber, completed count."""
    values: list[float] = []
    per_subscriber = 0
    complete = 0
    for subscriber in subscribers:
        events = 0
        for received, text in subscriber.raw:
            message = json.loads(text)
            if message["type"] == "complete":
                complete += 1
                continue
            event = message["payload"]["data"]["syncProgress"]
            values.append(received - datetime.fromisoformat(event["at"]).timestamp())
            events += 1
        per_subscriber = max(per_subscriber, events)
    return values, per_subscriber, complete


async def one_round(
    url: str, pid: int, token: str, env: dict[str, str], firm: Firm, count: int, batch: int
) -> Round:
    """Subscribe ``count`` clients to a new sweep, run it in a worker, measure, leave."""
    await seed_past_due(firm, INVOICES, batch)
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(
            url + "/graphql", json={"query": MARK}, headers={"Authorization": f"Bearer {token}"}
        )
    run_id = response.json()["data"]["markOverdueInvoices"]["run"]["id"]
    result = Round(subscribers=count, rss_before=rss_mb(pid))
    subscribers = await connect_all(url, token, run_id, count)
    await asyncio.sleep(1)
    result.rss_during = rss_mb(pid)
    listeners = [asyncio.create_task(listen(s)) for s in subscribers]
    before = cpu_seconds(pid)
    worker = start_worker(env)
    try:
        async with asyncio.timeout(RUN_TIMEOUT):
            await asyncio.gather(*(s.done.wait() for s in subscribers))
    finally:
        used = cpu_seconds(pid) - before
        stop(worker)
    values, result.events, result.complete = lags(subscribers)
    result.delivered = len(values)
    result.lag_p50_ms = percentile(values, 0.5) * 1000
    result.lag_p99_ms = percentile(values, 0.99) * 1000
    result.cpu_us_per_event = used / max(1, result.delivered) * 1_000_000
    await asyncio.gather(*(s.ws.close() for s in subscribers))
    for task in listeners:
        task.cancel()
    await asyncio.sleep(3)
    result.rss_after = rss_mb(pid)
    return result


async def soak(url: str, pid: int, token: str, firm: Firm, rounds: int, count: int) -> list[float]:
    """RSS after each round of ``count`` subscribers connecting to a queued run and leaving."""
    run = await create_run(firm_id=firm.id, kind=SyncKind.OVERDUE_SWEEP, trigger=SyncTrigger.USER)
    run_id = encode_id("SyncRun", run.id)
    after: list[float] = [rss_mb(pid)]
    for _ in range(rounds):
        subscribers = await connect_all(url, token, run_id, count)
        await asyncio.gather(*(s.ws.close() for s in subscribers))
        await asyncio.sleep(3)
        after.append(rss_mb(pid))
    return after


@dataclass
class Options:
    """Command-line options."""

    sizes: tuple[int, ...]
    soak_rounds: int
    soak_size: int
    database_url: str
    redis_url: str
    write: str | None
    deflate: bool = False


async def measure(options: Options) -> tuple[list[Round], list[float], float, str]:
    """Every round and the soak; also the idle RSS baseline and the load average."""
    redis.Redis.from_url(options.redis_url).flushdb()
    state = Path(tempfile.mkdtemp(prefix="ledgersync-bench-"))
    settings = load_settings(
        DATABASE_URL=options.database_url,
        REDIS_URL=options.redis_url,
        dev_mode=True,
        state_dir=state,
        encryption_keys=ENCRYPTION_KEY,
        run_embedded_worker=False,
    )
    firm = await prepare(settings)
    token = mint_dev_token(settings, firm=FIRM, role=Role.FIRM_ADMIN, user="bench-user")
    env = app_env(options.database_url, options.redis_url, state)
    port = free_port()
    compression_flag = ("--ws-per-message-deflate", "true") if options.deflate else ()
    sampler = LoadSampler()
    sampler.start()
    rounds: list[Round] = []
    try:
        async with serve(
            uvicorn_command("core.app:create_app_from_environment", port, *compression_flag),
            env,
            port,
        ) as api:
            baseline = rss_mb(api.pid)
            for batch, size in enumerate(options.sizes):
                rounds.append(await one_round(api.url, api.pid, token, env, firm, size, batch))
            soaked = await soak(
                api.url, api.pid, token, firm, options.soak_rounds, options.soak_size
            )
    finally:
        await sampler.stop()
        await Tortoise.close_connections()
    return rounds, soaked, baseline, sampler.describe()


def report(
    rounds: list[Round], soaked: list[float], baseline: float, load: str, options: Options
) -> str:
    """The results as a Markdown section (also printed)."""
    size = options.soak_size
    rows = [
        "| subscribers | events each | delivered | completed | lag p50 | lag p99 "
        "| API CPU per delivered event | RSS before | RSS with subscribers | RSS after "
        "| per idle subscriber |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rounds:
        per_idle = (r.rss_during - r.rss_before) * 1000 / r.subscribers
        rows.append(
            f"| {r.subscribers} | {r.events} | {r.delivered} | {r.complete} "
            f"| {r.lag_p50_ms:.0f} ms | {r.lag_p99_ms:.0f} ms | {r.cpu_us_per_event:.1f} µs "
            f"| {r.rss_before:.0f} MB | {r.rss_during:.0f} MB | {r.rss_after:.0f} MB "
            f"| {per_idle:.0f} KB |"
        )
    worst = max(r.lag_p99_ms for r in rounds)
    idle = max((r.rss_during - r.rss_before) * 1000 / r.subscribers for r in rounds)
    soak_line = ", ".join(f"{value:.0f}" for value in soaked)
    heading = f"{SECTION}: with permessage-deflate" if options.deflate else SECTION
    compression = (
        "permessage-deflate on (`--ws-per-message-deflate true`, uvicorn's default)"
        if options.deflate
        else "permessage-deflate off, as `ledgersync serve` runs"
    )
    lines = [
        heading,
        "",
        machine_line("PostgreSQL 15 and Redis on the same machine"),
        f"Load average while it ran: {load}.",
        "",
        f"One overdue sweep of {INVOICES} invoices per size ({2 * INVOICES + 2} events, run by "
        "`ledgersync worker` in its own process); subscribers are graphql-transport-ws clients "
        f"in the benchmark's process, which competes for the same 2 cores; {compression}.",
        "",
        *rows,
        "",
        f"- Lag p99, worst size: {worst:.0f} ms (goal ≤ {GOAL_LAG_P99_MS} ms, flat from 100 to "
        f"1,000: {'met' if worst <= GOAL_LAG_P99_MS else 'not met'}).",
        f"- Memory per idle subscriber, worst size: {idle:.0f} KB (goal ≤ {GOAL_IDLE_KB} KB: "
        f"{'met' if idle <= GOAL_IDLE_KB else 'not met'}).",
        f"- Soak, {len(soaked) - 1} rounds of {size} subscribers connecting and leaving: API RSS "
        f"{soak_line} MB (idle baseline at start-up {baseline:.0f} MB).",
        "",
    ]
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> Options:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="20 subscribers, tiny soak, no file")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--results", default=str(RESULTS), help="results file to update")
    parser.add_argument(
        "--deflate",
        action="store_true",
        help="serve with uvicorn's default --ws-per-message-deflate true (its own results section)",
    )
    args = parser.parse_args(argv)
    deflate = args.deflate
    if args.quick:
        return Options((20,), 2, 50, args.database_url, args.redis_url, None, deflate)
    return Options(
        (100, 300, 1000), 10, 1000, args.database_url, args.redis_url, args.results, deflate
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and update the results file unless --quick."""
    options = parse(argv)
    rounds, soaked, baseline, load = asyncio.run(measure(options))
    section = report(rounds, soaked, baseline, load, options)
    print(section)
    if options.write:
        write_section(Path(options.write), section)
    incomplete = [r for r in rounds if r.complete != r.subscribers]
    return 1 if incomplete else 0


if __name__ == "__main__":
    raise SystemExit(main())
