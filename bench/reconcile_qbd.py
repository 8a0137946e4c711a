"""Reconcile N linked invoices with a simulated QuickBooks Desktop company file, through the
Web Connector: the report's reads are queued, and the report completes once they are answered.

The app runs in-process with its embedded worker, as in ``bench/qbd_import.py`` (whose company
file, Web Connector and QuickBooks latency this reuses). The company file's N open invoices are
first imported (``importInvoices``), so both sides hold the same linked invoices and a correct
report finds nothing: the benchmark fails if it finds anything. Measured from the ``reconcile``
mutation to the report's end: seconds, Web Connector sessions, request sets (round trips).

    python bench/reconcile_qbd.py                    # 10,000 invoices, 200-800 ms, NoOp 5 s
    python bench/reconcile_qbd.py --quick            # 300 invoices, no results file
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from bench.common import machine_line  # noqa: E402
from bench.push_invoices import write_section  # noqa: E402
from bench.qbd_import import (  # noqa: E402
    BASE_URL,
    FIRM,
    IMPORT,
    MAX_SESSIONS,
    START,
    Options,
    SlowQuickBooks,
    TimedWebConnector,
    _graphql,
    _latency,
    _settled,
    company_with_invoices,
    served_app,
)
from core.auth import mint_dev_token  # noqa: E402
from core.models import (  # noqa: E402
    AgentLogin,
    Connection,
    Discrepancy,
    ReconciliationReport,
    SyncRun,
)
from core.models.enums import Role, SyncKind, SyncRunStatus  # noqa: E402

RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## reconcile_qbd"
RECONCILE = """mutation($id: ID!) { reconcile(connectionId: $id) {
  __typename ... on ReconcileSuccess { report { id } } ... on UserError { code message } } }"""


@dataclass
class Outcome:
    """One measured report."""

    invoices: int
    status: str
    seconds: float
    sessions: int
    round_trips: int
    noops: int
    discrepancies: int


async def _finish(run_id: Any, connector: TimedWebConnector) -> tuple[SyncRun, int, int, int]:
    run = await _settled(run_id)
    sessions = round_trips = noops = 0
    while not run.status.is_terminal and sessions < MAX_SESSIONS:
        report = await connector.run_session()
        sessions += 1
        round_trips += report.calls.count("receiveResponseXML")
        noops += report.noops
        run = await _settled(run.id)
    return run, sessions, round_trips, noops


async def _reconcile(options: Options, settings: Any, http: httpx.AsyncClient) -> Outcome:
    token = mint_dev_token(settings, firm=FIRM, role=Role.FIRM_ADMIN, user="bench-admin")
    setup = (await _graphql(http, token, START))["startConnection"]
    connection = await Connection.get(firm__external_id=FIRM)
    company = company_with_invoices(options.invoices)
    company.file_id = (await AgentLogin.get(connection_id=connection.id)).company_key
    connector = TimedWebConnector(
        http,
        f"{BASE_URL}/qbwc",
        company,
        user_name=setup["userName"],
        password=setup["password"],
        noop_pause_seconds=options.noop_pause,
        quickbooks=SlowQuickBooks(*options.latency),
    )
    await connector.run_session()  # the first session records the company: ACTIVE
    await _graphql(http, token, IMPORT, id=setup["connectionId"])
    imported, *_ = await _finish((await SyncRun.get(kind=SyncKind.IMPORT_INVOICES)).id, connector)
    if imported.status is not SyncRunStatus.SUCCEEDED:
        raise RuntimeError(f"the import ended {imported.status.value}: {imported.error}")

    started = time.perf_counter()
    result = (await _graphql(http, token, RECONCILE, id=setup["connectionId"]))["reconcile"]
    if result["__typename"] != "ReconcileSuccess":
        raise RuntimeError(f"reconcile refused: {result}")
    report = await ReconciliationReport.get()
    run, sessions, round_trips, noops = await _finish(report.run_id, connector)
    seconds = time.perf_counter() - started
    found = await Discrepancy.filter(report_id=report.id).count()
    return Outcome(options.invoices, run.status.value, seconds, sessions, round_trips, noops, found)


async def measure(options: Options) -> Outcome:
    """Set up the app and the company file, import, then reconcile and measure."""
    async with served_app("qbd-reconcile-") as (settings, http):
        return await _reconcile(options, settings, http)


def report(options: Options, outcome: Outcome) -> str:
    """The results section (a Markdown table and the parameters)."""
    low, high = (round(v * 1000) for v in options.latency)
    return "\n".join(
        [
            SECTION,
            "",
            machine_line("SQLite in a temporary folder, the embedded worker, all in one process"),
            "",
            f"Parameters: {options.invoices} open invoices in the simulated company file, first "
            f"imported (so the books are clean); QuickBooks takes {low}-{high} ms per request "
            f"set; NoOp pause {options.noop_pause:g} s.",
            "",
            "| invoices | run | seconds | sessions | round trips | NoOps | discrepancies |",
            "|---:|---|---:|---:|---:|---:|---:|",
            f"| {outcome.invoices} | {outcome.status} | {outcome.seconds:.1f} "
            f"| {outcome.sessions} | {outcome.round_trips} | {outcome.noops} "
            f"| {outcome.discrepancies} |",
            "",
        ]
    )


def parse(argv: list[str] | None = None) -> Options:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--invoices", type=int, default=10_000, help="invoices (10000)")
    parser.add_argument("--latency-ms", type=_latency, default=(0.2, 0.8))
    parser.add_argument("--noop-pause", type=float, default=5.0)
    parser.add_argument("--quick", action="store_true", help="300 invoices, no results file")
    parser.add_argument("--results", default=str(RESULTS), help="results file to update")
    args = parser.parse_args(argv)
    if args.quick:
        return Options(300, (0.0, 0.005), 0.05, write=None)
    return Options(args.invoices, args.latency_ms, args.noop_pause, write=args.results)


def main(argv: list[str] | None = None) -> int:
    """Run the report, print the table, and update the results file unless --quick."""
    options = parse(argv)
    outcome = asyncio.run(measure(options))
    print(report(options, outcome))
    if outcome.discrepancies or outcome.status != SyncRunStatus.SUCCEEDED.value:
        print(f"clean books gave {outcome.discrepancies} discrepancies", file=sys.stderr)
        return 1
    if options.write:
        write_section(Path(options.write), report(options, outcome))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
