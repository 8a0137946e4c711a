"""Reconcile N linked invoices against the QuickBooks Online and Xero simulators.

The engine path is the real one: a RECONCILE run executed by the run executor through each
provider's kit, reading the simulated company's open invoices, payments and customers and
comparing them with the local books. Both sides hold the same N open invoices of 20 customers,
linked by their mappings, so a correct report finds nothing: the benchmark fails if it finds
anything. The simulators run without limits or latency, but Ledgersync's own rate budget applies
as in production (QuickBooks Online 500 calls a minute, Xero 60 a minute), so a report of more
calls than a minute allows waits for the budget: that wait is in the seconds. The platform calls
are counted, with the minutes they need at the platform's limit beside them. Each run gets a
fresh SQLite database in a temporary folder.

    python bench/reconcile.py                      # 5,000 and 10,000 invoices, both providers
    python bench/reconcile.py --sizes 1000 --providers xero
    python bench/reconcile.py --quick              # 30 invoices, no results file
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from cryptography.fernet import Fernet  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from bench.common import machine_line  # noqa: E402
from bench.push_invoices import NullSink, Options, connect, seed, write_section  # noqa: E402
from bench.push_invoices_xero import connect_xero  # noqa: E402
from core.db import tortoise_config  # noqa: E402
from core.models import Customer, Discrepancy, ExternalMapping, Invoice  # noqa: E402
from core.models.enums import Entity, MappingState, SyncRunStatus, SyncTrigger  # noqa: E402
from core.services.reconciliation import create_report  # noqa: E402
from core.settings import load_settings  # noqa: E402
from core.sync.executor import RunEnv, execute_run  # noqa: E402
from core.sync.pull_runs import pull_body  # noqa: E402
from core.sync.retry import DIRECT_POLICY  # noqa: E402
from integrations.xero.simulator.contacts import save_contact  # noqa: E402
from integrations.xero.simulator.invoices import save_invoice  # noqa: E402

RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## reconcile"
SIZES = (5_000, 10_000)
PROVIDERS = ("qbo", "xero")
CUSTOMERS = 20
AMOUNT = Decimal("125.00")
CALLS_A_MINUTE = {"qbo": 500, "xero": 60}


@dataclass
class Outcome:
    """One measured report."""

    provider: str
    invoices: int
    seconds: float
    calls: int
    discrepancies: int
    status: str

    @property
    def at_rate_limit_minutes(self) -> float:
        """Minutes the calls need at the platform's per-minute limit."""
        return self.calls / CALLS_A_MINUTE[self.provider]


def _mapping(world: Any, entity: Entity, local_id: object, remote_id: str) -> ExternalMapping:
    return ExternalMapping(
        firm_id=world.firm.id,
        provider=world.connection.provider,
        remote_company_id=world.connection.remote_company_id,
        entity=entity,
        local_id=local_id,
        remote_id=remote_id,
        remote_version="0",
        state=MappingState.SYNCED,
        idempotency_key=f"bench-{entity.value}-{remote_id}",
    )


def _qbo_remote(world: Any, customers: list[Customer], invoices: list[Invoice]) -> list[Any]:
    sim, realm_id = world.simulator, world.connection.remote_company_id or ""
    realm = sim.realm(realm_id)
    remote_customers = {}
    mappings = []
    for customer in customers:
        body = {"DisplayName": customer.name}
        remote = sim.accounting.create(realm, "Customer", body, origin="seed")
        remote_customers[customer.id] = remote.id
        mappings.append(_mapping(world, Entity.CUSTOMER, customer.id, remote.id))
    for invoice in invoices:
        line = {
            "Amount": AMOUNT,
            "DetailType": "SalesItemLineDetail",
            "Description": "Monthly bookkeeping",
            "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
        }
        body = {
            "Line": [line],
            "CustomerRef": {"value": remote_customers[invoice.customer_id]},  # type: ignore[attr-defined]
            "DocNumber": invoice.number,
        }
        remote = sim.accounting.create(realm, "Invoice", body, origin="seed")
        mappings.append(_mapping(world, Entity.INVOICE, invoice.id, remote.id))
    return mappings


