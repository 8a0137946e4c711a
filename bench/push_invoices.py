"""Push N invoices to the QuickBooks Online simulator under Intuit's limits, against the bound.

The engine path is the real one: ``core.sync.push.push_invoices`` through a session of the
QuickBooksOnlineKit, which spends the shared per-realm rate budget. The simulator enforces
Intuit's limits (500 requests/min, 10 concurrent, 40 batch calls/min, 30 items a batch) and
answers every API request after a random latency. A naive loop that creates one invoice per
request, ten at a time through the same limiter, runs against a fresh simulated company for
comparison. Each run gets a fresh SQLite database in a temporary folder.

    python bench/push_invoices.py                # 2,000 invoices, writes bench/RESULTS.md
    python bench/push_invoices.py --quick        # 40 invoices, no limits, no latency, no file
    python bench/push_invoices.py --provider xero  # the Xero run (bench/push_invoices_xero.py)

The bounds: a batch call carries at most 30 invoices and at most 40 batch calls start in any
60-second window, so a push of batch calls alone cannot beat 40 x 30 = 1,200 invoices/min; the
other 460 requests a minute could each carry one invoice, so no sustained push beats about 1,660
invoices/min (the combined bound; the setup calls come on top). From a cold start the first
window is empty, so a short run may beat those figures: the script also computes the exact bound
for this run, within the 10-requests-in-flight limit (see :func:`cold_start_bound`), and
compares against all three.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.routing import Mount  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from core.crypto import SecretBox  # noqa: E402
from core.db import tortoise_config  # noqa: E402
from core.events import SyncEvent  # noqa: E402
from core.models import Connection, Customer, Firm, Invoice, InvoiceLine, User  # noqa: E402
from core.models.enums import (  # noqa: E402
    ConnectionStatus,
    DocType,
    InvoiceStatus,
    Provider,
    SyncKind,
    SyncRunStatus,
    SyncTrigger,
)
from core.settings import Settings, load_settings  # noqa: E402
from core.sync.ports import RateLimited  # noqa: E402
from core.sync.push import push_invoices  # noqa: E402
from core.sync.records import CustomerRecord, InvoiceLineRecord, InvoiceRecord  # noqa: E402
from core.sync.runs import RunReporter, create_run  # noqa: E402
from core.sync.session import ProviderEnv, SessionTarget  # noqa: E402
from core.sync.tokens import CredentialStore  # noqa: E402
from integrations.quickbooks_online.kit import SIMULATOR_PATH, QuickBooksOnlineKit  # noqa: E402
from integrations.quickbooks_online.simulator import SimulatorSettings, create_app  # noqa: E402
from integrations.quickbooks_online.simulator.settings import RegisteredClient  # noqa: E402

RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## push_invoices"
PLATFORM = "QuickBooks Online"
BATCH_ITEMS = 30
BATCHES_PER_MINUTE = 40
REQUESTS_PER_MINUTE = 500
CONCURRENT_REQUESTS = 10
NAIVE_CONCURRENCY = 10
AMOUNT = Decimal("125.00")
LIMITS = "on (500 requests/min, 10 concurrent, 40 batch calls/min, 30 a batch)"


@dataclass
class Options:
    """What to run."""

    count: int
    customers: int
    limits: bool
    latency: tuple[float, float] | None
    naive: bool
    write: str | None
    provider: str = "qbo"


@dataclass
class CallCounter:
    """Counts the simulator's API requests and batch calls (an ASGI wrapper)."""

    app: Any
    requests: int = 0
    batches: int = 0
    throttled: int = 0
    latencies: list[float] = field(default_factory=list)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] == "http" and "/v3/company/" in path:
            self.requests += 1
            self.batches += path.endswith("/batch")
            started = time.perf_counter()

            async def observe(message: MutableMapping[str, Any]) -> None:
                if message["type"] == "http.response.start" and message["status"] == 429:
                    self.throttled += 1
                await send(message)

            await self.app(scope, receive, observe)
            self.latencies.append(time.perf_counter() - started)
            return
        await self.app(scope, receive, send)


