"""``invoices(first:100)`` with lines, customer and sync status: Ledgersync against a minimal app.

Both are served by uvicorn with the same settings, each in its own process, in the same run:
Ledgersync on PostgreSQL (and Redis) with a seeded firm of 200 invoices of 3 lines, each synced,
and :mod:`bench.minimal_app`, which answers the same shape from memory. For each:

- capacity: requests/s with 4 requests in flight, and the server's CPU per request;
- at a fixed arrival rate of half the minimal app's capacity (open loop: latency counts from
  when a request was due, so a slow server cannot slow the arrivals down): p50/p99 latency and
  the server's CPU per request;
- the SQL statements PostgreSQL receives per request at first = 10, 50 and 100, counted in
  this process on what asyncpg sends (pool resets and transactions included).

    python bench/graphql_load.py                 # 15 s phases; updates bench/RESULTS.md
    python bench/graphql_load.py --quick         # 2 s phases, no results file
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from bench.common import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    ENCRYPTION_KEY,
    RESULTS,
    LoadSampler,
    app_env,
    free_port,
    machine_line,
    measured_cpu,
    percentile,
    serve,
    uvicorn_command,
)
from bench.push_invoices import write_section  # noqa: E402
from core.auth import mint_dev_token  # noqa: E402
from core.db import tortoise_config  # noqa: E402
from core.migrate import apply_migrations  # noqa: E402
from core.models import (  # noqa: E402
    Connection,
    Customer,
    ExternalMapping,
    Firm,
    Invoice,
    InvoiceLine,
)
from core.models.enums import (  # noqa: E402
    ConnectionStatus,
    Entity,
    InvoiceStatus,
    MappingState,
    Provider,
    Role,
)
from core.settings import Settings, load_settings  # noqa: E402
from tests.sql_counter import count_pg_statements  # noqa: E402

SECTION = "## graphql_load"
FIRM = "bench-firm"
INVOICES = 200
LINES = 3
IN_FLIGHT = 4
QUERY = """
query Invoices($first: Int) {
  invoices(first: $first) {
    totalCount
    edges { cursor node {
      id number status total balance issueDate dueDate
      customer { id name }
      lines { description quantity unitPrice amount }
      syncStatus { status remoteId }
    } }
  }
}
"""
GOAL_CPU_RATIO = 1.5
GOAL_STATEMENTS = 5


@dataclass
class Load:
    """One app's numbers."""

    name: str
    capacity: float = 0.0
    capacity_cpu_ms: float = 0.0
    rate: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    rate_cpu_ms: float = 0.0
    errors: int = 0
    timeouts: int = 0
    answer_bytes: int = 0


async def prepare(settings: Settings) -> None:
    """An empty database, migrated, with one firm of INVOICES synced invoices."""
    await Tortoise.init(config=tortoise_config(settings))
    conn = Tortoise.get_connection("default")
    await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await Tortoise.close_connections()
    await apply_migrations(settings)
    await Tortoise.init(config=tortoise_config(settings))
    try:
        await _seed()
    finally:
        await Tortoise.close_connections()


async def _seed() -> None:
    firm = await Firm.create(external_id=FIRM, name="Bench firm")
    await Connection.create(
        firm=firm, provider=Provider.XERO, status=ConnectionStatus.ACTIVE, remote_company_id="t-1"
    )
    issued = date(2026, 1, 5)
    for n in range(INVOICES):
        customer = await Customer.create(firm=firm, name=f"Customer {n}")
        invoice = await Invoice.create(
            firm=firm,
            customer=customer,
            number=str(1000 + n),
            status=InvoiceStatus.SENT,
            issue_date=issued,
            due_date=issued + timedelta(days=30),
            subtotal=Decimal("30.00"),
            tax_total=Decimal("0.00"),
            total=Decimal("30.00"),
            balance=Decimal("30.00"),
        )
        await InvoiceLine.bulk_create(
            [
                InvoiceLine(
                    invoice=invoice,
                    position=p,
                    description=f"Line {p}",
                    quantity=Decimal("1"),
                    unit_price=Decimal("10.00"),
                    tax_rate=Decimal("0"),
                    amount=Decimal("10.00"),
                )
                for p in range(LINES)
            ]
        )
        await ExternalMapping.create(
            firm=firm,
            provider=Provider.XERO,
            remote_company_id="t-1",
            entity=Entity.INVOICE,
            local_id=invoice.id,
            remote_id=str(n),
            state=MappingState.SYNCED,
            idempotency_key=f"bench-{n}",
        )


