"""Pull N payments from the QuickBooks Online simulator and apply them to N linked invoices.

The engine path is the real one: ``core.sync.pull.pull_payments`` through a session of the
QuickBooksOnlineKit, reading the simulator's payments 1,000 a page. The simulated company holds N
invoices, each paid in full by one payment; the local books hold the same N invoices, linked by
their mappings. The simulator runs without limits or latency, so what is measured is the engine's
own work per record (reading what a page links to, writing the payments, applications, mappings,
audit entries and run items). Each size gets a fresh SQLite database in a temporary folder.

    python bench/pull_payments.py                      # 1,000, 5,000 and 20,000 payments
    python bench/pull_payments.py --sizes 1000 --label before --results bench/RESULTS.md
    python bench/pull_payments.py --quick              # 30 payments, no results file

Statements are counted from Tortoise's log of the statements it runs (SELECT, INSERT, UPDATE,
DELETE), so the transactions' BEGIN/COMMIT and savepoints are not in the count.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from cryptography.fernet import Fernet  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from bench.common import machine_line  # noqa: E402
from bench.push_invoices import (  # noqa: E402
    NullSink,
    Options,
    World,
    connect,
    seed,
    write_section,
)
from core.db import tortoise_config  # noqa: E402
from core.models import ExternalMapping, Invoice, Payment  # noqa: E402
from core.models.enums import (  # noqa: E402
    Entity,
    InvoiceStatus,
    MappingState,
    Provider,
    SyncKind,
    SyncTrigger,
)
from core.settings import load_settings  # noqa: E402
from core.sync.pull import pull_payments  # noqa: E402
from core.sync.runs import RunReporter, create_run  # noqa: E402

RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## pull_payments"
SIZES = (1_000, 5_000, 20_000)
AMOUNT = Decimal("125.00")
_STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class _StatementCounter(logging.Handler):
    """Counts the statements Tortoise logs (without formatting their values)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        query = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
        if str(query).lstrip()[:6].upper().startswith(_STATEMENTS):
            self.count += 1


@dataclass
class Outcome:
    """One measured pull."""

    payments: int
    seconds: float
    statements: int
    paid_invoices: int
    local_payments: int

    @property
    def per_record_ms(self) -> float:
        """Milliseconds per payment pulled."""
        return self.seconds / self.payments * 1000

    @property
    def statements_per_record(self) -> float:
        """Statements per payment pulled."""
        return self.statements / self.payments


async def _seed_remote(world: World, invoices: list[Invoice]) -> None:
    """The same invoices in the simulated company, each paid in full there, and linked here."""
    realm_id = world.connection.remote_company_id or ""
    sim = world.simulator
    realm = sim.realm(realm_id)
    customer = sim.accounting.create(realm, "Customer", {"DisplayName": "Bench"}, origin="seed")
    mappings = []
    # One refresh of each invoice and of the customer at the end, not one per payment.
    with sim.accounting.bulk(realm, "seed"):
        _seed_pairs(world, realm_id, customer.id, invoices, mappings)
    await ExternalMapping.bulk_create(mappings, batch_size=500)


def _seed_pairs(
    world: World, realm_id: str, customer_id: str, invoices: list[Invoice], mappings: list[Any]
) -> None:
    sim = world.simulator
    realm = sim.realm(realm_id)
    for invoice in invoices:
        line = {
            "Amount": AMOUNT,
            "DetailType": "SalesItemLineDetail",
            "Description": "Monthly bookkeeping",
            "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
        }
        body = {"Line": [line], "CustomerRef": {"value": customer_id}, "DocNumber": invoice.number}
        remote = sim.accounting.create(realm, "Invoice", body, origin="seed")
        sim.record_payment(realm_id, remote.id)
        mappings.append(
            ExternalMapping(
                firm_id=world.firm.id,
                provider=Provider.QUICKBOOKS_ONLINE,
                remote_company_id=realm_id,
                entity=Entity.INVOICE,
                local_id=invoice.id,
                remote_id=remote.id,
                remote_version="0",
                state=MappingState.SYNCED,
                idempotency_key=f"bench-invoice-{remote.id}",
            )
        )


async def _measure_one(count: int) -> Outcome:
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
            options = Options(count, 20, limits=False, latency=None, naive=False, write=None)
            world = await connect(settings, options, "bench-pull")
            await _seed_remote(world, await seed(world.firm, count, 20))
            return await _pull(world, count)
        finally:
            await Tortoise.close_connections()


async def _pull(world: World, count: int) -> Outcome:
    run = await create_run(
        firm_id=world.firm.id,
        kind=SyncKind.PULL_PAYMENTS,
        trigger=SyncTrigger.USER,
        started_by_id=world.user.id,
        connection_id=world.connection.id,
    )
    reporter = RunReporter(run, NullSink())
    logger = logging.getLogger("tortoise.db_client")
    counter = _StatementCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    started = time.perf_counter()
    try:
        async with world.session() as session:
            await pull_payments(reporter, session, world.connection, platform=world.platform)
    finally:
        seconds = time.perf_counter() - started
        logger.removeHandler(counter)
        logger.setLevel(previous)
    paid = await Invoice.filter(firm_id=world.firm.id, status=InvoiceStatus.PAID).count()
    local = await Payment.filter(firm_id=world.firm.id).count()
    return Outcome(count, seconds, counter.count, paid, local)


def report(label: str, outcomes: list[Outcome]) -> str:
    """The results as a Markdown section (also printed)."""
    rows = [
        "| payments | seconds | ms a payment | statements | statements a payment "
        "| invoices PAID | local payments |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for o in outcomes:
        rows.append(
            f"| {o.payments} | {o.seconds:.1f} | {o.per_record_ms:.2f} | {o.statements} "
            f"| {o.statements_per_record:.2f} | {o.paid_invoices} | {o.local_payments} |"
        )
    lines = [
        f"{SECTION}: {label}",
        "",
        machine_line("SQLite in a temporary folder")
        + " QuickBooks Online simulator without limits or latency, 1,000 payments a page.",
        "",
        *rows,
        "",
    ]
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> Any:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--label", default="paged", help="the section's name in the results")
    parser.add_argument("--quick", action="store_true", help="30 payments, no results file")
    parser.add_argument("--results", default=str(RESULTS), help="results file to update")
    return parser.parse_args(argv)


async def measure(sizes: list[int]) -> list[Outcome]:
    """One fresh database and simulated company per size."""
    outcomes = []
    for size in sizes:
        outcome = await _measure_one(size)
        print(f"{size}: {outcome}", file=sys.stderr)
        outcomes.append(outcome)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and update the results file unless --quick."""
    args = parse(argv)
    sizes = [30] if args.quick else args.sizes
    outcomes = asyncio.run(measure(sizes))
    for o in outcomes:
        if (o.paid_invoices, o.local_payments) != (o.payments, o.payments):
            print(f"{o.payments} payments: {o.paid_invoices} invoices paid", file=sys.stderr)
            return 1
    section = report(args.label, outcomes)
    print(section)
    if not args.quick:
        write_section(Path(args.results), section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