@dataclass
class Outcome:
    """One measured push."""

    name: str
    invoices: int
    seconds: float
    requests: int
    batches: int
    mean_request_seconds: float
    remote_invoices: int
    throttled: int

    @property
    def per_minute(self) -> float:
        """Invoices per minute over the whole push (setup included)."""
        return self.invoices / self.seconds * 60


class NullSink:
    """Progress events go nowhere: the benchmark measures the push, not the event bus."""

    async def publish(self, event: SyncEvent) -> None:
        """Drop the event."""


@dataclass
class World:
    """One firm connected to one fresh simulator (its own limits and limiter)."""

    env: ProviderEnv
    kit: QuickBooksOnlineKit
    counter: CallCounter
    simulator: Any
    firm: Firm
    user: User
    connection: Connection
    platform: str = PLATFORM
    engine_label: str = "engine (/batch, 30 a call)"

    def session(self) -> Any:
        """A provider session for the connection."""
        realm = self.connection.remote_company_id or ""
        return self.kit.session(self.env, SessionTarget(self.connection.id, realm, {}))

    def remote_invoices(self) -> int:
        """Invoices in the simulated company."""
        realm = self.connection.remote_company_id or ""
        return len(self.simulator.entities(realm, "Invoice"))


async def connect(settings: Settings, options: Options, firm_name: str) -> World:
    """A fresh simulator, the OAuth dance through it, and an ACTIVE connection."""
    kit = QuickBooksOnlineKit()
    env = ProviderEnv(
        settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys))
    )
    client = RegisteredClient("sim-client-id", "sim-client-secret", (kit.redirect_uri(env),))
    simulator = create_app(
        SimulatorSettings(
            auto_approve=True,
            clients=(client,),
            enforce_limits=options.limits,
            latency_seconds=options.latency,
        )
    )
    counter = CallCounter(simulator)
    env.transport = httpx.ASGITransport(app=Starlette(routes=[Mount(SIMULATOR_PATH, counter)]))
    oauth = kit.oauth(env)
    async with httpx.AsyncClient(transport=env.transport) as browser:
        consent = await browser.get(oauth.authorization_url("bench"))
    query = parse_qs(urlparse(consent.headers["location"]).query)
    grant = await oauth.exchange_code({k: v[0] for k, v in query.items()})
    firm = await Firm.create(external_id=firm_name, name=firm_name)
    user = await User.create(external_id=f"{firm_name}-user", name="Bench")
    connection = await Connection.create(
        firm=firm,
        provider=Provider.QUICKBOOKS_ONLINE,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=grant.companies[0].id,
    )
    await env.credentials.store(connection, grant.tokens)
    return World(env, kit, counter, simulator.state.simulator, firm, user, connection)


async def seed(firm: Firm, count: int, customers: int) -> list[Invoice]:
    """``count`` issued one-line invoices spread over ``customers`` customers."""
    people = [Customer(firm=firm, name=f"Customer {n:03d}") for n in range(customers)]
    await Customer.bulk_create(people)
    people = await Customer.filter(firm=firm).order_by("name")
    invoices = [
        Invoice(
            firm=firm,
            customer=people[n % len(people)],
            number=str(10_000 + n),
            doc_type=DocType.INVOICE,
            status=InvoiceStatus.SENT,
            issue_date=date(2026, 3, 1),
            due_date=date(2026, 3, 31),
            subtotal=AMOUNT,
            total=AMOUNT,
            balance=AMOUNT,
        )
        for n in range(count)
    ]
    await Invoice.bulk_create(invoices, batch_size=500)
    stored = await Invoice.filter(firm=firm).order_by("number")
    lines = [
        InvoiceLine(
            invoice=invoice,
            position=0,
            description="Monthly bookkeeping",
            quantity=Decimal("1"),
            unit_price=AMOUNT,
            amount=AMOUNT,
        )
        for invoice in stored
    ]
    await InvoiceLine.bulk_create(lines, batch_size=500)
    return list(stored)


