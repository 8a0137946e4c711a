"""``ledgersync simulator quickbooks-desktop …`` against an app in-process: with only the login
``startConnection`` returned, one ``session`` command sets up the simulated company file and
runs the Web Connector over HTTP; ``add-customers``, ``pay`` and further sessions carry an
import, a push and a payment through to Ledgersync."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import httpx
import pytest
from starlette.applications import Starlette

from core import cli
from core.models import Connection, Customer, Invoice, SyncRun
from core.models.enums import ConnectionStatus, InvoiceStatus, SyncRunStatus
from core.settings import Settings
from graph.accounting.types import CONNECTION_TYPE
from graph.ids import decode_id
from graph.sync.types import SYNC_RUN_TYPE
from integrations.quickbooks_desktop.config import SIMULATOR_PATH
from integrations.quickbooks_desktop.simulator import SimulatorState
from integrations.quickbooks_desktop.simulator.company import INCOME_ACCOUNT_ID
from integrations.simulators import SimulatorCommandError
from tests.graph.accounting.push_support import gid, seed_invoice
from tests.provider_sims import mounted_state

START = """
mutation { startConnection(provider: QUICKBOOKS_DESKTOP) {
  __typename ... on WebConnectorSetup { connectionId userName password qwcContent }
} }"""
IMPORT_CUSTOMERS = """
mutation($id: ID!) { importCustomers(connectionId: $id) {
  __typename ... on ImportCustomersSuccess { run { id } }
} }"""
SYNC_INVOICE = """
mutation($id: ID!) { syncInvoice(invoiceId: $id) {
  __typename ... on SyncInvoiceSuccess { run { id } }
} }"""
SYNC_PAYMENTS = """
mutation($id: ID!) { syncPayments(connectionId: $id) {
  __typename ... on SyncPaymentsSuccess { run { id } }
} }"""
UPDATE_SETTINGS = """
mutation($id: ID!, $input: ConnectionSettingsInput!) {
  updateConnectionSettings(connectionId: $id, input: $input) { __typename }
}"""
#: Safety nets so a broken pipeline fails instead of hanging; not timing goals.
HANG_GUARD_SECONDS = 60
MAX_SESSIONS = 10


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The queued runs need a worker: the app runs one in-process."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


@pytest.fixture
def simulator(app: Starlette) -> SimulatorState:
    state: SimulatorState = mounted_state(app, SIMULATOR_PATH)
    state.settings.noop_pause_seconds = 0  # NoOp pauses would only slow the test down
    return state


@pytest.fixture
def run(app: Starlette, simulator: SimulatorState, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``await run("session", …)``: the command's printed lines, against the app in-process."""
    monkeypatch.setattr(cli, "_simulator_transport", lambda: httpx.ASGITransport(app=app))

    async def run_command(*argv: str) -> list[str]:
        parsed = cli.build_parser().parse_args(
            ["simulator", "--url", "http://testserver", "quickbooks-desktop", *argv]
        )
        return await cli._run_simulator_command(parsed)

    return run_command


async def _setup(gql) -> dict[str, str]:  # type: ignore[no-untyped-def]
    result = (await gql.data(START))["startConnection"]
    assert result["__typename"] == "WebConnectorSetup", result
    return result  # type: ignore[no-any-return]


def _login(setup: dict[str, str]) -> list[str]:
    # ``=`` keeps a generated password that starts with "-" from reading as an option.
    return [f"--user-name={setup['userName']}", f"--password={setup['password']}"]


async def _settled(run_id: UUID) -> SyncRun:
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while True:
            found = await SyncRun.get(id=run_id)
            if found.status is SyncRunStatus.WAITING or found.status.is_terminal:
                return found
            await asyncio.sleep(0.02)


async def _through_sessions(run: Any, setup: dict[str, str], result: dict[str, Any]) -> SyncRun:
    """Run ``session`` commands until the run the mutation queued has finished."""
    run_id = decode_id(str(result["run"]["id"]), SYNC_RUN_TYPE)
    found = await _settled(run_id)
    for _ in range(MAX_SESSIONS):
        if found.status.is_terminal:
            break
        await run("session", *_login(setup))
        found = await _settled(run_id)
    return found


