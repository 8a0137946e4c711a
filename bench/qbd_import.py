"""Import N invoices from QuickBooks Desktop (``importInvoices``) through a simulated Web Connector.

The path is the real one end to end: the app (SQLite in a temporary folder, the embedded
worker), the ``importInvoices`` mutation over GraphQL, the run parked WAITING, and the simulated
Web Connector driving ``POST /qbwc`` over HTTP (in-process) against a company file holding
the invoices. QuickBooks takes time to answer each request set: before every
``receiveResponseXML`` the Web Connector waits a latency drawn uniformly from ``--latency-ms``
(200-800 ms by default), and on ``NoOp`` it pauses ``--noop-pause`` seconds (5, as the real one).

    python bench/qbd_import.py                  # 20,000 invoices, writes bench/RESULTS.md
    python bench/qbd_import.py --invoices 2000  # fewer invoices (still written)
    python bench/qbd_import.py --quick          # 300 invoices, 0-5 ms, 50 ms NoOp pauses, no file

Reported: Web Connector sessions, SOAP calls (all operations) and request-set round trips
(``receiveResponseXML``), wall seconds against the lower bound round trips x mean latency
(QuickBooks' own time, which nothing on our side can remove), the time spent in NoOp pauses,
and the process's peak RSS (app, worker and simulated company file together) over its RSS
before the import.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from lxml import etree  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from bench.common import machine_line  # noqa: E402
from bench.push_invoices import write_section  # noqa: E402
from core.app import create_app  # noqa: E402
from core.auth import mint_dev_token  # noqa: E402
from core.db import tortoise_config  # noqa: E402
from core.models import AgentLogin, Connection, Invoice, SyncRun  # noqa: E402
from core.models.enums import Role, SyncKind, SyncRunStatus  # noqa: E402
from core.settings import Settings, load_settings  # noqa: E402
from integrations.quickbooks_desktop.simulator import (  # noqa: E402
    CompanyFile,
    SessionReport,
    WebConnector,
)
from integrations.quickbooks_desktop.simulator.company import Clock  # noqa: E402
from integrations.quickbooks_desktop.simulator.records import Document, Line  # noqa: E402

RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## qbd_import"
BASE_URL = "http://testserver"
FIRM = "bench-firm"
CUSTOMERS = 50
ENCRYPTION_KEY = "cw_0x689RpI-jtRR7oE8h_eqsKlZVO1SaoTsvnh5AdM="
#: A safety net so a stuck import ends the script instead of running forever; not a goal.
MAX_SESSIONS = 2_000
SETTLE_GUARD_SECONDS = 600

START = """mutation { startConnection(provider: QUICKBOOKS_DESKTOP) {
  __typename ... on WebConnectorSetup { connectionId userName password } } }"""
IMPORT = """mutation($id: ID!) { importInvoices(connectionId: $id) {
  __typename ... on ImportInvoicesSuccess { run { id } } ... on UserError { code message } } }"""


@dataclass
class Options:
    """What to run."""

    invoices: int
    latency: tuple[float, float]
    noop_pause: float
    write: str | None


@dataclass
class SlowQuickBooks:
    """QuickBooks' time per request set: what the Web Connector waits before answering."""

    low: float
    high: float
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    waited: list[float] = field(default_factory=list)

    async def wait(self) -> None:
        """Sleep one latency drawn uniformly from [low, high]."""
        seconds = self.rng.uniform(self.low, self.high)
        self.waited.append(seconds)
        await asyncio.sleep(seconds)