async def _until_done(step: Callable[[], Awaitable[SyncRunStatus]]) -> SyncRunStatus:
    # What the job does on a throttle: wait as told, then resume the same run.
    while True:
        try:
            return await step()
        except RateLimited as exc:
            print(f"  throttled: waiting {exc.retry_after:.0f} s", file=sys.stderr)
            await asyncio.sleep(exc.retry_after)


def _outcome(name: str, world: Any, count: int, seconds: float) -> Outcome:
    latencies = world.counter.latencies
    return Outcome(
        name=name,
        invoices=count,
        seconds=seconds,
        requests=world.counter.requests,
        batches=world.counter.batches,
        mean_request_seconds=statistics.fmean(latencies) if latencies else 0.0,
        remote_invoices=world.remote_invoices(),
        throttled=world.counter.throttled,
    )


async def run_engine(world: Any, invoices: list[Invoice]) -> Outcome:
    """The push engine: customers matched or created, then the invoices in batched calls (a
    World, or a XeroWorld of bench/push_invoices_xero.py)."""
    run = await create_run(
        firm_id=world.firm.id,
        kind=SyncKind.PUSH_INVOICES,
        trigger=SyncTrigger.USER,
        started_by_id=world.user.id,
        connection_id=world.connection.id,
    )
    reporter = RunReporter(run, NullSink())
    ids = [invoice.id for invoice in invoices]

    async def step() -> SyncRunStatus:
        async with world.session() as session:
            return await push_invoices(
                reporter, session, world.connection, ids, platform=world.platform
            )

    started = time.perf_counter()
    status = await _until_done(step)
    seconds = time.perf_counter() - started
    if status is not SyncRunStatus.SUCCEEDED:
        raise SystemExit(f"the engine's run ended {status.value}: {reporter.run.error}")
    return _outcome(world.engine_label, world, len(invoices), seconds)


async def run_naive(world: World, invoices: list[Invoice]) -> Outcome:
    """One create request per customer and per invoice, ten in flight, same limiter."""
    customers = {invoice.customer_id for invoice in invoices}  # type: ignore[attr-defined]
    remote: dict[object, str] = {}
    started = time.perf_counter()
    async with world.session() as session:
        for customer in await Customer.filter(id__in=list(customers)):
            record = CustomerRecord(str(customer.id), customer.name, uuid.uuid4().hex)
            created = await session.create_customer(record)
            assert created.ref is not None, created.error
            remote[customer.id] = created.ref.id
        queue: asyncio.Queue[Invoice] = asyncio.Queue()
        for invoice in invoices:
            queue.put_nowait(invoice)

        async def worker() -> None:
            while not queue.empty():
                invoice = queue.get_nowait()
                record = _naive_record(invoice, remote[invoice.customer_id])  # type: ignore[attr-defined]
                while True:
                    try:
                        outcome = await session.create_invoice(record)
                        break
                    except RateLimited:
                        # The shared limiter already pauses the realm; the same requestid
                        # replays safely.
                        continue
                assert outcome.ref is not None, outcome.error

        await asyncio.gather(*(worker() for _ in range(NAIVE_CONCURRENCY)))
    seconds = time.perf_counter() - started
    return _outcome("naive (1 request an invoice)", world, len(invoices), seconds)


def _naive_record(invoice: Invoice, customer_remote_id: str) -> InvoiceRecord:
    line = InvoiceLineRecord("Monthly bookkeeping", Decimal("1"), AMOUNT, AMOUNT)
    return InvoiceRecord(
        local_id=str(invoice.id),
        doc_type=DocType.INVOICE,
        number=invoice.number,
        customer_remote_id=customer_remote_id,
        issue_date=invoice.issue_date,
        idempotency_key=uuid.uuid4().hex,
        lines=(line,),
        due_date=invoice.due_date,
    )