async def test_session_with_the_login_sets_up_a_company_file_and_activates_the_connection(
    gql, run, simulator: SimulatorState
) -> None:
    setup = await _setup(gql)

    printed = await run("session", *_login(setup), "--company-name", "Ridgeline Books")

    (company,) = simulator.companies.values()
    assert company.name == "Ridgeline Books"
    assert printed[0].startswith(f"Web Connector session for Ridgeline Books ({company.file_id})")
    connection = await Connection.get(id=decode_id(setup["connectionId"], CONNECTION_TYPE))
    assert connection.status is ConnectionStatus.ACTIVE
    assert connection.remote_company_name == "Ridgeline Books"
    assert any(f"income account for new service items is {INCOME_ACCOUNT_ID}" in p for p in printed)
    again = await run("session", *_login(setup))
    assert len(simulator.companies) == 1  # the same company file serves the login again
    assert "Ridgeline Books" in again[0]
    listed = await run("companies")
    assert listed == [
        f"{company.file_id}  Ridgeline Books  (Web Connector user: {setup['userName']})"
    ]


async def test_session_with_the_qwc_file_id_is_checked_by_ledgersync(
    gql, run, simulator: SimulatorState
) -> None:
    setup = await _setup(gql)
    file_id = setup["qwcContent"].split("<FileID>")[1].split("</FileID>")[0]

    await run("session", *_login(setup), "--file-id", file_id)

    assert list(simulator.companies) == [file_id]
    connection = await Connection.get(id=decode_id(setup["connectionId"], CONNECTION_TYPE))
    assert connection.status is ConnectionStatus.ACTIVE


async def test_session_with_another_file_id_is_refused_and_stays_pending(
    gql, run, simulator: SimulatorState
) -> None:
    setup = await _setup(gql)

    await run("session", *_login(setup), "--file-id", "{00000000-0000-0000-0000-000000000000}")

    connection = await Connection.get(id=decode_id(setup["connectionId"], CONNECTION_TYPE))
    assert connection.status is ConnectionStatus.PENDING


async def test_session_with_a_wrong_password_says_so(gql, run) -> None:
    setup = await _setup(gql)

    printed = await run("session", "--user-name", setup["userName"], "--password", "nope")

    assert ": nvu." in printed[0]
    assert any("Wrong user name or password" in line for line in printed)


async def test_added_customers_are_imported_through_sessions(
    gql, run, simulator: SimulatorState
) -> None:
    setup = await _setup(gql)
    await run("session", *_login(setup))
    await run("add-customers", "--count", "3")
    await run("add-customers", "Harbor Pilates")

    result = (await gql.data(IMPORT_CUSTOMERS, {"id": setup["connectionId"]}))["importCustomers"]
    finished = await _through_sessions(run, setup, result)

    assert finished.status is SyncRunStatus.SUCCEEDED, finished.error
    names = sorted(await Customer.all().values_list("name", flat=True))
    assert names == ["Birchwood Dental", "Cobalt Freight LLC", "Dunmore Bakery", "Harbor Pilates"]


async def test_pushed_invoice_paid_with_the_pay_command_becomes_paid(
    gql, run, simulator: SimulatorState
) -> None:
    setup = await _setup(gql)
    await run("session", *_login(setup))
    (company,) = simulator.companies.values()
    consulting = company.add_item("Consulting")
    await gql.data(
        UPDATE_SETTINGS,
        {"id": setup["connectionId"], "input": {"defaultItemId": consulting.stamp.id}},
    )
    invoice = await seed_invoice("1042")
    pushed = (await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)}))["syncInvoice"]
    assert (await _through_sessions(run, setup, pushed)).status is SyncRunStatus.SUCCEEDED

    paid = await run("pay", "1042", "--amount", "40")
    listed = await run("invoices")

    assert paid[0].startswith("Recorded payment ")
    assert any("  1042  OPEN  " in line and "balance" in line for line in listed)
    await run("pay", "1042")
    pulled = (await gql.data(SYNC_PAYMENTS, {"id": setup["connectionId"]}))["syncPayments"]
    assert (await _through_sessions(run, setup, pulled)).status is SyncRunStatus.SUCCEEDED
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.PAID
    with pytest.raises(SimulatorCommandError, match="does not simulate voiding"):
        await run("void", "1042")


async def test_desktop_only_commands_on_another_platform_say_so(
    app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_simulator_transport", lambda: httpx.ASGITransport(app=app))
    parsed = cli.build_parser().parse_args(
        ["simulator", "--url", "http://testserver", "xero", "add-customers", "Acme"]
    )

    with pytest.raises(SimulatorCommandError, match="for QuickBooks Desktop"):
        await cli._run_simulator_command(parsed)