class TimedWebConnector(WebConnector):
    """The simulated Web Connector, waiting for QuickBooks before each receiveResponseXML."""

    def __init__(self, *args: Any, quickbooks: SlowQuickBooks, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quickbooks = quickbooks

    async def call(self, operation: str, report: SessionReport, **args: str) -> etree._Element:
        """One SOAP call; QuickBooks' time comes before each response set is sent back."""
        if operation == "receiveResponseXML":
            await self.quickbooks.wait()
        return await super().call(operation, report, **args)


@dataclass
class Outcome:
    """One measured import."""

    invoices: int
    imported: int
    status: str
    seconds: float
    sessions: int
    soap_calls: int
    round_trips: int
    noops: int
    mean_latency: float
    noop_seconds: float
    rss_before_mb: float
    rss_peak_mb: float

    @property
    def bound(self) -> float:
        """Round trips x mean latency: the time QuickBooks itself took."""
        return self.round_trips * self.mean_latency


def company_with_invoices(count: int) -> CompanyFile:
    """A company file with ``count`` open invoices over a few customers, entered by hand."""
    company = CompanyFile(name="Bench Books", clock=Clock(manual=True))
    item = company.add_item("Consulting", Decimal("125.00"))
    customers = [company.add_customer(f"Customer {n:03d}") for n in range(1, CUSTOMERS + 1)]
    start = date(2026, 1, 1)
    for n in range(count):
        quantity = Decimal(1 + n % 4)
        line = Line("1", item.stamp.id, "Consulting", quantity, item.price, quantity * item.price)
        doc = Document(
            kind="Invoice",
            stamp=company.stamp(False),
            txn_number=company.next_txn_number(),
            customer_id=customers[n % CUSTOMERS].stamp.id,
            txn_date=start + timedelta(days=n % 300),
            ref_number=f"B{n + 1:06d}",
            lines=[line],
            due_date=start + timedelta(days=n % 300 + 30),
        )
        company.documents[doc.stamp.id] = doc
    return company


def rss_mb() -> float:
    """This process's current resident set size in MB (Linux)."""
    resident = int(Path("/proc/self/statm").read_text().split()[1])
    return resident * resource.getpagesize() / 1_000_000


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1_000


async def _prepare(settings: Settings) -> None:
    await Tortoise.init(config=tortoise_config(settings))
    try:
        await Tortoise.generate_schemas()
    finally:
        await Tortoise.close_connections()


async def _settled(run_id: UUID) -> SyncRun:
    async with asyncio.timeout(SETTLE_GUARD_SECONDS):
        while True:
            run = await SyncRun.get(id=run_id)
            if run.status is SyncRunStatus.WAITING or run.status.is_terminal:
                return run
            await asyncio.sleep(0.05)


async def _graphql(http: httpx.AsyncClient, token: str, query: str, **variables: str) -> Any:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(f"GraphQL errors: {body['errors']}")
    return body["data"]


@asynccontextmanager
async def served_app(prefix: str) -> AsyncIterator[tuple[Settings, httpx.AsyncClient]]:
    """The app on a fresh SQLite file with its embedded worker, and a client that calls it
    in-process (the simulated Web Connector's HTTP too)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        settings = load_settings(
            DATABASE_URL=f"sqlite://{Path(folder) / 'bench.sqlite3'}",
            REDIS_URL=None,
            dev_mode=True,
            state_dir=Path(folder) / "state",
            encryption_keys=ENCRYPTION_KEY,
            public_url=BASE_URL,
            log_level="WARNING",
        ).model_copy(update={"redis_url": None, "run_embedded_worker": True})
        await _prepare(settings)
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url=BASE_URL, timeout=SETTLE_GUARD_SECONDS
            ) as http:
                yield settings, http


async def measure(options: Options) -> Outcome:
    """Set up the app and the company file, then import and measure."""
    company = company_with_invoices(options.invoices)
    async with served_app("qbd-import-") as (settings, http):
        return await _import(options, settings, company, http)


async def _import(
    options: Options, settings: Settings, company: CompanyFile, http: httpx.AsyncClient
) -> Outcome:
    token = mint_dev_token(settings, firm=FIRM, role=Role.FIRM_ADMIN, user="bench-admin")
    setup = (await _graphql(http, token, START))["startConnection"]
    connection = await Connection.get(firm__external_id=FIRM)
    company.file_id = (await AgentLogin.get(connection_id=connection.id)).company_key
    quickbooks = SlowQuickBooks(*options.latency)
    connector = TimedWebConnector(
        http,
        f"{BASE_URL}/qbwc",
        company,
        user_name=setup["userName"],
        password=setup["password"],
        noop_pause_seconds=options.noop_pause,
        quickbooks=quickbooks,
    )
    await connector.run_session()  # the first session records the company: ACTIVE
    quickbooks.waited.clear()
    rss_before = rss_mb()

    started = time.perf_counter()
    result = (await _graphql(http, token, IMPORT, id=setup["connectionId"]))["importInvoices"]
    if result["__typename"] != "ImportInvoicesSuccess":
        raise RuntimeError(f"importInvoices refused: {result}")
    run = await _settled((await SyncRun.get(kind=SyncKind.IMPORT_INVOICES)).id)
    sessions = soap_calls = round_trips = noops = 0
    while not run.status.is_terminal and sessions < MAX_SESSIONS:
        report = await connector.run_session()
        sessions += 1
        soap_calls += len(report.calls)
        round_trips += report.calls.count("receiveResponseXML")
        noops += report.noops
        run = await _settled(run.id)
    seconds = time.perf_counter() - started

    waited = quickbooks.waited
    return Outcome(
        invoices=options.invoices,
        imported=await Invoice.filter(firm_id=connection.firm_id).count(),  # type: ignore[attr-defined]
        status=run.status.value,
        seconds=seconds,
        sessions=sessions,
        soap_calls=soap_calls,
        round_trips=round_trips,
        noops=noops,
        mean_latency=sum(waited) / len(waited) if waited else 0.0,
        noop_seconds=noops * options.noop_pause,
        rss_before_mb=rss_before,
        rss_peak_mb=peak_rss_mb(),
    )


def report(options: Options, outcome: Outcome) -> str:
    """The results section (a Markdown table and the parameters)."""
    low, high = (round(v * 1000) for v in options.latency)
    overhead = outcome.seconds - outcome.bound - outcome.noop_seconds
    lines = [
        SECTION,
        "",
        machine_line("SQLite in a temporary folder, the embedded worker, all in one process"),
        "",
        f"Parameters: {outcome.invoices} open invoices over {CUSTOMERS} customers in the simulated "
        f"company file; QuickBooks takes {low}-{high} ms (uniform) per request set before "
        f"receiveResponseXML; NoOp pause {options.noop_pause:g} s. Command: "
        f"`python bench/qbd_import.py --invoices {options.invoices} --latency-ms {low}-{high} "
        f"--noop-pause {options.noop_pause:g}`.",
        "",
        "| invoices | imported | run | seconds | sessions | SOAP calls | round trips | "
        "mean latency | bound (trips x latency) | vs bound | NoOps (s paused) | "
        "other seconds | RSS before | peak RSS |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {outcome.invoices} | {outcome.imported} | {outcome.status} | {outcome.seconds:.1f} | "
        f"{outcome.sessions} | {outcome.soap_calls} | {outcome.round_trips} | "
        f"{outcome.mean_latency * 1000:.0f} ms | {outcome.bound:.1f} s | "
        f"{outcome.bound / outcome.seconds:.0%} | {outcome.noops} ({outcome.noop_seconds:g} s) | "
        f"{overhead:.1f} | {outcome.rss_before_mb:.0f} MB | {outcome.rss_peak_mb:.0f} MB |",
        "",
        "Seconds run from the importInvoices mutation to the run's end. Round trips are "
        'receiveResponseXML calls (one request set each); "other seconds" are what remains '
        "after QuickBooks' time and the NoOp pauses: Ledgersync's work (SOAP, qbXML, the request "
        "ledger, resumes of the run, the database). RSS covers the whole process, the simulated "
        "company file included.",
        "",
    ]
    return "\n".join(lines)


def _latency(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    values = (float(low) / 1000, float(high or low) / 1000)
    if values[0] < 0 or values[1] < values[0]:
        raise argparse.ArgumentTypeError("give LOW-HIGH milliseconds, LOW <= HIGH, e.g. 200-800")
    return values


def parse(argv: list[str] | None = None) -> Options:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--invoices", type=int, default=20_000, help="invoices (20000)")
    parser.add_argument(
        "--latency-ms",
        type=_latency,
        default=(0.2, 0.8),
        help="QuickBooks' time per request set, LOW-HIGH ms (200-800)",
    )
    parser.add_argument(
        "--noop-pause", type=float, default=5.0, help="seconds the Web Connector pauses on NoOp (5)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="300 invoices, 0-5 ms, 50 ms NoOp pauses, no results file",
    )
    parser.add_argument("--results", default=str(RESULTS), help="results file to update")
    args = parser.parse_args(argv)
    if args.quick:
        return Options(300, (0.0, 0.005), 0.05, write=None)
    return Options(args.invoices, args.latency_ms, args.noop_pause, write=args.results)


def main(argv: list[str] | None = None) -> int:
    """Run the import, print the table, and update the results file unless --quick."""
    options = parse(argv)
    outcome = asyncio.run(measure(options))
    section = report(options, outcome)
    print(section)
    if outcome.imported != outcome.invoices or outcome.status != SyncRunStatus.SUCCEEDED.value:
        print(
            f"imported {outcome.imported} of {outcome.invoices}; the run is {outcome.status}",
            file=sys.stderr,
        )
        return 1
    if options.write:
        write_section(Path(options.write), section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