def _xero_remote(world: Any, customers: list[Customer], invoices: list[Invoice]) -> list[Any]:
    sim = world.simulator
    org = sim.organisation(world.connection.remote_company_id or "")
    now = sim.settings.clock()
    remote_customers = {}
    mappings = []
    for customer in customers:
        contact = save_contact(org, {"Name": customer.name}, now, upsert=False).element
        remote_customers[customer.id] = contact["ContactID"]
        mappings.append(_mapping(world, Entity.CUSTOMER, customer.id, contact["ContactID"]))
    for invoice in invoices:
        element = {
            "Type": "ACCREC",
            "Contact": {"ContactID": remote_customers[invoice.customer_id]},  # type: ignore[attr-defined]
            "InvoiceNumber": invoice.number,
            "LineAmountTypes": "NoTax",
            "Status": "AUTHORISED",
            "Date": "2026-03-01",
            "DueDate": "2026-03-31",
            "LineItems": [
                {
                    "Description": "Monthly bookkeeping",
                    "Quantity": 1,
                    "UnitAmount": float(AMOUNT),
                    "AccountCode": "200",
                }
            ],
        }
        outcome = save_invoice(org, element, now, existing=None)
        if not outcome.ok:
            raise RuntimeError(f"the simulator refused a seeded invoice: {outcome.errors}")
        mappings.append(_mapping(world, Entity.INVOICE, invoice.id, outcome.element["InvoiceID"]))
    return mappings


async def _world(provider: str, settings: Any) -> Any:
    if provider == "qbo":
        options = Options(0, CUSTOMERS, limits=False, latency=None, naive=False, write=None)
        return await connect(settings, options, "bench-reconcile")
    return await connect_xero(settings, False, None, "bench-reconcile")


async def _measure_one(provider: str, count: int) -> Outcome:
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
            world = await _world(provider, settings)
            invoices = await seed(world.firm, count, CUSTOMERS)
            customers = list(await Customer.filter(firm=world.firm))
            seeder = _qbo_remote if provider == "qbo" else _xero_remote
            await ExternalMapping.bulk_create(seeder(world, customers, invoices), batch_size=500)
            return await _reconcile(provider, world, count)
        finally:
            await Tortoise.close_connections()


async def _reconcile(provider: str, world: Any, count: int) -> Outcome:
    since = datetime.now(UTC).date() - timedelta(days=90)
    run, report = await create_report(world.connection, SyncTrigger.USER, since, None)
    env = RunEnv(
        kits=lambda _provider: world.kit,
        providers=world.env,
        sink=NullSink(),
        policy=DIRECT_POLICY,
    )
    before = world.counter.requests
    started = time.perf_counter()
    execution = await execute_run(run.id, pull_body, env)
    seconds = time.perf_counter() - started
    found = await Discrepancy.filter(report_id=report.id).count()
    status = execution.status or SyncRunStatus.FAILED
    return Outcome(provider, count, seconds, world.counter.requests - before, found, status.value)


def report(label: str, outcomes: list[Outcome]) -> str:
    """The results as a Markdown section (also printed)."""
    rows = [
        "| provider | invoices | seconds | platform calls | minutes at the rate limit "
        "| discrepancies | run |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for o in outcomes:
        rows.append(
            f"| {o.provider} | {o.invoices} | {o.seconds:.1f} | {o.calls} "
            f"| {o.at_rate_limit_minutes:.1f} | {o.discrepancies} | {o.status} |"
        )
    lines = [
        f"{SECTION}: {label}",
        "",
        machine_line("SQLite in a temporary folder")
        + " Simulators without limits or latency, Ledgersync's own rate budget on (QuickBooks "
        "Online 500 calls a minute, Xero 60: a report of more calls waits for the next minute, "
        "and that wait is in the seconds); clean books (every invoice open and linked, "
        f"{CUSTOMERS} customers), so every report must find 0 discrepancies.",
        "",
        *rows,
        "",
    ]
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> Any:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--providers", nargs="+", choices=PROVIDERS, default=list(PROVIDERS))
    parser.add_argument("--label", default="clean books", help="the section's name")
    parser.add_argument("--quick", action="store_true", help="30 invoices, no results file")
    parser.add_argument("--results", default=str(RESULTS), help="results file to update")
    return parser.parse_args(argv)


async def measure(providers: list[str], sizes: list[int]) -> list[Outcome]:
    """One fresh database and simulated company per provider and size."""
    outcomes = []
    for provider in providers:
        for size in sizes:
            outcome = await _measure_one(provider, size)
            print(f"{provider} {size}: {outcome}", file=sys.stderr)
            outcomes.append(outcome)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and update the results file unless --quick."""
    args = parse(argv)
    sizes = [30] if args.quick else args.sizes
    outcomes = asyncio.run(measure(args.providers, sizes))
    section = report(args.label, outcomes)
    print(section)
    failed = [o for o in outcomes if o.discrepancies or o.status != SyncRunStatus.SUCCEEDED.value]
    if failed:
        print(f"clean books gave discrepancies or failed: {failed}", file=sys.stderr)
        return 1
    if not args.quick:
        write_section(Path(args.results), section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