def cold_start_bound(count: int, batches: int, requests: int, latency: float) -> float:
    """Invoices/min no client can beat for this run, starting with empty one-minute windows.

    At most 40 batch calls (and 500 requests) start in any 60 s window, so call k (counting from
    0) cannot start before 60 x floor(k / limit); the last one then takes at least one request's
    latency. At most 10 requests are in flight at once, so the run's requests take at least
    ceil(requests / 10) request latencies however the windows fall. The run's real batch and
    request counts are used, setup calls included.
    """
    last_batch = 60.0 * math.floor(max(batches - 1, 0) / BATCHES_PER_MINUTE)
    last_request = 60.0 * math.floor(max(requests - 1, 0) / REQUESTS_PER_MINUTE)
    windows = max(last_batch, last_request) + latency
    in_flight = math.ceil(max(requests, 1) / CONCURRENT_REQUESTS) * latency
    return count / max(windows, in_flight) * 60


def sustained_bound(count: int, batches: int) -> float:
    """Invoices/min a long push of batch calls alone cannot beat: 40 batch calls/min x 30.

    Setup batches (customers, items) spend the same 40 calls a minute, so the share of batch
    calls that carry invoices scales the figure; setup look-ups spend only the 500 requests/min,
    which a batched push never approaches.
    """
    invoice_batches = math.ceil(count / BATCH_ITEMS)
    share = invoice_batches / max(batches, invoice_batches, 1)
    return BATCHES_PER_MINUTE * BATCH_ITEMS * share


def combined_bound(count: int, batches: int) -> float:
    """Invoices/min no long push can beat: the batch calls (see :func:`sustained_bound`) plus
    one invoice per request for the rest of the 500 requests a minute (about 1,660)."""
    return sustained_bound(count, batches) + (REQUESTS_PER_MINUTE - BATCHES_PER_MINUTE)


async def measure(options: Options) -> list[Outcome]:
    """Seed, push with the engine, then (optionally) with the naive loop."""
    with tempfile.TemporaryDirectory(prefix="ledgersync-bench-") as folder:
        settings = load_settings(
            DATABASE_URL=f"sqlite://{Path(folder) / 'bench.sqlite3'}",
            REDIS_URL=None,
            dev_mode=True,
            state_dir=Path(folder) / "state",
            encryption_keys=Fernet.generate_key().decode(),
            public_url="http://bench.invalid",
        )
        await Tortoise.init(config=tortoise_config(settings))
        try:
            await Tortoise.generate_schemas()
            outcomes = [await _engine(settings, options)]
            print(f"engine: {outcomes[0]}", file=sys.stderr)
            if options.naive:
                outcomes.append(await _naive(settings, options))
        finally:
            await Tortoise.close_connections()
    return outcomes


async def _engine(settings: Settings, options: Options) -> Outcome:
    world: Any
    if options.provider == "xero":
        from bench.push_invoices_xero import connect_xero

        world = await connect_xero(settings, options.limits, options.latency, "bench-xero")
    else:
        world = await connect(settings, options, "bench-engine")
    invoices = await seed(world.firm, options.count, options.customers)
    return await run_engine(world, invoices)


async def _naive(settings: Settings, options: Options) -> Outcome:
    world = await connect(settings, options, "bench-naive")
    invoices = await seed(world.firm, options.count, options.customers)
    return await run_naive(world, invoices)


