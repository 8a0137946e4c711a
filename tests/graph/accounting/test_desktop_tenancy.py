"""Two firms, each with a QuickBooks Desktop connection, its own company file and its own Web
Connector, polling at the same time while each firm has pushes queued: each company file gets
only its firm's records and each Web Connector is only ever handed its own firm's qbXML."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from core.models.enums import SyncRunStatus
from core.settings import Settings
from integrations.quickbooks_desktop.simulator.connector import SessionReport
from tests.graph.accounting.desktop_support import Desktop, desktop, walked_away
from tests.graph.accounting.test_connections_desktop import MAX_SESSIONS, _settled

NUMBERS = {"firm-a": ["A-1041", "A-1042", "A-1043"], "firm-b": ["B-2041", "B-2042"]}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runs these tests queue need a worker: the in-process one, on every path."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def _poll_until_done(qbd: Desktop, runs: list, seen: list[SessionReport]) -> None:  # type: ignore[type-arg]
    """This firm's Web Connector runs sessions until all of the firm's runs have finished."""
    for _ in range(MAX_SESSIONS * 2):
        states = [await _settled(run_id) for run_id in runs]
        if all(run.status.is_terminal for run in states):
            return
        report = await qbd.connector.run_session()
        seen.append(report)
        if report.outcome in ("abandoned", "response lost"):
            await walked_away(qbd.connection)


async def test_two_firms_polling_at_once_each_get_only_their_own_records_and_requests(
    gql, gql_factory, client: httpx.AsyncClient
) -> None:
    firms = {
        "firm-a": await desktop(gql, client, name="Ridgeline Books"),
        "firm-b": await desktop(
            gql_factory(firm="firm-b"), client, name="Harbor Ledger", firm="firm-b"
        ),
    }
    assert firms["firm-a"].company.file_id != firms["firm-b"].company.file_id
    runs = {firm: [await qbd.push(n) for n in NUMBERS[firm]] for firm, qbd in firms.items()}
    seen: dict[str, list[SessionReport]] = {firm: [] for firm in firms}

    await asyncio.gather(
        *(_poll_until_done(qbd, runs[firm], seen[firm]) for firm, qbd in firms.items())
    )

    for firm, qbd in firms.items():
        other = next(f for f in firms if f != firm)
        finished = [await _settled(run_id) for run_id in runs[firm]]
        assert [r.status for r in finished] == [SyncRunStatus.SUCCEEDED] * len(finished), firm
        assert qbd.invoices() == sorted(NUMBERS[firm])
        assert qbd.customers() == sorted(f"Customer {n}" for n in NUMBERS[firm])
        handed = "\n".join(text for report in seen[firm] for text in report.requests)
        assert all(n in handed for n in NUMBERS[firm]), firm
        assert not any(n in handed for n in NUMBERS[other]), (firm, "saw", other)
        assert firms[other].connection.id != qbd.connection.id
