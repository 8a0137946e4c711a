"""``ledgersync simulator …`` drives the simulators mounted in a running app, as the platform."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from core import cli
from integrations.registry import kit_by_slug
from integrations.simulators import ControlledKit, SimulatorCommandError
from tests.provider_sims import DRIVERS, SimDriver


@pytest.fixture(params=sorted(DRIVERS))
def sim(request: pytest.FixtureRequest) -> SimDriver:
    return DRIVERS[request.param]()


@pytest.fixture
async def run(
    app: Starlette, sim: SimDriver, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Any]:
    """``await run("pay", "INV-9")``: the command's printed lines, against the app in-process."""
    monkeypatch.setattr(cli, "_simulator_transport", lambda: httpx.ASGITransport(app=app))

    async def run_command(*argv: str) -> list[str]:
        parsed = cli.build_parser().parse_args(
            ["simulator", "--url", "http://testserver", sim.slug, *argv]
        )
        return await cli._run_simulator_command(parsed)

    yield run_command
    # The platform's webhooks about what the commands did reach the app before it stops.
    await sim.state(app).drain_webhooks()


@pytest.fixture
def books(app: Starlette, sim: SimDriver) -> dict[str, str]:
    company = sim.company_ids(app)[0]
    customer = sim.create_customer(app, company, "Acme Corporation")
    return {
        "company": company,
        "customer": customer,
        "paid": sim.create_invoice(app, company, customer, "100.00", "INV-9"),
        "voided": sim.create_invoice(app, company, customer, "50.00", "INV-10"),
    }


def _line(lines: list[str], number: str) -> str:
    [line] = [line for line in lines if f"  {number}  " in line]
    return line


async def test_simulator_companies_lists_each_company(run, books) -> None:
    lines = await run("companies")

    assert any(line.startswith(books["company"]) for line in lines)


async def test_simulator_pay_records_a_part_then_the_rest_of_the_balance(run, books) -> None:
    await run("pay", "INV-9", "--amount", "40")
    after_part = _line(await run("invoices"), "INV-9")
    await run("pay", "INV-9")

    assert "balance 60" in after_part
    assert "balance 0" in _line(await run("invoices", "--company", books["company"]), "INV-9")


async def test_simulator_void_voids_the_invoice_at_the_platform(run, books) -> None:
    printed = await run("void", "INV-10")

    assert printed == [f"Voided invoice INV-10 in {books['company']}."]
    assert "VOIDED" in _line(await run("invoices"), "INV-10")


async def test_simulator_close_books_then_none_reopens_them(app, sim, run, books) -> None:
    await run("close-books", "2030-01-01")
    closed = _closing_date(app, sim, books["company"])
    await run("close-books", "none")

    assert str(closed) == "2030-01-01"
    assert _closing_date(app, sim, books["company"]) is None


def _closing_date(app: Starlette, sim: SimDriver, company: str) -> object:
    state = sim.state(app)
    if hasattr(state, "realm"):
        return state.realm(company).closing_date
    return state.organisation(company).period_lock_date


async def test_simulator_rename_customer_renames_it_at_the_platform(app, sim, run, books) -> None:
    await run("rename-customer", "Acme Corporation", "Acme Holdings")

    kit = kit_by_slug(sim.slug)
    assert isinstance(kit, ControlledKit)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http:
        customers = await kit.simulator_control(http, "http://testserver").customers(
            books["company"]
        )
    names = [customer.name for customer in customers]
    assert "Acme Holdings" in names
    assert "Acme Corporation" not in names


async def test_simulator_pay_unknown_invoice_says_there_is_none(run, books) -> None:
    with pytest.raises(SimulatorCommandError, match="no invoice INV-404"):
        await run("pay", "INV-404")


async def test_simulator_invoice_number_in_two_companies_asks_for_company(
    app, sim, run, books
) -> None:
    other = await run_second_company(app, sim)
    customer = sim.create_customer(app, other, "Globex")
    sim.create_invoice(app, other, customer, "10.00", "INV-9")

    with pytest.raises(SimulatorCommandError, match="pass --company"):
        await run("pay", "INV-9")
    printed = await run("pay", "INV-9", "--company", other)

    assert printed[0].endswith(f"for invoice INV-9 in {other}.")


async def run_second_company(app: Starlette, sim: SimDriver) -> str:
    state = sim.state(app)
    if hasattr(state, "create_company"):
        return str(state.create_company("Second Co").realm_id)
    return str(state.create_organisation("Second Co").tenant_id)


def test_simulator_command_without_a_running_app_exits_1_saying_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    monkeypatch.setattr(cli, "_simulator_transport", lambda: httpx.MockTransport(refuse))

    code = cli.main(["simulator", "--url", "http://127.0.0.1:8123", "xero", "companies"])

    assert code == 1
    assert "is `ledgersync demo` running" in capsys.readouterr().err