def report(options: Options, outcomes: list[Outcome]) -> str:
    """The results as a Markdown section (also printed)."""
    engine = outcomes[0]
    cold = cold_start_bound(
        engine.invoices, engine.batches, engine.requests, engine.mean_request_seconds
    )
    sustained = sustained_bound(engine.invoices, engine.batches)
    combined = combined_bound(engine.invoices, engine.batches)
    latency = (
        f"{options.latency[0] * 1000:.0f}-{options.latency[1] * 1000:.0f} ms a request"
        if options.latency
        else "none"
    )
    rows = [
        "| run | invoices | seconds | API requests | batch calls | 429s | mean request "
        "| invoices/min | vs batch-only bound | vs combined bound | vs cold-start bound "
        "| remote invoices |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for o in outcomes:
        versus = (
            f"{o.per_minute / sustained:.0%} | {o.per_minute / combined:.0%} "
            f"| {o.per_minute / cold:.0%}"
            if options.limits
            else "n/a | n/a | n/a"
        )
        rows.append(
            f"| {o.name} | {o.invoices} | {o.seconds:.1f} | {o.requests} | {o.batches} "
            f"| {o.throttled} "
            f"| {o.mean_request_seconds * 1000:.0f} ms | {o.per_minute:.0f} "
            f"| {versus} | {o.remote_invoices} |"
        )
    lines = [
        SECTION,
        "",
        f"Recorded {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} CPU cores ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, SQLite in a temporary folder.",
        "",
        f"Parameters: {options.count} invoices over {options.customers} customers; simulator "
        f"limits {LIMITS if options.limits else 'off'}; latency {latency}.",
        "",
        f"Bounds: batch-only {sustained:.0f} invoices/min (40 batch calls/min x 30 invoices, "
        f"scaled by the share of batch calls that carry invoices); combined {combined:.0f} "
        f"invoices/min (that, plus one invoice per request for the other "
        f"{REQUESTS_PER_MINUTE - BATCHES_PER_MINUTE} requests a minute). Cold-start "
        f"bound for this run: {cold:.0f} invoices/min ({engine.batches} batch calls of which "
        f"{BATCHES_PER_MINUTE} may start in the first minute; call k cannot start before "
        f"60 s x floor(k/40), and the last one takes a request's latency; with at most "
        f"{CONCURRENT_REQUESTS} requests in flight the run takes at least "
        f"ceil(requests/{CONCURRENT_REQUESTS}) request latencies).",
        "",
        *rows,
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    """Replace this run's section of the results file (its exact heading line), or append it."""
    heading = section.split("\n", 1)[0] + "\n"
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    start = text.find(heading)
    if start >= 0:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def parse(argv: list[str] | None = None) -> Options:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=2000, help="invoices to push (2000)")
    parser.add_argument("--customers", type=int, default=20, help="customers (20)")
    parser.add_argument(
        "--quick", action="store_true", help="40 invoices, no limits, no latency, no results file"
    )
    parser.add_argument("--no-naive", action="store_true", help="skip the naive loop")
    parser.add_argument("--results", default=str(RESULTS), help="results file to update")
    parser.add_argument(
        "--provider",
        choices=("qbo", "xero"),
        default="qbo",
        help="qbo (QuickBooks Online, the default) or xero (engine only, no naive loop)",
    )
    args = parser.parse_args(argv)
    naive = not args.no_naive and args.provider == "qbo"
    if args.quick:
        return Options(40, 4, False, None, naive, write=None, provider=args.provider)
    return Options(
        args.count,
        args.customers,
        limits=True,
        latency=(0.15, 0.4),
        naive=naive,
        write=args.results,
        provider=args.provider,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and update the results file unless --quick."""
    options = parse(argv)
    outcomes = asyncio.run(measure(options))
    for outcome in outcomes:
        if outcome.remote_invoices != outcome.invoices:
            print(f"{outcome.name}: {outcome.remote_invoices} remote invoices", file=sys.stderr)
            return 1
    if options.provider == "xero":
        from bench.push_invoices_xero import report_xero

        section = report_xero(options, outcomes[0])
    else:
        section = report(options, outcomes)
    print(section)
    if options.write:
        write_section(Path(options.write), section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