TIMED_OUT = -2


async def _post(client: httpx.AsyncClient, url: str, headers: dict[str, str], first: int) -> int:
    """The answer's size; -1 for an error answer, TIMED_OUT when none came in time."""
    try:
        response = await client.post(
            url + "/graphql", json={"query": QUERY, "variables": {"first": first}}, headers=headers
        )
    except httpx.TimeoutException:
        return TIMED_OUT
    if response.status_code != 200 or b'"errors"' in response.content:
        return -1
    return len(response.content)


async def capacity(url: str, pid: int, headers: dict[str, str], seconds: float) -> Load:
    """Requests/s with IN_FLIGHT requests always in flight, and CPU per request."""
    load = Load(name="")
    done = 0
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(timeout=30) as client:

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < deadline:
                size = await _post(client, url, headers, 100)
                if size < 0:
                    load.errors += 1
                load.answer_bytes = max(load.answer_bytes, size)
                done += 1

        started = time.monotonic()
        with measured_cpu(pid) as used:
            await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
        elapsed = time.monotonic() - started
    load.capacity = done / elapsed
    load.capacity_cpu_ms = used[0] / done * 1000
    return load


async def fixed_rate(
    url: str, pid: int, headers: dict[str, str], rate: float, seconds: float, load: Load
) -> None:
    """Open-loop arrivals at ``rate``/s: latency from each request's due time."""
    count = max(1, int(rate * seconds))
    latencies: list[float] = []
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=200)) as client:

        async def one(due: float) -> None:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            size = await _post(client, url, headers, 100)
            load.errors += size == -1
            load.timeouts += size == TIMED_OUT
            latencies.append(time.monotonic() - due)

        start = time.monotonic() + 0.2
        with measured_cpu(pid) as used:
            await asyncio.gather(*(one(start + i / rate) for i in range(count)))
    load.rate = rate
    load.p50_ms = percentile(latencies, 0.5) * 1000
    load.p99_ms = percentile(latencies, 0.99) * 1000
    load.rate_cpu_ms = used[0] / count * 1000


async def statements_per_request(settings: Settings, token: str) -> dict[int, int]:
    """What PostgreSQL receives for one request at each page size (after one warm-up)."""
    from core.app import create_app

    app = create_app(settings)
    counts: dict[int, int] = {}
    headers = {"Authorization": f"Bearer {token}"}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for first in (10, 50, 100):
                assert await _post(client, "", headers, first) > 0
                with count_pg_statements() as log:
                    assert await _post(client, "", headers, first) > 0
                counts[first] = log.count
    return counts


@dataclass
class Options:
    """Command-line options."""

    seconds: float
    database_url: str
    redis_url: str
    write: str | None


async def measure(options: Options) -> tuple[list[Load], dict[int, int], str]:
    """Run both apps' phases; return their loads, the statement counts and the load average."""
    state = Path(tempfile.mkdtemp(prefix="ledgersync-bench-"))
    settings = load_settings(
        DATABASE_URL=options.database_url,
        REDIS_URL=options.redis_url,
        dev_mode=True,
        state_dir=state,
        encryption_keys=ENCRYPTION_KEY,
        run_embedded_worker=False,
    )
    await prepare(settings)
    token = mint_dev_token(settings, firm=FIRM, role=Role.FIRM_ADMIN, user="bench-user")
    headers = {"Authorization": f"Bearer {token}"}
    env = app_env(options.database_url, options.redis_url, state)
    sampler = LoadSampler()
    sampler.start()
    project_port, minimal_port = free_port(), free_port()
    project_cmd = uvicorn_command("core.app:create_app_from_environment", project_port)
    minimal_cmd = uvicorn_command("bench.minimal_app:create_app", minimal_port)
    async with (
        serve(project_cmd, env, project_port) as project,
        serve(minimal_cmd, env, minimal_port) as minimal,
    ):
        for served in (project, minimal):  # warm up: caches, pools, sign-in
            for _ in range(20):
                await _post(httpx.AsyncClient(timeout=30), served.url, headers, 100)
        mini = await capacity(minimal.url, minimal.pid, headers, options.seconds)
        ours = await capacity(project.url, project.pid, headers, options.seconds)
        mini.name, ours.name = "minimal Strawberry + Starlette", "Ledgersync"
        rate = mini.capacity / 2
        await fixed_rate(minimal.url, minimal.pid, headers, rate, options.seconds, mini)
        await fixed_rate(project.url, project.pid, headers, rate, options.seconds, ours)
    counts = await statements_per_request(settings, token)
    await sampler.stop()
    return [ours, mini], counts, sampler.describe()


def report(options: Options, loads: list[Load], counts: dict[int, int], load_average: str) -> str:
    """The results as a Markdown section (also printed)."""
    ours, mini = loads
    ratio = ours.rate_cpu_ms / mini.rate_cpu_ms if mini.rate_cpu_ms else float("nan")
    rows = [
        "| app | capacity (req/s, 4 in flight) | CPU/request at capacity | fixed rate | p50 | p99 "
        "| CPU/request at the fixed rate | errors | timeouts (30 s) | answer |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for load in loads:
        rows.append(
            f"| {load.name} | {load.capacity:.1f} | {load.capacity_cpu_ms:.1f} ms "
            f"| {load.rate:.1f}/s | {load.p50_ms:.1f} ms | {load.p99_ms:.1f} ms "
            f"| {load.rate_cpu_ms:.1f} ms | {load.errors} | {load.timeouts} "
            f"| {load.answer_bytes} B |"
        )
    worst = max(counts.values())
    statements = ", ".join(f"first={first}: {n}" for first, n in counts.items())
    lines = [
        SECTION,
        "",
        machine_line("PostgreSQL 15 and Redis on the same machine"),
        f"Load average while it ran: {load_average}.",
        "",
        f"Query: `invoices(first: 100)` with customer, lines and sync status ({INVOICES} invoices "
        f"of {LINES} lines in the firm); {options.seconds:.0f} s a phase; both apps served by "
        "uvicorn with `ledgersync serve`'s settings, each in its own process.",
        "",
        *rows,
        "",
        f"- Server CPU per request at the fixed rate, Ledgersync / minimal app: **{ratio:.2f}x** "
        f"(goal ≤ {GOAL_CPU_RATIO}x: {'met' if ratio <= GOAL_CPU_RATIO else 'not met'}).",
        f"- SQL statements PostgreSQL receives per request: {statements} "
        f"(goal ≤ {GOAL_STATEMENTS}, constant in `first`: "
        f"{'met' if worst <= GOAL_STATEMENTS and len(set(counts.values())) == 1 else 'not met'}).",
        "",
    ]
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> Options:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each phase (15)")
    parser.add_argument("--quick", action="store_true", help="2 s phases, no results file")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--results", default=str(RESULTS), help="results file to update")
    args = parser.parse_args(argv)
    if args.quick:
        return Options(2.0, args.database_url, args.redis_url, write=None)
    return Options(args.seconds, args.database_url, args.redis_url, write=args.results)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and update the results file unless --quick."""
    options = parse(argv)
    loads, counts, load_average = asyncio.run(measure(options))
    section = report(options, loads, counts, load_average)
    print(section)
    if options.write:
        write_section(Path(options.write), section)
    return 1 if any(load.errors for load in loads) else 0


if __name__ == "__main__":
    raise SystemExit(main())
